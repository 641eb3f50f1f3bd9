"""Adaptation: a search for a better variant that the school's own tests guide.

docs/model.md §7.2.12 ("Adapt" and "Changes on trial"). A school never sees how well a
variant fits it; it sees only its measured results, its context, the reports it hears and
the hub's messages (the observability rule, docs/model.md §4). So Act's "adapt" is a
search in the named sub-steps of this module:

1. ``borrow_from_peers``: with probability borrow_probability the school proposes a copy
   of a variant that worked in a school of similar context: under ``best_member`` the
   practice with the best measured result it heard of (from a similar-context peer, or
   the bright spot the hub publicised, if that school's context is similar), if that
   result beats its own practice's; under ``conformity`` the mean of the variants it
   heard (Barkoczi & Galesic 2016).
2. ``propose_local_change`` otherwise: a random step N(0, local_step²) on the periphery,
   plus, as an explicit assumption, ``local_knowledge`` · π of the way toward its own
   context (tacit know-how of fit; default 0, so only tests guide the search); under
   ``reinvent`` the core may move too (the lethal-mutation risk).
3. ``start_trials``: under keep_change = "if_better" the change is a trial; the practice
   it may go back to is kept.
4. ``judge_trials`` at the Study of the cycle that tested it: the change is kept only if
   its measured result beats the practice's measured mean by more than keep_margin
   standard errors of the difference, both errors from the school's believed noise
   (a one-sided z-test; Langley et al. 2009: "How will we know that a change is an
   improvement?"; with margin 0 it is Lazer & Friedman's 2007 "keep if better").

What may change is the implementation policy's to say (``CycleParameters.never_adapts``,
``adapts_periphery``, ``adapts_core``).
"""

from typing import TYPE_CHECKING

import numpy as np

from simulation.events import Event
from simulation.pdsa.population import CORE, PERIPHERY
from simulation.pdsa.similarity import similar_context
from simulation.pdsa.state import flat, take

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning


def adapt(net: "PDSALearning", s: np.ndarray, j: np.ndarray, step: int) -> None:
    """Act's "adapt" for pairs (s, j): borrow a peer's variant or change it locally.

    The belief carries over, widened: s² += belief_widening². A locally changed variant
    is owned by the school. Variants tried + 1.
    """
    if s.size == 0:
        return
    work, p = net.work, net.params.pdsa
    pairs = work.pairs(s, j)
    borrow, model_variant = borrow_from_peers(net, s, j, pairs)
    variant = take(work.variant, pairs)
    adaptable = adaptable_part(p)
    new_variant = propose_local_change(net, s, variant, ~borrow)
    copied = model_variant[borrow] + net.rng.normal(0.0, p.copy_error, variant[borrow].shape)
    borrowed = variant[borrow]
    borrowed[:, adaptable] = copied[:, adaptable]
    new_variant[borrow] = borrowed
    start_trials(net, pairs)
    net.set_variants(s, j, new_variant)
    flat(work.owned)[pairs[~borrow]] = True
    flat(work.variants_tried)[pairs] += 1
    flat(work.sd)[pairs] = np.sqrt(take(work.sd, pairs) ** 2 + p.belief_widening**2)
    net.events.record(step, Event.ADAPTED, s, j, borrow.astype(float))


def adaptable_part(p) -> slice:
    """The coordinates of a variant a school may adapt under its policy: all under
    ``reinvent``, the periphery under ``integrity``, none under ``replicate``."""
    if p.never_adapts:
        return slice(0, 0)
    return slice(None) if p.adapts_core else PERIPHERY


def fixed_part(p) -> slice:
    """The coordinates a school keeps as the hub gives them: all under ``replicate``, the
    core under ``integrity``, none under ``reinvent``."""
    if p.never_adapts:
        return slice(None)
    return slice(0, 0) if p.adapts_core else CORE


def borrow_from_peers(net: "PDSALearning", s: np.ndarray, j: np.ndarray, pairs: np.ndarray):
    """Which pairs copy a peer's variant this time, and the variant each would copy.

    One draw with probability borrow_probability decides whether the school tries; under
    ``best_member`` it copies the best measured practice it knows of from a school of
    similar context — a remembered report, or the bright spot the hub publicised if the
    school's context is similar to the bright spot's — when its result beats the
    school's own practice's measured mean; each remembered report is used once. Under
    ``conformity`` it copies the mean of the variants it heard, if it heard any.
    """
    work, rng = net.work, net.rng
    chance = rng.random(s.size) < net.params.pdsa.borrow_probability
    if net.params.evidence.social_learning == "conformity":
        heard_count = take(work.heard_count, pairs)
        mean_heard = take(work.heard_sum, pairs) / np.maximum(heard_count, 1)[:, None]
        return chance & (heard_count > 0), mean_heard
    hub = net.hub
    heard_score = take(work.borrow_score, pairs)
    publicised_score = np.where(
        similar_context(net, s, hub.publicised_context[j]), hub.publicised_result[j], -np.inf
    )
    publicised = publicised_score > heard_score
    best_score = np.where(publicised, publicised_score, heard_score)
    borrow = chance & (best_score > take(work.result, pairs))
    model_variant = np.where(
        publicised[:, None], np.take(hub.publicised, j, axis=0), take(work.borrow_variant, pairs)
    )
    flat(work.borrow_score)[pairs[borrow & ~publicised]] = -np.inf
    return borrow, model_variant


