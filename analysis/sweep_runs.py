"""One task of a sweep: a chunk of runs, executed in a worker process (local or Dask).

A task carries plain data (the base scenario document and each run's id, point, replicate,
seed and parameter values), so it pickles the same way for a process pool and for Dask, and
returns plain rows. A run that raises is recorded with its error message and the sweep goes
on: one bad corner of a design must not cost the other runs.
"""

import os
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.runner import run
from scenarios import validate
from scenarios.sweep_schema import point_document
from simulation.network_cache import NetworkCache


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep: ``run_id`` = point × replicates + replicate (stable).

    ``assignments`` are the point's values as the sweep gives them (set in the scenario),
    ``levels`` their entries in the table of runs (the values, or readable labels)."""

    run_id: int
    point: int
    replicate: int
    seed: int
    assignments: dict[str, Any]
    levels: dict[str, Any]


@dataclass(frozen=True)
class ChunkResult:
    """The rows of a chunk's runs (one per run), if kept their per-step tables, and the
    seconds the chunk took in its worker (for estimates of the time left)."""

    rows: list[dict[str, Any]]
    timeseries: pd.DataFrame | None
    seconds: float


def run_chunk(base_document: dict[str, Any], tasks: list[RunTask], timeseries: bool) -> ChunkResult:
    """Run each task's scenario with its seed; a failing run becomes a row with ``error``."""
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # for libraries first loaded in this worker
    clock = time.perf_counter()
    rows, tables = [], []
    networks = NetworkCache()  # runs of a chunk that draw the same network build it once
    for task in tasks:
        row = {
            "run_id": task.run_id,
            "point": task.point,
            "replicate": task.replicate,
            "seed": task.seed,
            **task.levels,
        }
        try:
            document = point_document(base_document, {**task.assignments, "seed": task.seed})
            result = run(validate(document, f"run {task.run_id}"), networks=networks)
        except Exception as error:  # noqa: BLE001 - recorded, the sweep goes on
            rows.append({**row, "error": f"{type(error).__name__}: {error}"})
            continue
        rows.append({**row, **result.summary, "error": None})
        if timeseries:
            tables.append(result.timeseries.assign(run_id=task.run_id))
    timeseries_table = pd.concat(tables, ignore_index=True) if tables else None
    return ChunkResult(rows, timeseries_table, time.perf_counter() - clock)
