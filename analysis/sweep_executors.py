"""Where a sweep's runs execute: local worker processes or a Dask cluster.

One interface, ``concurrent.futures.Executor``: a process pool with one worker per core by
default, or a Dask cluster through ``distributed.Client(address).get_executor()``.

Local workers never outlive the sweep. They ignore SIGINT and SIGTERM (the sweep process
handles both: it stops starting tasks and keeps the runs still computing), they exit on
their own within a fraction of a second when the sweep process is gone (killed with
SIGKILL, by a scheduler's time limit or the out-of-memory killer), and when the sweep
process leaves the pool on an error or a second interrupt it kills them at once.
"""

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from simulation.errors import InputError

PARENT_CHECK_SECONDS = 0.2
"""How often a local worker checks that the sweep process is still there."""


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


@contextmanager
def local_executor(workers: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes (default: one per core), shut down on leaving.

    Workers fork from a server process that has imported nicsim once (``forkserver``), so
    they start quickly and never inherit the threads of the parent (progress bar, Arrow).
    They run with ``OPENBLAS_NUM_THREADS=1`` (one BLAS thread per process). Leaving on an
    exception (an error, or an interrupt that should stop at once) kills the workers before
    the pool is shut down, so nothing waits for runs that would be thrown away.
    """
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analysis.sweep_runs"])
    pool = _Pool(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        pool.kill_workers()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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


class _Pool(ProcessPoolExecutor):
    def kill_workers(self) -> None:
        """Kill the worker processes at once (Python 3.14's ``kill_workers``, for 3.12)."""
        for process in list((self._processes or {}).values()):
            process.kill()


def _start_worker(sweep_pid: int) -> None:
    """Set up a local worker: signals are the sweep process's; exit when it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    watch = threading.Thread(target=_exit_with_parent, args=(sweep_pid, os.getppid()), daemon=True)
    watch.start()


def _exit_with_parent(sweep_pid: int, server_pid: int) -> None:
    """End this worker once the sweep process is gone.

    Two signs, either enough: the fork server this worker came from has exited (it exits
    when the sweep process does, and this worker is handed to another parent), or no
    process has the sweep process's id any more.
    """
    while os.getppid() == server_pid and _alive(sweep_pid):
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
