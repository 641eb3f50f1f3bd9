"""Watts (2002): the cascade window of the fractional threshold rule on random graphs."""

import numpy as np
import pytest

from simulation.adjacency import Adjacency
from simulation.networks import build_network
from validation.experiments import cascade_window, run_model, threshold_cascade, watts_window

pytestmark = pytest.mark.slow


def test_the_analytic_window_for_phi_0_18_spans_z_1_to_5_8():
    """Watts's eq. 6 on Poisson graphs with φ = 0.18 (vulnerable degrees k ≤ 5) reduces to
    z · P(Poisson(z) ≤ 3) = 1, whose roots are z ≈ 1.02 and z ≈ 5.76 (his Fig. 1 shows
    the window from z ≈ 1 to z ≈ 6)."""
    lower, upper = watts_window(0.18)
    assert lower == pytest.approx(1.0207, abs=1e-3)
    assert upper == pytest.approx(5.7647, abs=1e-3)


def test_the_engine_used_by_the_sweep_gives_the_models_cascade():
    """The report's sweep steps ClassicDiffusion directly; a SchoolNetworkModel on the same
    graph and seed school ends with exactly the same adopters."""
    rng = np.random.default_rng(3)
    graph = build_network("random", rng, n=2000, mean_degree=3.0).to_networkx()
    seed = int(np.argmax([d for _, d in graph.degree]))
    model = run_model(
        60,
        graph=graph,
        adoption="threshold",
        adoption_params={"phi": 0.18},
        seeding="explicit",
        explicit_seeds=[seed],
        rng=1,
    )
    engine = threshold_cascade(Adjacency.from_graph(graph), [seed], 0.18)
    assert engine.sum() > 100
    np.testing.assert_array_equal(model.process.adopted, engine)


@pytest.mark.parametrize(
    ("z", "low", "high"),
    [(0.5, 0.0, 0.0), (2.0, 0.3, 1.0), (4.0, 0.3, 1.0), (9.0, 0.0, 0.05)],
)
def test_global_cascades_happen_inside_the_window_only(z, low, high):
    """2,000 schools, φ = 0.18, 40 single-seed replicates per z: global cascades (≥ 1 %)
    are frequent inside the analytic window (1.02, 5.76) and absent well outside it.
    Below it there is no giant component; above it too few schools are vulnerable.
    (Frequencies seen: 0, 0.5–0.95, 0.5–0.95, 0.)"""
    (point,) = cascade_window(2000, [z], 0.18, replicates=40, base_seed=int(z * 100))
    assert low <= point.frequency <= high
