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
from validation.judging import Verdict, paired_ci

GLOBAL_CASCADE = 0.05
"""A cascade counts as global when it reaches at least this share of the network. Cascade
sizes are bimodal inside the window, so any cut-off from 1 % to 50 % gives the same
frequencies except near the lower edge, where the giant component itself is small; there a
cut-off of 1 % (100 of 10,000 schools) is reached by critical finite clusters even below
the edge, 5 % is not (docs/validation.md shows the points below the lower edge)."""


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


def watts_frequency(z: float, phi: float) -> float:
    """Chance that one random seed starts a global cascade on an infinite Poisson graph of
    mean degree z with uniform threshold φ: the share of the extended vulnerable cluster
    (Watts 2002, Fig. 1's analytic curve).

    Vulnerable schools (degree k ≤ ⌊1/φ⌋) adopt after one adopting neighbour. Following a
    random tie one reaches a school of degree k with chance k p_k / z; u, the chance that
    the tie leads into the infinite vulnerable cluster, solves
    u = Σ_{k ≤ ⌊1/φ⌋} (k p_k / z)(1 − (1 − u)^{k−1}), and the seed starts a global cascade
    when any of its ties does: 1 − G_0(1 − u) = 1 − e^{−z u}.
    """
    degree = np.arange(1, int(np.floor(1.0 / phi)) + 1)
    reached = stats.poisson.pmf(degree - 1, z)  # k p_k / z on a Poisson graph
    u = 1.0
    for _ in range(10_000):
        u_next = float(np.sum(reached * (1 - (1 - u) ** (degree - 1))))
        if abs(u_next - u) < 1e-12:
            break
        u = u_next
    return float(1 - np.exp(-z * u))


WATTS_OFFSETS = (0.1, 0.2, 0.3)
"""Distances from an analytic window edge at which ``judge_watts_edge`` runs cascades,
on both sides of the edge."""

WATTS_TAIL = 0.1
"""Largest frequency allowed 0.3 outside an edge: a finite graph (10,000 schools) still
has finite vulnerable clusters big enough to tip their neighbourhood just past the edge
(the analytic frequency there is 0)."""


def judge_watts_edge(n: int, phi: float, edge: str, replicates: int) -> tuple[list, Verdict]:
    """The frequency of global cascades drops across one analytic edge of the window.

    Runs ``cascade_window`` at ``WATTS_OFFSETS`` inside and outside the ``edge`` ("lower"
    or "upper") and holds when (1) the pooled frequency inside exceeds the pooled
    frequency outside by at least 3 standard errors of a two-proportion test (Watts's
    analytic curve, about 0.29 inside and 0 outside at either edge of φ = 0.18, predicts
    a drop of about 5 standard errors with 30 runs per point) and (2) the farthest point
    outside has a frequency of at most ``WATTS_TAIL``. Returns the points (inside first,
    from the farthest) and the verdict.
    """
    lower, upper = watts_window(phi)
    outward = -1.0 if edge == "lower" else 1.0
    at = lower if edge == "lower" else upper
    zs = [at - outward * d for d in reversed(WATTS_OFFSETS)] + [
        at + outward * d for d in WATTS_OFFSETS
    ]
    points = cascade_window(n, zs, phi, replicates, base_seed=int(at * 1000))
    k = len(WATTS_OFFSETS)
    inside, outside = (np.mean([p.frequency for p in part]) for part in (points[:k], points[k:]))
    pooled = (inside + outside) / 2
    error = np.sqrt(pooled * (1 - pooled) * 2 / (k * replicates))
    z = (inside - outside) / error if error > 0 else 0.0
    tail = points[-1].frequency
    verdict = Verdict(
        f"Watts (2002), φ = {phi}, n = {n:,}: cascades stop at the {edge} edge z = {at:.2f}",
        f"frequency {inside:.2f} within 0.3 inside, {outside:.2f} within 0.3 outside "
        f"(drop {z:.1f} SE); {tail:.2f} at z = {points[-1].z:.2f}",
        f"drop ≥ 3 SE and ≤ {WATTS_TAIL} at 0.3 outside",
        bool(z >= 3 and tail <= WATTS_TAIL),
    )
    return points, verdict


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


def bass_curves(
    n: int, p: float, q: float, steps: int, replicates: int, rule=None, base_seed: int = 0
) -> np.ndarray:
    """Adoption share per step (step 0 first) of the ``bass`` rule on a complete graph of n
    schools with nobody adopting at first: an array (replicates, steps + 1), seeds
    ``base_seed + r``.

    Drives nicsim's classic-rule engine (``ClassicDiffusion``, the code a
    SchoolNetworkModel steps) on one adjacency for all replicates; ``test_bass.py`` checks
    that a SchoolNetworkModel's own runs pass the same judgment. ``rule`` replaces the ``bass`` rule
    (the tests pass deliberately wrong rules to show that the judgment rejects them).
    """
    adjacency = Adjacency.from_graph(nx.complete_graph(n))
    rule = make_rule("bass", p=p, q=q) if rule is None else rule
    curves = np.zeros((replicates, steps + 1))
    for r in range(replicates):
        rng = np.random.default_rng(base_seed + r)
        process = ClassicDiffusion(rule, adjacency, np.array([], dtype=np.int64), rng)
        for step in range(1, steps + 1):
            process.advance(step)
            curves[r, step] = process.adopted.mean()
    return curves


