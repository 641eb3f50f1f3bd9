"""Experiments that set nicsim beside published results, shared by the tests and the report.

Each function runs one published experiment at a size given by its caller: the tests in this
folder run them small enough for the normal suite, ``benchmarks/validation_report.py`` at
the published size. Seeds are fixed (replicate r of an experiment uses seed ``base + r``),
so every number is reproducible.
"""

from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import optimize, stats

from analysis.runner import build_model
from scenarios.loader import load as load_scenario
from simulation.adjacency import Adjacency
from simulation.diffusion import ClassicDiffusion
from simulation.model import SchoolNetworkModel
from simulation.networks import build_network
from simulation.pdsa.adaptation import practices
from simulation.rules import make_rule

GLOBAL_CASCADE = 0.01
"""A cascade counts as global when it reaches at least this share of the network. Cascade
sizes are bimodal inside the window, so any cut-off from 1 % to 50 % gives the same
frequencies except near the lower edge, where the giant component itself is small."""


def run_model(steps: int, **kwargs) -> SchoolNetworkModel:
    """A SchoolNetworkModel built with ``kwargs`` and stepped ``steps`` times."""
    model = SchoolNetworkModel(record_events=False, **kwargs)
    for _ in range(steps):
        model.step()
    return model


# --- Watts (2002): the cascade window --------------------------------------------------------


def watts_condition(z: float, phi: float) -> float:
    """Left minus right side of Watts's (2002, eq. 6) cascade condition on a Poisson graph.

    Σ_k k(k−1) ρ_k p_k − z with ρ_k = 1 for the vulnerable degrees k ≤ ⌊1/φ⌋ and
    p_k = e^{−z} z^k / k!; the sum equals z² P(Poisson(z) ≤ ⌊1/φ⌋ − 2). Global cascades
    are possible where it is positive.
    """
    vulnerable = int(np.floor(1.0 / phi))
    return z * z * stats.poisson.cdf(vulnerable - 2, z) - z


def watts_window(phi: float, z_max: float = 30.0) -> tuple[float, float]:
    """The range of mean degree z where the cascade condition holds (roots of eq. 6)."""
    grid = np.linspace(0.01, z_max, 3000)
    inside = np.array([watts_condition(z, phi) > 0 for z in grid])
    first, last = np.flatnonzero(inside)[[0, -1]]
    lower = optimize.brentq(watts_condition, grid[first - 1], grid[first], args=(phi,))
    upper = optimize.brentq(watts_condition, grid[last], grid[last + 1], args=(phi,))
    return lower, upper


def threshold_cascade(adjacency: Adjacency, seeds, phi: float) -> np.ndarray:
    """Final adopters (boolean mask) of the ``threshold`` rule from ``seeds``.

    Drives nicsim's classic-rule engine (``ClassicDiffusion``, the code a
    SchoolNetworkModel steps) directly, without building the Mesa agents, so a sweep of
    thousands of 10,000-school runs is affordable; ``test_watts.py`` checks that both paths
    give the same cascade. The rule is deterministic; it runs until no school adopts.
    """
    rng = np.random.default_rng(0)
    process = ClassicDiffusion(make_rule("threshold", phi=phi), adjacency, np.asarray(seeds), rng)
    step = 0
    while process.newly_adopted.any():
        step += 1
        process.advance(step)
    return process.adopted


def cascade_size(n: int, z: float, phi: float, seed: int) -> float:
    """Final share adopting after one random seed school on G(n, z/(n−1)), threshold φ."""
    rng = np.random.default_rng(seed)
    adjacency = Adjacency.from_graph(build_network("random", rng, n=n, mean_degree=z))
    return float(threshold_cascade(adjacency, rng.choice(n, size=1), phi).mean())


@dataclass
class CascadePoint:
    """Frequency and mean size of global cascades at one mean degree."""

    z: float
    frequency: float
    mean_size: float


def cascade_window(n: int, zs, phi: float, replicates: int, base_seed: int = 0):
    """Watts's Fig. 1: global-cascade frequency and mean global size at each z."""
    points = []
    for i, z in enumerate(zs):
        sizes = np.array(
            [cascade_size(n, z, phi, base_seed + 1000 * i + r) for r in range(replicates)]
        )
        global_ = sizes[sizes >= GLOBAL_CASCADE]
        mean_size = float(global_.mean()) if global_.size else 0.0
        points.append(CascadePoint(float(z), float(np.mean(sizes >= GLOBAL_CASCADE)), mean_size))
    return points


