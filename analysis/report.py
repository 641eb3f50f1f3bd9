"""The report of a sweep: PNG figures and one self-contained HTML page (images embedded).

It opens with a written summary (``analysis.sweep_summary``): what mattered most for the
headline outcomes, and what didn't, with any warning about the indices. What follows
depends on the design: for grids of values (factorial, random, Latin hypercube), outcome
tables and bars with 95 % CIs by parameter, a heatmap over the first two parameters, and
adoption curves by parameter when per-step tables were kept; for Sobol and Morris designs,
the sensitivity indices (and Morris's μ*–σ plane). Failed runs are counted and listed.
"""

import base64
import html
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis.output import write_folder
from analysis.sensitivity import convergence_warnings, sweep_sensitivity
from analysis.sweep_plots import (
    adoption_bands,
    morris_plane,
    outcome_bars,
    outcome_heatmap,
    sensitivity_bars,
)
from analysis.sweep_results import (
    SweepResults,
    adoption_curves,
    load_sweep_results,
    outcome_table,
)
from analysis.sweep_summary import MAX_LEVELS, grid_findings, sensitivity_findings

HEADLINE = 2
"""Outcomes drawn as figures (the first of the default outcomes present); tables list all."""


def write_report(folder: str | Path) -> tuple[Path, list[str]]:
    """Write ``folder``/report/ (figures and index.html); return the page's path and the
    warnings it gives (e.g. indices that have not converged)."""
    results = load_sweep_results(folder)
    out = results.folder / "report"
    warnings: list[str] = []
    write_folder(out, lambda staging: warnings.extend(_write(results, staging)))
    return out / "index.html", warnings


def _write(results: SweepResults, staging: Path) -> list[str]:
    headline = results.outcomes[:HEADLINE]
    if results.method in ("sobol", "morris"):
        indices = sweep_sensitivity(results, results.outcomes)
        findings, warnings = sensitivity_findings(indices, headline), convergence_warnings(indices)
        details = _sensitivity(results, indices, staging)
    else:
        findings, warnings = grid_findings(results, headline), []
        details = _levels(results, staging)
    headline_warnings = [w for w in warnings if w.split(":")[0] in headline]
    sections = [_summary(findings, headline_warnings), _overview(results), *details]
    page = _PAGE.format(
        title=html.escape(f"Sweep report: {results.manifest['sweep']['name']}"),
        body="\n".join(sections),
    )
    (staging / "index.html").write_text(page, encoding="utf-8")
    return warnings


def _summary(findings: list[str], warnings: list[str]) -> str:
    items = "".join(f"<li>{html.escape(f)}</li>" for f in findings)
    cautions = "".join(f'<li class="warning">{html.escape(w)}</li>' for w in warnings)
    return f"<h2>Summary</h2><ul>{items}{cautions}</ul>"


def _overview(results: SweepResults) -> str:
    manifest, runs = results.manifest, results.runs
    failed = runs[runs["error"].notna()]
    facts = {
        "design": manifest["design"]["method"],
        "parameters": ", ".join(results.parameters),
        "points × replicates": f"{manifest['points']} × {manifest['replicates']}",
        "runs finished": f"{len(runs)} of {manifest['runs']}",
        "runs failed": str(len(failed)),
        "sweep seed": str(manifest["seed"]),
    }
    rows = "".join(f"<tr><th>{k}</th><td>{html.escape(v)}</td></tr>" for k, v in facts.items())
    text = f"<h2>Overview</h2><table>{rows}</table>"
    if len(failed):
        shown = failed[["run_id", *results.parameters, "error"]].head(20)
        text += "<h3>Failed runs (first 20)</h3>" + shown.to_html(index=False)
    return text


def _levels(results: SweepResults, staging: Path) -> list[str]:
    runs, outcomes = results.runs, results.outcomes
    drawn = [p for p in results.parameters if runs[p].nunique() <= MAX_LEVELS]
    sections = []
    for parameter in drawn:
        table = outcome_table(runs, [parameter], outcomes)
        figures = [
            _save(outcome_bars(table, parameter, o), staging, f"bars_{parameter}_{o}")
            for o in outcomes[:HEADLINE]
        ]
        sections.append(
            f"<h2>Outcomes by {html.escape(parameter)}</h2>" + "".join(figures) + _table(table)
        )
    if len(drawn) >= 2:
        x, y = drawn[:2]
        table = outcome_table(runs, [x, y], outcomes)
        figures = [
            _save(outcome_heatmap(table, x, y, o), staging, f"heatmap_{o}")
            for o in outcomes[:HEADLINE]
        ]
        sections.append(f"<h2>{html.escape(x)} × {html.escape(y)}</h2>" + "".join(figures))
    timeseries = results.timeseries()
    if timeseries is not None:
        figures = [
            _save(
                adoption_bands(adoption_curves(runs, timeseries, p), p),
                staging,
                f"adoption_{p}",
            )
            for p in drawn
        ]
        sections.append("<h2>Adoption curves</h2>" + "".join(figures))
    return sections


def _sensitivity(results: SweepResults, indices: pd.DataFrame, staging: Path) -> list[str]:
    drawn = [
        o
        for o in results.outcomes
        if indices.loc[indices["outcome"] == o]
        .drop(columns=["outcome", "parameter"])
        .notna()
        .any()
        .any()
    ]
    figures = [_save(sensitivity_bars(indices, o), staging, f"sensitivity_{o}") for o in drawn]
    if results.method == "morris":
        figures += [_save(morris_plane(indices, o), staging, f"morris_{o}") for o in drawn]
    method = "Sobol indices" if results.method == "sobol" else "Morris elementary effects"
    cautions = "".join(
        f'<li class="warning">{html.escape(w)}</li>' for w in convergence_warnings(indices)
    )
    body = "".join(figures) + (f"<ul>{cautions}</ul>" if cautions else "") + _table(indices)
    return [f"<h2>{method}</h2>" + body]


def _save(figure: Figure, staging: Path, name: str) -> str:
    """Save ``figure`` as name.png and return an <img> with the PNG embedded."""
    path = staging / f"{name.replace('.', '_')}.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(name)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="—")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }}
img {{ max-width: 100%; display: block; margin: 0.5em 0; }}
.warning {{ color: #a33; }}
</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""
