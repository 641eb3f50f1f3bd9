"""The mechanism ledger: what each of the model's mechanisms does to a network's outcomes.

For each mechanism (peer reports, borrowing, bright spots, the hub's analytics, curation,
coaching, learning walks, convenings, R&D, turnover, the implementation policy, the
social-learning rule) a preset runs twice per replicate, with the mechanism on and off, on
common random numbers (the same replicate seeds). The paired difference on each outcome,
with its 95 % confidence interval over replicates, is the mechanism's measured effect
there; its verdict ("helps", "hurts", "no measurable effect") is read off the interval, and
set beside the direction the sources lead one to expect (docs/model.md §1.3). Nothing in
the model is tuned to produce these directions: the ledger reports what honest mechanisms
do, including where they stop helping.
"""

from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.replicates import replicate_seeds
from analysis.statistics import mean_interval

LEDGER_OUTCOMES = (
    "mean_gain",
    "final_reach",
    "false_adoption_rate",
    "sustain_year_retention",
    "isolation",
)
"""The outcomes the ledger reports for every mechanism (summary.json keys)."""

HIGHER_IS_BETTER = {
    "mean_gain": True,
    "final_reach": True,
    "false_adoption_rate": False,
    "sustain_year_retention": True,
    "isolation": False,
}


@dataclass(frozen=True)
class Mechanism:
    """A mechanism, the settings that switch it on and off, and what sources expect of it.

    ``on`` and ``off`` are scenario overrides (``section.key`` → value); an empty ``on``
    means the preset's own settings. ``expected`` is the direction of its effect on mean
    gain that the sources lead one to expect (+1 helps, −1 hurts, 0 no claim), and
    ``source`` names them.
    """

    name: str
    meaning: str
    off: dict[str, Any]
    expected: int
    source: str
    on: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.off or {**self.on, **self.off} == self.on:
            raise ValueError(f"mechanism {self.name!r}: its off-switch changes nothing")


MECHANISMS = (
    Mechanism(
        "peer reports",
        "schools hear results along their ties",
        {"evidence.tie_activity": 0.0},
        +1,
        "Bryk et al. 2015 (learn from each other's variation)",
    ),
    Mechanism(
        "borrowing",
        "an adaptation may copy a similar school's variant",
        {"pdsa.borrow_probability": 0.0},
        +1,
        "Bryk et al. 2015; Barkoczi & Galesic 2016",
    ),
    Mechanism(
        "bright spots",
        "the hub finds schools whose run charts show a shift and publicises their practice",
        {"hub.shift_run": 0, "hub.bright_spot_sigma": 0.0},
        +1,
        "Bryk et al. 2015 (learning from positive deviants)",
    ),
    Mechanism(
        "analytics and endorsement",
        "the hub pools results and endorses ideas",
        {"hub.analytics_interval": 0},
        +1,
        "Bryk et al. 2015; Russell et al. 2017 (measurement infrastructure)",
    ),
    Mechanism(
        "curation",
        "the hub keeps a recommended variant that members move toward",
        {"hub.curation_rate": 0.0},
        +1,
        "March 1991 (the organisational code)",
    ),
    Mechanism(
        "coaching",
        "coaches raise members' PDSA skill and engagement",
        {"hub.coaching_hours": 0.0},
        +1,
        "Kraft, Blazar & Hogan 2018",
    ),
    Mechanism(
        "learning walks",
        "every 8 weeks each member visits a peer",
        {"hub.walk_interval": 0},
        +1,
        "Improving Schools NIC (learning walks)",
        on={"hub.walk_interval": 8},
    ),
    Mechanism(
        "convenings",
        "members meet and trade results",
        {"hub.convening_interval": 0},
        +1,
        "IHI Breakthrough Series learning sessions",
    ),
    Mechanism(
        "R&D",
        "90-day cycles add ideas to the package",
        {"hub.rd_interval": 0},
        0,
        "Bryk et al. 2015 (90-day cycles); nicsim makes no claim on gain",
    ),
    Mechanism(
        "turnover",
        "schools lose principals and staff each summer",
        {"calendar.teacher_turnover": 0.0, "calendar.principal_turnover": 0.0},
        -1,
        "Bartanen, Grissom & Rogers 2019 (dips after principal turnover)",
    ),
    Mechanism(
        "integrity vs replicate",
        "schools may adapt the periphery (integrity) or not at all (replicate)",
        {"pdsa.policy": "replicate"},
        +1,
        "LeMahieu 2011; Berman & McLaughlin 1978 (mutual adaptation)",
        on={"pdsa.policy": "integrity"},
    ),
    Mechanism(
        "best member vs conformity",
        "copy the best-reported variant rather than the most common one",
        {"evidence.social_learning": "conformity"},
        0,
        "Barkoczi & Galesic 2016 (the better rule depends on the network)",
        on={"evidence.social_learning": "best_member"},
    ),
)


