"""Running a sweep: every run of every design point, on local processes or a Dask cluster.

One code path drives a ``concurrent.futures.Executor``: a ``ProcessPoolExecutor`` with one
worker per core by default, or a Dask cluster through ``distributed.Client(address)
.get_executor()``. Runs go out in chunks (several runs per task, so short runs are not
dominated by overhead) with a bounded number of tasks in flight (memory stays flat), and
each finished task is written at once as a Parquet part (``analysis.sweep_store``).

Seeds: replicate r of every point runs with seed ``replicate_seeds(sweep seed, replicates)
[r]`` (``numpy.random.SeedSequence.spawn``), so points are compared with common random
numbers and results do not depend on the number of workers, the chunking or the order in
which tasks finish.
"""

import multiprocessing
import os
import platform
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.replicates import replicate_seeds
from analysis.sweep_design import DesignPoints, design_points, validate_points
from analysis.sweep_runs import RunTask, run_chunk
from analysis.sweep_store import SweepFolder
from scenarios.sweep_schema import Sweep
from simulation.errors import InputError

MANIFEST_PACKAGES = (
    "nicsim",
    "mesa",
    "numpy",
    "scipy",
    "networkx",
    "pandas",
    "pyarrow",
    "salib",
    "distributed",
)
MAX_CHUNK = 16
TASKS_PER_WORKER = 8
"""Aim for about this many tasks per worker: enough to balance load, few enough to amortise."""
IN_FLIGHT_PER_WORKER = 4

Progress = Callable[[int, int, int], None]
"""Called as ``on_progress(finished, failed, total)`` after every task and once at the start."""


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
    on_progress: Progress | None = None,
    description: str = "",
    command: str = "",
) -> SweepReport:
    """Run every missing run of ``sweep`` at its ``points`` (from :func:`prepare`) on
    ``executor`` and write them to ``out``.

    Without ``resume`` the folder must not
    already hold a sweep; with it, the folder must hold this same sweep (file and seed), and
    only runs not yet in it are computed. ``workers`` sizes the chunks. On an interrupt
    (KeyboardInterrupt) no new task starts, tasks still running are saved when they finish
    (interrupt again to stop at once), runs.parquet is consolidated, and the interrupt is
    raised again.
    """
    spec = sweep.spec
    folder = SweepFolder(out)
    manifest = _start(folder, sweep, points, resume, timeseries or spec.timeseries)
    seeds = manifest["replicate_seeds"]
    done = folder.done_run_ids()
    tasks = [
        RunTask(
            run_id=point * spec.replicates + replicate,
            point=point,
            replicate=replicate,
            seed=seeds[replicate],
            assignments=points.assignments(point),
        )
        for point in range(len(points.values))
        for replicate in range(spec.replicates)
        if point * spec.replicates + replicate not in done
    ]
    total = len(points.values) * spec.replicates
    size = chunk_size(len(tasks), workers)
    chunks = (tasks[i : i + size] for i in range(0, len(tasks), size))
    failed = _failed_so_far(folder, points)
    finished = before = total - len(tasks)
    started, clock = datetime.now(UTC), time.perf_counter()
    progress = on_progress or (lambda *_: None)
    progress(finished, failed, total)
    status = "interrupted"
    try:
        results = _execute(executor, sweep.base_document, chunks, manifest["timeseries"], workers)
        for result in results:
            folder.write_part(result.rows, result.timeseries)
            finished += len(result.rows)
            failed += sum(row["error"] is not None for row in result.rows)
            progress(finished, failed, total)
        status = "complete"
    finally:
        runs = folder.consolidate(points.parameters)
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


