"""Reading a sweep folder: the tidy table of runs and outcome tables with confidence intervals.

The tidy table has one row per run: ``run_id``, ``point``, ``replicate``, ``seed``, one
column per varied parameter (named by its key path), every summary key, and ``error`` (the
message of a run that raised, else missing). A parameter given as a list is an ordered
categorical column whose levels come in the sweep's order; lists and tables among the
values appear as readable labels. Outcome tables give, per parameter level (or
combination), the mean of an outcome and its 95 % confidence interval over the runs
(Student's t, within [0, 1] for shares), leaving out failed runs and missing values (e.g.
a 50 % level never reached).
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.replicates import replicate_seeds
from analysis.statistics import OUTCOMES, outcome_interval
from analysis.sweep_design import DesignPoints, design_points, level_order
from analysis.sweep_store import SweepFolder
from scenarios import Scenario, validate
from scenarios.sweep_schema import SweepFile, point_document
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
    def spec(self) -> SweepFile:
        """The parsed sweep, as recorded in the manifest."""
        return SweepFile.model_validate(self.manifest["sweep"]["parsed"])

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

    def scenario(self, run_id: int) -> Scenario:
        """The scenario run ``run_id`` ran: the base scenario with its point's values and
        its replicate's seed (the design is drawn again from the recorded sweep)."""
        if run_id not in range(self.manifest["runs"]):
            raise InputError(
                f"run {run_id}: {self.folder} holds runs 0 to {self.manifest['runs'] - 1}"
            )
        points = design_points(self.spec)
        _check_design(points, self.points, self.folder)
        seeds = replicate_seeds(self.manifest["seed"], self.manifest["replicates"])
        point, replicate = divmod(run_id, len(seeds))
        assignments = {**points.assignments(point), "seed": seeds[replicate]}
        document = point_document(self.manifest["base_scenario"], assignments)
        return validate(document, f"{self.folder}: run {run_id}")


def load_sweep_results(folder: str | Path) -> SweepResults:
    """Read a sweep folder (finished or interrupted) into tables."""
    store = SweepFolder(Path(folder))
    if not store.exists():
        raise InputError(f"{folder} is not a sweep folder (it has no manifest.json)")
    manifest = json.loads(store.manifest_path.read_text(encoding="utf-8"))
    parameters = manifest["parameters"]
    return SweepResults(
        folder=store.path,
        manifest=manifest,
        points=_in_sweep_order(store.read_table("points"), manifest),
        unit=store.read_table("unit"),
        runs=_in_sweep_order(store.read_runs(parameters), manifest),
    )


def outcome_table(runs: pd.DataFrame, by: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Mean and 95 % CI of each outcome over the successful runs of each group of ``by``.

    One row per group and outcome: the ``by`` columns, ``outcome``, ``runs`` (values
    averaged), ``mean``, ``low``, ``high`` (NaN bounds with fewer than two values). Groups
    come in the order of the levels: a categorical column's order (the sweep's, as
    :func:`load_sweep_results` reads it), else sorted.
    """
    ok = runs[runs["error"].isna()]
    rows = []
    for key, group in ok.groupby(by, sort=True, observed=True):
        levels = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        for outcome in outcomes:
            values = group[outcome].dropna().to_numpy(dtype=float)
            rows.append({**levels, "outcome": outcome, **outcome_interval(outcome, values)})
    table = pd.DataFrame(rows, columns=[*by, "outcome", "runs", "mean", "low", "high"])
    for name in by:  # keep the levels' order for what is drawn from the table
        if isinstance(runs[name].dtype, pd.CategoricalDtype):
            table[name] = pd.Categorical(table[name], dtype=runs[name].dtype)
    return table


def adoption_curves(
    runs: pd.DataFrame, timeseries: pd.DataFrame, parameter: str, column: str = "adoption_share"
) -> pd.DataFrame:
    """Per level of ``parameter`` and step: mean of ``column`` over runs and its 2.5–97.5 %
    band (the spread of runs, not a CI)."""
    joined = timeseries[["run_id", "step", column]].merge(runs[["run_id", parameter]], on="run_id")
    grouped = joined.groupby([parameter, "step"], observed=True)[column]
    return pd.DataFrame(
        {
            "mean": grouped.mean(),
            "low": grouped.quantile(0.025),
            "high": grouped.quantile(0.975),
        }
    ).reset_index()


def _in_sweep_order(table: pd.DataFrame, manifest: dict[str, Any]) -> pd.DataFrame:
    """``table`` with each list parameter's column as an ordered categorical, levels in the
    sweep's order (so tables and figures follow the sweep, not the alphabet)."""
    parsed = manifest["sweep"].get("parsed")
    if parsed is None:  # written by an older nicsim: levels sort as values
        return table
    spec = SweepFile.model_validate(parsed)
    table = table.copy()
    for name, parameter in spec.parameters.items():
        order = level_order(parameter)
        if order is not None:
            table[name] = pd.Categorical(table[name], categories=order, ordered=True)
    return table


def _check_design(points: DesignPoints, recorded: pd.DataFrame, folder: Path) -> None:
    """The design drawn again must be the one the sweep ran (same versions of the samplers)."""
    drawn = points.values.astype(str).reset_index(drop=True)
    if not drawn.equals(recorded[drawn.columns].astype(str).reset_index(drop=True)):
        raise InputError(
            f"{folder}: the design drawn again differs from points.parquet (a different "
            "version of nicsim or SALib?); the runs cannot be repeated exactly"
        )