def propose_local_change(
    net: "PDSALearning", s: np.ndarray, variant: np.ndarray, local: np.ndarray
):
    """The variants with a local change proposed where ``local``; the rest as they were.

    The periphery takes a random step N(0, local_step²), plus local_knowledge · π of the
    way toward the school's own context: an explicit assumption of tacit know-how of fit
    (Berman & McLaughlin's mutual adaptation), 0 by default because a school does not see
    how well a variant fits it, only what its tests measure. Under ``reinvent`` the core
    moves by N(0, local_step²) with probability core_mutation_risk · (1 − π)(1 − coaching):
    the lethal-mutation risk; each such move is counted.
    """
    p, rng, schools = net.params.pdsa, net.rng, net.schools
    proposed = variant.copy()
    periphery = variant[:, PERIPHERY]
    toward_context = schools.context[s] - periphery
    pull = p.local_knowledge * schools.skill[s, None]
    step = pull * toward_context + rng.normal(0.0, p.local_step, periphery.shape)
    proposed[local, PERIPHERY] += step[local]
    if p.adapts_core:
        risk = p.core_mutation_risk * (1 - schools.skill[s]) * (1 - schools.coaching[s])
        mutate = rng.random(s.size) < risk
        proposed[mutate, CORE] += rng.normal(0.0, p.local_step, (mutate.sum(), CORE.stop))
        proposed[~local, CORE] = variant[~local, CORE]
        net.totals.core_mutations += int((mutate & local).sum())
    return proposed


def start_trials(net: "PDSALearning", pairs: np.ndarray) -> None:
    """The variants of ``pairs`` are about to change.

    Under keep_change = "if_better" the change is a trial: keep the practice to return
    to (adaptation follows the judgement of the cycle just ended, so no pair is on trial
    yet). Under "always" the change is the practice from now on, not yet measured.
    """
    work = net.work
    if net.params.pdsa.judges_changes:
        flat(work.practice)[pairs] = take(work.variant, pairs)
        flat(work.on_trial)[pairs] = True
    else:
        flat(work.result)[pairs] = -np.inf
        flat(work.result_precision)[pairs] = 0.0


def judge_trials(
    net, s: np.ndarray, j: np.ndarray, observed: np.ndarray, precision: np.ndarray, step: int
) -> None:
    """After the cycles of pairs (s, j) measured ``observed`` with ``precision``: keep or
    undo their changes on trial, and update their practices' measured means.

    A change on trial is kept iff ŷ − m > keep_margin · √(1/τ + 1/τ_m), with ŷ its result
    of precision τ = n/σ_b² and m the practice's measured mean of precision τ_m (a
    practice never measured loses to any change); a kept change's result becomes the
    practice's, an undone one goes back to the practice (event ``reverted``). For a pair
    not on trial the practice was measured again: m and τ_m pool the new result.
    """
    work, margin = net.work, net.params.pdsa.keep_margin
    pairs = work.pairs(s, j)
    mean, mean_precision = take(work.result, pairs), take(work.result_precision, pairs)
    on_trial = take(work.on_trial, pairs)
    measured = mean_precision > 0
    standard_error = np.sqrt(1 / precision + 1 / np.where(measured, mean_precision, 1.0))
    better = ~measured | (observed - mean > margin * standard_error)
    undo = on_trial & ~better
    keep = on_trial & better
    pooled = mean_precision + precision
    pooled_mean = (mean_precision * np.where(measured, mean, 0.0) + precision * observed) / pooled
    new_mean = np.where(keep, observed, np.where(undo, mean, pooled_mean))
    new_precision = np.where(keep, precision, np.where(undo, mean_precision, pooled))
    flat(work.result)[pairs], flat(work.result_precision)[pairs] = new_mean, new_precision
    net.set_variants(s[undo], j[undo], take(work.practice, pairs[undo]))
    flat(work.on_trial)[pairs] = False
    net.events.record(step, Event.REVERTED, s[undo], j[undo], observed[undo])


def practices(work, pairs: np.ndarray) -> np.ndarray:
    """The practice of each pair: the variant it would keep, which for a change on trial
    is the one it may go back to."""
    on_trial = take(work.on_trial, pairs)
    return np.where(on_trial[:, None], take(work.practice, pairs), take(work.variant, pairs))