def discrete_bass(p: float, q: float, steps: int) -> np.ndarray:
    """The discrete Bass equation F(t+1) = F(t) + (p + q F(t)) (1 − F(t)), F(0) = 0."""
    share = [0.0]
    for _ in range(steps):
        share.append(share[-1] + (p + q * share[-1]) * (1 - share[-1]))
    return np.array(share)


def bass_expectation(n: int, p: float, q: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact mean and variance of the adoption share per step of the ``bass`` rule on a
    complete graph of n schools (docs/model.md §7.1), nobody adopting at first.

    The number of adopters A is a Markov chain: each of the n − A non-adopters adopts
    independently with probability min(1, p + q A/(n − 1)), the share of its n − 1
    neighbours that adopted, so A(t+1) − A(t) ~ Binomial(n − A, that probability). The
    chain's distribution is propagated exactly. Its mean is the discrete Bass equation
    F(t+1) = F + (p + qF)(1 − F) up to O(1/n) (the equation ignores the variance of F
    and the n − 1 in the denominator).
    """
    adopters = np.arange(n + 1)
    chance = np.minimum(p + q * adopters / (n - 1), 1.0)
    transition = np.zeros((n + 1, n + 1))
    for a in range(n + 1):
        transition[a, a:] = stats.binom.pmf(np.arange(n - a + 1), n - a, chance[a])
    distribution = np.zeros(n + 1)
    distribution[0] = 1.0
    share = adopters / n
    means, variances = [0.0], [0.0]
    for _ in range(steps):
        distribution = distribution @ transition
        mean = float(distribution @ share)
        means.append(mean)
        variances.append(max(float(distribution @ share**2) - mean * mean, 0.0))
    return np.array(means), np.array(variances)


BASS_FALSE_FAILURE = 1e-6
"""Chance that ``judge_bass`` rejects a correct ``bass`` rule (Bonferroni over the steps)."""


def judge_bass(curves: np.ndarray, n: int, p: float, q: float) -> Verdict:
    """Does the mean of replicate curves match the exact expected Bass curve?

    At every step the replicate mean must lie within c standard errors of the exact
    expectation (``bass_expectation``; standard error from the chain's exact binomial
    variance over the replicates), where c is the normal quantile that makes the chance
    of any step failing under a correct rule at most ``BASS_FALSE_FAILURE``.
    """
    replicates, length = curves.shape
    mean, variance = bass_expectation(n, p, q, length - 1)
    error = np.sqrt(variance[1:] / replicates)
    gap = curves.mean(axis=0)[1:] - mean[1:]
    z = np.abs(gap) / error
    worst = int(np.argmax(z))
    critical = float(stats.norm.isf(BASS_FALSE_FAILURE / (2 * (length - 1))))
    return Verdict(
        claim=f"Bass (1969) curve, p = {p}, q = {q}, complete graph of {n:,}",
        measured=(
            f"largest gap of the mean of {replicates} runs {gap[worst]:+.4f} "
            f"at step {worst + 1} ({z[worst]:.1f} SE)"
        ),
        band=f"every step within {critical:.1f} SE of the exact expected curve",
        holds=bool(z.max() <= critical),
    )


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


# --- Centola (2010), docs/model.md §1.3 pattern 1: clustered pilot vs random seeding ----------


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
"""The preset that sets PDSA learning up as Lazer & Friedman's (2007) search, which docs/model.md
§1.3 (pattern 5) asks of the ruggedness option. Their agents share one landscape, start from random
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
    effect E (docs/model.md §7.2.1) of the practices of the schools of ``lazer_friedman_scenario``
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


EARLY_WEEKS = slice(5, 21)
"""Lazer & Friedman's "early": weeks 5–20."""


def late_weeks(steps: int) -> slice:
    """Lazer & Friedman's "late": the last 40 weeks of a run of ``steps`` weeks."""
    return slice(steps - 40, steps + 1)


def lead(runs: dict, weeks: slice) -> tuple[float, float]:
    """Mean over replicates of complete − ring, averaged over ``weeks``, and the half-width
    of its 95 % confidence interval (replicates are paired by seed)."""
    complete, ring = (runs[network][:, weeks].mean(axis=1) for network in ("complete", "ring"))
    return paired_ci(complete, ring)


def judge_search(runs: dict, rugged: bool, condition: str) -> list[Verdict]:
    """Lazer & Friedman's two findings on one landscape, judged by 95 % CIs of the paired
    lead complete − ring: the complete network leads early (CI above 0); late, on a rugged
    landscape the ring leads (CI below 0), on a smooth one the ring at most catches up
    (CI reaches above 0)."""
    steps = next(iter(runs.values())).shape[1] - 1
    landscape = "rugged" if rugged else "smooth"
    (early, early_half), (late, late_half) = (
        lead(runs, weeks) for weeks in (EARLY_WEEKS, late_weeks(steps))
    )
    late_verdict = (
        Verdict(
            f"Lazer & Friedman (2007), {landscape}, {condition}: the ring leads late",
            f"complete − ring {late:+.4f} ± {late_half:.4f}",
            "95 % CI below 0",
            late + late_half < 0,
        )
        if rugged
        else Verdict(
            f"Lazer & Friedman (2007), {landscape}, {condition}: the ring never passes",
            f"complete − ring {late:+.4f} ± {late_half:.4f}",
            "95 % CI reaches 0 or above",
            late + late_half >= 0,
        )
    )
    return [
        Verdict(
            f"Lazer & Friedman (2007), {landscape}, {condition}: the complete network leads early",
            f"complete − ring {early:+.4f} ± {early_half:.4f}",
            "95 % CI above 0",
            early - early_half > 0,
        ),
        late_verdict,
    ]
