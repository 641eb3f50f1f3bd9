"""Evidence along ties (docs/model.md §7.2.10): reports carry data, never beliefs.

Each week each tie is active with probability tie_activity · weight. An active tie carries
a report both ways on the idea the sender talks about this week: the sender's practice
(its variant, or the practice a change on trial may go back to) with that practice's
measured mean, and the sender's own test results on the idea — the pooled data of its
cycles, Σ n/σ_b² and Σ (n/σ_b²) ŷ — never its belief, which holds its prior and what it
heard from others. A receiver takes each of a sender's results in once: it remembers, per
sender and idea, what it has heard (``HeardResults``), and a report adds only the results
it has not yet heard. So nothing is counted twice and beliefs cannot echo.

The receiver becomes aware of the idea and counts the new results, of pooled mean ȳ and
precision τ, as evidence of mean ȳ and precision report_weight · λ · τ, where the
transportability λ = trust · exp(−‖context_a − context_b‖² / (2 · context_scale²))
discounts evidence from schools unlike oneself [A, after Bryk et al.'s "what works, for
whom, under what conditions"]; it is combined by the same conjugate normal rule as the
school's own tests. A similar-context sender's practice becomes a candidate for borrowing.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from simulation.adjacency import Adjacency
from simulation.pdsa.adaptation import practices
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.similarity import SIMILAR_CONTEXT, context_similarity
from simulation.pdsa.state import Status, count_per_school, flat, take

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning


@dataclass
class HeardResults:
    """What each receiver has heard of each sender's own results, per idea.

    One row per (sender, receiver) that ever exchanged reports: the precision Σ τ and the
    sum Σ τ ŷ of the sender's results on each idea that the receiver has taken in. A
    sender's results only accumulate, so the results not yet heard are its totals minus
    these. Rows for both directions of every tie exist from the start; meetings at
    convenings and on learning walks add rows (memory O(pairs that met × ideas)). Rows
    are appended (with spare capacity, so growing is amortised); a sorted index of the
    keys sender · S + receiver finds them. The row of tie t's report from its first
    school to its second is t, from its second to its first E + t (E ties), until ties
    are added (``channels_of``).
    """

    n_schools: int
    keys: np.ndarray  # (K,) int64, sorted
    rows: np.ndarray  # (K,) the row of each key
    precision: np.ndarray  # (capacity, I)
    total: np.ndarray  # (capacity, I)

    @classmethod
    def for_ties(cls, tie_ends, n_schools: int, n_ideas: int) -> "HeardResults":
        a, b, _ = tie_ends
        directed = np.concatenate([a * n_schools + b, b * n_schools + a]).astype(np.int64)
        rows = np.argsort(directed, kind="stable")
        keys = directed[rows]
        return cls(
            n_schools, keys, rows, np.zeros((keys.size, n_ideas)), np.zeros((keys.size, n_ideas))
        )

    def channels_of(self, tie_ends) -> np.ndarray:
        """The rows of every tie's two directions: first school to second for each tie,
        then second to first (the layout ``exchange_evidence`` indexes). Ties added to an
        evolving network get rows of their own, or the rows of a pair that met before."""
        a, b, _ = tie_ends
        return self.rows_of(np.concatenate([a, b]), np.concatenate([b, a]))

    def add_ideas(self, count: int) -> None:
        """New ideas: nothing of them heard yet."""
        self.precision = np.pad(self.precision, ((0, 0), (0, count)))
        self.total = np.pad(self.total, ((0, 0), (0, count)))

    def rows_of(self, senders: np.ndarray, receivers: np.ndarray) -> np.ndarray:
        """The rows of (sender, receiver) pairs, added for pairs that never met before."""
        keys = senders.astype(np.int64) * self.n_schools + receivers
        self._add_rows(keys)
        return self.rows[np.searchsorted(self.keys, keys)]

    def take_unheard(self, rows, ideas, own_precision, own_sum):
        """The precision and sum of the senders' results on ``ideas`` that the receivers
        (of the pairs at ``rows``) have not heard yet, now marked as heard. A pair and idea
        that appear more than once in one exchange count once."""
        n_ideas = self.precision.shape[1]
        cells = rows * n_ideas + ideas
        first = np.zeros(cells.size, bool)
        first[np.unique(cells, return_index=True)[1]] = True
        heard_precision, heard_total = self.precision.ravel(), self.total.ravel()
        new_precision = np.where(first, own_precision - heard_precision[cells], 0.0)
        new_sum = np.where(first, own_sum - heard_total[cells], 0.0)
        heard_precision[cells], heard_total[cells] = own_precision, own_sum
        return new_precision, new_sum

    def _add_rows(self, keys: np.ndarray) -> None:
        """Rows, holding nothing heard, for keys not seen before."""
        index = np.minimum(np.searchsorted(self.keys, keys), max(self.keys.size - 1, 0))
        unknown = keys if self.keys.size == 0 else keys[self.keys[index] != keys]
        if unknown.size == 0:
            return
        unknown = np.unique(unknown)
        used = self.keys.size
        at = np.searchsorted(self.keys, unknown)
        self.keys = np.insert(self.keys, at, unknown)
        self.rows = np.insert(self.rows, at, np.arange(used, used + unknown.size))
        if used + unknown.size > self.precision.shape[0]:
            capacity = max(2 * self.precision.shape[0], used + unknown.size)
            for name in ("precision", "total"):
                grown = np.zeros((capacity, getattr(self, name).shape[1]))
                grown[:used] = getattr(self, name)[:used]
                setattr(self, name, grown)


def tie_ends(adjacency: Adjacency) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tie once: its two schools and its weight."""
    upper = adjacency.matrix.tocoo()
    keep = upper.row < upper.col
    return upper.row[keep], upper.col[keep], upper.data[keep]


