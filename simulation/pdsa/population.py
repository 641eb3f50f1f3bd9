"""The schools and the change package at the start of a run (docs/model.md §2).

Schools and ideas are structs of arrays: one entry per school (``Schools``) or per idea
(``Ideas``). A network file may set a school's context, capacity, baseline and cluster;
everything else is drawn from the model's generator.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import betaincinv, ndtr

from simulation.pdsa.parameters import IdeaParameters, SchoolParameters
from simulation.school_graph import SchoolGraph

CONTEXT_DIMENSIONS = 4
"""Context space [0,1]^4: student needs, resources, size, rurality [A]."""
CORE_DIMENSIONS = 2
"""The mechanism of an idea, a point in [0,1]^2 [A]."""
VARIANT_DIMENSIONS = CORE_DIMENSIONS + CONTEXT_DIMENSIONS
NEVER = -(10**9)
"""Step stored for what has not happened yet (no support, no principal departure)."""
CORE = slice(0, CORE_DIMENSIONS)
PERIPHERY = slice(CORE_DIMENSIONS, VARIANT_DIMENSIONS)


@dataclass
class Schools:
    """One entry per school."""

    context: np.ndarray  # (S, 4) in [0, 1]
    cluster: np.ndarray  # (S,) int
    capacity: np.ndarray  # (S,) κ in [0, 1]
    baseline: np.ndarray  # (S,) student outcome at the start, SD units
    skill: np.ndarray  # (S,) PDSA skill π in [0, 1]
    threshold: np.ndarray  # (S,) share of adopting neighbours needed (Rogers category)
    bandwidth: np.ndarray  # (S,) concurrent tests, 1 + round(κ)
    engagement: np.ndarray  # (S,)
    coaching: np.ndarray  # (S,) recent coaching in [0, 1]
    member: np.ndarray  # (S,) bool: has joined the network's work
    pilot: np.ndarray  # (S,) bool: an initial adopter, committed to test the package
    last_supported: np.ndarray  # (S,) step of the hub's last convening, coaching or walk
    principal_left: np.ndarray  # (S,) step at which the principal last left

    @property
    def n(self) -> int:
        return self.capacity.shape[0]


@dataclass
class Ideas:
    """One entry per change idea; ideas can be added during a run (90-day R&D cycles)."""

    effect: np.ndarray  # (I,) hidden base effect, SD units
    design: np.ndarray  # (I, 6) core (hidden) and periphery as first designed
    complexity: np.ndarray  # (I,) 1..3
    observability: np.ndarray  # (I,) divides measurement noise
    driver: np.ndarray  # (I,) primary driver, and the role on a school team whose work it is
    added_at: np.ndarray  # (I,) step at which the idea entered the package

    @property
    def n(self) -> int:
        return self.effect.shape[0]

    def extend(self, other: "Ideas") -> None:
        """Append ``other``'s ideas to the package."""
        for name in self.__dataclass_fields__:
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)]))


def draw_schools(graph: SchoolGraph, params: SchoolParameters, rng: np.random.Generator) -> Schools:
    """Schools with contexts around their cluster's centre and correlated capacity/baseline.

    Capacity κ ~ Beta(capacity_alpha, capacity_beta) (Beta(2, 2) by default) and baseline
    ~ N(0, 1) are joined by a Gaussian copula with correlation
    ``capacity_baseline_correlation`` [E→A: Bryk et al. 2010]. Rogers' adopter categories
    (2.5/13.5/34/34/16 %) give each school its threshold [E→A]. Values a network file sets
    (``context_0..3``, ``capacity``, ``baseline``) are kept.
    """
    n, cluster = graph.n_schools, graph.cluster
    centres = rng.random((cluster.max() + 1, CONTEXT_DIMENSIONS))
    context = np.clip(centres[cluster] + rng.normal(0, params.context_sd, (n, 4)), 0, 1)
    z = rng.standard_normal((n, 2))
    r = params.capacity_baseline_correlation
    baseline = z[:, 0]
    quantile = ndtr(r * z[:, 0] + np.sqrt(1 - r * r) * z[:, 1])
    capacity = betaincinv(params.capacity_alpha, params.capacity_beta, quantile)  # Beta ppf
    for d in range(CONTEXT_DIMENSIONS):
        _override(graph, f"context_{d}", context[:, d])
    _override(graph, "capacity", capacity)
    _override(graph, "baseline", baseline)
    shares = np.asarray(params.rogers_shares) / np.sum(params.rogers_shares)
    category = rng.choice(len(shares), size=n, p=shares)
    return Schools(
        context=context,
        cluster=cluster,
        capacity=capacity,
        baseline=baseline,
        skill=np.full(n, params.initial_skill),
        threshold=np.asarray(params.rogers_thresholds, dtype=float)[category],
        bandwidth=1 + np.round(capacity).astype(np.int64),
        engagement=np.full(n, params.initial_engagement),
        coaching=np.zeros(n),
        member=np.zeros(n, dtype=bool),
        pilot=np.zeros(n, dtype=bool),
        last_supported=np.full(n, NEVER),
        principal_left=np.full(n, NEVER),
    )


def draw_ideas(
    count: int,
    params: IdeaParameters,
    origin_contexts: np.ndarray,
    step: int,
    rng: np.random.Generator,
) -> Ideas:
    """``count`` new change ideas, each first designed in the context of an origin school.

    Base effect ~ N(effect_mean, effect_sd²) [E→A]; core uniform in [0,1]^2 [A]; periphery
    = the origin school's context [A]; complexity uniform on {1, 2, 3} and observability
    uniform on [0.7, 1.3] [Rogers, A]; drivers in turn.
    """
    origins = rng.integers(origin_contexts.shape[0], size=count)
    design = np.concatenate([rng.random((count, CORE_DIMENSIONS)), origin_contexts[origins]], 1)
    return Ideas(
        effect=rng.normal(params.effect_mean, params.effect_sd, count),
        design=design,
        complexity=rng.integers(1, 4, size=count),
        observability=rng.uniform(0.7, 1.3, size=count),
        driver=np.arange(count) % params.n_drivers,
        added_at=np.full(count, step),
    )


def _override(graph: SchoolGraph, attribute: str, values: np.ndarray) -> None:
    """Replace drawn ``values`` by those a network file gave for ``attribute``."""
    given = graph.attributes.get(attribute)
    if given is not None:
        values[:] = np.where(np.isnan(given), values, given)
