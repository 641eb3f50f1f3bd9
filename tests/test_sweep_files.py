"""Sweep files: examples load, and bad files end in one line and exit code 2."""

import pytest

from nicsim.cli import main
from scenarios.sweep_schema import load_sweep, sweep_names

GOOD = """
base = "seeding_strategies"
replicates = 2
[overrides]
steps = 20
"network.n_districts" = 3
"network.schools_per_district" = 10
[parameters]
"strategy.seeding" = ["random", "most_connected"]
"hub.coaching_hours" = { low = 0.0, high = 20.0, num = 2 }
"""


def run_cli(args, monkeypatch, capsys, cwd):
    monkeypatch.chdir(cwd)
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return exit_info.value.code, capsys.readouterr().err


def test_example_sweeps_load_and_are_listed():
    assert {"quick", "seeding_vs_structure", "hub_intensity_sensitivity"} <= set(sweep_names())
    for name in sweep_names():
        assert load_sweep(name).spec.parameters


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("replicates = 2", "replicats = 2"),
            "unknown key 'replicats' (did you mean 'replicates'?)",
        ),
        (('"hub.coaching_hours"', '"hub.coaching_hourz"'), "hub.coaching_hourz"),
        (('"strategy.seeding" = ["random"', '"strategy.seeding" = ["randomly"'), "randomly"),
        (("[parameters]", '[design]\nmethod = "sobl"\n[parameters]'), "design.method='sobl'"),
        (("low = 0.0, high = 20.0", "low = 30.0, high = 20.0"), "low (30.0) must be below high"),
        (('base = "seeding_strategies"', 'base = "no_such_preset"'), "no_such_preset"),
        (("[parameters]", '[design]\nmethod = "sobol"\nsamples = 6\n[parameters]'), "power of 2"),
    ],
)
def test_bad_sweep_files_give_one_line_and_exit_2(tmp_path, monkeypatch, capsys, change, expected):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change))
    code, err = run_cli(["sweep", str(path), "--out", "out"], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("nicsim: error:")
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing ran


def test_workers_and_scheduler_exclude_each_other(tmp_path, monkeypatch, capsys):
    path = tmp_path / "good.toml"
    path.write_text(GOOD)
    args = ["sweep", str(path), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]
    code, err = run_cli(args, monkeypatch, capsys, tmp_path)
    assert code == 2 and "not both" in err
