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


@pytest.fixture(scope="module")
def policies_with_context_sensitive_ideas() -> dict[str, dict[str, float]]:
    """Mean gain, ownership and lethal mutations under each policy with σ_f = 0.2."""
    results = {}
    for policy in ("replicate", "integrity", "reinvent"):
        params = {"pdsa": {"policy": policy}, "landscape": {"context_dependence": 0.2}}
        results[policy] = {
            key: mean_summary(params, key)
            for key in ("mean_gain", "ownership_share", "core_mutations", "core_integrity")
        }
    return results


def test_integrity_beats_replicate_on_gain_and_ownership(policies_with_context_sensitive_ideas):
    """§13.4: when ideas transport badly (small σ_f), adapting the periphery to one's own
    context ("integrity, not fidelity") gains more than replicating the design
    (0.12 vs 0.05 SD seen) and gives schools ownership of their variants."""
    replicate = policies_with_context_sensitive_ideas["replicate"]
    integrity = policies_with_context_sensitive_ideas["integrity"]
    assert integrity["mean_gain"] > 1.5 * replicate["mean_gain"]
    assert integrity["ownership_share"] > 0.5
    assert replicate["ownership_share"] == 0.0


def test_reinvention_without_coaching_brings_lethal_mutations(
    policies_with_context_sensitive_ideas,
):
    """§13.4: under ``reinvent`` with no coaching the core is sometimes changed too, so
    core integrity falls; ``integrity`` never touches the core."""
    integrity = policies_with_context_sensitive_ideas["integrity"]
    reinvent = policies_with_context_sensitive_ideas["reinvent"]
    assert integrity["core_mutations"] == 0 and integrity["core_integrity"] == 1.0
    assert reinvent["core_mutations"] > 10
    assert reinvent["core_integrity"] < 0.97


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