# --- Bass (1969) -----------------------------------------------------------------------------


def bass_curve(n: int, p: float, q: float, steps: int, seed: int) -> np.ndarray:
    """Adoption share per step (step 0 first) of the ``bass`` rule on a complete graph."""
    model = run_model(
        steps,
        graph=nx.complete_graph(n),
        adoption="bass",
        adoption_params={"p": p, "q": q},
        initial_adopters=0,
        rng=seed,
    )
    return model.timeseries()["adoption_share"].to_numpy()


def discrete_bass(p: float, q: float, steps: int) -> np.ndarray:
    """The discrete Bass equation F(t+1) = F(t) + (p + q F(t)) (1 − F(t)), F(0) = 0."""
    share = [0.0]
    for _ in range(steps):
        share.append(share[-1] + (p + q * share[-1]) * (1 - share[-1]))
    return np.array(share)


def fit_bass(share: np.ndarray) -> tuple[float, float]:
    """Least-squares (p, q) of the discrete Bass equation from an adoption curve.

    The increments satisfy ΔF = p (1 − F) + q F (1 − F) (Bass 1969, eq. 4 in discrete
    time), linear in p and q: ordinary least squares over the steps before saturation.
    """
    before, increment = share[:-1], np.diff(share)
    keep = before < 0.99
    design = np.column_stack([1 - before, before * (1 - before)])[keep]
    (p, q), *_ = np.linalg.lstsq(design, increment[keep], rcond=None)
    return float(p), float(q)


# --- Centola & Macy (2007): clustering helps complex and slows simple contagion ---------------


def ring_contagion(n: int, k: int, rewiring: float, m: int, steps: int, seed: int):
    """Adoption share per step of the ``complex`` rule (m adopting neighbours needed) on a
    Watts–Strogatz ring of n schools, k neighbours, rewiring probability ``rewiring``,
    seeded with school 0 and its neighbours (Centola & Macy 2007 seed a neighbourhood)."""
    rng = np.random.default_rng(seed)
    graph = build_network("small_world", rng, n=n, k=k, p=rewiring).to_networkx()
    seeds = [0, *graph.neighbors(0)]
    model = run_model(
        steps,
        graph=graph,
        adoption="complex",
        adoption_params={"m": m},
        seeding="explicit",
        explicit_seeds=seeds,
        rng=rng,
    )
    return model.timeseries()["adoption_share"].to_numpy()


def time_to(share: np.ndarray, level: float) -> float:
    """First step at which the share reaches ``level`` (inf if never)."""
    reached = np.flatnonzero(share >= level)
    return float(reached[0]) if reached.size else float("inf")


# --- Centola (2010) / MODEL.md §13.2: clustered pilot vs random seeding -----------------------


def pilot_reach(seeding: str, adoption: str, params: dict, steps: int, seed: int, n: int = 400):
    """Adoption share per step on a ring lattice (k = 6, 20 arcs as clusters, Centola 2010's
    clustered network) from 5 % of schools seeded ``clustered_pilot`` (one arc) or ``random``."""
    model = run_model(
        steps,
        network="ring",
        network_params={"n": n, "k": 6, "n_clusters": 20},
        adoption=adoption,
        adoption_params=params,
        seeding=seeding,
        initial_share=0.05,
        rng=seed,
    )
    return model.timeseries()["adoption_share"].to_numpy()


# --- Lazer & Friedman (2007): efficient vs inefficient networks on rugged landscapes ----------

LAZER_FRIEDMAN = "exploration_vs_exploitation"
"""The preset that sets PDSA learning up as Lazer & Friedman's (2007) search, which MODEL.md
§13.6 asks of the ruggedness option. Their agents share one landscape, start from random
solutions, copy the best neighbour's solution whenever it scores better and otherwise try
a local change that they keep only if it scores better, see scores exactly and never
stop. The preset: one change idea (base effect 0.2) that every school tests from week 1,
no hub; one context for all schools and weak context dependence (σ_f = 2), so they share
one landscape; first versions varied around the design (sd 0.3); changes kept only if
their test beats the practice, a better-reported practice always borrowed, without copy
error (``keep_change = "if_better"``, borrow probability 1); local steps of 0.02, small
beside the rugged field's wiggles (about 1/3 apart), with no pull toward the school's
context and no implementation noise; nearly exact measurement (noise 0.002); and no end
to the search: the effect worth having (0.5) is above what the idea can do, so no school
is ever sure enough to expand or adopt, and none abandons (θ_down = 0, up to 1,000
variants)."""


