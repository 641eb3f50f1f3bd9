"""Running a sweep: every run of every design point, on local processes or a Dask cluster.

One code path drives a ``concurrent.futures.Executor`` (``analysis.sweep_executors``). Runs
go out in chunks (several runs per task, so short runs are not dominated by overhead; the
first task of each worker holds one run, so the first results and the first estimate of
the time left come promptly) with a bounded number of tasks in flight (memory stays flat),
and each finished task is written at once as a Parquet part (``analysis.sweep_store``).

Seeds: replicate r of every point runs with seed ``replicate_seeds(sweep seed, replicates)
[r]`` (``numpy.random.SeedSequence.spawn``), so points are compared with common random
numbers and results do not depend on the number of workers, the chunking or the order in
which tasks finish.

Interrupts: SIGINT (Ctrl-C) and SIGTERM (what a scheduler sends at its time limit) stop
the sweep the same way: no new task starts, the tasks still running are saved when they
finish, runs.parquet is consolidated, and the interrupt is raised (KeyboardInterrupt, or
:class:`Terminated` for SIGTERM). A second signal stops at once. The first signal only
sets a flag (:class:`Interrupts`), so it never lands in the middle of writing a part.
"""

import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.replicates import replicate_seeds
from analysis.sweep_design import DesignPoints, design_points, validate_points
from analysis.sweep_manifest import changes, experiment_of, new_manifest, recorded_experiment
from analysis.sweep_runs import RunTask, run_chunk
from analysis.sweep_store import SweepFolder
from scenarios.sweep_schema import Sweep
from simulation.errors import InputError

MAX_CHUNK = 16
TASKS_PER_WORKER = 8
"""Aim for about this many tasks per worker: enough to balance load, few enough to amortise."""
IN_FLIGHT_PER_WORKER = 4
SIGNAL_CHECK_SECONDS = 0.2
"""How often the sweep process looks for an interrupt while it waits for tasks."""
CALIBRATION_RUNS = 3
"""Runs timed by :func:`time_per_run` (for a dry run's estimate)."""

Progress = Callable[[int, int, int, float | None], None]
"""Called as ``on_progress(finished, failed, total, seconds_left)`` once at the start and
after every task (``seconds_left`` from :func:`time_left`, None before a task is done)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as an interrupt."""


class Interrupts:
    """SIGINT and SIGTERM during a sweep: the first asks it to stop (``first`` holds the
    interrupt to raise once the running tasks are saved, and ``on_first`` is called), a
    second raises at once."""

    def __init__(self, on_first: Callable[[], None] | None = None) -> None:
        self.first: KeyboardInterrupt | None = None
        self.on_first = on_first

    def handle(self, signum: int, frame) -> None:
        interrupt = Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        if self.first is not None:
            raise interrupt
        self.first = interrupt
        if self.on_first is not None:
            self.on_first()


@contextmanager
def catching_interrupts(on_first: Callable[[], None] | None = None) -> Iterator[Interrupts]:
    """Within the block SIGINT and SIGTERM go to an :class:`Interrupts` (signals reach only
    the main thread, so elsewhere nothing changes)."""
    interrupts = Interrupts(on_first)
    if threading.current_thread() is not threading.main_thread():
        yield interrupts
        return
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, interrupts.handle) for number in handled}
    try:
        yield interrupts
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass(frozen=True)
class SweepReport:
    """What a sweep execution did: runs in the design, computed now, failed overall."""

    folder: Path
    total: int
    computed: int
    failed: int
    elapsed: float


def prepare(sweep: Sweep) -> DesignPoints:
    """The sweep's design points, each checked as a scenario (InputError names a bad one)."""
    points = design_points(sweep.spec)
    validate_points(sweep, points)
    return points


