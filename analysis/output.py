"""A run's output folder, written whole or not at all (DESIGN.md's contract).

The folder holds ``summary.json``, ``timeseries.parquet`` (and ``timeseries.csv`` on
request), ``ideas.parquet`` (PDSA: schools in each status per idea and step),
``events.parquet`` (the event log, unless switched off), ``scenario.toml`` (the
resolved scenario, so the run can be repeated), the adoption curve as ``adoption.png``,
and ``provenance.json`` (versions, seed, command). Everything is written to a temporary
folder beside the target, which is renamed into place only when complete: an interrupted
run never leaves a folder that looks finished.
"""

import json
import platform
import shutil
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from analysis.compare import Comparison
from analysis.runner import RunResult
from scenarios import to_toml

PROVENANCE_PACKAGES = ("nicsim", "mesa", "numpy", "scipy", "networkx", "pandas")


def write_run(result: RunResult, out_dir: Path, csv: bool = False, command: str = "") -> Path:
    """Write a finished run to ``out_dir`` (replacing a previous one there) and return it."""
    return write_folder(out_dir, lambda folder: _write_run(result, folder, csv, command))


def write_comparison(
    comparison: Comparison, labels: dict[str, str], out_dir: Path, command: str = ""
) -> Path:
    """Write a comparison: comparison.csv, adoption curves (compare.png), both scenarios."""

    def contents(folder: Path) -> None:
        comparison.table().to_csv(folder / "comparison.csv", index=False)
        curves = comparison.curves()
        curves.to_csv(folder / "curves.csv", index=False)
        _save_figure(folder / "compare.png", lambda plots: plots.compared_curves(curves, labels))
        (folder / "a.toml").write_text(to_toml(comparison.a[0].scenario))
        (folder / "b.toml").write_text(to_toml(comparison.b[0].scenario))
        provenance = _provenance(comparison.a[0], command)
        provenance["replicate_seeds"] = [r.scenario.seed for r in comparison.a]
        (folder / "provenance.json").write_text(json.dumps(provenance, indent=2))

    return write_folder(out_dir, contents)


def write_folder(out_dir: Path, contents: Callable[[Path], None]) -> Path:
    """Fill a new folder with ``contents`` and move it to ``out_dir`` only once complete."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        contents(staging)
        _replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _write_run(result: RunResult, folder: Path, csv: bool, command: str) -> None:
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
    (folder / "provenance.json").write_text(json.dumps(_provenance(result, command), indent=2))


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


def _provenance(result: RunResult, command: str) -> dict:
    return {
        "command": command,
        "seed": result.scenario.seed,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": {name: metadata.version(name) for name in PROVENANCE_PACKAGES},
    }


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
