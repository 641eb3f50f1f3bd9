"""What the model reports (docs/model.md §8): per week, and per run.

Per step: counts by status; adoption share (adopted school × idea pairs over all pairs)
and reach (share of schools with at least one adopted idea); mean and quantiles of the
outcome gain; equity (mean gain of the highest baseline quartile minus that of the lowest,
and the Gini coefficient of the positive part of the gains); depth, ownership, core
integrity, periphery drift and variant diversity; PDSA cycles, staff hours, coaching
hours, convening days and the coaching benefit (PDSA skill added by coaching, per school);
false adoption (adopted where the true local effect ≤
min_effect, as a share of adoptions), false abandonment (the share of tested pairs whose
idea is good — base effect > 0.06, so that well adapted it would help — that the school
abandoned: the "hot stove" of Denrell & March 2001), premature scale-ups (expansions of a
variant whose true local effect ≤ min_effect), prediction error, engagement; ties formed
at convenings and on walks, and isolation: the share of schools with no tie to another
school (docs/model.md §8.2; every tie stays active, carrying reports with probability
tie_activity · weight each week).
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulation.outcomes import REACH_LEVELS, first_step_reaching, reach_times
from simulation.pdsa.landscape import saturate
from simulation.pdsa.state import Status, count_per_school
from simulation.pdsa.sustainability import principal_dip

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning

NAN = float("nan")
HOT_STOVE_EFFECT = 0.06
"""Base effect above which abandoning an idea counts as a false abandonment (docs/model.md §8)."""


@dataclass
class Totals:
    """Running costs and counts of a run."""

    cycles: int = 0
    staff_hours: float = 0.0
    coaching_hours: float = 0.0
    coaching_skill_gain: float = 0.0
    convening_days: int = 0
    ties_formed: int = 0
    premature_scaleups: int = 0
    core_mutations: int = 0
    week_cycles: int = 0
    week_errors: list = field(default_factory=list)

    def start_week(self) -> None:
        self.week_cycles = 0
        self.week_errors = []

    def record_cycles(self, prediction_errors: np.ndarray, hours: np.ndarray) -> None:
        self.cycles += prediction_errors.size
        self.week_cycles += prediction_errors.size
        self.staff_hours += float(hours.sum())
        self.week_errors.append(prediction_errors)


def summed_effects(net: "PDSALearning") -> np.ndarray:
    """Each school's practices' summed effect x = Σ coverage(L) · E (docs/model.md §7.2.14).

    A pair covers coverage(L) of the school's students while tested at scale L, all of
    them once adopted, and none otherwise.
    """
    work, p = net.work, net.params.landscape
    covered = np.zeros((len(Status), len(p.coverage) + 1))  # by status, then scale
    covered[Status.TESTING, 1:] = p.coverage
    covered[Status.ADOPTED] = 1.0
    coverage = np.take(covered, work.status * covered.shape[1] + work.scale)
    return np.einsum("si,si->s", coverage, net.effects)


def outcomes(net: "PDSALearning", summed: np.ndarray | None = None) -> np.ndarray:
    """Each school's student outcome (docs/model.md §7.2.14):

    baseline + cap · (1 − exp(−x/cap)) (x itself when x ≤ 0) − principal dip + N(0, noise²),
    x the summed effects of its practices (``summed``, computed when not given).
    """
    p = net.params.landscape
    summed = summed_effects(net) if summed is None else summed
    gains = saturate(summed, p.effect_cap) - principal_dip(net)
    return net.schools.baseline + gains + net.rng.normal(0.0, p.outcome_noise, net.schools.n)


def measure(net: "PDSALearning") -> dict[str, float]:
    """The indicators of the current week."""
    work, schools, ideas, totals = net.work, net.schools, net.ideas, net.totals
    counts = work.counts_by_status()
    n_adopted = counts[Status.ADOPTED]
    adopted = work.status == Status.ADOPTED
    active = work.in_use()
    tested_good = (work.cycles > 0) & (ideas.effect[None, :] > HOT_STOVE_EFFECT)
    gain = net.outcome - schools.baseline
    ordered_gain = np.sort(gain)
    p10, p50, p90 = quantiles_of_sorted(ordered_gain, (0.1, 0.5, 0.9))
    lowest, highest = net.baseline_quartiles
    errors = np.concatenate(totals.week_errors) if totals.week_errors else np.empty(0)
    values = {f"{s.name.lower()}": int(counts[s]) for s in Status}
    values.update(
        adoption_share=n_adopted / adopted.size,
        reach=float(np.count_nonzero(count_per_school(adopted)) / schools.n),
        mean_gain=float(gain.mean()),
        gain_p10=float(p10),
        gain_p50=float(p50),
        gain_p90=float(p90),
        equity_gap=float(gain[highest].mean() - gain[lowest].mean()),
        gini_of_gains=gini_of_sorted(np.maximum(ordered_gain, 0.0)),
        depth=_share(np.vdot(work.depth, adopted), n_adopted),
        ownership_share=_share(np.count_nonzero(work.owned & adopted), n_adopted),
        **variant_structure(net, active),
        false_adoption_rate=_share(
            np.count_nonzero((net.effects <= net.params.pdsa.min_effect) & adopted), n_adopted
        ),
        false_abandonment_rate=_share(
            np.count_nonzero((work.status == Status.ABANDONED) & tested_good),
            np.count_nonzero(tested_good),
        ),
        pdsa_cycles=totals.week_cycles,
        cumulative_cycles=totals.cycles,
        staff_hours=totals.staff_hours,
        coaching_hours=totals.coaching_hours,
        coaching_benefit=totals.coaching_skill_gain / schools.n,
        convening_days=totals.convening_days,
        ties_formed=totals.ties_formed,
        isolation=float(np.count_nonzero(net.adjacency.degree == 0) / schools.n),
        premature_scaleups=totals.premature_scaleups,
        core_mutations=totals.core_mutations,
        prediction_error=float(errors.mean()) if errors.size else NAN,
        engagement=float(schools.engagement.mean()),
        skill=float(schools.skill.mean()),
        members=int(schools.member.sum()),
        ideas=ideas.n,
        endorsed_ideas=int(net.hub.endorsed.sum()),
        bright_spots=int(net.hub.bright.sum()),
    )
    return values


def baseline_quartiles(baseline: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the schools in the lowest and in the highest baseline quartile."""
    low, high = np.quantile(baseline, (0.25, 0.75))
    return np.flatnonzero(baseline <= low), np.flatnonzero(baseline >= high)


