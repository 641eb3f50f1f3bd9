"""Time per step and peak memory of PDSA learning from 1,000 to 100,000 schools.

Runs the PDSA model (6 ideas at the start, default hub, 20 % pilots) for 148 steps (3
supported years and a sustain year; the default hub's 90-day R&D cycles add about 6 ideas
over the supported years, so the school × idea arrays about double) on Erdős–Rényi
networks of mean degree 6, each size in a fresh process so that its peak resident memory
is its own. Prints time per step, how it grows with the number of schools (linear scaling
gives a ratio of 1.0), and, as a baseline measured in the same process, the time per step
of the classic ``si`` rule on the same network.

Usage: python benchmarks/pdsa_scaling.py [--sizes 1000 10000 100000] [--steps 148]
       python benchmarks/pdsa_scaling.py --phases 10000   (process time of each weekly phase)
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def measure(n: int, steps: int) -> dict:
    from simulation.model import SchoolNetworkModel

    network = {"n": n, "mean_degree": 6.0}
    start = time.perf_counter()
    model = SchoolNetworkModel(
        network="random",
        network_params=network,
        adoption="pdsa",
        initial_share=0.2,
        record_events=False,
        rng=1,
    )
    build = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    pdsa = (time.perf_counter() - start) / steps
    classic = SchoolNetworkModel(
        network="random",
        network_params=network,
        adoption="si",
        adoption_params={"beta": 0.01},
        initial_share=0.01,
        rng=1,
    )
    start = time.perf_counter()
    for _ in range(steps):
        classic.step()
    si = (time.perf_counter() - start) / steps
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "build_s": build,
        "pdsa_ms": pdsa * 1e3,
        "si_ms": si * 1e3,
        "peak_mb": peak_mb,
        "adoption_share": model.indicators["adoption_share"],
    }


PHASES = {
    "hub supports": ("hub", "supports"),
    "evidence exchange": ("evidence", "exchange_evidence"),
    "choosing work": ("choice", "choose_work"),
    "PDSA cycles": ("cycle", "run_cycles"),
    "weekly upkeep": ("sustainability", "weekly"),
    "summed effects": ("indicators", "summed_effects"),
    "outcomes": ("indicators", "outcomes"),
    "summer turnover": ("sustainability", "summer"),
    "indicators": ("indicators", "measure"),
}


def phase_times(n: int, steps: int) -> None:
    """Process time per step of each phase of the PDSA week, averaged over all steps."""
    import importlib

    from simulation.model import SchoolNetworkModel

    spent = dict.fromkeys(PHASES, 0.0)

    def timed(label, phase):
        def run(*args, **kwargs):
            start = time.process_time()
            result = phase(*args, **kwargs)
            spent[label] += time.process_time() - start
            return result

        return run

    for label, (module_name, name) in PHASES.items():
        module = importlib.import_module(f"simulation.pdsa.{module_name}")
        setattr(module, name, timed(label, getattr(module, name)))
    model = SchoolNetworkModel(
        network="random",
        network_params={"n": n, "mean_degree": 6.0},
        adoption="pdsa",
        initial_share=0.2,
        record_events=False,
        rng=1,
    )
    start = time.process_time()
    for _ in range(steps):
        model.step()
    total = (time.process_time() - start) / steps * 1e3
    print(f"{n} schools, {steps} steps: {total:.2f} ms of process time per step")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:<18} {seconds / steps * 1e3:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--steps", type=int, default=148)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--phases", type=int, metavar="N", help="time each phase at N schools")
    args = parser.parse_args()
    if args.phases:
        phase_times(args.phases, args.steps)
        return
    if args.one:
        print(json.dumps(measure(args.one, args.steps)))
        return
    rows = []
    for n in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--steps", str(args.steps)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout))
    print(
        f"{'schools':>8} {'build s':>8} {'ms/step':>8} {'µs/school':>9} {'scaling':>8} "
        f"{'si ms':>7} {'pdsa/si':>8} {'peak MB':>8}"
    )
    first = rows[0]
    for row in rows:
        per_school = row["pdsa_ms"] * 1e3 / row["n"]
        scaling = per_school / (first["pdsa_ms"] * 1e3 / first["n"])
        print(
            f"{row['n']:>8} {row['build_s']:>8.2f} {row['pdsa_ms']:>8.2f} {per_school:>9.3f} "
            f"{scaling:>8.2f} {row['si_ms']:>7.3f} {row['pdsa_ms'] / row['si_ms']:>8.1f} "
            f"{row['peak_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
