"""Bass (1969): on a complete graph the ``bass`` rule follows the discrete Bass curve."""

import numpy as np
import pytest

from validation.experiments import bass_curve, fit_bass

pytestmark = pytest.mark.slow


def test_least_squares_recovers_p_and_q_from_simulated_curves():
    """p = 0.03, q = 0.38 on 500 schools, 10 replicates (seeds 0–9), 40 steps. Fitting
    ΔF = p(1 − F) + q F(1 − F) to each curve recovers the parameters: mean p within 0.004
    and mean q within 0.03 (binomial noise at n = 500 gives replicate SDs of about 0.003
    and 0.03; seen: p 0.029, q 0.38)."""
    fits = np.array([fit_bass(bass_curve(500, 0.03, 0.38, 40, seed)) for seed in range(10)])
    p, q = fits.mean(axis=0)
    assert abs(p - 0.03) < 0.004
    assert abs(q - 0.38) < 0.03
