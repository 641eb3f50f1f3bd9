"""Evidence along ties (MODEL.md §7): reports, awareness and transportability.

Each week each tie is active with probability tie_activity · weight. An active tie carries
a report both ways: the sender's idea, variant and belief (μ, s). The receiver becomes
aware of the idea and counts the report as an observation of mean μ_j with precision
report_weight · λ / s_j², where the transportability λ = trust · exp(−‖context_a −
context_b‖² / (2 · context_scale²)) discounts evidence from schools unlike oneself
[A, after Bryk et al.'s "what works, for whom, under what conditions"]. It is combined by
the same conjugate normal rule as the school's own tests.
"""

import numpy as np

from simulation.adjacency import Adjacency
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.state import Status, count_per_school, flat, take
from simulation.pdsa.trials import judges_changes, reported_practice

SIMILAR_CONTEXT = 0.5
"""Transportability (before trust) above which a neighbour counts as similar [A]."""


def tie_ends(adjacency: Adjacency) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tie once: its two schools and its weight."""
    upper = adjacency.matrix.tocoo()
    keep = upper.row < upper.col
    return upper.row[keep], upper.col[keep], upper.data[keep]


def exchange_evidence(net, step: int) -> None:
    """Reports travel both ways along this week's active ties."""
    a, b, weight = net.tie_ends
    active = net.rng.random(a.size) < np.minimum(net.params.evidence.tie_activity * weight, 1.0)
    senders = np.concatenate([a[active], b[active]])
    receivers = np.concatenate([b[active], a[active]])
    receive_reports(net, senders, receivers, report_ideas(net), net.params.evidence.tie_trust)


def report_ideas(net, among: np.ndarray | None = None) -> np.ndarray:
    """The idea each school talks about this week: one it has tested, at random (−1: none).

    Only members who have run at least one cycle of an idea have results to report;
    ``among`` (I,) bool limits the topics to some ideas (a role's driver at a convening).
    """
    tested = (net.work.cycles > 0) & net.schools.member[:, None]
    if among is not None:
        tested &= among[None, :]
    talkers = np.flatnonzero(count_per_school(tested))
    keys = np.where(tested[talkers], net.rng.random((talkers.size, tested.shape[1])), -1.0)
    topic = np.full(tested.shape[0], -1)
    topic[talkers] = keys.argmax(axis=1)
    return topic


def receive_reports(
    net,
    senders: np.ndarray,
    receivers: np.ndarray,
    ideas_of_sender: np.ndarray,
    trust: float,
    any_context: bool = False,
) -> None:
    """Receivers take in their senders' reports on ``ideas_of_sender[sender]``.

    ``any_context`` lets a receiver borrow the sender's variant whatever their contexts
    (a learning walk sees the practice in place); otherwise only a similar-context
    sender's variant is a candidate for borrowing.
    """
    ideas = ideas_of_sender[senders]
    ok = (ideas >= 0) & net.schools.member[receivers] & (senders != receivers)
    s, r, j = senders[ok], receivers[ok], ideas[ok]
    if s.size == 0:
        return
    work, p = net.work, net.params.evidence
    reported = work.pairs(s, j)  # a sender has tested the idea, so hearing leaves it as is
    reported_mu, reported_sd = take(work.mu, reported), take(work.sd, reported)
    if judges_changes(net):
        sender_variant, score = reported_practice(net, reported)
    else:
        sender_variant, score = take(work.variant, reported), reported_mu
    make_aware(net, r, j, source=sender_variant)
    difference = net.schools.context[s] - net.schools.context[r]
    distance2 = np.einsum("ij,ij->i", difference, difference)
    similarity = np.exp(-distance2 / (2 * p.context_scale**2))
    precision = p.report_weight * trust * similarity / reported_sd**2
    heard = work.pairs(r, j)
    _update_beliefs(net, heard, reported_mu, precision)
    candidates = slice(None) if any_context else similarity >= SIMILAR_CONTEXT
    remember_variants(net, heard[candidates], score[candidates], sender_variant[candidates])


def _update_beliefs(net, heard: np.ndarray, report_mean, precision) -> None:
    """Combine all reports each pair ``heard`` this week with its belief; re-awaken ideas.

    Per pair, the reports' precisions add and their means are precision-weighted (sums by
    ``bincount`` over all pairs, in the order the reports came).
    """
    work = net.work
    n_pairs = work.status.size
    pairs = np.flatnonzero(np.bincount(heard, minlength=n_pairs))
    total_precision = np.bincount(heard, precision, minlength=n_pairs)[pairs]
    weighted_sum = np.bincount(heard, precision * report_mean, minlength=n_pairs)[pairs]
    mean = weighted_sum / np.where(total_precision > 0, total_precision, 1)
    mu, sd = combine(take(work.mu, pairs), take(work.sd, pairs), mean, total_precision)
    flat(work.mu)[pairs], flat(work.sd)[pairs] = mu, sd
    awaken = pairs[
        (take(work.status, pairs) == Status.ABANDONED)
        & (
            degree_of_belief(mu, sd, net.params.pdsa.min_effect)
            >= net.params.evidence.reawaken_belief
        )
    ]
    flat(work.status)[awaken] = Status.AWARE
    flat(work.variants_tried)[awaken] = 0


def remember_variants(net, heard: np.ndarray, score, variant) -> None:
    """Keep, per pair, the best-reported variant heard (and, for conformity, their sum).

    ``score`` is what makes a report good: the sender's belief μ, or under
    keep_change="if_better" its practice's measured result.

    The best one is what ``best_member`` social learning copies, the mean of all heard
    what ``conformity`` copies (Barkoczi & Galesic 2016). Among equally good reports the
    first one heard counts.
    """
    if heard.size == 0:
        return
    work = net.work
    n_pairs = work.status.size
    if net.params.evidence.social_learning == "conformity":
        flat(work.heard_count)[:] += np.bincount(heard, minlength=n_pairs).astype(np.int32)
        heard_sum = flat(work.heard_sum)
        for d in range(variant.shape[1]):  # the six variant dimensions
            heard_sum[:, d] += np.bincount(heard, variant[:, d], minlength=n_pairs)
    best_score = np.full(n_pairs, -np.inf)
    np.maximum.at(best_score, heard, score)
    best_reports = np.flatnonzero(
        (score == best_score[heard]) & (score > take(work.borrow_score, heard))
    )
    first = np.full(n_pairs, heard.size)
    np.minimum.at(first, heard[best_reports], best_reports)
    best = first[first < heard.size]
    flat(work.borrow_score)[heard[best]] = score[best]
    flat(work.borrow_variant)[heard[best]] = variant[best]