@dataclass(frozen=True)
class LedgerRun:
    """One run of the ledger: a preset, the overrides of one arm, a replicate's seed."""

    preset: str
    overrides: tuple[tuple[str, Any], ...]
    seed: int


def run_ledger_task(task: LedgerRun) -> dict[str, Any]:
    """The summary of one ledger run (executed in a worker process)."""
    from analysis.runner import run
    from scenarios import load

    scenario = load(task.preset, as_set_options(dict(task.overrides)))
    return run(scenario, seed=task.seed).summary


def mechanism_effects(
    presets: Iterable[str],
    replicates: int,
    executor: Executor,
    mechanisms: Iterable[Mechanism] = MECHANISMS,
    seed: int = 0,
    on_run: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """The ledger: one row per preset × mechanism × outcome, with the paired effect.

    Columns: preset, mechanism, outcome, effect (mean of on − off), low, high (95 % CI),
    runs (pairs with both values), on_mean, off_mean.
    """
    mechanisms = list(mechanisms)
    seeds = replicate_seeds(seed, replicates)
    arms = {
        (preset, _key(arm))
        for preset in presets
        for m in mechanisms
        for arm in (m.on, {**m.on, **m.off})
    }
    tasks = {
        (preset, overrides, s): executor.submit(run_ledger_task, LedgerRun(preset, overrides, s))
        for preset, overrides in sorted(arms, key=repr)
        for s in seeds
    }
    summaries = {}
    for key, future in tasks.items():
        summaries[key] = future.result()
        if on_run is not None:
            on_run()
    rows = []
    for preset in presets:
        for m in mechanisms:
            on = [summaries[(preset, _key(m.on), s)] for s in seeds]
            off = [summaries[(preset, _key({**m.on, **m.off}), s)] for s in seeds]
            for outcome in LEDGER_OUTCOMES:
                rows.append(
                    {
                        "preset": preset,
                        "mechanism": m.name,
                        "outcome": outcome,
                        **paired_effect(on, off, outcome),
                    }
                )
    return pd.DataFrame(rows)


def paired_effect(on: list[dict], off: list[dict], outcome: str) -> dict[str, float]:
    """Mean of on − off over replicates where both have the outcome, with its 95 % CI."""
    pairs = [(a.get(outcome), b.get(outcome)) for a, b in zip(on, off, strict=True)]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    values = np.array([a - b for a, b in pairs], dtype=float)
    interval = mean_interval(values)
    return {
        "effect": interval["mean"],
        "low": interval["low"],
        "high": interval["high"],
        "runs": interval["runs"],
        "on_mean": float(np.mean([a for a, _ in pairs])) if pairs else np.nan,
        "off_mean": float(np.mean([b for _, b in pairs])) if pairs else np.nan,
    }


def verdict(effect_low: float, effect_high: float, outcome: str) -> str:
    """ "helps", "hurts" or "no measurable effect", from the 95 % CI of on − off.

    "no difference at all" when every pair of runs gave the same value: the mechanism
    did nothing there.
    """
    if not (np.isfinite(effect_low) and np.isfinite(effect_high)):
        return "not measured"
    if effect_low == effect_high == 0:
        return "no difference at all"
    better = 1 if HIGHER_IS_BETTER[outcome] else -1
    if effect_low > 0 or effect_high < 0:
        sign = 1 if effect_low > 0 else -1
        return "helps" if sign == better else "hurts"
    return "no measurable effect"


def _key(overrides: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(overrides.items()))


def as_set_options(overrides: dict[str, Any]) -> list[str]:
    """Overrides as ``--set`` options read them (strings quoted, numbers as written)."""
    return [
        f'{key}="{value}"' if isinstance(value, str) else f"{key}={value!r}"
        for key, value in overrides.items()
    ]
