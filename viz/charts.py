"""Charts over time: adoption by status, mean gain and equity gap, and two runs compared.

Each chart is a figure built once whose lines are updated on every redraw (building axes
costs far more than drawing them).
"""

import pandas as pd

from viz.network_view import STATUS_COLOURS
from viz.render import new_figure, png

STATUS_COLUMNS = ("aware", "testing", "adopted", "abandoned", "lapsed")
COLOURS = {s.name.lower(): c for s, c in STATUS_COLOURS.items()}


class AdoptionChart:
    """Adoption curves by status (and reach) beside mean gain and equity gap (PDSA runs)."""

    def __init__(self, pdsa: bool, width: float = 9.0, height: float = 3.0) -> None:
        self.pdsa = pdsa
        self.figure, axes = new_figure(width, height, ncols=2 if pdsa else 1)
        self.figure.subplots_adjust(bottom=0.17, top=0.9, right=0.98)
        self.left = axes[0] if pdsa else axes
        if pdsa:
            names = (*STATUS_COLUMNS, "reach")
            self.lines = {
                n: self.left.plot([], [], color=COLOURS.get(n, "k"), label=n)[0] for n in names
            }
            self.lines["reach"].set_linewidth(2.2)
            self.left.set_title("School × idea pairs by status; reach (schools)", fontsize=10)
            self.right = axes[1]
            self.lines["mean_gain"] = self.right.plot([], [], color="#3182bd", label="mean gain")[0]
            self.lines["equity_gap"] = self.right.plot([], [], color="#e6550d", label="equity gap")[
                0
            ]
            self.right.axhline(0, color="#bdbdbd", lw=0.8)
            self.right.set_title("Gain (SD units)", fontsize=10)
            self.right.set_xlabel("week")
            self.right.legend(fontsize=8, frameon=False, loc="upper left")
        else:
            self.lines = {
                "adoption_share": self.left.plot([], [], color="#31a354", lw=2, label="adopted")[0]
            }
            self.left.set_title("Share of schools adopted", fontsize=10)
        self.left.set_ylim(0, 1)
        self.left.set_xlabel("week")
        self.left.legend(fontsize=8, frameon=False, ncol=2, loc="upper left")

    def png(self, series: pd.DataFrame) -> bytes:
        """The chart for ``series`` (a model's time series) as PNG bytes."""
        weeks = series["step"]
        end = max(10, int(weeks.iloc[-1]))
        if self.pdsa:
            pairs = series[["unaware", *STATUS_COLUMNS]].sum(axis=1).clip(lower=1)
            for name in STATUS_COLUMNS:
                self.lines[name].set_data(weeks, series[name] / pairs)
            for name in ("reach", "mean_gain", "equity_gap"):
                self.lines[name].set_data(weeks, series[name].fillna(0))
            self.right.set_xlim(0, end)
            self.right.relim()
            self.right.autoscale_view(scalex=False)
        else:
            self.lines["adoption_share"].set_data(weeks, series["adoption_share"])
        self.left.set_xlim(0, end)
        return png(self.figure)


def compare_png(a: pd.DataFrame, b: pd.DataFrame, labels=("A", "B")) -> bytes:
    """Reach (and mean gain, dashed, for PDSA runs) of two runs on one chart, as PNG."""
    figure, axes = new_figure(10.0, 3.2)
    figure.subplots_adjust(bottom=0.16, right=0.9)
    for series, label, colour in ((a, labels[0], "#3182bd"), (b, labels[1], "#e6550d")):
        reach = series["reach"] if "reach" in series else series["adoption_share"]
        axes.plot(series["step"], reach, color=colour, lw=2, label=f"{label}: reach")
    axes.set_ylim(0, 1)
    axes.set_xlabel("week")
    axes.set_ylabel("share of schools reached")
    if "mean_gain" in a and "mean_gain" in b:
        gain = axes.twinx()
        for series, colour in ((a, "#3182bd"), (b, "#e6550d")):
            gain.plot(series["step"], series["mean_gain"], color=colour, ls="--")
        gain.set_ylabel("mean gain (SD), dashed")
    axes.legend(fontsize=8, frameon=False, loc="upper left")
    return png(figure)
