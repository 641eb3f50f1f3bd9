"""Face validity of PDSA learning (MODEL.md §13, items 3–5): statistical tests.

Each compares two or three settings over the same replicate seeds (common random
numbers) on 60 schools in 4 districts for 148 weeks (3 supported years + a sustain year),
and checks the direction the model should show, with a stated margin.
"""

import numpy as np
import pytest

from simulation.model import SchoolNetworkModel

pytestmark = pytest.mark.slow

REPLICATES = 8


def mean_summary(params: dict, key: str, replicates: int = REPLICATES, steps: int = 148) -> float:
    """Mean of a summary outcome over replicate runs (seeds 1000, 1001, …)."""
    values = []
    for replicate in range(replicates):
        model = SchoolNetworkModel(
            network="district_clusters",
            network_params={"n_districts": 4, "schools_per_district": 15},
            adoption="pdsa",
            adoption_params=params,
            initial_share=0.2,
            record_events=False,
            rng=1000 + replicate,
        )
        for _ in range(steps):
            model.step()
        value = model.summary()[key]
        values.append(np.nan if value is None else value)  # None: nothing to measure
    return float(np.nanmean(values))


def test_noisier_measurement_raises_false_abandonment():
    """§13.3, the hot stove (Denrell & March 2001): when measurement is noisier than
    schools allow for, small tests of good ideas come out badly and the ideas are
    abandoned. Measured: share of tested good ideas abandoned (0.05 → 0.18 seen)."""
    precise = mean_summary({"pdsa": {"measurement_noise": 0.6}}, "false_abandonment_rate")
    noisy = mean_summary({"pdsa": {"measurement_noise": 1.8}}, "false_abandonment_rate")
    assert noisy > precise + 0.05


def test_a_lower_bar_for_scaling_up_raises_false_adoption():
    """§13.3: with θ_up = 0.6 instead of 0.8 schools adopt on weaker evidence, so more
    adoptions are of variants that do not work there (0.19 → 0.25 seen)."""
    strict = mean_summary({"pdsa": {"theta_up": 0.8}}, "false_adoption_rate")
    lax = mean_summary({"pdsa": {"theta_up": 0.6}}, "false_adoption_rate")
    assert lax > strict + 0.04


KNOWING_FIT = {"local_knowledge": 1.0, "keep_change": "always"}
"""The assumptions under which §13.4 was first met: schools know how to fit an idea to their
context (a local change moves all the way toward it at full skill) and keep every change
whatever its result. The defaults (docs/model.md §7.2.12) are tests alone: local_knowledge
0, a change kept only if it tests better than the practice by more than noise allows."""


@pytest.fixture(scope="module")
def policies_with_context_sensitive_ideas() -> dict[tuple[str, str], dict[str, float]]:
    """Mean gain, ownership and lethal mutations under each policy with σ_f = 0.2, with
    the default search and with KNOWING_FIT."""
    results = {}
    for search, settings in (("tests", {}), ("knowing", KNOWING_FIT)):
        for policy in ("replicate", "integrity", "reinvent"):
            params = {
                "pdsa": {"policy": policy, **settings},
                "landscape": {"context_dependence": 0.2},
            }
            results[search, policy] = {
                key: mean_summary(params, key)
                for key in ("mean_gain", "ownership_share", "core_mutations", "core_integrity")
            }
    return results


def test_integrity_beats_replicate_only_with_local_knowledge_of_fit(
    policies_with_context_sensitive_ideas,
):
    """§13.4: when ideas transport badly (small σ_f), adapting the periphery to one's own
    context ("integrity, not fidelity") gains more than replicating the design — but only
    through the mechanism of local knowledge of fit (``pdsa.local_knowledge``): with
    KNOWING_FIT integrity gains more than 1.5 × replicate (0.050 vs 0.030 seen) and schools
    own their variants. With tests alone (the defaults, 8 replicates) the gain is 0.027 vs
    0.030: small tests cannot tell a better fit from noise, so the direction does not
    emerge (reported in the mechanism ledger); this test checks that the knowledge is
    what moves integrity's gain."""
    results = policies_with_context_sensitive_ideas
    replicate, integrity = results["knowing", "replicate"], results["knowing", "integrity"]
    assert integrity["mean_gain"] > 1.5 * replicate["mean_gain"]
    assert integrity["ownership_share"] > 0.5
    assert replicate["ownership_share"] == 0.0
    assert integrity["mean_gain"] > results["tests", "integrity"]["mean_gain"] + 0.01


def test_reinvention_without_coaching_brings_lethal_mutations_that_tests_undo(
    policies_with_context_sensitive_ideas,
):
    """§13.4: under ``reinvent`` with no coaching the core is sometimes changed too;
    ``integrity`` never touches the core. When every change is kept (KNOWING_FIT) core
    integrity falls (0.93 seen); when a change is kept only if it tests better (the
    default) most lethal mutations are undone (0.999 seen), a mechanism, not a term."""
    results = policies_with_context_sensitive_ideas
    for search in ("tests", "knowing"):
        integrity, reinvent = results[search, "integrity"], results[search, "reinvent"]
        assert integrity["core_mutations"] == 0 and integrity["core_integrity"] == 1.0
        assert reinvent["core_mutations"] > 10
    assert results["knowing", "reinvent"]["core_integrity"] < 0.97
    assert results["tests", "reinvent"]["core_integrity"] > 0.99


def coaching_benefit(n_schools: int, hours: float) -> float:
    """PDSA skill added by coaching per school over one school year (mean of 4 runs)."""
    benefits = []
    for replicate in range(4):
        model = SchoolNetworkModel(
            network="random",
            network_params={"n": n_schools, "mean_degree": 4},
            adoption="pdsa",
            adoption_params={"hub": {"coaching_hours": hours, "coaches": 1}},
            initial_share=0.2,
            record_events=False,
            rng=500 + replicate,
        )
        for _ in range(36):
            model.step()
        benefits.append(model.indicators["coaching_benefit"])
    return float(np.mean(benefits))


def test_twice_the_schools_per_coach_dilutes_the_coaching_benefit():
    """§13.5 (Kraft, Blazar & Hogan 2018): one coach's 10 hours a week shared by 40
    schools instead of 20 gives each school half the hours, each hour diluted by
    (1 + 20/20)/(1 + 40/20) = 2/3, so about a third of the benefit (0.33 seen); with
    hours per school kept equal, the dilution alone leaves about 2/3 (0.64 seen)."""
    twenty = coaching_benefit(20, hours=10)
    forty_same_coach_time = coaching_benefit(40, hours=10)
    forty_same_hours_each = coaching_benefit(40, hours=20)
    assert 0.25 < forty_same_coach_time / twenty < 0.45
    assert 0.55 < forty_same_hours_each / twenty < 0.75
