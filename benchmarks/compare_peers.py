"""nicsim's classic rules beside the tools a researcher would use instead: agreement and speed.

Peers: NDlib 6 (``ThresholdModel``, ``SIModel``, ``IndependentCascadesModel``) and the same
rules written the Mesa way (``benchmarks/mesa_idiom.py``). Every tool runs on the same
Erdős–Rényi graph (mean degree 6) from the same initial adopters (1 % of schools).

Agreement. NDlib's ThresholdModel is Watts's rule exactly: every node decides from the
previous iteration's statuses (synchronous) and adopts when the fraction of adopting
neighbours is ≥ its threshold; isolates never adopt. So the threshold rule must give the
same adopters at every step in all three tools. SI (NDlib ``tp_rate=1``: 1 − (1 − β)^a per
step) and independent cascade (NDlib: each new adopter tries each susceptible neighbour
once with the edge's ``threshold`` as probability) are random: their final sizes are
compared over replicates with a two-sample Kolmogorov–Smirnov test, and their mean curves
by the largest gap in units of its standard error.

Speed. Only the stepping is timed (median over replicates of time per step); building the
model is reported separately. Ratios are peer time / nicsim time, measured in one run.

Usage: python benchmarks/compare_peers.py [--sizes 1000 10000 100000]
"""

import argparse
import os
import statistics
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import ndlib.models.epidemics as ep  # noqa: E402
import ndlib.models.ModelConfig as mc  # noqa: E402
import numpy as np  # noqa: E402
from mesa_idiom import ClassicRuleModel  # noqa: E402
from scipy import stats  # noqa: E402

from simulation.model import SchoolNetworkModel  # noqa: E402
from simulation.networks import build_network  # noqa: E402

RULES = {"threshold": 0.18, "si": 0.05, "independent_cascade": 0.25}
"""Each rule's parameter: φ, β, and the per-tie probability p."""
NICSIM_PARAMETER = {"threshold": "phi", "si": "beta", "independent_cascade": "p"}
PLAN = {1_000: (30, 30), 10_000: (8, 30), 100_000: (1, 5)}
"""Schools → (replicates of the random rules, steps per run)."""


def nicsim_run(graph, rule, seeds, steps, seed):
    """Adopters per step, build seconds and seconds per step of SchoolNetworkModel."""
    start = time.perf_counter()
    model = SchoolNetworkModel(
        graph=graph,
        adoption=rule,
        adoption_params={NICSIM_PARAMETER[rule]: RULES[rule]},
        seeding="explicit",
        explicit_seeds=list(seeds),
        record_events=False,
        rng=seed,
    )
    build = time.perf_counter() - start
    adopted = [model.process.adopted.copy()]
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
        adopted.append(model.process.adopted.copy())
    return adopted, build, (time.perf_counter() - start) / steps


def ndlib_model(graph, rule, seeds, seed):
    """An NDlib model configured as nicsim's rule."""
    if rule == "threshold":
        model = ep.ThresholdModel(graph, seed=seed)
    elif rule == "si":
        model = ep.SIModel(graph, seed=seed)
    else:
        model = ep.IndependentCascadesModel(graph, seed=seed)
    config = mc.Configuration()
    if rule == "threshold":
        for node in graph.nodes:
            config.add_node_configuration("threshold", node, RULES[rule])
    elif rule == "si":
        config.add_model_parameter("beta", RULES[rule])
    else:
        for edge in graph.edges:
            config.add_edge_configuration("threshold", edge, RULES[rule])
    config.add_model_initial_configuration("Infected", [int(s) for s in seeds])
    model.set_initial_status(config)
    model.iteration(node_status=False)  # iteration 0 only reports the initial state
    return model


def ndlib_adopted(model, n) -> np.ndarray:
    adopted = np.zeros(n, dtype=bool)
    adopted[[node for node, status in model.status.items() if status != 0]] = True
    return adopted


def ndlib_run(graph, rule, seeds, steps, seed):
    """Adopters per step, build seconds and seconds per step of NDlib's model."""
    n = graph.number_of_nodes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model = ndlib_model(graph, rule, seeds, seed)
        build = time.perf_counter() - start
        adopted = [ndlib_adopted(model, n)]
        elapsed = 0.0
        for _ in range(steps):
            start = time.perf_counter()
            model.iteration(node_status=False)
            elapsed += time.perf_counter() - start
            adopted.append(ndlib_adopted(model, n))
    return adopted, build, elapsed / steps