def counts_by_idea(work) -> np.ndarray:
    """(I, statuses) array: how many schools are in each status for each idea."""
    n_ideas = work.status.shape[1]
    code = work.status.astype(np.int64) + len(Status) * np.arange(n_ideas)[None, :]
    return np.bincount(code.ravel(), minlength=n_ideas * len(Status)).reshape(n_ideas, -1)


def idea_table(counts: list[np.ndarray]) -> pd.DataFrame:
    """Long table (step, idea, one column per status) from per-step ``counts_by_idea``."""
    steps = np.concatenate([np.full(c.shape[0], step) for step, c in enumerate(counts)])
    ideas = np.concatenate([np.arange(c.shape[0]) for c in counts])
    table = pd.DataFrame(np.concatenate(counts), columns=[s.name.lower() for s in Status])
    table.insert(0, "idea", ideas)
    table.insert(0, "step", steps)
    return table


def summarise(net: "PDSALearning", timeseries: pd.DataFrame) -> dict:
    """Per-run outcomes: final values, reach times and sustain-year retention."""
    last = timeseries.iloc[-1]
    reach_series = timeseries.rename(columns={"reach": "adoption_share", "adoption_share": "_"})
    summary = {
        "final_adoption_share": float(last["adoption_share"]),
        **reach_times(timeseries),
        **{
            f"reach_time_to_{round(level * 100)}": first_step_reaching(reach_series, level)
            for level in REACH_LEVELS
        },
        "final_reach": float(last["reach"]),
        "mean_gain": float(last["mean_gain"]),
        "equity_gap": float(last["equity_gap"]),
        "gini_of_gains": float(last["gini_of_gains"]),
        "false_adoption_rate": _none_if_nan(last["false_adoption_rate"]),
        "false_abandonment_rate": _none_if_nan(last["false_abandonment_rate"]),
        "premature_scaleups": int(last["premature_scaleups"]),
        "core_mutations": int(last["core_mutations"]),
        "pdsa_cycles": int(last["cumulative_cycles"]),
        "staff_hours": float(last["staff_hours"]),
        "coaching_hours": float(last["coaching_hours"]),
        "coaching_benefit": float(last["coaching_benefit"]),
        "convening_days": int(last["convening_days"]),
        "ties_formed": int(last["ties_formed"]),
        "isolation": float(last["isolation"]),
        "mean_prediction_error": _none_if_nan(timeseries["prediction_error"].mean()),
        "ownership_share": _none_if_nan(last["ownership_share"]),
        "depth": _none_if_nan(last["depth"]),
        "core_integrity": _none_if_nan(last["core_integrity"]),
        "mean_skill": float(last["skill"]),
        "ideas": int(last["ideas"]),
        "sustain_year_retention": sustain_year_retention(net),
    }
    return summary


