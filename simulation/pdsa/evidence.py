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
from simulation.pdsa.state import Status

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


def report_ideas(net) -> np.ndarray:
    """The idea each school talks about this week: one it has tested, at random (−1: none).

    Only members who have run at least one cycle of an idea have results to report.
    """
    tested = (net.work.cycles > 0) & net.schools.member[:, None]
    talkers = np.flatnonzero(tested.any(axis=1))
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
    sender_variant = work.variant[s, j]
    reported_mu = work.mu[s, j]  # as reported, before either end updates
    make_aware(net, r, j, source=sender_variant)
    difference = net.schools.context[s] - net.schools.context[r]
    distance2 = np.einsum("ij,ij->i", difference, difference)
    similarity = np.exp(-distance2 / (2 * p.context_scale**2))
    precision = p.report_weight * trust * similarity / work.sd[s, j] ** 2
    _update_beliefs(net, r, j, reported_mu, precision)
    candidates = np.ones(s.size, bool) if any_context else similarity >= SIMILAR_CONTEXT
    remember_variants(
        net, r[candidates], j[candidates], reported_mu[candidates], sender_variant[candidates]
    )


def _update_beliefs(net, r, j, report_mean, precision) -> None:
    """Combine all reports a pair received this week with its belief; re-awaken ideas."""
    work = net.work
    pair = r * net.ideas.n + j
    pairs, index = np.unique(pair, return_inverse=True)
    total_precision = np.bincount(index, precision)
    mean = np.bincount(index, precision * report_mean) / np.where(
        total_precision > 0, total_precision, 1
    )
    rs, js = np.divmod(pairs, net.ideas.n)
    work.mu[rs, js], work.sd[rs, js] = combine(
        work.mu[rs, js], work.sd[rs, js], mean, total_precision
    )
    awaken = (work.status[rs, js] == Status.ABANDONED) & (
        degree_of_belief(work.mu[rs, js], work.sd[rs, js], net.params.pdsa.min_effect)
        >= net.params.evidence.reawaken_belief
    )
    work.status[rs[awaken], js[awaken]] = Status.AWARE
    work.variants_tried[rs[awaken], js[awaken]] = 0


def remember_variants(net, r, j, reported_mu, variant) -> None:
    """Keep, per pair, the best-reported variant heard (and, for conformity, their sum).

    The best one is what ``best_member`` social learning copies, the mean of all heard
    what ``conformity`` copies (Barkoczi & Galesic 2016).
    """
    if r.size == 0:
        return
    work = net.work
    pair = r * net.ideas.n + j
    # grouped by pair, the best-reported first: two stable sorts (faster than lexsort)
    by_belief = np.argsort(-reported_mu, kind="stable")
    order = by_belief[np.argsort(pair[by_belief], kind="stable")]
    sorted_pair = pair[order]
    first = np.r_[True, sorted_pair[1:] != sorted_pair[:-1]]
    best = order[first]
    if net.params.evidence.social_learning == "conformity":
        group = np.cumsum(first) - 1
        heard = np.zeros((first.sum(), variant.shape[1]))
        for d in range(variant.shape[1]):  # the six variant dimensions
            heard[:, d] = np.bincount(group, variant[order, d])
        work.heard_sum[r[best], j[best]] += heard
        work.heard_count[r[best], j[best]] += np.bincount(group)
    better = reported_mu[best] > work.borrow_mu[r[best], j[best]]
    best = best[better]
    work.borrow_mu[r[best], j[best]] = reported_mu[best]
    work.borrow_variant[r[best], j[best]] = variant[best]
