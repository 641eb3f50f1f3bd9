"""The claims the presets make, and paired replicate runs that judge them.

A preset's description and variants say what a user should see (``nicsim run
carnegie_nic:no_hub`` should do worse than the preset as described). Each ``Claim`` names
the two scenarios, the outcome and the direction; ``judge_claim`` runs both over the same
seeds (common random numbers) and holds the claim only when the 95 % confidence interval
of the paired difference lies wholly on the claimed side of 0.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from analysis import run
from analysis.replicates import replicate_seeds
from scenarios.loader import load as load_scenario
from validation.judging import Verdict, judge_paired

REPLICATES = 20


@dataclass(frozen=True)
class Claim:
    """``better`` shows a higher ``outcome`` than ``worse`` (variants of ``preset``; ""
    is the preset as described)."""

    preset: str
    statement: str
    better: str
    worse: str
    outcome: str
    fails_on_current_model: str = ""
    """Measured numbers when the claim does not hold on the current model (the test is
    then a strict expected failure with these numbers as its reason)."""

    @property
    def id(self) -> str:
        return f"{self.preset}:{self.better or 'as_described'}>{self.worse or 'as_described'}"


CLAIMS = [
    Claim("carnegie_nic", "the hub's support raises gains", "", "no_hub", "mean_gain"),
    Claim(
        "centola_clustered",
        "the clustered ring spreads a complex practice further than the rewired one",
        "",
        "rewired",
        "final_adoption_share",
    ),
    Claim(
        "centola_clustered",
        "a simple practice spreads further than a complex one",
        "simple",
        "",
        "final_adoption_share",
    ),
    Claim(
        "district_rollout",
        "the networked way gains more than the top-down way",
        "",
        "top_down",
        "mean_gain",
        fails_on_current_model="mean_gain as described 0.035 vs top_down 0.040: "
        "-0.005 ± 0.011 (20 pairs)",
    ),
    Claim(
        "fidelity_vs_adaptation",
        "integrity gains more than strict replication",
        "",
        "replicate",
        "mean_gain",
        fails_on_current_model="mean_gain as described 0.014 vs replicate 0.017: "
        "-0.003 ± 0.009 (20 pairs)",
    ),
    Claim(
        "fidelity_vs_adaptation",
        "changing anything at all (reinvent) loses core integrity",
        "",
        "reinvent",
        "core_integrity",
    ),
    Claim(
        "fidelity_vs_adaptation",
        "coaching protects the core under reinvention",
        "reinvent_with_coaching",
        "reinvent",
        "core_integrity",
        fails_on_current_model="core_integrity reinvent_with_coaching 0.999 vs reinvent "
        "0.996: +0.003 ± 0.004 (20 pairs)",
    ),
    Claim(
        "leader_cohort",
        "learning walks raise gains",
        "",
        "no_walks",
        "mean_gain",
        fails_on_current_model="mean_gain as described 0.028 vs no_walks 0.031: "
        "-0.003 ± 0.013 (20 pairs)",
    ),
    Claim(
        "leader_cohort",
        "coaching raises gains",
        "",
        "no_coaching",
        "mean_gain",
        fails_on_current_model="mean_gain as described 0.028 vs no_coaching 0.021: "
        "+0.007 ± 0.011 (20 pairs)",
    ),
    Claim("nw_rise_rural", "the light hub raises gains", "", "no_hub", "mean_gain"),
    Claim(
        "nw_rise_rural",
        "bridges between regions spread practices further",
        "add_bridges",
        "",
        "final_reach",
        fails_on_current_model="final_reach add_bridges 0.122 vs as described 0.110: "
        "+0.012 ± 0.060 (20 pairs)",
    ),
    Claim(
        "seeding_strategies",
        "friend nomination reaches more schools than random pilots (Kim et al. 2015)",
        "friend_nomination",
        "",
        "final_reach",
        fails_on_current_model="final_reach friend_nomination 0.098 vs as described 0.098: "
        "-0.001 ± 0.042 (20 pairs)",
    ),
    Claim(
        "watts_cascade",
        "mean degree 3 cascades, mean degree 0.8 (below the window) does not",
        "",
        "sparse",
        "final_adoption_share",
    ),
    Claim(
        "watts_cascade",
        "mean degree 3 cascades, mean degree 10 (above the window) does not",
        "",
        "dense",
        "final_adoption_share",
    ),
]

CHECKED_ELSEWHERE = {
    "bass_complete": "the Bass curve: tests/validation/test_bass.py",
    "exploration_vs_exploitation": (
        "complete leads early, ring late: tests/validation/test_lazer_friedman.py"
    ),
}
"""Presets whose claim is a published result judged by the validation suite."""

NO_CLAIM = {
    "quickstart": "asks whether the practice spreads beyond the seed districts",
    "statewide_scale": "describes a scale and a rollout; its variant states no direction",
}
"""Presets that describe without claiming a direction."""


@cache
def outcomes(preset: str, variant: str, outcome: str) -> np.ndarray:
    """``outcome`` of ``preset`` (or its ``variant``) over REPLICATES replicates, with the
    replicate seeds ``nicsim compare`` derives from the preset's seed."""
    scenario = load_scenario(f"{preset}:{variant}" if variant else preset)
    seeds = replicate_seeds(load_scenario(preset).seed, REPLICATES)
    values = [run(scenario, seed=seed).summary[outcome] for seed in seeds]
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def judge_claim(claim: Claim) -> Verdict:
    """Paired difference better − worse over common seeds, with its 95 % CI; replicates
    where the outcome is undefined in either run (None) are left out."""
    better = outcomes(claim.preset, claim.better, claim.outcome)
    worse = outcomes(claim.preset, claim.worse, claim.outcome)
    names = claim.better or "as described", claim.worse or "as described"
    statement = f"`{claim.preset}`: {claim.statement}"
    return judge_paired(statement, better, worse, names, prefix=f"{claim.outcome} ")