def mesa_run(graph, rule, seeds, steps, seed):
    """Adopters per step, build seconds and seconds per step of the Mesa idiom."""
    start = time.perf_counter()
    model = ClassicRuleModel(graph, rule, seeds, phi=RULES[rule], p=RULES[rule], rng=seed)
    build = time.perf_counter() - start
    states = [[agent.state.value == 1 for agent in model.agents]]
    elapsed = 0.0
    for _ in range(steps):
        start = time.perf_counter()
        model.step()
        elapsed += time.perf_counter() - start
        states.append([agent.state.value == 1 for agent in model.agents])
    order = np.array([agent.cell.coordinate for agent in model.agents])
    adopted = []
    for row in states:
        mask = np.zeros(len(row), dtype=bool)
        mask[order] = row
        adopted.append(mask)
    return adopted, build, elapsed / steps


TOOLS = {"nicsim": nicsim_run, "ndlib": ndlib_run, "mesa": mesa_run}


def agreement(rule, runs) -> str:
    """How the peers' results agree with nicsim's, in words and numbers."""
    if rule == "threshold":
        same = [
            all(np.array_equal(a, b) for a, b in zip(runs["nicsim"][0], runs[t][0], strict=True))
            for t in ("ndlib", "mesa")
        ]
        return f"identical adopters every step: ndlib {same[0]}, mesa {same[1]}"
    words = []
    curves = {
        t: np.array([[m.sum() for m in run] for run in runs_t])
        for t, runs_t in _by_tool(runs).items()
    }
    for tool in ("ndlib", "mesa"):
        a, b = curves["nicsim"], curves[tool]
        finals = f"KS p={stats.ks_2samp(a[:, -1], b[:, -1]).pvalue:.2f}" if len(a) > 1 else ""
        se = np.sqrt(a.var(axis=0, ddof=1) / len(a) + b.var(axis=0, ddof=1) / len(b))
        gap = np.abs(a.mean(axis=0) - b.mean(axis=0))
        z = np.nanmax(np.where(se > 0, gap / np.where(se > 0, se, 1), 0)) if len(a) > 1 else 0
        words.append(
            f"{tool}: final {a[:, -1].mean():.0f} vs {b[:, -1].mean():.0f} {finals}"
            + (f" max|Δmean|/SE={z:.1f}" if len(a) > 1 else "")
        )
    return "; ".join(words)


def _by_tool(runs):
    return {tool: [adopted for adopted, _, _ in results] for tool, results in runs.items()}


def compare(n: int, rule: str, replicates: int, steps: int):
    """Run every tool ``replicates`` times (one run for the deterministic threshold rule)."""
    rng = np.random.default_rng(n)
    graph = build_network("random", rng, n=n, mean_degree=6.0).to_networkx()
    seeds = np.sort(rng.choice(n, size=max(n // 100, 1), replace=False))
    count = 1 if rule == "threshold" else replicates
    runs = {
        tool: [run(graph, rule, seeds, steps, 7 + r) for r in range(count)]
        for tool, run in TOOLS.items()
    }
    if rule == "threshold":
        runs = {tool: results[0] for tool, results in runs.items()}
        return agreement(rule, runs), {t: [r] for t, r in runs.items()}
    return agreement(rule, runs), runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(PLAN))
    args = parser.parse_args()
    print(
        "| schools | rule | steps × runs | nicsim build s | ms/step nicsim | ndlib | mesa "
        "| ndlib/nicsim | mesa/nicsim | build s ndlib / mesa | agreement |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        replicates, steps = PLAN.get(n, (4, 20))
        for rule in RULES:
            words, runs = compare(n, rule, replicates, steps)
            per_step = {t: statistics.median(r[2] for r in rs) * 1e3 for t, rs in runs.items()}
            build = {t: statistics.median(r[1] for r in rs) for t, rs in runs.items()}
            print(
                f"| {n:,} | {rule} | {steps} × {len(runs['nicsim'])} | {build['nicsim']:.2f} "
                f"| {per_step['nicsim']:.3f} | {per_step['ndlib']:.1f} | {per_step['mesa']:.1f} "
                f"| {per_step['ndlib'] / per_step['nicsim']:.0f}× "
                f"| {per_step['mesa'] / per_step['nicsim']:.0f}× "
                f"| {build['ndlib']:.2f} / {build['mesa']:.2f} | {words} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