def chunk_size(runs: int, workers: int) -> int:
    """Runs per task: about ``TASKS_PER_WORKER`` tasks per worker, at most ``MAX_CHUNK`` runs."""
    return max(1, min(MAX_CHUNK, runs // (max(workers, 1) * TASKS_PER_WORKER)))


@contextmanager
def open_executor(
    workers: int | None = None, scheduler: str | None = None
) -> Iterator[tuple[Executor, int, str]]:
    """The executor a sweep runs on, its number of workers and a description of it: a
    Dask cluster if ``scheduler`` (an address) is given, else ``workers`` local processes."""
    if scheduler is not None:
        with dask_executor(scheduler) as (executor, threads):
            yield executor, threads, f"Dask cluster {scheduler} ({threads} threads)"
        return
    workers = workers or os.cpu_count() or 1
    with local_executor(workers) as executor:
        yield executor, workers, f"{workers} local process{'es' if workers > 1 else ''}"


def local_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool with ``workers`` processes (default: one per core).

    Workers fork from a server process that has imported nicsim once (``forkserver``), so
    they start quickly and never inherit the threads of the parent (progress bar, Arrow).
    They run with ``OPENBLAS_NUM_THREADS=1`` (one BLAS thread per process) and leave Ctrl-C
    to the parent, which stops the sweep cleanly.
    """
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analysis.sweep_runs"])
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=context,
        initializer=_ignore_interrupts,
    )


@contextmanager
def dask_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """An executor on the Dask cluster whose scheduler listens at ``address``, and its
    number of worker threads; the client is closed afterwards."""
    from distributed import Client

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise InputError(f"--scheduler {address}: no Dask scheduler answered ({error})") from None
    try:
        threads = sum(client.nthreads().values())
        executor = client.get_executor(pure=False)
        yield executor, max(threads, 1)
    finally:
        client.close()


def _execute(executor: Executor, base_document, chunks, timeseries: bool, workers: int):
    """Yield finished chunks' results, keeping a bounded number of tasks in flight."""
    pending: set[Future] = set()
    limit = max(workers, 1) * IN_FLIGHT_PER_WORKER

    def submit() -> None:
        for chunk in chunks:
            pending.add(executor.submit(run_chunk, base_document, chunk, timeseries))
            if len(pending) >= limit:
                return

    submit()
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.remove(future)
                yield future.result()
            submit()
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        for future in pending:  # tasks already running: keep their runs
            if not future.cancelled():
                yield future.result()
        raise


def _start(
    folder: SweepFolder, sweep: Sweep, points: DesignPoints, resume: bool, timeseries: bool
) -> dict:
    """The manifest of a new sweep (written with the design) or of the sweep being resumed."""
    spec = sweep.spec
    digest = sha256(sweep.text.encode()).hexdigest()
    if folder.exists():
        if not resume:
            raise InputError(
                f"{folder.path} already holds a sweep; add --resume to finish it, "
                "or choose another --out"
            )
        manifest = folder.read_manifest()
        if manifest["sweep"]["sha256"] != digest or manifest["seed"] != spec.seed:
            raise InputError(
                f"cannot resume {folder.path}: it holds a different sweep "
                f"('{manifest['sweep']['origin']}', seed {manifest['seed']}); "
                "resume with the same sweep file, or choose another --out"
            )
        return manifest
    manifest = {
        "sweep": {"name": spec.name, "origin": sweep.origin, "sha256": digest, "text": sweep.text},
        "seed": spec.seed,
        "replicates": spec.replicates,
        "replicate_seeds": replicate_seeds(spec.seed, spec.replicates),
        "design": spec.design.model_dump(),
        "parameters": points.parameters,
        "points": len(points.values),
        "runs": len(points.values) * spec.replicates,
        "timeseries": timeseries,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": {name: metadata.version(name) for name in MANIFEST_PACKAGES},
        "sessions": [],
    }
    folder.write_table("points", points.values)
    if points.unit is not None:
        folder.write_table("unit", _unit_frame(points))
    folder.write_manifest(manifest)
    return manifest


def _unit_frame(points: DesignPoints) -> pd.DataFrame:
    return pd.DataFrame(points.unit, columns=points.parameters)


def _failed_so_far(folder: SweepFolder, points: DesignPoints) -> int:
    runs = folder.consolidate(points.parameters) if folder.done_run_ids() else None
    return 0 if runs is None else int(runs["error"].notna().sum())


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
