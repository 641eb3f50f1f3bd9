"""`nicsim compare`: two designs, the same replicate seeds, a table with CIs and a plot."""

import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_support import in_process

import scenarios
from analysis import compare
from analysis.compare import OUTCOMES
from analysis.replicates import replicate_seeds
from nicsim.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLUMNS = [
    "outcome",
    "A_mean",
    "A_low",
    "A_high",
    "B_mean",
    "B_low",
    "B_high",
    "difference",
    "difference_low",
    "difference_high",
]


@pytest.fixture(scope="module")
def seeding_comparison(tmp_path_factory) -> tuple[Path, str]:
    """Random pilots against one whole district as pilots: 3 replicates of 30 weeks."""
    folder = tmp_path_factory.mktemp("compare")
    args = ["compare", "seeding_strategies", "seeding_strategies:clustered_pilot"]
    args += ["--replicates", "3", "--steps", "30", "--out", "cmp"]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(folder)
        try:
            main(args)
        except SystemExit as exit_:
            assert exit_.code == 0
    return folder / "cmp"


def test_compare_writes_the_table_the_plot_and_both_scenarios(seeding_comparison):
    assert sorted(p.name for p in seeding_comparison.iterdir()) == [
        "a.toml",
        "b.toml",
        "compare.png",
        "comparison.csv",
        "curves.csv",
        "provenance.json",
    ]
    assert not [p for p in seeding_comparison.parent.iterdir() if p.name.startswith(".")]


def test_the_table_has_every_outcome_with_confidence_intervals(seeding_comparison):
    table = pd.read_csv(seeding_comparison / "comparison.csv")
    assert list(table.columns) == COLUMNS
    assert {"final_adoption_share", "final_reach", "mean_gain", "pdsa_cycles"} <= set(
        table["outcome"]
    )
    assert set(table["outcome"]) <= set(OUTCOMES)
    full = table.dropna(subset=["A_mean", "B_mean"])
    for design in "AB":  # an interval needs two replicates with a value
        defined = full.dropna(subset=[f"{design}_low"])
        low, mean, high = (defined[f"{design}_{part}"] for part in ("low", "mean", "high"))
        assert (low <= mean + 1e-12).all() and (mean <= high + 1e-12).all()
    np.testing.assert_allclose(full["difference"], full["B_mean"] - full["A_mean"], atol=1e-12)
    share = table.set_index("outcome").loc["final_adoption_share"]
    assert 0 <= share["A_mean"] <= 1 and 0 <= share["B_mean"] <= 1


def test_the_plot_is_a_png_of_both_curves(seeding_comparison):
    image = (seeding_comparison / "compare.png").read_bytes()
    assert image.startswith(PNG_SIGNATURE) and len(image) > 10_000
    curves = pd.read_csv(seeding_comparison / "curves.csv")
    assert sorted(curves["design"].unique()) == ["A", "B"]
    assert curves.groupby("design")["step"].max().tolist() == [30, 30]
    assert (curves["low"] <= curves["mean"] + 1e-12).all()
    assert (curves["mean"] <= curves["high"] + 1e-12).all()


def test_both_designs_get_the_same_replicate_seeds(seeding_comparison):
    provenance = json.loads((seeding_comparison / "provenance.json").read_text())
    seed = scenarios.load("seeding_strategies").seed
    assert provenance["replicate_seeds"] == replicate_seeds(seed, 3)
    a = tomllib.loads((seeding_comparison / "a.toml").read_text())
    b = tomllib.loads((seeding_comparison / "b.toml").read_text())
    assert a["seed"] == b["seed"] == provenance["replicate_seeds"][0]
    assert a["steps"] == b["steps"] == 30
    assert a["strategy"]["seeding"] == "random"
    assert b["strategy"]["seeding"] == "clustered_pilot"
    assert b["name"] == "seeding_strategies-clustered_pilot"


def test_common_random_numbers_make_a_design_against_itself_a_tie():
    design = scenarios.load("carnegie_nic", ["steps=20"])
    comparison = compare(design, design, replicates=3, seed=11)
    table = comparison.table()
    assert (table["difference"].fillna(0) == 0).all()
    for a, b in zip(comparison.a, comparison.b, strict=True):
        assert a.scenario.seed == b.scenario.seed
        pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    seeds = [r.scenario.seed for r in comparison.a]
    assert seeds == replicate_seeds(11, 3) and len(set(seeds)) == 3


def test_set_b_changes_design_b_only(tmp_path, monkeypatch, capsys):
    args = ["compare", "quickstart", "quickstart", "--set-b", "adoption.phi=0.1"]
    args += ["--set", "steps=15", "-r", "2", "--seed", "5", "--out", "phi"]
    code, out, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    a = tomllib.loads((tmp_path / "phi" / "a.toml").read_text())
    b = tomllib.loads((tmp_path / "phi" / "b.toml").read_text())
    assert a["adoption"]["phi"] == 0.25 and b["adoption"]["phi"] == 0.1
    assert a["steps"] == b["steps"] == 15  # --set applies to both
    provenance = json.loads((tmp_path / "phi" / "provenance.json").read_text())
    assert provenance["replicate_seeds"] == replicate_seeds(5, 2)
    assert "adoption.phi=0.1" in out and "B − A" in out
    table = pd.read_csv(tmp_path / "phi" / "comparison.csv").set_index("outcome")
    # a lower threshold never spreads less on the same network from the same seeds
    assert table.loc["final_adoption_share", "difference"] >= 0


def test_set_a_and_the_default_output_folder(tmp_path, monkeypatch, capsys):
    args = ["compare", "quickstart", "quickstart", "--set-a", "strategy.count=1"]
    args += ["--steps", "5", "-r", "2", "-q"]
    code, out, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert out == "" and err == ""
    folder = tmp_path / "runs" / "quickstart-vs-quickstart"
    a = tomllib.loads((folder / "a.toml").read_text())
    assert a["strategy"]["count"] == 1


def test_a_single_replicate_is_refused(tmp_path, monkeypatch, capsys):
    args = ["compare", "quickstart", "quickstart", "-r", "1"]
    code, _, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "--replicates" in err
    assert not (tmp_path / "runs").exists()


@pytest.mark.slow
def test_the_paired_difference_interval_is_narrower_than_either_design_s(tmp_path):
    """Common random numbers: the paired B − A interval of a small change of a decision
    threshold is narrower than the spread of A or B alone (the reason to compare designs
    with the same seeds). A change of the hub's schedule shifts every later random draw
    (one stream per run), and its paired interval is then no narrower."""
    from analysis import compare
    from scenarios import load

    a = load("carnegie_nic", ["steps=40"])
    b = load("carnegie_nic", ["steps=40", "pdsa.theta_up=0.78"])
    row = compare(a, b, replicates=6).table().set_index("outcome").loc["pdsa_cycles"]
    assert row["difference_high"] - row["difference_low"] < row["A_high"] - row["A_low"]