def run_sweep(
    sweep: Sweep,
    points: DesignPoints,
    out: Path,
    executor: Executor,
    workers: int,
    resume: bool = False,
    timeseries: bool = False,
    csv: bool = False,
    on_progress: Progress | None = None,
    on_interrupt: Callable[[], None] | None = None,
    description: str = "",
    command: str = "",
) -> SweepReport:
    """Run every missing run of ``sweep`` at its ``points`` (from :func:`prepare`) on
    ``executor`` and write them to ``out`` (with ``csv``, runs.csv beside runs.parquet).

    Without ``resume`` the folder must not already hold a sweep; with it, the folder must
    hold this same experiment (base scenario and parsed sweep), and only runs not yet in it
    are computed. ``workers`` sizes the chunks. On SIGINT or SIGTERM no new task starts
    (``on_interrupt`` is called), tasks still running are saved when they finish (a second
    signal stops at once), runs.parquet is consolidated, and KeyboardInterrupt (for SIGTERM
    :class:`Terminated`) is raised.
    """
    spec = sweep.spec
    folder = SweepFolder(out)
    manifest = _start(folder, sweep, points, resume, timeseries or spec.timeseries)
    tasks = missing_runs(folder, points, manifest["replicate_seeds"])
    total = len(points) * spec.replicates
    failed = _failed_so_far(folder, points)
    finished = before = total - len(tasks)
    started, clock = datetime.now(UTC), time.perf_counter()
    progress = on_progress or (lambda *_: None)
    progress(finished, failed, total, None)
    run_seconds = 0.0
    status = "interrupted"
    try:
        chunks = chunked(tasks, workers)
        results = _execute(
            executor, sweep.base_document, chunks, manifest["timeseries"], workers, on_interrupt
        )
        for result in results:
            folder.write_part(result.rows, result.timeseries)
            finished += len(result.rows)
            failed += sum(row["error"] is not None for row in result.rows)
            run_seconds += result.seconds
            left = time_left(total - finished, run_seconds, finished - before, workers)
            progress(finished, failed, total, left)
        status = "complete"
    finally:
        runs = folder.consolidate(points.parameters, csv=csv)
        elapsed = time.perf_counter() - clock
        failed = int(runs["error"].notna().sum())
        computed = len(runs) - before
        manifest["sessions"].append(
            {
                "started": started.isoformat(timespec="seconds"),
                "elapsed_seconds": round(elapsed, 3),
                "runs_computed": computed,
                "runs_per_second": round(computed / elapsed, 3),
                "executor": description,
                "command": command,
                "status": status,
            }
        )
        manifest.update(finished_runs=len(runs), failed_runs=failed)
        folder.write_manifest(manifest)
    return SweepReport(folder.path, total, computed, failed, elapsed)


def missing_runs(folder: SweepFolder, points: DesignPoints, seeds: list[int]) -> list[RunTask]:
    """The runs of the design not yet in ``folder``, in run_id order."""
    replicates, done = len(seeds), folder.done_run_ids()
    return [
        run_task(points, seeds, point * replicates + replicate)
        for point in range(len(points))
        for replicate in range(replicates)
        if point * replicates + replicate not in done
    ]


def run_task(points: DesignPoints, seeds: list[int], run_id: int) -> RunTask:
    """Run ``run_id`` of a sweep: point ``run_id // replicates`` with its replicate's seed."""
    point, replicate = divmod(run_id, len(seeds))
    return RunTask(
        run_id=run_id,
        point=point,
        replicate=replicate,
        seed=seeds[replicate],
        assignments=points.assignments(point),
        levels=points.levels(point),
    )


def time_left(remaining: int, run_seconds: float, runs: int, workers: int) -> float:
    """Seconds the ``remaining`` runs should take: the mean time of this session's ``runs``
    in their workers (``run_seconds`` in all), shared among the workers. Worker time, not
    the time since the start, so start-up and results arriving a chunk at a time do not
    throw the estimate."""
    return remaining * run_seconds / runs / max(workers, 1)


