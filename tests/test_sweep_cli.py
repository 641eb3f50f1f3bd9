"""The sweep commands a researcher drives: progress that a scheduler's log can show, a dry
run with a time estimate, runs.csv, and repeating one run of a sweep."""

import io
import json
import time

import numpy as np
import pandas as pd
from rich.console import Console

from analysis.sweep import chunked, time_left
from nicsim.sweep_progress import PlainLines, duration, sweep_progress
from tests.cli_support import in_process
from tests.test_sweep_files import GOOD

SWEEP = 'name = "small"\nseed = 2\n' + GOOD


def write(folder):
    path = folder / "small.toml"
    path.write_text(SWEEP)
    return path


def test_without_a_terminal_progress_is_plain_lines_from_start_to_end(
    tmp_path, monkeypatch, capsys
):
    """Nothing was printed when output was not a terminal (under a scheduler)."""
    args = ["sweep", str(write(tmp_path)), "--workers", "1", "--out", "out"]
    code, _, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("small: ")]
    assert lines[0] == "small: 0 of 8 runs (0 %), 0 failed, 0 s so far, estimating the time left"
    assert lines[-1].startswith("small: 8 of 8 runs (100 %), 0 failed, ")
    assert lines[-1].endswith(", done")


def plain(interval: float = 10.0) -> tuple[PlainLines, io.StringIO]:
    stream = io.StringIO()
    return PlainLines(Console(file=stream, width=200), "s", interval), stream


def test_plain_lines_come_at_a_steady_interval_between_updates():
    lines, stream = plain(interval=0.05)
    lines.update(0, 0, 10, None)
    time.sleep(0.6)  # no task finishes meanwhile: the lines still come
    lines.stop()
    assert stream.getvalue().count("s: 0 of 10 runs") >= 3


def test_the_time_left_is_worker_time_per_run_shared_among_the_workers():
    """The ETA was nonsense: start-up and chunks arriving in bursts threw it."""
    assert time_left(remaining=40, run_seconds=20.0, runs=10, workers=2) == 40.0
    lines, _ = plain()
    lines.update(60, 1, 100, 228.0)
    assert lines.line().startswith("s: 60 of 100 runs (60 %), 1 failed, 0 s so far")
    assert lines.line().endswith(", about 3 min 48 s left")
    lines.update(100, 1, 100, 0.0)
    assert lines.line().endswith(", done")
    assert duration(3 * 3600 + 5 * 60) == "3 h 05 min" and duration(59.4) == "59 s"


def test_a_dry_run_counts_runs_and_estimates_time_and_writes_nothing(tmp_path, monkeypatch, capsys):
    args = ["sweep", str(write(tmp_path)), "--workers", "2", "--out", "out", "--dry-run"]
    code, out, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "small: 4 points × 2 replicates = 8 runs, 8 to compute" in out
    assert "calibration: 3 runs here took " in out
    assert "estimate: about " in out and " on 2 local processes" in out
    assert not (tmp_path / "out").exists()


def test_csv_beside_parquet_and_a_rerun_repeats_a_run_exactly(tmp_path, monkeypatch, capsys):
    args = ["sweep", str(write(tmp_path)), "--workers", "2", "--out", "out", "--csv", "-q"]
    assert in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    from_csv = pd.read_csv(tmp_path / "out" / "runs.csv")
    assert from_csv["run_id"].tolist() == runs["run_id"].tolist()
    assert np.allclose(from_csv["final_adoption_share"], runs["final_adoption_share"])
    assert from_csv["strategy.seeding"].tolist() == runs["strategy.seeding"].tolist()

    code, _, err = in_process(
        "rerun", "out", "5", "-q", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "reruns" / "run-5" / "summary.json").read_text())
    row = runs.set_index("run_id").loc[5]
    assert row["replicate"] == 1 and summary["seed"] == row["seed"]
    for key, value in summary.items():
        expected = row[key]
        if value is None:
            assert pd.isna(expected), key
        else:
            assert value == expected, key
    assert (tmp_path / "out" / "reruns" / "run-5" / "scenario.toml").is_file()


def test_rerun_of_a_run_not_in_the_sweep_is_one_line(tmp_path, monkeypatch, capsys):
    args = ["sweep", str(write(tmp_path)), "--workers", "1", "--out", "out", "-q"]
    assert in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    code, _, err = in_process(
        "rerun", "out", "8", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and err.count("\n") == 1 and "holds runs 0 to 7" in err


def test_on_a_terminal_progress_is_a_bar_with_the_time_left():
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    with sweep_progress(console, "small") as update:
        update(4, 0, 8, None)  # resumed with 4 runs done
        update(6, 0, 8, 75.0)
        assert "about 1 min 15 s left" in stream.getvalue()
        update(8, 1, 8, 0.0)
    shown = stream.getvalue()
    assert "small" in shown and "8/8" in shown and "1 failed" in shown


def test_each_worker_first_gets_a_single_run_so_progress_starts_promptly():
    """The first update of a 3,600-run sweep came after about 20 s (16-run chunks)."""
    chunks = list(chunked(list(range(3600)), workers=2))
    assert [len(c) for c in chunks[:3]] == [1, 1, 16]
    assert sum(chunks, []) == list(range(3600))


def test_the_sweep_summary_is_unwrapped_when_piped_and_a_rerun_keeps_an_existing_folder(
    tmp_path, monkeypatch, capsys
):
    """Captured stdout is not a terminal: the summary's lines stay whole however narrow
    the terminal would be; a rerun refuses to replace its folder unless --force."""
    monkeypatch.setenv("COLUMNS", "40")
    out = "a_sweep_folder_with_a_name_longer_than_forty_columns"
    args = ["sweep", str(write(tmp_path)), "--workers", "1", "--out", out]
    code, printed, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert f"Output written to {out}" in printed.splitlines()

    rerun = ["rerun", out, "3", "-q"]
    assert in_process(*rerun, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    code, _, err = in_process(*rerun, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "--force" in err
    forced = [*rerun, "--force"]
    assert in_process(*forced, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)[0] == 0
