"""Figures of a run's outcomes (matplotlib, drawn off-screen)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def adoption_curve(timeseries: pd.DataFrame, title: str) -> Figure:
    """The adoption share week by week (and, for PDSA learning, the reach)."""
    figure, axes = plt.subplots(figsize=(7, 4), layout="constrained")
    axes.plot(
        timeseries["step"],
        timeseries["adoption_share"],
        color="#1f6f8b",
        linewidth=2,
        label="adoption share",
    )
    if "reach" in timeseries:  # PDSA learning: schools with at least one adopted idea
        axes.plot(
            timeseries["step"],
            timeseries["reach"],
            color="#e07a1f",
            linewidth=2,
            linestyle="--",
            label="reach (schools)",
        )
        axes.legend(loc="upper left")
    for level in (0.25, 0.5, 0.8):
        axes.axhline(level, color="grey", linewidth=0.6, linestyle=":")
    axes.set_ylim(0, 1.02)
    axes.set_xlim(0, max(int(timeseries["step"].iloc[-1]), 1))
    axes.set_xlabel("week")
    axes.set_ylabel("share adopted")
    axes.set_title(title)
    axes.grid(alpha=0.25)
    return figure


def compared_curves(curves: pd.DataFrame, labels: dict[str, str]) -> Figure:
    """Adoption curves of two designs, each with its 95 % band over replicates."""
    figure, axes = plt.subplots(figsize=(7, 4), layout="constrained")
    for (design, group), color in zip(
        curves.groupby("design"), ("#1f6f8b", "#e07a1f"), strict=False
    ):
        axes.plot(group["step"], group["mean"], color=color, linewidth=2, label=labels[design])
        axes.fill_between(group["step"], group["low"], group["high"], color=color, alpha=0.2)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("week")
    axes.set_ylabel("adoption share")
    axes.set_title("Adoption: two designs, same replicates")
    axes.legend(loc="upper left")
    axes.grid(alpha=0.25)
    return figure