def sustain_year_retention(net: "PDSALearning") -> float | None:
    """Share of the practices adopted when hub support ended that are still adopted.

    None when the run did not go past the end of support or nothing was adopted by then.
    """
    before = net.adopted_when_support_ended
    ended = net.params.calendar.supported_years * net.year_length
    if before is None or not before.any() or net.week <= ended:
        return None
    return float((net.work.status[before] == Status.ADOPTED).mean())


def quantiles_of_sorted(ordered: np.ndarray, levels) -> np.ndarray:
    """Quantiles of values in ascending order, interpolated linearly between order
    statistics (numpy's default method: position q · (n − 1))."""
    position = np.asarray(levels) * (ordered.size - 1)
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, ordered.size - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def gini_of_sorted(ordered: np.ndarray) -> float:
    """Gini coefficient of non-negative values in ascending order (0: equal; 0 if all are 0)."""
    total = ordered.sum()
    if total <= 0:
        return 0.0
    n = ordered.size
    return float((2 * np.arange(1, n + 1) - n - 1).dot(ordered) / (n * total))


def variant_structure(net: "PDSALearning", active: np.ndarray) -> dict[str, float]:
    """Core integrity, periphery drift and variant diversity of the variants in use.

    Integrity and drift (distance of the periphery from the idea's first design) are
    means over the pairs testing or using an idea. Diversity is the mean, over ideas in
    use by two or more schools, of the spread of their variants: the square root of the
    summed variance of the variants' coordinates.
    """
    count = active.sum(axis=0)
    if not count.any():
        return {"core_integrity": NAN, "periphery_drift": NAN, "variant_diversity": NAN}
    weight = active.astype(np.float64)
    variant = net.work.variant
    n = np.maximum(count, 1)
    # spread² = mean ‖v‖² − ‖mean v‖²: two reads of the variants, no temporary copy of them
    mean = np.einsum("si,sid->id", weight, variant) / n[:, None]
    mean_norm2 = np.einsum("si,si->i", weight, np.einsum("sid,sid->si", variant, variant)) / n
    spread2 = mean_norm2 - np.einsum("id,id->i", mean, mean)
    spread = np.sqrt(np.maximum(spread2, 0.0))[count >= 2]
    pairs = count.sum()
    return {
        "core_integrity": float(np.einsum("si,si->", weight, net.integrity) / pairs),
        "periphery_drift": float(np.einsum("si,si->", weight, net.drift) / pairs),
        "variant_diversity": float(spread.mean()) if spread.size else NAN,
    }


def _share(part, whole) -> float:
    """part / whole, NaN when there is no whole."""
    return float(part / whole) if whole else NAN


def _none_if_nan(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value
