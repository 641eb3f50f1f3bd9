"""Sobol and Morris indices: right on the Ishigami function, produced end to end on the model;
the report of a sweep is written with its figures embedded."""

import numpy as np
import pytest
from SALib.test_functions import Ishigami

from analysis.report import write_report
from analysis.sensitivity import sobol_indices, sweep_sensitivity
from analysis.sweep import prepare, run_sweep
from analysis.sweep_design import design_points, problem
from analysis.sweep_executors import local_executor
from analysis.sweep_results import load_sweep_results, outcome_table
from scenarios.sweep_schema import SweepFile, load_sweep

PI = float(np.pi)


def test_sobol_indices_of_the_ishigami_function():
    """Ishigami & Homma (1990): S1 = 0.314, 0.442, 0 (a = 7, b = 0.1), as SALib checks."""
    spec = SweepFile.model_validate(
        {
            "base": "quickstart",
            "seed": 1,
            "design": {"method": "sobol", "samples": 1024},
            "parameters": {x: {"low": -PI, "high": PI} for x in ("x1", "x2", "x3")},
        }
    )
    points = design_points(spec)
    assert len(points.values) == 1024 * 5
    y = Ishigami.evaluate(points.values[["x1", "x2", "x3"]].to_numpy())
    indices = sobol_indices(problem(spec), y)
    assert indices["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.05)
    assert indices["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.06)


MODEL_SWEEP = """
base = "seeding_strategies"
seed = 4
[overrides]
steps = 30
"network.n_districts" = 3
"network.schools_per_district" = 10
"strategy.count" = 4
[design]
method = "{method}"
samples = {samples}
[parameters]
"hub.coaching_hours" = {{ low = 0.0, high = 40.0 }}
"pdsa.theta_up" = {{ low = 0.6, high = 0.95 }}
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "samples", "index"), [("sobol", 8, "ST"), ("morris", 4, "mu_star")]
)
def test_indices_of_a_model_sweep_end_to_end(tmp_path, method, samples, index):
    path = tmp_path / "sensitivity.toml"
    path.write_text(MODEL_SWEEP.format(method=method, samples=samples))
    sweep = load_sweep(path)
    with local_executor(2) as executor:
        run_sweep(sweep, prepare(sweep), tmp_path / "out", executor, 2)
    results = load_sweep_results(tmp_path / "out")
    indices = sweep_sensitivity(results, ["pdsa_cycles", "mean_gain"])
    assert set(indices["parameter"]) == {"hub.coaching_hours", "pdsa.theta_up"}
    assert indices[index].notna().all()
    page, warnings = write_report(tmp_path / "out")
    text = page.read_text()
    assert "data:image/png;base64," in text
    assert text.index("<h2>Summary</h2>") < text.index("<h2>Overview</h2>")
    assert "mattered most" in text
    assert warnings and all("have not converged" in w for w in warnings)  # 8 or 4 samples
    assert list((tmp_path / "out" / "report").glob("sensitivity_*.png"))
    if method == "morris":
        assert list((tmp_path / "out" / "report").glob("morris_*.png"))


GRID_SWEEP = """
base = "seeding_strategies"
seed = 4
replicates = 3
timeseries = true
[overrides]
steps = 30
"network.n_districts" = 3
"network.schools_per_district" = 10
"strategy.count" = 4
[parameters]
"hub.coaching_hours" = [0.0, 40.0]
"pdsa.theta_up" = [0.6, 0.95]
"""


@pytest.mark.slow
def test_outcome_tables_and_the_report_of_a_factorial_sweep(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_text(GRID_SWEEP)
    sweep = load_sweep(path)
    with local_executor(2) as executor:
        run_sweep(sweep, prepare(sweep), tmp_path / "out", executor, 2)
    results = load_sweep_results(tmp_path / "out")
    table = outcome_table(results.runs, ["hub.coaching_hours"], ["mean_gain"])
    assert len(table) == 2 and (table["runs"] == 6).all()
    assert (table["low"] <= table["mean"]).all() and (table["mean"] <= table["high"]).all()
    page, warnings = write_report(tmp_path / "out")
    text = page.read_text()
    assert text.index("<h2>Summary</h2>") < text.index("<h2>Overview</h2>")
    assert "<li>final_adoption_share: " in text and not warnings
    names = {p.name for p in (tmp_path / "out" / "report").glob("*.png")}
    assert any(n.startswith("heatmap_") for n in names)
    assert any(n.startswith("adoption_") for n in names)
    assert any(n.startswith("bars_") for n in names)
