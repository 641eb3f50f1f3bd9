"""Reading a sweep folder: the tidy table of runs and outcome tables with confidence intervals.

The tidy table has one row per run: ``run_id``, ``point``, ``replicate``, ``seed``, one
column per varied parameter (named by its key path), every summary key, and ``error`` (the
message of a run that raised, else missing). Outcome tables give, per parameter level (or
combination), the mean of an outcome and its 95 % confidence interval over the runs
(Student's t), leaving out failed runs and missing values (e.g. a 50 % level never reached).
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.statistics import OUTCOMES, mean_interval
from analysis.sweep_store import SweepFolder
from simulation.errors import InputError


@dataclass(frozen=True)
class SweepResults:
    """A sweep folder read back: its manifest, design points, unit coordinates and runs."""

    folder: Path
    manifest: dict[str, Any]
    points: pd.DataFrame
    unit: pd.DataFrame | None
    runs: pd.DataFrame

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest["parameters"])

    @property
    def method(self) -> str:
        return self.manifest["design"]["method"]

    @property
    def outcomes(self) -> list[str]:
        """The default outcomes present in the runs, as numbers."""
        return [
            o
            for o in OUTCOMES
            if o in self.runs.columns and pd.api.types.is_numeric_dtype(self.runs[o])
        ]

    def timeseries(self) -> pd.DataFrame | None:
        """Per-step tables of every run (kept with --timeseries), keyed by run_id."""
        return SweepFolder(self.folder).read_timeseries()


def load_sweep_results(folder: str | Path) -> SweepResults:
    """Read a sweep folder (finished or interrupted) into tables."""
    store = SweepFolder(Path(folder))
    if not store.exists():
        raise InputError(f"{folder} is not a sweep folder (it has no manifest.json)")
    manifest = json.loads(store.manifest_path.read_text(encoding="utf-8"))
    return SweepResults(
        folder=store.path,
        manifest=manifest,
        points=store.read_table("points"),
        unit=store.read_table("unit"),
        runs=store.read_runs(manifest["parameters"]),
    )


def outcome_table(runs: pd.DataFrame, by: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Mean and 95 % CI of each outcome over the successful runs of each group of ``by``.

    One row per group and outcome: the ``by`` columns, ``outcome``, ``runs`` (values
    averaged), ``mean``, ``low``, ``high`` (NaN bounds with fewer than two values).
    """
    ok = runs[runs["error"].isna()]
    rows = []
    for key, group in ok.groupby(by, sort=True):
        levels = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        for outcome in outcomes:
            values = group[outcome].dropna().to_numpy(dtype=float)
            rows.append({**levels, "outcome": outcome, **mean_interval(values)})
    return pd.DataFrame(rows, columns=[*by, "outcome", "runs", "mean", "low", "high"])


def adoption_curves(
    runs: pd.DataFrame, timeseries: pd.DataFrame, parameter: str, column: str = "adoption_share"
) -> pd.DataFrame:
    """Per level of ``parameter`` and step: mean of ``column`` over runs and its 2.5–97.5 %
    band (the spread of runs, not a CI)."""
    joined = timeseries[["run_id", "step", column]].merge(runs[["run_id", parameter]], on="run_id")
    grouped = joined.groupby([parameter, "step"])[column]
    return pd.DataFrame(
        {
            "mean": grouped.mean(),
            "low": grouped.quantile(0.025),
            "high": grouped.quantile(0.975),
        }
    ).reset_index()
