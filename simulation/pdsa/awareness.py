"""Hearing of an idea: the first belief and the first variant (docs/model.md §7.2.3)."""

from typing import TYPE_CHECKING

import numpy as np

from simulation.pdsa.population import PERIPHERY
from simulation.pdsa.state import Status, flat, take

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning


def make_aware(
    net: "PDSALearning", schools: np.ndarray, ideas: np.ndarray, source: np.ndarray | None
) -> np.ndarray:
    """Schools hear of ideas: those unaware start from the prior and a variant of it.

    ``schools`` and ``ideas`` broadcast to pairs. The variant is a copy of ``source``
    (a peer's variant, with copy error, docs/model.md §7.2.3) or, from the hub, the hub's curated
    version of the idea, its periphery varied by N(0, initial_variation²) unless the
    policy is ``replicate`` (by default 0: every school starts from the design; > 0:
    schools start from their own versions, as Lazer & Friedman's (2007) agents start from
    random solutions [A]). Returns the mask of pairs that were unaware.
    """
    schools, ideas = np.broadcast_arrays(schools, ideas)
    work, p = net.work, net.params.pdsa
    pairs = work.pairs(schools, ideas)
    new = take(work.status, pairs) == Status.UNAWARE
    if not new.any():
        return new
    s, j, pairs = schools[new], ideas[new], pairs[new]
    flat(work.status)[pairs] = Status.AWARE
    flat(work.mu)[pairs] = p.prior_mean
    flat(work.sd)[pairs] = p.prior_sd
    if p.never_adapts:
        net.set_variants(s, j, net.hub.curated[j])
    elif source is None:
        net.set_variants(s, j, _first_versions(net.hub.curated[j], p.initial_variation, net.rng))
    else:
        copied = np.broadcast_to(source, (*new.shape, source.shape[-1]))[new]
        net.set_variants(s, j, copied + net.rng.normal(0.0, p.copy_error, copied.shape))
    return new


def _first_versions(designs: np.ndarray, variation: float, rng: np.random.Generator):
    """Schools' first versions of the designs: the periphery varied by N(0, variation²)."""
    if variation == 0:
        return designs
    versions = designs.copy()
    versions[:, PERIPHERY] += rng.normal(0.0, variation, versions[:, PERIPHERY].shape)
    return versions
