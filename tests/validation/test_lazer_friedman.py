"""Lazer & Friedman (2007) with PDSA learning: complete vs ring network (MODEL.md §13.6).

Schools search as the preset ``exploration_vs_exploitation`` sets up (L&F's agents in PDSA
terms); the measure is L&F's average score, the mean true effect E of the schools'
practices. 60 schools, 222 weeks (six school years), 20 replicates paired by seed;
"early" is weeks 5–20, "late" the last 40 weeks. Differences are complete − ring, and
each direction must hold by at least two standard errors.
"""

import pytest

from validation.experiments import paired_difference, search_quality

pytestmark = pytest.mark.slow

N, STEPS, REPLICATES = 60, 222, 20
EARLY, LATE = slice(5, 21), slice(STEPS - 40, STEPS + 1)


@pytest.fixture(scope="module")
def rugged():
    return search_quality(1.0, N, STEPS, REPLICATES)


@pytest.fixture(scope="module")
def smooth():
    return search_quality(0.0, N, STEPS, REPLICATES)


def test_on_a_rugged_landscape_the_complete_network_leads_early(rugged):
    """Everyone copies the best practice found so far (+0.0185 ± 0.0009 seen)."""
    difference, error = paired_difference(rugged, EARLY)
    assert difference > 2 * error


def test_on_a_rugged_landscape_the_ring_leads_late(rugged):
    """The complete network has converged on one local peak; the ring kept several
    searches apart and found higher ones (−0.0101 ± 0.0018 seen; −0.0064 ± 0.0014 and
    −0.0115 ± 0.0024 with seeds from 5000 and 9000)."""
    difference, error = paired_difference(rugged, LATE)
    assert difference < -2 * error
    assert rugged["ring"][:, -1].mean() > rugged["complete"][:, -1].mean()


def test_on_a_smooth_landscape_the_complete_network_is_simply_faster(smooth):
    """One peak: the complete network climbs faster and the ring only catches up, never
    passes (+0.0029 ± 0.0001 early, +0.0001 ± 0.0001 late seen)."""
    difference, error = paired_difference(smooth, EARLY)
    assert difference > 2 * error
    late_difference, late_error = paired_difference(smooth, LATE)
    assert late_difference > -2 * late_error
