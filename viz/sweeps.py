"""Sweep results: a sweep's report figures and its table of runs, chosen from the server's
runs folder.

The page lists the sweeps under the runs folder the app was started with (``nicsim app
--runs DIR``, default ``runs`` where it started) and opens only one of those: nobody in the
room can make the server read a folder by typing its path.
"""

import os
from pathlib import Path

import pandas as pd
import solara

from viz.server import RUNS_VARIABLE

MAX_ROWS = 500
"""Rows of runs.parquet shown (the table pages through them)."""
MARKERS = ("manifest.json", "runs.parquet")
"""A folder holding either of these is a sweep's output."""


def runs_folder() -> Path:
    """The server's runs folder."""
    return Path(os.environ.get(RUNS_VARIABLE, "runs")).resolve()


def sweep_names(root: Path) -> list[str]:
    """The sweep output folders under ``root``, by their path relative to it."""
    if not root.is_dir():
        return []
    found = {p.parent for marker in MARKERS for p in root.rglob(marker)}
    return sorted(str(folder.relative_to(root)) for folder in found)


def read_sweep(root: Path, name: str) -> tuple[list[Path], pd.DataFrame | None, list[str]]:
    """The report PNGs, runs table (or None) and notes on anything missing of sweep ``name``
    (one of :func:`sweep_names`; anything else is refused)."""
    if name not in sweep_names(root):
        return [], None, [f"{name}: not a sweep in the runs folder"]
    path = root / name
    notes = []
    figures = sorted((path / "report").glob("*.png"))
    if not figures:
        notes.append(f"{name}/report: no report figures (run `nicsim report` on the sweep)")
    runs = None
    if (path / "runs.parquet").is_file():
        try:
            runs = pd.read_parquet(path / "runs.parquet")
        except Exception as error:  # a half-written or foreign file
            notes.append(f"{name}/runs.parquet: cannot be read ({error})")
    else:
        notes.append(f"{name}: no runs.parquet")
    if not (path / "manifest.json").is_file():
        notes.append(f"{name}: no manifest.json")
    return figures, runs, notes


@solara.component
def Page():
    """Choose a sweep of the runs folder; show its figures and runs."""
    root = solara.use_memo(runs_folder, [])
    names = sweep_names(root)
    chosen = solara.use_reactive(None)
    solara.Title("nicsim · sweep results")
    if not names:
        solara.Info(
            f"No sweeps in the runs folder ({root.name}/) yet: run `nicsim sweep` and "
            "`nicsim report` where the app was started, or start it with `--runs FOLDER`.",
            classes=["nicsim-no-sweeps"],
        )
        return
    solara.Select("Sweep", values=names, value=chosen, classes=["nicsim-sweep"])
    if chosen.value not in names:
        return
    figures, runs, notes = read_sweep(root, chosen.value)
    for note in notes:
        solara.Warning(note, dense=True)
    manifest = root / chosen.value / "manifest.json"
    if manifest.is_file():
        with solara.Details("manifest.json"):
            solara.Preformatted(manifest.read_text(encoding="utf-8")[:20_000])
    with solara.Row(style={"flex-wrap": "wrap"}):
        for figure in figures:
            with solara.Column():
                solara.Text(figure.name)
                solara.Image(figure, width="520px")
    if runs is not None:
        solara.Text(f"runs.parquet: {len(runs):,} runs × {runs.shape[1]} columns")
        solara.DataFrame(runs.head(MAX_ROWS), items_per_page=20)
