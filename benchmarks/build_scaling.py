"""Building models fast, reusing networks, and how soon ``nicsim run`` starts stepping.

Four measurements, each with a baseline measured in the same run:

* **build**: a model of 100,000 schools (``statewide_scale`` scaled to 500 districts × 200)
  and one on a complete graph of 2,000 (``bass_complete``), each in a fresh process so its
  peak memory is its own. Baseline: the Mesa idiom on the same network (a NetworkX graph,
  Mesa's ``Network(graph, layout=None)`` and one ``FixedAgent`` per cell), which is how
  nicsim built its space before. Also shown: the Mesa view made on demand (``model.agents``).
* **first step**: seconds from launching ``nicsim run quickstart`` to its first step.
  Baseline: launching ``python -c "import mesa"``, the least any Mesa model needs.
* **replicates**: 100 runs of a 500-school scenario (quickstart with 20 districts), the 50
  replicates of two designs compared with common random numbers (``analysis.compare``,
  which hands each replicate's network from design A to design B); and 10 replicates of 10
  weeks on the complete graph of 2,000 (``bass_complete``), whose network serves every
  seed. Baseline: the same runs each building its own network.
* **CLI case**: ``nicsim run statewide_scale`` scaled to 100,000 schools for 40 weeks,
  wall time (no baseline: it is the issue's example; see docs/performance.md).

Usage: python benchmarks/build_scaling.py [--skip-cli]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "100,000 schools (statewide_scale 500 × 200)": (
        "statewide_scale",
        ["network.n_districts=500", "network.schools_per_district=200"],
    ),
    "complete graph of 2,000 (bass_complete)": ("bass_complete", []),
}
FIRST_STEP = """
import os, sys, time
import simulation.model as model
step = model.SchoolNetworkModel.step
def first(self):
    print(time.time() - float(os.environ["LAUNCHED"]), file=sys.stderr, flush=True)
    os._exit(0)
