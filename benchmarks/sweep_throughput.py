"""Sweep throughput and memory: run with ``.venv/bin/python benchmarks/sweep_throughput.py``.

1. Throughput: 40 runs of a 500-school PDSA scenario on 1 and on 2 local worker processes;
   prints runs per second and the parallel efficiency (rate with n workers / n × rate with
   one; target ≥ 85 %). The worker server is warmed up first, so start-up is not counted.
2. Memory: a 1,000-run sweep of a 30-school scenario without per-step tables; prints the
   resident memory of the sweep process and of its workers after 10 %, 50 % and 100 % of the runs.

Options: ``--runs N`` (throughput runs, default 40), ``--memory-runs N`` (default 1000).
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import psutil  # noqa: E402  (a dependency of distributed)

from analysis.sweep import prepare, run_sweep  # noqa: E402
from analysis.sweep_executors import local_executor  # noqa: E402
from scenarios.sweep_schema import parse_sweep  # noqa: E402

THROUGHPUT = """
name = "throughput"
base = "seeding_strategies"
replicates = {replicates}
[overrides]
steps = 74
"network.n_districts" = 10
"network.schools_per_district" = 50
"strategy.count" = 40
"hub.intensity" = "standard"
[parameters]
"hub.coaching_hours" = [0.0, 10.0, 20.0, 40.0]
"""
MEMORY = """
name = "memory"
base = "seeding_strategies"
replicates = {replicates}
[overrides]
steps = 20
"network.n_districts" = 3
"network.schools_per_district" = 10
"strategy.count" = 3
[parameters]
"strategy.seeding" = ["random", "most_connected", "clustered_pilot", "diverse_pilot"]
"""


def timed_sweep(text: str, workers: int, out: Path, on_progress=None) -> float:
    """Seconds to run the sweep in ``text`` on ``workers`` local processes."""
    sweep = parse_sweep(text, "benchmark")
    points = prepare(sweep)
    with local_executor(workers) as executor:
        start = time.perf_counter()
        run_sweep(sweep, points, out, executor, workers, on_progress=on_progress)
        return time.perf_counter() - start


def rss_mb() -> tuple[float, float]:
    """Resident memory (MB) of this process and of all its child processes."""
    me = psutil.Process()
    children = sum(c.memory_info().rss for c in me.children(recursive=True))
    return me.memory_info().rss / 2**20, children / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--memory-runs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        timed_sweep(MEMORY.format(replicates=2), 2, folder / "warmup")
        rates = {}
        for workers in (1, 2):
            text = THROUGHPUT.format(replicates=args.runs // 4)
            seconds = timed_sweep(text, workers, folder / f"throughput{workers}")
            rates[workers] = args.runs / seconds
            print(
                f"{args.runs} runs, 500 schools, {workers} worker(s): {seconds:6.1f} s, "
                f"{rates[workers]:.2f} runs/s"
            )
        print(f"parallel efficiency with 2 workers: {rates[2] / (2 * rates[1]):.0%}")

        n = args.memory_runs
        marks = {n // 10: "start", n // 2: "middle", n: "end"}

        def report(finished: int, failed: int, total: int, left: float | None) -> None:
            for mark in [m for m in marks if finished >= m]:
                own, workers = rss_mb()
                print(
                    f"memory at {marks.pop(mark):6} ({finished:4} runs): "
                    f"sweep process {own:6.1f} MB, workers {workers:6.1f} MB"
                )

        text = MEMORY.format(replicates=args.memory_runs // 4)
        seconds = timed_sweep(text, 2, folder / "memory", on_progress=report)
        print(
            f"{args.memory_runs} small runs on 2 workers: {seconds:.1f} s, "
            f"{args.memory_runs / seconds:.1f} runs/s"
        )


if __name__ == "__main__":
    main()
