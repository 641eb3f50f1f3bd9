"""The local effect of a variant: what an idea, as a school runs it, does there
(docs/model.md §7.2.1).

E(school, variant) = effect · I · F − mangled_cost · (1 − I·F), with

- integrity I = exp(−‖core_v − core‖² / (2 · core_tolerance²)): changing an idea's mechanism
  is a "lethal mutation" [A, after the core/periphery distinction of Greenhalgh et al. 2004
  and the Consolidated Framework for Implementation Research];
- fit F = exp(−‖periphery_v − context‖² / (2 σ_f²)), σ_f the context dependence [A, after
  Bryk et al.'s "what works, for whom, under what conditions" and Berman & McLaughlin's
  mutual adaptation];
- optional ruggedness r: F ← F · (1 + r · (2 G(periphery_v) − 1)), G a fixed random field
  in [0, 1] of mean ½ for each context cluster, so that local search can get stuck on a
  local peak [A; needed for Lazer & Friedman 2007]. The factor has mean 1: ruggedness
  changes the landscape's shape, not its mean height (docs/model.md §7.2.1). G is a
  random Fourier field (Rahimi & Recht 2007): z = √(2/K) Σ_k cos(ω_k · p + b_k) with
  K = 16 waves, ω_k ~ N(0, (2π·frequency)² I), a smooth random function with mean 0 and
  variance 1 whose bound is |z| ≤ √(2K), rescaled to G = ½ (1 + z / √(2K)) in [0, 1].
  Like the fitness of an NK landscape (Kauffman &
  Levin 1987), the mean of many independent contributions, G is nearly Gaussian around ½
  (sd 1 / (2√(2K)) ≈ 0.09), and its local peaks differ in height: where a search gets
  stuck matters, which is what Lazer & Friedman's result needs. (A probit Φ(z) would make
  G uniform but squash every peak toward 1.)

A school's practices add up with diminishing returns (``saturate``): their summed
contribution x counts as cap · (1 − exp(−x / cap)) when positive [E→A: docs/model.md §1.4 P6 —
networked and whole-school improvement reaches 0.00–0.15 SD, comprehensive school reform
about 1/8 SD, coaching 0.18 SD]; harm (x < 0) is not capped.
"""

import numpy as np

from simulation.pdsa.parameters import LandscapeParameters
from simulation.pdsa.population import CORE, PERIPHERY

RUGGED_WAVES = 16


class Landscape:
    """The effect function, with the rugged field of each cluster drawn once per run."""

    def __init__(self, params: LandscapeParameters, n_clusters: int, rng: np.random.Generator):
        self.params = params
        scale = 2 * np.pi * params.rugged_frequency
        self.waves = rng.normal(0.0, scale, (n_clusters, RUGGED_WAVES, PERIPHERY.stop - CORE.stop))
        self.phases = rng.uniform(0, 2 * np.pi, (n_clusters, RUGGED_WAVES))

    def integrity(self, variant: np.ndarray, idea_core: np.ndarray) -> np.ndarray:
        """How much of the idea's mechanism a variant keeps, in (0, 1]."""
        distance2 = _squared_norm(variant[..., CORE] - idea_core)
        return np.exp(-distance2 / (2 * self.params.core_tolerance**2))

    def fit(self, variant: np.ndarray, context: np.ndarray, cluster: np.ndarray) -> np.ndarray:
        """How well a variant's adaptable part suits the school's context, in (0, 1]."""
        periphery = variant[..., PERIPHERY]
        distance2 = _squared_norm(periphery - context)
        fit = np.exp(-distance2 / (2 * self.params.context_dependence**2))
        r = self.params.ruggedness
        if r > 0:
            fit = fit * (1 + r * (2 * self.rugged_field(periphery, cluster) - 1))
        return fit

    def rugged_field(self, periphery: np.ndarray, cluster: np.ndarray) -> np.ndarray:
        """G(p) in [0, 1]: the fixed random field of each school's cluster."""
        phase = np.einsum("...kd,...d->...k", self.waves[cluster], periphery) + self.phases[cluster]
        return 0.5 + np.cos(phase).sum(axis=-1) / (2 * RUGGED_WAVES)

    def assess(
        self,
        variant: np.ndarray,
        idea_effect: np.ndarray,
        idea_design: np.ndarray,
        context: np.ndarray,
        cluster: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """E(school, variant), integrity I, fit F, and drift of the periphery from the design.

        For matching (broadcastable) arrays of pairs; drift is ‖periphery_v − periphery‖.
        """
        integrity = self.integrity(variant, idea_design[..., CORE])
        fit = self.fit(variant, context, cluster)
        drift = np.sqrt(_squared_norm(variant[..., PERIPHERY] - idea_design[..., PERIPHERY]))
        return self.effect(idea_effect, integrity, fit), integrity, fit, drift

    def effect(self, idea_effect: np.ndarray, integrity: np.ndarray, fit: np.ndarray):
        """E = effect · I · F − mangled_cost · (1 − I · F)."""
        quality = integrity * fit
        return idea_effect * quality - self.params.mangled_cost * (1 - quality)


def saturate(total: np.ndarray, cap: float) -> np.ndarray:
    """A school's summed effect x as it reaches students: cap · (1 − exp(−x/cap)) for x > 0."""
    return np.where(total > 0, -cap * np.expm1(-np.maximum(total, 0.0) / cap), total)


def saturation_slope(total: np.ndarray, cap: float) -> np.ndarray:
    """d saturate / dx: how much one more unit of effect adds at the school's total x."""
    return np.exp(-np.maximum(total, 0.0) / cap)


def _squared_norm(vectors: np.ndarray) -> np.ndarray:
    """‖v‖² along the last axis."""
    return np.einsum("...d,...d->...", vectors, vectors)
