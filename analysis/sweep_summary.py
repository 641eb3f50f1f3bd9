"""The written summary that opens a sweep's report: what mattered most, and what didn't.

Grids of values (factorial, random, Latin hypercube): for each outcome, a parameter made a
clear difference when the 95 % confidence intervals of two of its levels do not overlap
(numbers with more than ``MAX_LEVELS`` values, as sampling designs draw them from a range,
are first cut into ``BINS`` bins of equal counts); the one whose level means lie furthest
apart mattered most. Sobol designs rank parameters by ST and
call those with ST below ``SMALL_ST`` negligible; Morris designs rank by μ* and call those
below ``SMALL_MU_STAR`` of the largest μ* negligible (screening thresholds: [A]).
"""

import pandas as pd

from analysis.sweep_results import SweepResults, outcome_table

MAX_LEVELS = 12
"""Parameters with more distinct values than this are not drawn or told level by level."""
BINS = 5
"""Bins of a parameter with more values than ``MAX_LEVELS``."""
SMALL_ST = 0.05
"""Total Sobol index below which a parameter is called negligible [A]."""
SMALL_MU_STAR = 0.1
"""μ*, relative to the largest, below which a parameter is called negligible [A]."""


def grid_findings(results: SweepResults, outcomes: list[str]) -> list[str]:
    """A sentence per outcome: which parameter mattered most, and which made no clear
    difference."""
    sentences = []
    for outcome in outcomes:
        effects = [e for p in results.parameters if (e := _effect(results.runs, p, outcome))]
        clear = sorted((e for e in effects if e["clear"]), key=lambda e: -e["size"])
        unclear = [e["parameter"] for e in effects if not e["clear"]]
        if clear:
            most = clear[0]
            text = (
                f"{outcome}: {most['parameter']} mattered most, from {most['low']:.3g} "
                f"({most['low_level']}) to {most['high']:.3g} ({most['high_level']})"
            )
            if len(clear) > 1:
                text += "; also " + ", ".join(
                    f"{e['parameter']} ({e['low']:.3g} to {e['high']:.3g})" for e in clear[1:]
                )
        else:
            text = f"{outcome}: no parameter made a clear difference"
        if unclear and clear:
            text += f". No clear difference: {', '.join(unclear)}"
        sentences.append(text + " (clear: the 95 % intervals of two levels do not overlap).")
    return sentences


def sensitivity_findings(indices: pd.DataFrame, outcomes: list[str]) -> list[str]:
    """A sentence per outcome with indices: the most influential parameter and the
    negligible ones."""
    sobol = "ST" in indices.columns
    index = "ST" if sobol else "mu_star"
    sentences = []
    for outcome in outcomes:
        rows = indices[indices["outcome"] == outcome].dropna(subset=[index])
        if rows.empty:
            continue
        ranked = rows.sort_values(index, ascending=False)
        most = ranked.iloc[0]
        if sobol:
            text = (
                f"{outcome}: {most['parameter']} mattered most (ST {most['ST']:.2f}: with its "
                f"interactions, about {100 * min(max(most['ST'], 0), 1):.0f} % of the variance)"
            )
            small = ranked[ranked["ST"] < SMALL_ST]["parameter"]
            rule = f"ST below {SMALL_ST}"
        else:
            text = f"{outcome}: {most['parameter']} mattered most (μ* {most['mu_star']:.3g})"
            small = ranked[ranked["mu_star"] < SMALL_MU_STAR * most["mu_star"]]["parameter"]
            rule = f"μ* below {100 * SMALL_MU_STAR:.0f} % of the largest"
        if len(small):
            text += f". Negligible: {', '.join(small)} ({rule})"
        sentences.append(text + ".")
    return sentences


def _effect(runs: pd.DataFrame, parameter: str, outcome: str) -> dict | None:
    """The spread of ``outcome``'s level means over ``parameter``, and whether it is clear."""
    values = runs[parameter]
    numbers = pd.api.types.is_numeric_dtype(values) and not isinstance(
        values.dtype, pd.CategoricalDtype
    )
    if numbers and values.nunique() > MAX_LEVELS:
        bins = pd.qcut(values, BINS, duplicates="drop")
        labels = [f"{b.left:.3g}–{b.right:.3g}" for b in bins.cat.categories]
        runs = runs.assign(**{parameter: bins.cat.rename_categories(labels)})
    table = outcome_table(runs, [parameter], [outcome]).dropna(subset=["mean"])
    if len(table) < 2:
        return None
    low, high = table.loc[table["mean"].idxmin()], table.loc[table["mean"].idxmax()]
    return {
        "parameter": parameter,
        "low": low["mean"],
        "low_level": low[parameter],
        "high": high["mean"],
        "high_level": high[parameter],
        "size": high["mean"] - low["mean"],
        "clear": bool(table["low"].max() > table["high"].min()),
    }