def exchange_evidence(net: "PDSALearning", step: int) -> None:
    """Reports travel both ways along this week's active ties."""
    a, b, weight = net.tie_ends
    active = net.rng.random(a.size) < np.minimum(net.params.evidence.tie_activity * weight, 1.0)
    senders = np.concatenate([a[active], b[active]])
    receivers = np.concatenate([b[active], a[active]])
    ties = np.flatnonzero(active)
    channels = net.tie_channels[np.concatenate([ties, a.size + ties])]
    receive_reports(
        net, senders, receivers, report_ideas(net), net.params.evidence.tie_trust, channels=channels
    )


def report_ideas(net: "PDSALearning", among: np.ndarray | None = None) -> np.ndarray:
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
    net: "PDSALearning",
    senders: np.ndarray,
    receivers: np.ndarray,
    ideas_of_sender: np.ndarray,
    trust: float,
    any_context: bool = False,
    channels: np.ndarray | None = None,
) -> None:
    """Receivers take in their senders' reports on ``ideas_of_sender[sender]``.

    ``any_context`` lets a receiver borrow the sender's practice whatever their contexts
    (a learning walk sees the practice in place); otherwise only a similar-context
    sender's practice is a candidate for borrowing. ``channels`` are the pairs' rows in
    ``net.heard`` when known (ties), else they are looked up.
    """
    ideas = ideas_of_sender[senders]
    ok = (ideas >= 0) & net.schools.member[receivers] & (senders != receivers)
    s, r, j = senders[ok], receivers[ok], ideas[ok]
    if s.size == 0:
        return
    channels = net.heard.rows_of(s, r) if channels is None else channels[ok]
    work, p = net.work, net.params.evidence
    reported = work.pairs(s, j)  # a sender has tested the idea, so hearing leaves it as is
    practice, practice_result = practices(work, reported), take(work.result, reported)
    make_aware(net, r, j, source=practice)
    new_precision, new_sum = net.heard.take_unheard(
        channels, j, take(work.own_precision, reported), take(work.own_sum, reported)
    )
    similarity = context_similarity(net, r, net.schools.context[s])
    heard = work.pairs(r, j)
    news = new_precision > 0
    mean = new_sum[news] / new_precision[news]
    weight = p.report_weight * trust * similarity[news]
    _update_beliefs(net, heard[news], mean, weight * new_precision[news])
    candidates = slice(None) if any_context else similarity >= SIMILAR_CONTEXT
    remember_variants(net, heard[candidates], practice_result[candidates], practice[candidates])


def _update_beliefs(net: "PDSALearning", heard: np.ndarray, report_mean, precision) -> None:
    """Combine all reports each pair ``heard`` this week with its belief; re-awaken ideas.

    Per pair, the reports' precisions add and their means are precision-weighted (sums by
    ``bincount`` over all pairs, in the order the reports came).
    """
    work = net.work
    n_pairs = work.status.size
    pairs = np.flatnonzero(np.bincount(heard, minlength=n_pairs))
    if pairs.size == 0:
        return
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


def remember_variants(net: "PDSALearning", heard: np.ndarray, score, variant) -> None:
    """Keep, per pair, the best-measured practice heard (and, for conformity, their sum).

    ``score`` is what makes a report good: the measured mean of the sender's practice.
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
