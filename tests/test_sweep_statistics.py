"""Statistics of a sweep: reproducible bootstrap intervals, indices on replicate means with a
warning when they have not converged, intervals on shares within [0, 1], and the report's
written summary of what mattered most and what didn't."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.test_functions import Ishigami

from analysis.sensitivity import (
    convergence_warnings,
    morris_indices,
    sobol_indices,
    sweep_sensitivity,
)
from analysis.statistics import mean_interval, outcome_interval
from analysis.sweep_design import design_points, problem
from analysis.sweep_results import SweepResults, outcome_table
from analysis.sweep_summary import grid_findings, sensitivity_findings
from scenarios.sweep_schema import SweepFile

PI = float(np.pi)


def spec(method: str, samples: int, names=("x1", "x2", "x3")) -> SweepFile:
    return SweepFile.model_validate(
        {
            "base": "quickstart",
            "seed": 0,
            "design": {"method": method, "samples": samples},
            "parameters": {x: {"low": -PI, "high": PI} for x in names},
        }
    )


def test_sobol_intervals_are_the_same_on_every_call_even_with_seed_0():
    """SALib ignores seed 0 (``if seed:``), so intervals changed between identical calls."""
    sweep = spec("sobol", 64)
    y = Ishigami.evaluate(design_points(sweep).values[["x1", "x2", "x3"]].to_numpy())
    first, second = sobol_indices(problem(sweep), y), sobol_indices(problem(sweep), y)
    pd.testing.assert_frame_equal(first, second)


def test_indices_warn_when_they_have_not_converged_and_not_when_they_have():
    def linear(points):
        x = points.values[["x1", "x2"]].to_numpy()
        return x[:, 0] + 0.3 * x[:, 1]

    for samples, warned in ((8, True), (4096, False)):
        sweep = spec("sobol", samples, names=("x1", "x2"))
        y = linear(design_points(sweep))
        indices = sobol_indices(problem(sweep), y).assign(outcome="y")
        warnings = convergence_warnings(indices)
        assert bool(warnings) is warned, (samples, warnings)
    assert "y: Sobol indices have not converged" in warnings_at(8)


def warnings_at(samples: int) -> str:
    sweep = spec("sobol", samples, names=("x1", "x2"))
    x = design_points(sweep).values[["x1", "x2"]].to_numpy()
    indices = sobol_indices(problem(sweep), x[:, 0] + 0.3 * x[:, 1]).assign(outcome="y")
    return " ".join(convergence_warnings(indices))


def test_morris_warns_when_mu_star_is_uncertain():
    sweep = spec("morris", 4, names=("x1", "x2"))
    points = design_points(sweep)
    rng = np.random.default_rng(1)
    y = points.values["x1"].to_numpy() ** 2 + rng.normal(0, 3, len(points))
    indices = morris_indices(problem(sweep), points.unit, y, 4).assign(outcome="y")
    assert "y: Morris μ* (relative to the largest) have not converged" in " ".join(
        convergence_warnings(indices)
    )


def sobol_results(replicates: int, noise: float) -> tuple[SweepResults, np.ndarray]:
    """A Sobol sweep's results with y = x1 + 0.3 x2 plus noise in each replicate."""
    sweep = spec("sobol", 256, names=("x1", "x2"))
    points = design_points(sweep)
    truth = points.values["x1"].to_numpy() + 0.3 * points.values["x2"].to_numpy()
    rng = np.random.default_rng(0)
    runs = pd.DataFrame(
        {
            "point": np.repeat(np.arange(len(points)), replicates),
            "y": np.repeat(truth, replicates) + rng.normal(0, noise, len(points) * replicates),
        }
    ).assign(error=None)
    manifest = {"design": {"method": "sobol", "second_order": False}, "parameters": ["x1", "x2"]}
    unit = pd.DataFrame(points.unit, columns=["x1", "x2"])
    results = SweepResults(Path("."), manifest, points.values, unit, runs)
    return results, runs.groupby("point")["y"].mean().to_numpy()