def time_per_run(sweep: Sweep, points: DesignPoints, runs: int = CALIBRATION_RUNS) -> float:
    """Seconds one run takes here: the mean of ``runs`` runs spread over the design
    (first, middle and last points, replicate 0), run in this process."""
    seeds = replicate_seeds(sweep.spec.seed, sweep.spec.replicates)
    count = min(runs, len(points))
    chosen = sorted({round(i * (len(points) - 1) / max(count - 1, 1)) for i in range(count)})
    tasks = [run_task(points, seeds, point * len(seeds)) for point in chosen]
    clock = time.perf_counter()
    run_chunk(sweep.base_document, tasks, timeseries=False)
    return (time.perf_counter() - clock) / len(tasks)


def chunk_size(runs: int, workers: int) -> int:
    """Runs per task: about ``TASKS_PER_WORKER`` tasks per worker, at most ``MAX_CHUNK`` runs."""
    return max(1, min(MAX_CHUNK, runs // (max(workers, 1) * TASKS_PER_WORKER)))


def chunked(tasks: list[RunTask], workers: int) -> Iterator[list[RunTask]]:
    """The tasks in chunks of :func:`chunk_size`, after one single run for each worker."""
    size = chunk_size(len(tasks), workers)
    head = max(workers, 1) if size > 1 else 0
    yield from ([task] for task in tasks[:head])
    rest = tasks[head:]
    yield from (rest[i : i + size] for i in range(0, len(rest), size))


def _execute(executor: Executor, base_document, chunks, timeseries, workers, on_interrupt):
    """Yield finished chunks' results, keeping a bounded number of tasks in flight; on an
    interrupt, start no new task, yield the running ones as they finish, then raise it."""
    pending: set[Future] = set()
    limit = max(workers, 1) * IN_FLIGHT_PER_WORKER

    def submit() -> None:
        for chunk in chunks:
            pending.add(executor.submit(run_chunk, base_document, chunk, timeseries))
            if len(pending) >= limit:
                return

    with catching_interrupts(on_interrupt) as interrupts:
        submit()
        while pending and interrupts.first is None:
            done, _ = wait(pending, timeout=SIGNAL_CHECK_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                pending.remove(future)
                yield future.result()
            if interrupts.first is None:
                submit()
        if interrupts.first is not None:
            for future in pending:
                future.cancel()
            for future in pending:  # tasks already running: keep their runs
                if not future.cancelled():
                    yield future.result()
            raise interrupts.first


def _start(
    folder: SweepFolder, sweep: Sweep, points: DesignPoints, resume: bool, timeseries: bool
) -> dict:
    """The manifest of a new sweep (written with the design) or of the sweep being resumed."""
    spec = sweep.spec
    if folder.exists():
        if not resume:
            raise InputError(
                f"{folder.path} already holds a sweep; add --resume to finish it, "
                "or choose another --out"
            )
        manifest = folder.read_manifest()
        recorded, current = recorded_experiment(manifest), experiment_of(sweep)
        if recorded is None:
            raise InputError(
                f"cannot resume {folder.path}: an older nicsim wrote it without recording "
                "its base scenario; choose another --out"
            )
        if recorded != current:
            raise InputError(
                f"cannot resume {folder.path}: it holds a different sweep "
                f"('{manifest['sweep']['origin']}'): {changes(recorded, current)}; resume "
                "with the same sweep and base scenario, or choose another --out"
            )
        return manifest
    seeds = replicate_seeds(spec.seed, spec.replicates)
    manifest = new_manifest(sweep, seeds, len(points), timeseries)
    folder.write_table("points", points.values)
    if points.unit is not None:
        folder.write_table("unit", pd.DataFrame(points.unit, columns=points.parameters))
    folder.write_manifest(manifest)
    return manifest


def _failed_so_far(folder: SweepFolder, points: DesignPoints) -> int:
    runs = folder.consolidate(points.parameters) if folder.done_run_ids() else None
    return 0 if runs is None else int(runs["error"].notna().sum())
