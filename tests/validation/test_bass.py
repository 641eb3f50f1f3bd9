"""Bass (1969): on a complete graph the ``bass`` rule follows the expected Bass curve.

The preset ``bass_complete``'s p and q, judged over 200 replicates of 500 schools against
the exact expected curve of the rule as docs/model.md §7.1 states it
(``bass_expectation``), with a tolerance from the exact binomial variance that a correct
rule fails with probability at most 10⁻⁶; deliberately wrong rules fail the same judgment.
"""

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pytest

import scenarios
from simulation.rules.base import convert_with_probability
from simulation.rules.bass import Bass
from validation.experiments import (
    bass_curves,
    bass_expectation,
    discrete_bass,
    judge_bass,
    run_model,
)

PRESET = scenarios.load("bass_complete")
P, Q, STEPS = PRESET.adoption.p, PRESET.adoption.q, PRESET.steps
N, REPLICATES = 500, 200

pytestmark = pytest.mark.slow


@dataclass
class BassOnTheCount(Bass):
    """A wrong rule: imitation q times the number of adopting neighbours, not their share."""

    def new_adopters(self, adjacency, adopted, newly_adopted, rng):
        count = adjacency.count_neighbours(adopted)
        return convert_with_probability(~adopted, np.minimum(self.p + self.q * count, 1.0), rng)


@pytest.fixture(scope="module")
def curves():
    return bass_curves(N, P, Q, STEPS, REPLICATES)


def test_the_mean_of_replicates_follows_the_exact_expected_curve(curves):
    verdict = judge_bass(curves, N, P, Q)
    assert verdict.holds, verdict.measured


def test_the_judgment_rejects_q_applied_to_the_count_instead_of_the_share():
    wrong = bass_curves(N, P, Q, STEPS, 20, rule=BassOnTheCount(p=P, q=Q))
    assert not judge_bass(wrong, N, P, Q).holds


def test_the_judgment_rejects_an_imitation_ten_percent_too_weak():
    """0.9 q run, q judged: the judgment has the power to see a 10 % error in q."""
    wrong = bass_curves(N, P, 0.9 * Q, STEPS, REPLICATES, base_seed=10_000)
    assert not judge_bass(wrong, N, P, Q).holds


def test_the_expected_curve_is_the_discrete_bass_equation_up_to_order_one_over_n():
    """The exact chain's mean and F(t+1) = F + (p + qF)(1 − F) differ only by the variance
    of F and the n − 1 neighbours, both O(1/n): the gap shrinks about 4× from 500 to 2,000
    schools and stays below 2/n."""
    recurrence = discrete_bass(P, Q, STEPS)
    gaps = [np.abs(bass_expectation(n, P, Q, STEPS)[0] - recurrence).max() for n in (500, 2000)]
    assert gaps[0] < 2 / 500 and gaps[1] < 2 / 2000
    assert 3 < gaps[0] / gaps[1] < 5


def test_the_models_own_runs_pass_the_same_judgment():
    """The judgment steps ClassicDiffusion directly (the code a SchoolNetworkModel steps,
    with its own random stream); 20 SchoolNetworkModel runs on a complete graph pass the
    same judgment."""
    graph = nx.complete_graph(N)
    curves = np.array(
        [
            run_model(
                STEPS,
                graph=graph,
                adoption="bass",
                adoption_params={"p": P, "q": Q},
                initial_adopters=0,
                rng=seed,
            )
            .timeseries()["adoption_share"]
            .to_numpy()
            for seed in range(20)
        ]
    )
    verdict = judge_bass(curves, N, P, Q)
    assert verdict.holds, verdict.measured
