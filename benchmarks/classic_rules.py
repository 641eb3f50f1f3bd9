"""Time per step of the classic rules on Erdős–Rényi school networks.

Times the ``si`` and ``threshold`` rules for 100 steps on G(n, p) graphs with mean degree 6
at 10,000 and 100,000 schools, and prints the time per step beside a baseline measured in
the same run: one sparse matrix–vector product on the same graph, the least work any
vectorised step must do (counting each school's adopting neighbours).

Usage: python benchmarks/classic_rules.py [--sizes 10000 100000] [--steps 100]
"""

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from simulation.model import SchoolNetworkModel  # noqa: E402

RULES = {"si": {"beta": 0.01}, "threshold": {"phi": 0.18}}


def time_per_step(model: SchoolNetworkModel, steps: int) -> float:
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    return (time.perf_counter() - start) / steps


def matvec_baseline(model: SchoolNetworkModel, repeats: int) -> float:
    mask = np.zeros(model.n_schools, dtype=bool)
    mask[: model.n_schools // 10] = True
    start = time.perf_counter()
    for _ in range(repeats):
        model.adjacency.count_neighbours(mask)
    return (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    print(
        f"{'rule':<10} {'schools':>8} {'build s':>8} {'ms/step':>8} {'matvec ms':>9} {'ratio':>6}"
    )
    for n in args.sizes:
        for rule, params in RULES.items():
            start = time.perf_counter()
            model = SchoolNetworkModel(
                network="random",
                network_params={"n": n, "mean_degree": 6.0},
                adoption=rule,
                adoption_params=params,
                initial_share=0.01,
                rng=1,
            )
            build = time.perf_counter() - start
            per_step = time_per_step(model, args.steps)
            baseline = matvec_baseline(model, args.steps)
            print(
                f"{rule:<10} {n:>8} {build:>8.2f} {per_step * 1e3:>8.3f} "
                f"{baseline * 1e3:>9.3f} {per_step / baseline:>6.1f}"
            )


if __name__ == "__main__":
    main()
