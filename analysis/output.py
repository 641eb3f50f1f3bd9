"""A run's output folder, written whole or not at all (the run folder described in README.md).

The folder holds ``summary.json``, ``timeseries.parquet`` (and ``timeseries.csv`` on
request), ``ideas.parquet`` (PDSA: schools in each status per idea and step),
``events.parquet`` (the event log, unless switched off), ``scenario.toml`` (the
resolved scenario, so the run can be repeated), the adoption curve as ``adoption.png``,
and ``provenance.json`` (seed, command, start and wall time, host, code revision and
versions: ``analysis.provenance``). Everything is written to a staging folder beside the
target, which is renamed into place only when complete: an interrupted run never leaves a
folder that looks finished. Folders and files get the permissions the user's umask gives.
"""

import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from analysis.compare import Comparison
from analysis.provenance import Invocation, provenance
from analysis.runner import RunResult
from scenarios import to_toml
from simulation.errors import InputError


def write_run(
    result: RunResult, out_dir: Path, csv: bool = False, invocation: Invocation | None = None
) -> Path:
    """Write a finished run to ``out_dir`` (replacing a previous one there) and return it.

    ``invocation`` is the command that made the run, for provenance.json (default: none,
    started now).
    """
    invocation = invocation or Invocation()
    return write_folder(out_dir, lambda folder: _write_run(result, folder, csv, invocation))


def write_comparison(
    comparison: Comparison,
    labels: dict[str, str],
    out_dir: Path,
    invocation: Invocation | None = None,
) -> Path:
    """Write a comparison: comparison.csv, adoption curves (compare.png), both scenarios."""

    def contents(folder: Path) -> None:
        comparison.table().to_csv(folder / "comparison.csv", index=False)
        curves = comparison.curves()
        curves.to_csv(folder / "curves.csv", index=False)
        _save_figure(folder / "compare.png", lambda plots: plots.compared_curves(curves, labels))
        (folder / "a.toml").write_text(to_toml(comparison.a[0].scenario))
        (folder / "b.toml").write_text(to_toml(comparison.b[0].scenario))
        seeds = [r.scenario.seed for r in comparison.a]
        record = {**provenance(invocation or Invocation()), "replicate_seeds": seeds}
        (folder / "provenance.json").write_text(json.dumps(record, indent=2))

    return write_folder(out_dir, contents)


def write_folder(out_dir: Path, contents: Callable[[Path], None]) -> Path:
    """Fill a new folder with ``contents`` and move it to ``out_dir`` only once complete."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.{uuid.uuid4().hex[:12]}")
    try:
        staging.mkdir()  # honours the umask, unlike tempfile.mkdtemp's private 0o700
    except OSError as error:
        raise InputError(f"cannot write {out_dir}: {error.strerror}") from None
    try:
        contents(staging)
        _replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _write_run(result: RunResult, folder: Path, csv: bool, invocation: Invocation) -> None:
    (folder / "summary.json").write_text(json.dumps(result.summary, indent=2) + "\n")
    result.timeseries.to_parquet(folder / "timeseries.parquet", index=False)
    if csv:
        result.timeseries.to_csv(folder / "timeseries.csv", index=False)
    if result.ideas is not None:
        result.ideas.to_parquet(folder / "ideas.parquet", index=False)
    if result.scenario.outputs.events:
        result.events.to_parquet(folder / "events.parquet", index=False)
    (folder / "scenario.toml").write_text(to_toml(result.scenario))
    title = f"{result.scenario.name}: adoption"
    _save_figure(
        folder / "adoption.png", lambda plots: plots.adoption_curve(result.timeseries, title)
    )
    record = {**provenance(invocation), "seed": result.scenario.seed}
    (folder / "provenance.json").write_text(json.dumps(record, indent=2))


def _save_figure(path: Path, draw: Callable) -> None:
    """Save the figure ``draw(analysis.plots)`` as a PNG.

    matplotlib is imported here, when the figure is drawn: it takes about a second, which
    a run's first step should not wait for.
    """
    import matplotlib.pyplot as plt

    from analysis import plots

    figure = draw(plots)
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _replace(staging: Path, target: Path) -> None:
    """Move the finished staging folder to ``target``, replacing an older run there."""
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)