def lazer_friedman_scenario(
    network: str, ruggedness: float, n: int, seed: int, search: dict | None = None
):
    """The ``LAZER_FRIEDMAN`` preset on a ``complete`` network of n schools or its ``ring``
    variant, with the given ruggedness and seed, and ``search`` overriding its ``pdsa``
    settings."""
    source = LAZER_FRIEDMAN if network == "complete" else f"{LAZER_FRIEDMAN}:{network}"
    overrides = [
        f"network.n={n}",
        f"landscape.ruggedness={ruggedness}",
        f"seed={seed}",
        *(f"pdsa.{key}={value}" for key, value in (search or {}).items()),
    ]
    return load_scenario(source, overrides)


def practice_quality(
    network: str, ruggedness: float, n: int, steps: int, seed: int, search: dict | None = None
):
    """Lazer & Friedman's average score, per week (step 0 first): the mean true local
    effect E (MODEL.md §4) of the practices of the schools of ``lazer_friedman_scenario``
    — what each school would keep, so a change still on trial counts as the practice it
    may go back to."""
    model = build_model(lazer_friedman_scenario(network, ruggedness, n, seed, search))
    quality = [_practice_effects(model.process).mean()]
    for _ in range(steps):
        model.step()
        quality.append(_practice_effects(model.process).mean())
    return np.asarray(quality)


def _practice_effects(net) -> np.ndarray:
    """E of each school × idea pair's practice (the variant before a change on trial)."""
    effects = net.effects.copy()
    s, j = np.nonzero(net.work.on_trial)
    effects[s, j] = net.assess(s, j, practices(net.work, net.work.pairs(s, j)))[0]
    return effects


def search_quality(
    ruggedness: float, n: int, steps: int, replicates: int, search: dict | None = None
) -> dict:
    """Per network (complete, ring): ``practice_quality`` of each replicate, an array
    (replicates, steps + 1), with common seeds (2000, 2001, …) across the networks."""
    return {
        network: np.array(
            [
                practice_quality(network, ruggedness, n, steps, 2000 + r, search)
                for r in range(replicates)
            ]
        )
        for network in ("complete", "ring")
    }


def paired_difference(runs: dict, weeks: slice) -> tuple[float, float]:
    """Mean over replicates of complete − ring, averaged over ``weeks``, and its standard
    error (replicates are paired by seed)."""
    difference = (runs["complete"][:, weeks] - runs["ring"][:, weeks]).mean(axis=1)
    return float(difference.mean()), float(difference.std(ddof=1) / np.sqrt(difference.size))


# --- MODEL.md §13.3–5: PDSA face validity (settings of tests/test_face_validity.py) -----------


def pdsa_outcomes(params: dict, keys, replicates: int, steps: int = 148) -> dict:
    """Mean summary outcomes of PDSA on 60 schools in 4 districts (seeds 1000, 1001, …)."""
    values = {key: [] for key in keys}
    for r in range(replicates):
        model = run_model(
            steps,
            network="district_clusters",
            network_params={"n_districts": 4, "schools_per_district": 15},
            adoption="pdsa",
            adoption_params=params,
            initial_share=0.2,
            rng=1000 + r,
        )
        summary = model.summary()
        for key in keys:
            values[key].append(np.nan if summary[key] is None else summary[key])
    return {key: float(np.nanmean(v)) for key, v in values.items()}


def coaching_benefit(n_schools: int, hours: float, replicates: int = 4) -> float:
    """PDSA skill added by one coach's hours per school over a school year."""
    benefits = []
    for r in range(replicates):
        model = run_model(
            36,
            network="random",
            network_params={"n": n_schools, "mean_degree": 4},
            adoption="pdsa",
            adoption_params={"hub": {"coaching_hours": hours, "coaches": 1}},
            initial_share=0.2,
            rng=500 + r,
        )
        benefits.append(model.indicators["coaching_benefit"])
    return float(np.mean(benefits))
