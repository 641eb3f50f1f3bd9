"""Sweeps run the same on 1 worker, 2 workers and a Dask cluster; lose nothing when killed;
record failing runs and go on."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import pandas as pd
import psutil
import pytest
from distributed import LocalCluster

from analysis.sweep import prepare, run_sweep
from analysis.sweep_executors import local_executor, open_executor
from analysis.sweep_store import SweepFolder
from nicsim.cli import main
from scenarios.sweep_schema import load_sweep

ROOT = Path(__file__).resolve().parents[1]
TINY = """
name = "tiny"
base = "seeding_strategies"
seed = 5
replicates = {replicates}
[overrides]
steps = 25
"network.n_districts" = 3
"network.schools_per_district" = 10
"strategy.count" = 3
[parameters]
"strategy.seeding" = ["random", "most_connected"]
"hub.coaching_hours" = {{ low = 0.0, high = 20.0, num = {levels} }}
"""


def write_sweep(folder: Path, replicates: int = 3, levels: int = 2) -> Path:
    path = folder / "tiny.toml"
    path.write_text(TINY.format(replicates=replicates, levels=levels))
    return path


def sweep_with(executor, workers: int, path: Path, out: Path, resume: bool = False) -> pd.DataFrame:
    sweep = load_sweep(path)
    run_sweep(sweep, prepare(sweep), out, executor, workers, resume=resume)
    return pd.read_parquet(out / "runs.parquet").sort_values("run_id", ignore_index=True)


@pytest.mark.slow
def test_one_worker_two_workers_and_dask_give_identical_runs(tmp_path):
    path = write_sweep(tmp_path)
    with local_executor(1) as executor:
        one = sweep_with(executor, 1, path, tmp_path / "one")
    with local_executor(2) as executor:
        two = sweep_with(executor, 2, path, tmp_path / "two")
    environ = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    with (
        dask.config.set(environ),
        LocalCluster(
            host="127.0.0.1",
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        open_executor(scheduler=cluster.scheduler_address) as (executor, workers, _),
    ):
        on_dask = sweep_with(executor, workers, path, tmp_path / "dask")
    assert len(one) == 12 and one["error"].isna().all()
    assert one["run_id"].tolist() == list(range(12))
    assert one.equals(two)
    assert one.equals(on_dask)
    # common random numbers: replicate r has the same seed at every point
    assert one.groupby("replicate")["seed"].nunique().eq(1).all()


@pytest.mark.slow
def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch, capsys):
    path = write_sweep(tmp_path, replicates=2)
    text = path.read_text().replace(
        '"hub.coaching_hours" = { low = 0.0, high = 20.0, num = 2 }',
        '"strategy.count" = [3, 100]',  # validates, but the network has only 30 schools
    )
    path.write_text(text)
    monkeypatch.chdir(tmp_path)
    main(["sweep", str(path), "--workers", "1", "--out", "out"])
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    failed = runs[runs["error"].notna()]
    assert len(runs) == 8 and len(failed) == 4
    assert (failed["strategy.count"] == 100).all()
    assert failed["error"].str.contains("30 schools").all()
    assert runs.loc[runs["error"].isna(), "final_adoption_share"].notna().all()
    err = capsys.readouterr().err
    assert "4 of 8 runs failed" in err


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> pd.DataFrame:
    """The uninterrupted sweep the interrupted ones must end up equal to."""
    folder = tmp_path_factory.mktemp("reference")
    path = write_sweep(folder, replicates=5, levels=4)
    with local_executor(2) as executor:
        return sweep_with(executor, 2, path, folder / "out")


def start_sweep(path: Path, out: Path, workers: int = 2) -> subprocess.Popen:
    """``nicsim sweep`` as a process of its own (so it can be sent real signals)."""
    command = [sys.executable, "-m", "nicsim", "sweep", str(path), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--workers", str(workers), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_parts(process: subprocess.Popen, out: Path, parts: int) -> list[psutil.Process]:
    """Wait until ``parts`` tasks are saved; return the sweep's descendant processes
    (its pool's fork server and workers)."""
    deadline = time.monotonic() + 120
    while len(list((out / "runs").glob("part-*.parquet"))) < parts:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2  # the fork server and at least one worker
    return workers


def assert_all_gone(processes: list[psutil.Process]) -> None:
    """Every process has exited (a zombie waiting for its new parent counts as gone)."""
    _, alive = psutil.wait_procs(processes, timeout=30)
    running = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not running, [p.cmdline() for p in running]


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_killed_sweep_leaves_no_workers_and_resumes_without_losing_or_repeating_runs(
    tmp_path, reference, signal_number
):
    path = write_sweep(tmp_path, replicates=5, levels=4)
    out = tmp_path / "out"
    process = start_sweep(path, out)
    workers = wait_for_parts(process, out, 3)
    process.send_signal(signal_number)
    code = process.wait(timeout=60)
    assert_all_gone(workers)
    finished = SweepFolder(out).read_runs(["strategy.seeding", "hub.coaching_hours"])
    assert 0 < len(finished) < len(reference)
    if signal_number == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:  # stopped cleanly: the runs still computing were kept, the table consolidated
        assert code == {signal.SIGINT: 130, signal.SIGTERM: 143}[signal_number]
        assert ("interrupted" if signal_number == signal.SIGINT else "terminated") in (
            process.stderr.read()
        )
        assert len(pd.read_parquet(out / "runs.parquet")) == len(finished)
        assert not list((out / "runs").glob("part-*.parquet"))

    with local_executor(2) as executor:
        resumed = sweep_with(executor, 2, path, out, resume=True)
    assert resumed["run_id"].is_unique
    assert resumed.equals(reference)
    kept = resumed.set_index("run_id").loc[finished["run_id"]].reset_index()
    assert kept.equals(finished)


ENDLESS = """
name = "endless"
base = "seeding_strategies"
seed = 5
replicates = 3
[overrides]
"network.n_districts" = 3
"network.schools_per_district" = 10
"strategy.count" = 3
[parameters]
# the first point's runs take a moment; the others far longer than this test waits
steps = [2, 100000]
"""


@pytest.mark.slow
@pytest.mark.parametrize("first", [signal.SIGINT, signal.SIGTERM])
def test_a_second_interrupt_stops_at_once_without_waiting_for_running_runs(tmp_path, first):
    """A second Ctrl-C took 4-11 s, and once hung for over 10 minutes."""
    path = tmp_path / "endless.toml"
    path.write_text(ENDLESS)
    out = tmp_path / "out"
    process = start_sweep(path, out)
    workers = wait_for_parts(process, out, 3)  # now both workers are in endless runs
    process.send_signal(first)
    time.sleep(0.5)
    assert process.poll() is None  # waiting for the running runs, as the first asks
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=60)  # an endless run would take hours
    assert code == 130
    assert_all_gone(workers)
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs["run_id"].tolist() == [0, 1, 2]  # consolidated; the endless runs dropped


def test_resume_refuses_a_different_sweep_and_new_runs_refuse_a_full_folder(
    tmp_path, monkeypatch, capsys
):
    path = write_sweep(tmp_path, replicates=1)
    monkeypatch.chdir(tmp_path)
    main(["sweep", str(path), "--workers", "1", "--out", "out", "--quiet"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", str(path), "--workers", "1", "--out", "out"])
    assert exit_info.value.code == 2 and "--resume" in capsys.readouterr().err
    path.write_text(path.read_text().replace("seed = 5", "seed = 6"))
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", str(path), "--workers", "1", "--out", "out", "--resume"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.count("\n") == 1 and "different sweep" in err
