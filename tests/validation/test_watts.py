"""Watts (2002): the cascade window of the fractional threshold rule on random graphs.

The preset ``watts_cascade`` (φ = 0.18, 10,000 schools) is judged near both analytic
edges of the window: global cascades must stop where Watts's cascade condition says.
"""

import numpy as np
import pytest

import scenarios
from simulation.adjacency import Adjacency
from simulation.networks import build_network
from validation.experiments import (
    judge_watts_edge,
    run_model,
    threshold_cascade,
    watts_frequency,
    watts_window,
)

PRESET = scenarios.load("watts_cascade")
PHI, N = PRESET.adoption.phi, PRESET.network.n

pytestmark = pytest.mark.slow


def test_the_analytic_window_for_phi_0_18_spans_z_1_to_5_8():
    """Watts's eq. 6 on Poisson graphs with φ = 0.18 (vulnerable degrees k ≤ 5) reduces to
    z · P(Poisson(z) ≤ 3) = 1, whose roots are z ≈ 1.02 and z ≈ 5.76 (his Fig. 1 shows
    the window from z ≈ 1 to z ≈ 6)."""
    lower, upper = watts_window(0.18)
    assert lower == pytest.approx(1.0207, abs=1e-3)
    assert upper == pytest.approx(5.7647, abs=1e-3)


def test_the_analytic_cascade_frequency_vanishes_outside_the_window_only():
    """The extended vulnerable cluster is empty outside the window and grows continuously
    from 0 at both edges."""
    lower, upper = watts_window(PHI)
    assert watts_frequency(lower - 0.05, PHI) < 1e-6
    assert watts_frequency(upper + 0.05, PHI) < 1e-6
    assert 0 < watts_frequency(lower + 0.05, PHI) < 0.1
    assert 0 < watts_frequency(upper - 0.05, PHI) < 0.2
    assert watts_frequency(3.0, PHI) > 0.8


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


@pytest.mark.slow
@pytest.mark.parametrize("edge", ["lower", "upper"])
def test_global_cascades_stop_at_the_analytic_edges_of_the_window(edge):
    """The preset's φ and size, 30 single-seed replicates at 0.1, 0.2 and 0.3 on each side
    of the edge (``judge_watts_edge``): the frequency drops across the edge by ≥ 3 SE and
    is at most 0.1 at 0.3 outside (below the lower edge no giant vulnerable cluster
    exists, above the upper one too few schools are vulnerable)."""
    _, verdict = judge_watts_edge(N, PHI, edge, replicates=30)
    assert verdict.holds, verdict.measured
