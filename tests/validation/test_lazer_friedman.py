"""Lazer & Friedman (2007) with PDSA learning: complete vs ring network (docs/model.md §1.3,
pattern 5).

Schools search as the preset ``exploration_vs_exploitation`` sets up (L&F's agents in PDSA
terms, with nearly exact measurement: noise 0.002); the measure is L&F's average score,
the mean true effect E of the schools' practices. 60 schools, 222 weeks (six school
years), 20 replicates paired by seed; "early" is weeks 5–20, "late" the last 40 weeks.
Each direction is judged by the 95 % CI of the paired lead complete − ring
(``judge_search``, the same judgment the report prints). The result holds only with
near-exact measurement; the report shows it failing at measurement noise 0.05.
"""

import pytest

from validation.experiments import judge_search, search_quality

pytestmark = pytest.mark.slow

N, STEPS, REPLICATES = 60, 222, 20
CONDITION = "near-exact measurement"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rugged():
    return judge_search(search_quality(1.0, N, STEPS, REPLICATES), True, CONDITION)


@pytest.fixture(scope="module")
def smooth():
    return judge_search(search_quality(0.0, N, STEPS, REPLICATES), False, CONDITION)


def test_on_a_rugged_landscape_the_complete_network_leads_early(rugged):
    """Everyone copies the best practice found so far."""
    assert rugged[0].holds, rugged[0].measured


def test_on_a_rugged_landscape_the_ring_leads_late(rugged):
    """The complete network has converged on one local peak; the ring kept several
    searches apart and found higher ones."""
    assert rugged[1].holds, rugged[1].measured


def test_on_a_smooth_landscape_the_complete_network_is_simply_faster(smooth):
    """One peak: the complete network climbs faster and the ring only catches up, never
    passes."""
    assert smooth[0].holds, smooth[0].measured
    assert smooth[1].holds, smooth[1].measured