model.SchoolNetworkModel.step = first
from nicsim.cli import main
main(["run", "quickstart", "--quiet", "--out", sys.argv[1]])
"""


def build_in_this_process(preset: str, overrides: list[str], mesa_idiom: bool) -> dict:
    """Build the model (or the Mesa idiom's space and agents) once; time and peak memory."""
    import scenarios
    from analysis import build_model

    scenario = scenarios.load(preset, overrides)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    model = build_model(scenario)
    build = time.perf_counter() - start
    result = {"build_s": build, "ties": model.network.n_ties}
    if mesa_idiom:
        result = {"ties": model.network.n_ties, **_mesa_idiom(model.network)}
    else:
        start = time.perf_counter()
        len(model.agents)
        result["mesa_view_s"] = time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    return result


def _mesa_idiom(network) -> dict:
    """Mesa's way to put agents on a network: NetworkX graph, Network space, FixedAgents."""
    import mesa
    import networkx as nx
    from mesa.discrete_space import FixedAgent, Network

    class Node(FixedAgent):
        def __init__(self, model, cell):
            super().__init__(model)
            self.cell = cell

    start = time.perf_counter()
    graph = nx.Graph()
    graph.add_nodes_from(range(network.n_schools))
    graph.add_edges_from(network.ties.tolist())
    model = mesa.Model(rng=1)
    space = Network(graph, layout=None, random=model.random)
    Node.create_agents(model, network.n_schools, cell=list(space.all_cells))
    return {"build_s": time.perf_counter() - start}


def in_fresh_process(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def seconds_to(command: list[str], *, launched_env: bool) -> float:
    """Wall seconds from launch to the end (or to the first step, which ends the process)."""
    env = {**os.environ, "LAUNCHED": repr(time.time())}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if launched_env:
        return float(done.stderr.strip().splitlines()[-1])
    return time.perf_counter() - start


def first_step(repeats: int = 3) -> tuple[float, float]:
    """Median seconds to nicsim's first step, and to launching Python and importing mesa."""
    with tempfile.TemporaryDirectory() as folder:
        ours = sorted(
            seconds_to([sys.executable, "-c", FIRST_STEP, f"{folder}/q{i}"], launched_env=True)
            for i in range(repeats)
        )
    mesa = sorted(
        seconds_to([sys.executable, "-c", "import mesa"], launched_env=False)
        for _ in range(repeats)
    )
    return ours[repeats // 2], mesa[repeats // 2]


def replicates() -> tuple[float, float]:
    """Seconds for 100 runs: compare (networks shared A → B) and each run building its own."""
    import scenarios
    from analysis import compare, run
    from analysis.replicates import replicate_seeds

    a = scenarios.load("quickstart", ["network.n_districts=20"])
    b = scenarios.load("quickstart", ["network.n_districts=20", "strategy.seeding=clustered_pilot"])
    start = time.perf_counter()
    compare(a, b, replicates=50)
    shared = time.perf_counter() - start
    start = time.perf_counter()
    for seed in replicate_seeds(a.seed, 50):
        run(a, seed=seed)
        run(b, seed=seed)
    return shared, time.perf_counter() - start


def complete_replicates() -> tuple[float, float]:
    """Seconds for 10 short runs on the complete graph of 2,000: sharing it, and not."""
    import scenarios
    from analysis import run
    from simulation.network_cache import NetworkCache

    scenario = scenarios.load("bass_complete", ["steps=10"])
    timings = []
    for networks in (NetworkCache(), None):
        start = time.perf_counter()
        for seed in range(10):
            run(scenario, seed=seed, networks=networks)
        timings.append(time.perf_counter() - start)
    return timings[0], timings[1]


def cli_case() -> float:
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "nicsim", "run", "statewide_scale", "--quiet"]
        command += ["--set", "network.n_districts=500", "--set", "network.schools_per_district=200"]
        command += ["--set", "steps=40", "--out", f"{folder}/run"]
        return seconds_to(command, launched_env=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cli", action="store_true", help="Skip the 100,000-school run.")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        preset, overrides, how = args.child
        result = build_in_this_process(preset, json.loads(overrides), how == "mesa")
        print(json.dumps(result))
        return

    print(
        f"{'network':45} {'ties':>10} {'build s':>8} {'MB':>6} {'mesa s':>7} {'MB':>6} "
        f"{'mesa/nicsim':>11} {'view s':>7}"
    )
    for label, (preset, overrides) in CASES.items():
        ours = in_fresh_process("--child", preset, json.dumps(overrides), "nicsim")
        mesa = in_fresh_process("--child", preset, json.dumps(overrides), "mesa")
        print(
            f"{label:45} {ours['ties']:>10,} {ours['build_s']:>8.2f} {ours['peak_mb']:>6.0f} "
            f"{mesa['build_s']:>7.2f} {mesa['peak_mb']:>6.0f} "
            f"{mesa['build_s'] / ours['build_s']:>10.1f}× {ours['mesa_view_s']:>7.2f}"
        )
    ours, floor = first_step()
    print(
        f"nicsim run quickstart: first step after {ours:.2f} s; "
        f"python -c 'import mesa' takes {floor:.2f} s (ratio {ours / floor:.2f})"
    )
    shared, fresh = replicates()
    print(
        f"100 runs of 500 schools: {shared:.1f} s sharing networks, {fresh:.1f} s each "
        f"building its own (ratio {fresh / shared:.2f})"
    )
    shared, fresh = complete_replicates()
    print(
        f"10 runs of 10 weeks on the complete graph of 2,000: {shared:.1f} s sharing it, "
        f"{fresh:.1f} s each building its own (ratio {fresh / shared:.2f})"
    )
    if not args.skip_cli:
        print(f"nicsim run statewide_scale at 100,000 schools, 40 weeks: {cli_case():.1f} s")


if __name__ == "__main__":
    main()
