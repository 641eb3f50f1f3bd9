"""A sweep's output folder, written so that no finished run is ever lost.

Layout::

    manifest.json           the experiment (base scenario, parsed sweep) and its hash, seeds,
                            design, versions, timing, counts
    points.parquet          one row per design point: point, parameter values
    unit.parquet            sampling designs: each point's unit coordinates (Sobol, Morris)
    runs/part-NNNNN.parquet finished runs, one file per finished task
    timeseries/part-NNNNN.parquet   per-step tables keyed by run_id (with --timeseries)
    runs.parquet            every finished run, one row each, sorted by run_id
    runs.csv                the same table as CSV (on request)

Every file is written to a temporary name and moved into place with ``os.replace``, which
is atomic, so a killed process leaves only whole files. ``runs.parquet`` is consolidated
from the parts at the end (and on resume); parts merged into it are removed afterwards,
and a run found in both is read once.
"""

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

RUN_COLUMNS = ("run_id", "point", "replicate", "seed")
STRING = pd.StringDtype(na_value=np.nan)


class SweepFolder:
    """The output folder of one sweep."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._next_part = 1 + max(
            (int(p.stem.removeprefix("part-")) for p in self._all_parts()), default=-1
        )

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def exists(self) -> bool:
        """Whether the folder already holds a sweep."""
        return self.manifest_path.is_file()

    def read_manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        self._write(self.manifest_path, json.dumps(manifest, indent=2).encode() + b"\n")

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``name``.parquet at the top of the folder, atomically."""
        self._write_parquet(self.path / f"{name}.parquet", frame)

    def read_table(self, name: str) -> pd.DataFrame | None:
        path = self.path / f"{name}.parquet"
        return pd.read_parquet(path) if path.is_file() else None

    def write_part(self, rows: list[dict[str, Any]], timeseries: pd.DataFrame | None) -> None:
        """Save a finished task: its per-step tables first, then its runs (which mark it done)."""
        number = self._next_part
        self._next_part += 1
        if timeseries is not None:
            self._write_parquet(self._part("timeseries", number), timeseries)
        self._write_parquet(self._part("runs", number), pd.DataFrame(rows))

    def done_run_ids(self) -> set[int]:
        """Ids of the runs already finished (succeeded or failed)."""
        sources = [*self._parts("runs"), self.path / "runs.parquet"]
        ids = [pd.read_parquet(p, columns=["run_id"])["run_id"] for p in sources if p.is_file()]
        return set(pd.concat(ids).tolist()) if ids else set()

    def read_runs(self, parameters: list[str]) -> pd.DataFrame:
        """Every finished run, one row each, sorted by run_id (runs.parquet and any parts).

        Column types depend only on the set of runs, not on how runs were split into tasks,
        so the table is the same for any number of workers and after a resume.
        """
        consolidated = self.path / "runs.parquet"
        sources = [*([consolidated] if consolidated.is_file() else []), *self._parts("runs")]
        frames = [pd.read_parquet(p) for p in sources]
        if not frames:
            return pd.DataFrame(columns=[*RUN_COLUMNS, *parameters, "error"])
        frames.sort(key=lambda f: f["run_id"].min() if len(f) else -1)
        runs = pd.concat(frames, ignore_index=True).drop_duplicates("run_id")
        return _canonical(runs.sort_values("run_id", ignore_index=True), parameters)

    def consolidate(self, parameters: list[str], csv: bool = False) -> pd.DataFrame:
        """Merge finished parts into runs.parquet (atomically; with ``csv`` also runs.csv)
        and return every run."""
        parts = self._parts("runs")
        runs = self.read_runs(parameters)
        self._write_parquet(self.path / "runs.parquet", runs)
        if csv:
            self._write(self.path / "runs.csv", runs.to_csv(index=False).encode())
        for part in parts:
            part.unlink()
        return runs

    def read_timeseries(self) -> pd.DataFrame | None:
        """Every kept per-step table (one row per run and step), or None."""
        frames = [pd.read_parquet(p) for p in self._parts("timeseries")]
        if not frames:
            return None
        table = pd.concat(frames, ignore_index=True)
        table = table.drop_duplicates(["run_id", "step"], keep="last")
        return table.sort_values(["run_id", "step"], ignore_index=True)

    def _part(self, kind: str, number: int) -> Path:
        return self.path / kind / f"part-{number:05d}.parquet"

    def _parts(self, kind: str) -> list[Path]:
        return sorted((self.path / kind).glob("part-*.parquet"))

    def _all_parts(self) -> list[Path]:
        return [*self._parts("runs"), *self._parts("timeseries")]

    def _write_parquet(self, path: Path, frame: pd.DataFrame) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        frame.to_parquet(temporary, index=False)
        os.replace(temporary, path)

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)


def _canonical(runs: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """Fixed column order (ids, parameters, outcomes, error) and value-determined types."""
    outcomes = [c for c in runs.columns if c not in (*RUN_COLUMNS, *parameters, "error")]
    runs = runs[[*RUN_COLUMNS, *parameters, *outcomes, "error"]].copy()
    for name in outcomes:
        if runs[name].dtype == object:
            try:
                runs[name] = pd.to_numeric(runs[name])
            except (ValueError, TypeError):
                runs[name] = runs[name].astype(STRING)
    runs["error"] = runs["error"].astype(STRING)
    return runs