def test_sobol_indices_are_computed_on_replicate_means():
    results, means = sobol_results(replicates=10, noise=2.0)
    indices = sweep_sensitivity(results, ["y"])
    expected = sobol_indices({"num_vars": 2, "names": ["x1", "x2"]}, means)
    assert np.allclose(indices["ST"], expected["ST"])
    assert (indices["ST"] <= 1).all()


def test_intervals_on_shares_stay_within_0_and_1():
    """Intervals on shares went above 1."""
    near_one = np.array([1.0, 1.0, 0.9, 1.0, 0.8])
    assert mean_interval(near_one)["high"] > 1  # Student's t alone
    share = outcome_interval("final_adoption_share", near_one)
    assert share["high"] == 1.0 and share["low"] < share["mean"]
    assert outcome_interval("pdsa_cycles", near_one)["high"] > 1  # not a share
    runs = pd.DataFrame(
        {"a": ["x"] * 5, "final_reach": [0.0, 0.0, 0.1, 0.0, 0.0], "error": [None] * 5}
    )
    table = outcome_table(runs, ["a"], ["final_reach"])
    assert table["low"].iloc[0] == 0.0


def grid_runs() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    seeding = np.repeat(["random", "most_connected"], 20)
    p_out = np.tile(np.repeat([0.0, 0.04], 10), 2)
    share = np.where(seeding == "most_connected", 0.6, 0.2) + rng.normal(0, 0.02, 40)
    return pd.DataFrame(
        {"strategy.seeding": seeding, "network.p_out": p_out, "final_adoption_share": share}
    ).assign(error=None)


def test_the_summary_names_what_mattered_most_and_what_made_no_clear_difference():
    results = SweepResults(
        Path("."),
        {"parameters": ["strategy.seeding", "network.p_out"]},
        pd.DataFrame(),
        None,
        grid_runs(),
    )
    (sentence,) = grid_findings(results, ["final_adoption_share"])
    assert sentence.startswith("final_adoption_share: strategy.seeding mattered most, from 0.")
    assert re.search(r"from 0\.(19|20)\d* \(random\) to 0\.(59|60)\d* \(most_connected\)", sentence)
    assert "No clear difference: network.p_out" in sentence


def test_the_summary_of_indices_ranks_them_and_names_the_negligible():
    indices = pd.DataFrame(
        {
            "outcome": "mean_gain",
            "parameter": ["hub.coaching_hours", "pdsa.theta_up", "hub.endorse_belief"],
            "S1": [0.1, 0.6, 0.0],
            "S1_conf": 0.01,
            "ST": [0.2, 0.7, 0.01],
            "ST_conf": 0.01,
        }
    )
    (sentence,) = sensitivity_findings(indices, ["mean_gain"])
    assert sentence.startswith("mean_gain: pdsa.theta_up mattered most (ST 0.70")
    assert "Negligible: hub.endorse_belief (ST below 0.05)" in sentence


def test_the_summary_bins_a_sampled_range_and_keeps_many_listed_levels_whole():
    rng = np.random.default_rng(4)
    coaching = np.tile([5.0, 15.0, 25.0, 35.0], 15) + rng.uniform(0, 1, 60)  # 60 values
    pilots = pd.Categorical([f"pilot {i // 4}" for i in range(60)])  # 15 listed values
    runs = pd.DataFrame(
        {
            "hub.coaching_hours": coaching,
            "strategy.explicit": pilots,
            "mean_gain": 0.01 * coaching + rng.normal(0, 0.01, 60),
        }
    ).assign(error=None)
    parameters = {"parameters": ["hub.coaching_hours", "strategy.explicit"]}
    results = SweepResults(Path("."), parameters, pd.DataFrame(), None, runs)
    (sentence,) = grid_findings(results, ["mean_gain"])
    binned = (
        r"mean_gain: hub.coaching_hours mattered most, from \S+ \(5[.\d]*–5[.\d]*\) to \S+ \(35"
    )
    assert re.match(binned, sentence)
    assert "No clear difference: strategy.explicit" in sentence
