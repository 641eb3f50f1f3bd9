"""The classic rules reproduce published results (statistical tests, fixed seeds)."""

import networkx as nx
import numpy as np
import pytest

from simulation.model import SchoolNetworkModel

pytestmark = pytest.mark.slow


def run_model(steps: int, **kwargs) -> SchoolNetworkModel:
    model = SchoolNetworkModel(**kwargs)
    for _ in range(steps):
        model.step()
    return model


def test_bass_rule_on_a_complete_graph_follows_the_bass_curve():
    """Bass (1969) with p = 0.03, q = 0.38 on a complete graph of 2,000 schools.

    The expected share follows the discrete Bass equation F(t+1) = F + (p + qF)(1 − F);
    tolerance 0.03 (binomial noise at n = 2,000 is about 0.011 per step). The continuous
    solution F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}) differs from the discrete
    one by up to 0.071 at these p and q, so it is checked within 0.10.
    """
    p, q, steps = 0.03, 0.38, 40
    model = run_model(
        steps,
        graph=nx.complete_graph(2000),
        adoption="bass",
        adoption_params={"p": p, "q": q},
        initial_adopters=0,
        rng=11,
    )
    simulated = model.timeseries()["adoption_share"].to_numpy()
    discrete = [0.0]
    for _ in range(steps):
        discrete.append(discrete[-1] + (p + q * discrete[-1]) * (1 - discrete[-1]))
    t = np.arange(steps + 1)
    continuous = (1 - np.exp(-(p + q) * t)) / (1 + (q / p) * np.exp(-(p + q) * t))
    assert np.abs(simulated - np.array(discrete)).max() < 0.03
    assert np.abs(simulated - continuous).max() < 0.10
    assert simulated[-1] > 0.99


@pytest.mark.parametrize(
    ("mean_degree", "min_frequency", "max_frequency"),
    [(0.8, 0.0, 0.0), (3.0, 0.5, 1.0), (10.0, 0.0, 0.0)],
)
def test_threshold_rule_shows_the_watts_cascade_window(mean_degree, min_frequency, max_frequency):
    """Watts (2002), Fig. 1: φ = 0.18, Erdős–Rényi graphs of 10,000 schools, one seed.

    Inside the cascade window (mean degree 3) global cascades (more than half of the
    network) are frequent; below it (0.8: no giant component) and above it (10: too few
    vulnerable schools) there are none. 20 replicates each.
    """
    sizes = np.array(
        [
            run_model(
                150,
                network="random",
                network_params={"n": 10_000, "mean_degree": mean_degree},
                adoption="threshold",
                adoption_params={"phi": 0.18},
                initial_adopters=1,
                rng=100 + replicate,
            ).indicators["adoption_share"]
            for replicate in range(20)
        ]
    )
    frequency = np.mean(sizes > 0.5)
    assert min_frequency <= frequency <= max_frequency
