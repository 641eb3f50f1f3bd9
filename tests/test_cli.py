"""The nicsim command end to end, in a real subprocess: outputs, exit codes, messages."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from cli_support import in_process


def nicsim(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "nicsim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_run_writes_the_output_folder(tmp_path):
    done = nicsim(
        "run", "quickstart", "--steps", "20", "--seed", "3", "--out", "out", "--csv", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "adoption.png",
        "events.parquet",
        "provenance.json",
        "scenario.toml",
        "summary.json",
        "timeseries.csv",
        "timeseries.parquet",
    ]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["steps"] == 20 and summary["seed"] == 3
    series = pd.read_parquet(out / "timeseries.parquet")
    assert list(series["step"]) == list(range(21))
    assert "Summary: quickstart" in done.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_the_written_scenario_repeats_the_run(tmp_path):
    first_run = nicsim("run", "quickstart", "--seed", "4", "--out", "a", "-q", cwd=tmp_path)
    assert first_run.returncode == 0, first_run.stderr
    repeat = nicsim("run", "a/scenario.toml", "--out", "b", "-q", cwd=tmp_path)
    assert repeat.returncode == 0, repeat.stderr
    first = pd.read_parquet(tmp_path / "a" / "timeseries.parquet")
    second = pd.read_parquet(tmp_path / "b" / "timeseries.parquet")
    assert first.equals(second)


@pytest.mark.slow
def test_set_overrides_are_applied_and_recorded(tmp_path):
    done = nicsim(
        "run",
        "quickstart",
        "--set",
        "adoption.phi=0.4",
        "--set",
        "steps=5",
        "--out",
        "o",
        "-q",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "phi = 0.4" in (tmp_path / "o" / "scenario.toml").read_text()
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["steps"] == 5


@pytest.mark.parametrize(
    ("args", "files", "fragments"),
    [
        (["run", "quickstart", "--set", "stpes=3"], {}, ["unknown key 'stpes'", "'steps'"]),
        (["run", "quickstart", "--set", "adoption.phi=1.5"], {}, ["adoption.phi=1.5", "[0, 1]"]),
        (["run", "quickstart", "--set", "network.builder=grid"], {}, ["unknown builder", "ring"]),
        (["run", "nosuchpreset"], {}, ["neither a scenario file nor a preset", "quickstart"]),
        (["run", "missing.toml"], {}, ["missing.toml does not exist"]),
        (["run", "bad.toml"], {"bad.toml": "steps = [oops"}, ["bad.toml is not valid TOML"]),
        (["run", "s.toml"], {"s.toml": '[network]\nfile = "nope.graphml"\n'}, ["nope.graphml"]),
        (
            ["run", "s.toml"],
            {"s.toml": '[network]\nfile = "g.graphml"\n', "g.graphml": "<graphml"},
            ["g.graphml"],
        ),
        (
            ["run", "s.toml"],
            {"s.toml": '[network]\nfile = "e.csv"\n', "e.csv": "source,target\n"},
            ["no schools"],
        ),
        (["run", "quickstart", "--steps", "0"], {}, ["--steps"]),
        (["validate", "s.toml"], {"s.toml": "seed = -1\n"}, ["seed=-1"]),
        (["run", "e.toml"], {"e.toml": ""}, ["e.toml is empty", "nicsim show quickstart"]),
        (["run", "e.toml"], {"e.toml": "# to do\n\n"}, ["e.toml is empty"]),
        (["run", "b.toml"], {"b.toml": b"\x89PNG\r\n\x1a\n\x00"}, ["b.toml is not UTF-8 text"]),
        (["run", "t.toml"], {"t.toml": "steps = 10\n[network\n"}, ["t.toml is not valid TOML"]),
        (["sweep", "w.toml"], {"w.toml": b"\xff\xfe"}, ["sweep file w.toml is not UTF-8"]),
        (["sweep", "w.toml"], {"w.toml": 'base = "quickstart"\n[para'}, ["not valid TOML"]),
        (
            ["run", "s.toml"],
            {"s.toml": '[network]\nfile = "g.gexf"\n', "g.gexf": b"\x00\x01binary"},
            ["g.gexf: not a valid GEXF file"],
        ),
        (
            ["run", "s.toml"],
            {
                "s.toml": '[network]\nfile = "e.csv"\nattributes = "a.csv"\n',
                "e.csv": "source,target\na,b\n",
                "a.csv": b"\xff\xfe\x00",
            },
            ["a.csv: not a readable CSV file"],
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(
    tmp_path, monkeypatch, capsys, args, files, fragments
):
    for name, content in files.items():
        if isinstance(content, str):
            content = content.encode()
        (tmp_path / name).write_bytes(content)
    code, _, stderr = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("nicsim: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert not (tmp_path / "runs").exists()


@pytest.mark.slow
def test_a_real_process_reports_bad_input_without_traceback(tmp_path):
    done = nicsim("run", "quickstart", "--set", "adoption.rule=sir", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("nicsim: error: ") and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_validate_and_list(tmp_path):
    scenario = 'name = "mine"\nsteps = 8\n[network]\nbuilder = "ring"\nn = 30\n'
    (tmp_path / "s.toml").write_text(scenario)
    done = nicsim("validate", "s.toml", cwd=tmp_path)
    assert done.returncode == 0 and "valid scenario 'mine'" in done.stdout
    listing = nicsim("list", cwd=tmp_path)
    assert listing.returncode == 0 and "quickstart" in listing.stdout


def test_version(tmp_path, monkeypatch, capsys):
    from importlib import metadata

    code, out, _ = in_process("--version", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and out == f"nicsim {metadata.version('nicsim')}\n"


def test_list_shows_variants_and_example_sweeps_unwrapped_when_piped(tmp_path, monkeypatch, capsys):
    """Captured stdout is not a terminal: every row stays on one line, however long."""
    import scenarios

    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = in_process("list", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    for name in scenarios.preset_names():
        preset = scenarios.load(name)
        for variant in preset.variants:
            assert f"{variant}" in rows[name]
        assert preset.description.split(".")[0].split()[-1] in rows[name]
    for name in scenarios.sweep_names():
        spec = scenarios.load_sweep(name).spec
        assert spec.design.method in rows[name]
        assert spec.description.replace("\n", " ").split("?")[0].split()[-1] in rows[name]
    assert "Example sweeps" in out and "no_hub, intensive_hub, bright_spot_pilots" in out
