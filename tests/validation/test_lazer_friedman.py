"""Lazer & Friedman (2007) with PDSA learning: complete vs ring network (MODEL.md §13.6)."""

import pytest

from validation.experiments import mean_search_curves

N, STEPS, REPLICATES = 60, 148, 8


def test_on_a_smooth_landscape_the_complete_network_is_faster():
    """Ruggedness 0, no hub, 60 schools, 8 common-seed replicates: the complete network's
    mean gain is ahead by mid-programme and at the end (0.16 vs 0.11 at week 72 and
    0.27 vs 0.17 at week 148 seen)."""
    curves = mean_search_curves(0.0, N, STEPS, REPLICATES)
    complete, ring = curves["complete"]["gain"], curves["ring"]["gain"]
    assert complete[72] > ring[72]
    assert complete[-1] > 1.2 * ring[-1]


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced: PDSA search barely climbs the landscape (random steps kept "
    "whatever their result, copies judged by pooled beliefs in the idea, no search after "
    "adoption) and the rugged field's peaks are nearly equal, so a dense network loses "
    "nothing by converging (docs/validation.md, Lazer & Friedman)",
)
def test_on_a_rugged_landscape_the_ring_leads_late():
    """Ruggedness 1: L&F's ring overtakes the complete network late in the search."""
    curves = mean_search_curves(1.0, N, STEPS, REPLICATES)
    assert curves["ring"]["gain"][-1] > curves["complete"]["gain"][-1]
