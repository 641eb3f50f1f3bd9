"""Figures of a sweep's results (matplotlib, drawn off-screen).

Adoption curves with bands by a parameter's levels, a heatmap of an outcome over two
parameters, bars with 95 % confidence intervals, sensitivity indices and the Morris μ*–σ
plane. Levels appear in the order of the tables they are drawn from (the sweep's order).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def adoption_bands(curves: pd.DataFrame, parameter: str) -> Figure:
    """Mean adoption share by week for each level of ``parameter``, with the 95 % band of
    runs (``analysis.sweep_results.adoption_curves``)."""
    figure, axes = plt.subplots(figsize=(7, 4), layout="constrained")
    for level, group in curves.groupby(parameter, sort=True, observed=True):
        (line,) = axes.plot(group["step"], group["mean"], linewidth=2, label=str(level))
        axes.fill_between(
            group["step"], group["low"], group["high"], color=line.get_color(), alpha=0.15
        )
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("week")
    axes.set_ylabel("adoption share")
    axes.set_title(f"Adoption by {parameter} (mean, 95 % of runs)")
    axes.legend(title=parameter, loc="upper left", fontsize="small")
    axes.grid(alpha=0.25)
    return figure


def outcome_heatmap(table: pd.DataFrame, x: str, y: str, outcome: str) -> Figure:
    """Mean ``outcome`` over the levels of parameters ``x`` and ``y`` (an outcome table)."""
    grid = table[table["outcome"] == outcome].pivot(index=y, columns=x, values="mean")
    figure, axes = plt.subplots(figsize=(6, 4.5), layout="constrained")
    image = axes.imshow(grid.to_numpy(dtype=float), origin="lower", aspect="auto", cmap="viridis")
    axes.set_xticks(range(grid.shape[1]), [_label(v) for v in grid.columns], rotation=30)
    axes.set_yticks(range(grid.shape[0]), [_label(v) for v in grid.index])
    for (row, column), value in np.ndenumerate(grid.to_numpy(dtype=float)):
        axes.text(column, row, f"{value:.2f}", ha="center", va="center", color="white")
    axes.set_xlabel(x)
    axes.set_ylabel(y)
    axes.set_title(f"{outcome} (mean over replicates)")
    figure.colorbar(image, ax=axes)
    return figure


def outcome_bars(table: pd.DataFrame, parameter: str, outcome: str) -> Figure:
    """Mean ``outcome`` at each level of ``parameter`` with its 95 % confidence interval."""
    rows = table[table["outcome"] == outcome]
    figure, axes = plt.subplots(figsize=(6, 4), layout="constrained")
    positions = np.arange(len(rows))
    errors = np.vstack([rows["mean"] - rows["low"], rows["high"] - rows["mean"]])
    axes.bar(positions, rows["mean"], color="#1f6f8b", alpha=0.85)
    axes.errorbar(positions, rows["mean"], yerr=errors, fmt="none", color="black", capsize=4)
    axes.set_xticks(positions, [_label(v) for v in rows[parameter]], rotation=20)
    axes.set_xlabel(parameter)
    axes.set_ylabel(outcome)
    axes.set_title(f"{outcome} by {parameter} (mean, 95 % CI)")
    axes.grid(alpha=0.25, axis="y")
    return figure


def sensitivity_bars(indices: pd.DataFrame, outcome: str) -> Figure:
    """Sobol S1 and ST (or Morris μ* and σ) of each parameter for one outcome."""
    rows = indices[indices["outcome"] == outcome]
    sobol = "S1" in rows.columns
    series = (
        [("S1", "S1_conf"), ("ST", "ST_conf")]
        if sobol
        else [("mu_star", "mu_star_conf"), ("sigma", None)]
    )
    figure, axes = plt.subplots(figsize=(7, 4), layout="constrained")
    positions = np.arange(len(rows))
    width = 0.8 / len(series)
    for i, (value, conf) in enumerate(series):
        errors = rows[conf] if conf else None
        axes.bar(positions + i * width, rows[value], width, yerr=errors, capsize=3, label=value)
    axes.set_xticks(positions + width * (len(series) - 1) / 2, rows["parameter"], rotation=20)
    axes.set_ylabel("Sobol index" if sobol else "elementary effect")
    axes.set_title(f"Sensitivity of {outcome}")
    axes.legend()
    axes.grid(alpha=0.25, axis="y")
    return figure


def morris_plane(indices: pd.DataFrame, outcome: str) -> Figure:
    """Each parameter at (μ*, σ) for one outcome (Morris 1991; Campolongo et al. 2007).

    Far right: a strong effect; high up: an effect that depends on the other parameters or
    is not linear. Above the line σ = μ* the spread of the effects exceeds their mean
    size, which Garcia Sanchez et al. (2014) read as non-linear or non-monotonic.
    """
    rows = indices[indices["outcome"] == outcome]
    figure, axes = plt.subplots(figsize=(6, 4.5), layout="constrained")
    axes.errorbar(rows["mu_star"], rows["sigma"], xerr=rows["mu_star_conf"], fmt="o", capsize=3)
    for row in rows.itertuples():
        axes.annotate(
            row.parameter, (row.mu_star, row.sigma), xytext=(4, 4), textcoords="offset points"
        )
    top = float(np.nanmax([rows["mu_star"].max(), rows["sigma"].max(), 0])) * 1.1 or 1.0
    axes.plot([0, top], [0, top], linestyle="--", color="grey", label="σ = μ*")
    axes.set_xlim(0, top)
    axes.set_ylim(0, top)
    axes.set_xlabel("μ* (mean absolute elementary effect)")
    axes.set_ylabel("σ (spread of the effects)")
    axes.set_title(f"Morris screening of {outcome}")
    axes.legend(loc="upper left")
    axes.grid(alpha=0.25)
    return figure


def _label(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)
