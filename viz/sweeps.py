"""Sweep results: a sweep's report figures and its table of runs, from an output folder."""

from pathlib import Path

import pandas as pd
import solara

MAX_ROWS = 500
"""Rows of runs.parquet shown (the table pages through them)."""


def read_sweep(folder: str) -> tuple[list[Path], pd.DataFrame | None, list[str]]:
    """The folder's report PNGs, its runs table (or None) and notes on anything missing."""
    path = Path(folder).expanduser()
    if not folder.strip():
        return [], None, ["Enter the path of a sweep output folder."]
    if not path.is_dir():
        return [], None, [f"{path}: no such folder"]
    notes = []
    figures = sorted((path / "report").glob("*.png"))
    if not figures:
        notes.append(f"{path / 'report'}: no report figures (run `nicsim report` on the sweep)")
    runs = None
    if (path / "runs.parquet").is_file():
        try:
            runs = pd.read_parquet(path / "runs.parquet")
        except Exception as error:  # a half-written or foreign file
            notes.append(f"{path / 'runs.parquet'}: cannot be read ({error})")
    else:
        notes.append(f"{path}: no runs.parquet")
    if not (path / "manifest.json").is_file():
        notes.append(f"{path}: no manifest.json")
    return figures, runs, notes


@solara.component
def Page():
    """Open a sweep folder; show its figures and runs."""
    folder = solara.use_reactive("")
    solara.Title("nicsim · sweep results")
    solara.InputText(
        "Sweep output folder", value=folder, continuous_update=False, classes=["nicsim-folder"]
    )
    figures, runs, notes = read_sweep(folder.value)
    for note in notes:
        solara.Warning(note, dense=True)
    manifest = Path(folder.value).expanduser() / "manifest.json"
    if folder.value and manifest.is_file():
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
