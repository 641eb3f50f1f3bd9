"""A resume refuses a changed experiment, naming what changed, whether the change is in the
sweep or in its base scenario; a change that alters no run (a comment) does not block it."""

from pathlib import Path

import pandas as pd

from tests.cli_support import in_process

BASE = """
name = "base"
steps = 15
seed = 1
[network]
builder = "district_clusters"
n_districts = 3
schools_per_district = 8
p_in = 0.3
p_out = 0.02
[adoption]
rule = "threshold"
phi = 0.25
[strategy]
count = 2
"""
SWEEP = """
name = "resumable"
base = "base.toml"
seed = 3
replicates = 1
[parameters]
"adoption.phi" = [0.1, 0.3]
"""


def write(folder: Path) -> Path:
    (folder / "base.toml").write_text(BASE)
    path = folder / "sweep.toml"
    path.write_text(SWEEP)
    return path


def sweep(path: Path, cwd: Path, monkeypatch, capsys, *extra: str):
    args = ["sweep", str(path), "--workers", "1", "--out", "out", "--quiet", *extra]
    return in_process(*args, cwd=cwd, monkeypatch=monkeypatch, capsys=capsys)


def test_an_edited_base_scenario_is_refused_by_name(tmp_path, monkeypatch, capsys):
    """A resume once finished 24 runs from the old base and 72 from the new one."""
    path = write(tmp_path)
    assert sweep(path, tmp_path, monkeypatch, capsys)[0] == 0
    (tmp_path / "base.toml").write_text(BASE.replace("p_out = 0.02", "p_out = 0.05"))
    code, _, err = sweep(path, tmp_path, monkeypatch, capsys, "--resume")
    assert code == 2 and err.count("\n") == 1
    assert "base scenario network.p_out: 0.02 → 0.05" in err


def test_a_changed_sweep_is_refused_by_name(tmp_path, monkeypatch, capsys):
    path = write(tmp_path)
    assert sweep(path, tmp_path, monkeypatch, capsys)[0] == 0
    path.write_text(SWEEP.replace("[0.1, 0.3]", "[0.1, 0.2]").replace("seed = 3", "seed = 4"))
    code, _, err = sweep(path, tmp_path, monkeypatch, capsys, "--resume")
    assert code == 2 and err.count("\n") == 1
    assert "sweep parameters.adoption.phi: [0.1, 0.3] → [0.1, 0.2]" in err
    assert "sweep seed: 3 → 4" in err


def test_a_comment_or_new_description_does_not_block_a_resume(tmp_path, monkeypatch, capsys):
    path = write(tmp_path)
    assert sweep(path, tmp_path, monkeypatch, capsys)[0] == 0
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    path.write_text(
        "# tried again after lunch\n"
        + SWEEP.replace("seed = 3", 'seed = 3  # as before\ndescription = "the same experiment"')
    )
    code, _, err = sweep(path, tmp_path, monkeypatch, capsys, "--resume")
    assert code == 0, err
    assert pd.read_parquet(tmp_path / "out" / "runs.parquet").equals(runs)
