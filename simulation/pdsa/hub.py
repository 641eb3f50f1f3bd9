"""The hub's supports (docs/model.md §7.2.4–7.2.9; Russell et al. 2017): each switchable.

The hub is not a node: it reaches members through convenings, analytics (pooled estimates,
endorsements, bright spots), a curated variant, coaching, learning walks, 90-day R&D cycles
and onboarding in cohorts. It works during the supported years only.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from scipy.spatial import cKDTree

from simulation.events import Event
from simulation.pdsa.adaptation import fixed_part, practices
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.evidence import receive_reports, report_ideas
from simulation.pdsa.population import CONTEXT_DIMENSIONS, Ideas
from simulation.pdsa.state import Status, take

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning


@dataclass
class HubState:
    """What the hub holds: its version of each idea, what it pooled, whom it coached."""

    curated: np.ndarray  # (I, 6) the hub's recommended variant of each idea
    endorsed: np.ndarray  # (I,) bool
    broadcast: np.ndarray  # (I,) bool: the pooled estimate was sent to members once
    pooled_mean: np.ndarray  # (I,) random-effects pooled result (NaN before pooling)
    pooled_se: np.ndarray  # (I,)
    tau2: np.ndarray  # (I,) between-school variance of the results
    cluster_mean: np.ndarray  # (C, I) pooled result by context cluster: where it worked
    cluster_se: np.ndarray  # (C, I)
    cluster_k: np.ndarray  # (C, I) schools' results pooled in each cluster
    publicised_result: np.ndarray  # (I,) measured result of the publicised bright spot's
    # practice (−inf: none)
    publicised: np.ndarray  # (I, 6) that practice
    publicised_context: np.ndarray  # (I, 4) the bright spot's context
    bright: np.ndarray  # (S,) bool: flagged bright spots
    similar_member: dict  # members' count → each member's most similar other member
    last_coached: np.ndarray  # (S,) step of the last coaching session (−1: never)

    @classmethod
    def start(cls, ideas: Ideas, n_schools: int, n_clusters: int) -> "HubState":
        per_cluster = (n_clusters, ideas.n)
        return cls(
            curated=ideas.design.copy(),
            endorsed=np.zeros(ideas.n, bool),
            broadcast=np.zeros(ideas.n, bool),
            pooled_mean=np.full(ideas.n, np.nan),
            pooled_se=np.full(ideas.n, np.nan),
            tau2=np.full(ideas.n, np.nan),
            cluster_mean=np.full(per_cluster, np.nan),
            cluster_se=np.full(per_cluster, np.nan),
            cluster_k=np.zeros(per_cluster, np.int64),
            publicised_result=np.full(ideas.n, -np.inf),
            publicised=ideas.design.copy(),
            publicised_context=np.zeros((ideas.n, CONTEXT_DIMENSIONS)),
            bright=np.zeros(n_schools, bool),
            similar_member={},
            last_coached=np.full(n_schools, -1),
        )

    def withdraw(self) -> None:
        """The sustain year: endorsements, bright spots and publicised variants lapse."""
        self.endorsed[:] = False
        self.bright[:] = False
        self.publicised_result[:] = -np.inf

    def add_ideas(self, ideas: Ideas) -> None:
        def widen(array, fill, axis=0):
            extra = list(array.shape)
            extra[axis] = ideas.n
            return np.concatenate([array, np.full(extra, fill, array.dtype)], axis)

        self.curated = np.concatenate([self.curated, ideas.design])
        self.publicised = np.concatenate([self.publicised, ideas.design])
        self.endorsed, self.broadcast = widen(self.endorsed, False), widen(self.broadcast, False)
        self.pooled_mean, self.pooled_se = (
            widen(self.pooled_mean, np.nan),
            widen(self.pooled_se, np.nan),
        )
        self.tau2 = widen(self.tau2, np.nan)
        self.cluster_mean = widen(self.cluster_mean, np.nan, 1)
        self.cluster_se = widen(self.cluster_se, np.nan, 1)
        self.cluster_k = widen(self.cluster_k, 0, 1)
        self.publicised_result = widen(self.publicised_result, -np.inf)
        self.publicised_context = widen(self.publicised_context, 0.0)


class Pool(NamedTuple):
    """A random-effects pooled estimate: mean, its standard error, τ² and the number k
    of results pooled."""

    mean: np.ndarray
    se: np.ndarray
    tau2: np.ndarray
    k: np.ndarray


# --- onboarding ----------------------------------------------------------------------------


def onboard(net: "PDSALearning", step: int) -> None:
    """Schools whose joining week has come join the network's work (their rollout wave)."""
    net.schools.member |= net.joins_at <= step


# --- the weekly supports --------------------------------------------------------------------


def supports(net: "PDSALearning", step: int) -> None:
    """Whatever supports are due this week."""
    h = net.params.hub
    if _due(h.convening_interval, step):
        convene(net, step)
    if _due(h.analytics_interval, step):
        analyse(net, step)
    if h.coaching_hours > 0:
        coach(net, step)
    if _due(h.walk_interval, step):
        learning_walks(net, step)
    if _due(h.rd_interval, step) and net.rng.random() < h.rd_success:
        new = net.add_ideas(1, step)
        members = np.flatnonzero(net.schools.member)
        make_aware(net, members[:, None], new[None, :], source=None)
        net.events.record(step, Event.IDEA_ADDED, -1, new, net.ideas.effect[new])


def _due(interval: int, step: int) -> bool:
    """A support every ``interval`` weeks, the first in week 1 (0: switched off)."""
    return interval > 0 and (step - 1) % interval == 0


def convene(net: "PDSALearning", step: int) -> None:
    """Members meet in ``convening_partners`` rounds of pairs; some meetings leave ties.

    The hub presents the change package (every member hears of every idea). In each
    round every member's team sends one of its members (a role: the teacher of one
    primary driver, docs/model.md §2.2); two schools' members meet and report to each
    other, each on an idea of its own role's driver that its school has tested (trust 1).
    Under ``job_alike`` a round gathers one role across schools (the roles in turn), so
    both members share it; otherwise each school's member is of a role drawn at random.
    A meeting leaves a lasting tie between the two schools with probability
    ``tie_formation`` when the members share a role, ``cross_role_tie_formation``
    otherwise [E→A: Spillane, Kim & Frank 2012 — advice ties form among colleagues who
    share a grade or subject]. Engagement rises [E: IHI Breakthrough Series learning
    sessions; NW RISE convenes twice a year in job-alike groups].
    """
    h, schools = net.params.hub, net.schools
    members = np.flatnonzero(schools.member)
    if members.size < 2:
        return
    make_aware(net, members[:, None], np.arange(net.ideas.n)[None, :], source=None)
    roles = net.params.ideas.n_drivers
    first_role = net.rng.integers(roles)
    meetings = []
    for round_ in range(h.convening_partners):
        a, b = _pair_up(net, members, h.convening_mix)
        if h.convening_mix == "job_alike":
            role_a = role_b = np.full(a.size, (first_role + round_) % roles)
        else:
            role_a, role_b = net.rng.integers(roles, size=(2, a.size))
        meetings.append((a, b, role_a, role_b))
    if meetings:
        a, b, role_a, role_b = (np.concatenate(column) for column in zip(*meetings, strict=True))
        topics = [report_ideas(net, among=net.ideas.driver == r) for r in range(roles)]
        for sender, receiver, role in ((a, b, role_a), (b, a, role_b)):
            for r in range(roles):
                said = role == r
                receive_reports(net, sender[said], receiver[said], topics[r], trust=1.0)
        chance = np.where(role_a == role_b, h.tie_formation, h.cross_role_tie_formation)
        form_ties(net, a, b, chance)
    schools.engagement[members] = np.minimum(
        1.0, schools.engagement[members] + h.convening_engagement
    )
    schools.last_supported[members] = step
    net.totals.convening_days += members.size
    net.events.record(step, Event.CONVENING, -1, -1, members.size)


def form_ties(net: "PDSALearning", a: np.ndarray, b: np.ndarray, chance: np.ndarray) -> None:
    """Each meeting a[k]–b[k] leaves a lasting tie with probability chance[k] (§7.2.5)."""
    formed = net.rng.random(a.size) < chance
    net.add_ties(a[formed], b[formed])


def _pair_up(net: "PDSALearning", members: np.ndarray, mix: str) -> np.ndarray:
    """One round of meetings: (2, k) array of disjoint pairs of members.

    ``random`` and ``job_alike``: a random matching across all members (a job-alike group
    spans schools, whatever their cluster). ``cross_cluster``: members in random order
    sorted by cluster, the order cut in half, the i-th of each half meet, so pairs cross
    clusters unless one cluster holds more than half of the members.
    """
    rng, cluster = net.rng, net.schools.cluster
    order = members[rng.permutation(members.size)]
    if mix == "cross_cluster":
        order = order[np.argsort(cluster[order], kind="stable")]
    half = order.size // 2
    return np.stack([order[:half], order[half : 2 * half]])


def analyse(net: "PDSALearning", step: int) -> None:
    """Pool members' results per idea, endorse, flag bright spots, curate (docs/model.md
    §7.2.6).

    What the hub pools is data, never beliefs: each member's own test results on an idea
    (its pooled mean ȳ_i = Σ τ ŷ / Σ τ, variance 1/Σ τ, τ = n/σ_b² per result), by the
    DerSimonian–Laird random-effects method, over all members (pooled mean, standard
    error, between-school variance τ²) and within each context cluster (for whom and
    where the idea worked). An idea is endorsed while its pooled degree of belief reaches
    endorse_belief with at least endorse_min_reports schools' results; when first
    endorsed, the hub sends each member the estimate of its own cluster (the network's
    if its cluster has fewer results), which the member takes in as a report (once per
    idea, so the message is not counted twice). Bright spots come from run charts
    (``run_charts``); curation follows measured practices.
    """
    h, work, hub, schools = net.params.hub, net.work, net.hub, net.schools
    tested = (work.own_precision > 0) & schools.member[:, None]
    precision = np.where(tested, work.own_precision, 1.0)
    results, variance = work.own_sum / precision, 1.0 / precision
    pool = random_effects_pool(results, variance, tested)
    hub.pooled_mean, hub.pooled_se, hub.tau2 = pool.mean, pool.se, pool.tau2
    n_clusters = hub.cluster_mean.shape[0]
    by_cluster = (
        Pool(*(a[None] for a in pool))
        if n_clusters == 1
        else random_effects_pool(results, variance, tested, schools.cluster, n_clusters)
    )
    hub.cluster_mean, hub.cluster_se, hub.cluster_k = by_cluster.mean, by_cluster.se, by_cluster.k
    belief = degree_of_belief(
        np.nan_to_num(pool.mean), np.nan_to_num(pool.se, nan=1.0), net.params.pdsa.min_effect
    )
    hub.endorsed = (pool.k >= h.endorse_min_reports) & (belief >= h.endorse_belief)
    new = np.flatnonzero(hub.endorsed & ~hub.broadcast)
    if new.size:
        _broadcast_endorsement(net, new)
        net.events.record(step, Event.ENDORSED, -1, new, pool.mean[new])
    _flag_bright_spots(net, step)
    _curate(net)


def random_effects_pool(
    y: np.ndarray,
    v: np.ndarray,
    include: np.ndarray,
    groups: np.ndarray | None = None,
    n_groups: int = 1,
) -> Pool:
    """DerSimonian & Laird (1986) pooled mean, standard error, τ² and k per column of the
    (S, I) results ``y`` with variances ``v`` where ``include``; per (group, column) when
    rows are given ``groups`` (then the arrays are (n_groups, I)).

    w_i = 1/v_i, Q = Σ w_i (y_i − ȳ_w)², τ² = max(0, (Q − (k − 1)) / (Σ w − Σ w²/Σ w)),
    w*_i = 1/(v_i + τ²), mean = Σ w*_i y_i / Σ w*_i, se = 1/√Σ w*_i.
    """
    n_columns = y.shape[1]
    rows, columns = np.nonzero(include)
    cell = columns if groups is None else groups[rows] * n_columns + columns
    size = n_groups * n_columns
    yi, vi = y[rows, columns], v[rows, columns]
    wi = 1.0 / vi

    def total(values=None):
        return np.bincount(cell, values, minlength=size)

    k = total().astype(np.int64)
    sw = total(wi)
    safe = np.where(sw > 0, sw, 1.0)
    fixed = total(wi * yi) / safe
    q = total(wi * (yi - fixed[cell]) ** 2)
    denominator = sw - total(wi * wi) / safe
    tau2 = np.maximum(0.0, (q - (k - 1)) / np.where(denominator > 0, denominator, np.inf))
    w_star = 1.0 / (vi + tau2[cell])
    sw_star = total(w_star)
    safe_star = np.where(sw_star > 0, sw_star, 1.0)
    mean = np.where(k > 0, total(w_star * yi) / safe_star, np.nan)
    se = np.where(k > 0, 1 / np.sqrt(safe_star), np.nan)
    shape = (n_columns,) if groups is None else (n_groups, n_columns)
    return Pool(*(a.reshape(shape) for a in (mean, se, tau2, k)))


def _broadcast_endorsement(net: "PDSALearning", ideas: np.ndarray) -> None:
    """Members hear of newly endorsed ``ideas`` and take in the pooled estimate for their
    cluster (the network's where their cluster has too few results) as a report of
    weight report_weight (no trust or context discount)."""
    members = np.flatnonzero(net.schools.member)
    make_aware(net, members[:, None], ideas[None, :], source=None)
    work, hub, h = net.work, net.hub, net.params.hub
    s, j = np.meshgrid(members, ideas, indexing="ij")
    s, j = s.ravel(), j.ravel()
    cluster = net.schools.cluster[s]
    local = hub.cluster_k[cluster, j] >= h.endorse_min_reports
    mean = np.where(local, hub.cluster_mean[cluster, j], hub.pooled_mean[j])
    se = np.where(local, hub.cluster_se[cluster, j], hub.pooled_se[j])
    precision = net.params.evidence.report_weight / se**2
    work.mu[s, j], work.sd[s, j] = combine(work.mu[s, j], work.sd[s, j], mean, precision)
    hub.broadcast[ideas] = True


def _flag_bright_spots(net: "PDSALearning", step: int) -> None:
    """Flag members whose run chart signals an improvement; publicise their practices.

    A bright spot is a member whose measured outcomes show a shift or a point beyond its
    control limit against its own baseline (``run_charts``). For each idea that bright
    spots run, the hub publicises the practice with the best measured result, with that
    result and the bright spot's context: only members of a similar context may borrow
    it (docs/model.md §7.2.12).
    """
    schools, work, h = net.schools, net.work, net.params.hub
    bright = net.charts.signals(h.shift_run, h.bright_spot_sigma) & schools.member
    new = np.flatnonzero(bright & ~net.hub.bright)
    net.hub.bright = bright
    net.events.record(step, Event.BRIGHT_SPOT, new, -1, net.charts.lift()[new])
    spots = np.flatnonzero(bright)
    if spots.size == 0:
        return
    result = np.where(work.in_use()[spots], work.result[spots], -np.inf)
    best = result.argmax(axis=0)  # per idea, the bright spot whose practice measured best
    ideas = np.flatnonzero(np.isfinite(result.max(axis=0)))
    if ideas.size == 0:
        return
    source = spots[best[ideas]]
    hub, pairs = net.hub, work.pairs(source, ideas)
    hub.publicised_result[ideas] = take(work.result, pairs)
    hub.publicised[ideas] = practices(work, pairs)
    hub.publicised_context[ideas] = schools.context[source]


def _curate(net: "PDSALearning") -> None:
    """Move the curated variant toward the best measured practice; members follow it.

    For each idea, the hub ranks members' practices by the empirical-Bayes estimate of
    their measured means (each shrunk toward the random-effects pooled mean by τ²/(τ² +
    v_i), so one lucky small test does not win) and moves its version toward the best at
    curation_rate (March 1991's organisational code learning from its members); where
    τ² = 0 the results show no practice better than another and the version stays.
    Members move the part of their variants that their policy keeps as the hub gives it
    (``adaptation.fixed_part``: the whole variant under ``replicate``, the core under
    ``integrity``, nothing under ``reinvent``), and of a practice a change on trial may go
    back to, toward the curated version at curation_drift: March's socialisation to the
    code; the part a school adapts itself is its own.
    """
    h, work, hub, p = net.params.hub, net.work, net.hub, net.params.pdsa
    if h.curation_rate == 0:
        return
    measured = (work.result_precision > 0) & net.schools.member[:, None]
    precision = np.where(measured, work.result_precision, 1.0)
    result = np.where(measured, work.result, 0.0)
    pool = random_effects_pool(result, 1.0 / precision, measured)
    shrinkage = pool.tau2 / (pool.tau2 + 1.0 / precision)
    estimate = np.where(measured, pool.mean + shrinkage * (result - pool.mean), -np.inf)
    ideas = np.flatnonzero(measured.any(axis=0) & (pool.tau2 > 0))
    if ideas.size:
        best = estimate[:, ideas].argmax(axis=0)
        target = practices(work, work.pairs(best, ideas))
        hub.curated[ideas] += h.curation_rate * (target - hub.curated[ideas])
    if h.curation_drift > 0 and not p.adapts_core:
        part = fixed_part(p)
        curated = hub.curated[None, :, part]
        away = (work.variant[..., part] != curated).any(axis=-1) | (
            work.on_trial & (work.practice[..., part] != curated).any(axis=-1)
        )
        moving = away & work.in_use() & net.schools.member[:, None]
        net.move_variants(moving, h.curation_drift, hub.curated, part)


def coach(net: "PDSALearning", step: int) -> None:
    """Spend this week's coaching hours in sessions, by the allocation rule.

    Each session of coaching_session hours raises skill by coaching_skill · hours ·
    (1 − π) / (1 + load/20), load = members per coach, so its effect per school halves when
    one coach serves 20 schools; it raises engagement and suppresses core drift
    [E→A: Kraft, Blazar & Hogan 2018 — 0.49 SD on instruction, 0.18 SD on achievement,
    about half in large programmes].
    """
    h, schools, hub = net.params.hub, net.schools, net.hub
    members = np.flatnonzero(schools.member)
    sessions = min(int(h.coaching_hours // h.coaching_session), members.size)
    if sessions == 0:
        return
    # priority keys: smaller first; the random part only breaks ties
    tiebreak = net.rng.random(members.size) * 0.5
    if h.coaching_allocation == "need":  # lowest skill first
        key = schools.skill[members] + tiebreak * 1e-9
    else:  # whoever was coached longest ago (bright spots before all others)
        key = hub.last_coached[members] + tiebreak
        if h.coaching_allocation == "bright_spots":
            key = key - hub.bright[members] * (step + 2)
    coached = members[np.argpartition(key, sessions - 1)[:sessions]]
    load = members.size / h.coaches
    hours = h.coaching_session
    skill = schools.skill[coached]
    gain = h.coaching_skill * hours * (1 - skill) / (1 + load / 20)
    schools.skill[coached] = skill + gain
    net.totals.coaching_skill_gain += float(gain.sum())
    schools.engagement[coached] = np.minimum(
        1.0, schools.engagement[coached] + h.coaching_engagement * hours
    )
    schools.coaching[coached] = 1.0
    schools.last_supported[coached] = step
    hub.last_coached[coached] = step
    net.totals.coaching_hours += sessions * hours


def learning_walks(net: "PDSALearning", step: int) -> None:
    """Each member visits a peer and may copy the host's best adopted variant.

    A visit is a meeting of colleagues doing the same work, so it leaves a lasting tie
    with probability ``tie_formation`` (docs/model.md §7.2.8).

    The host is a bright spot, the member of the most similar context, or a random member
    (walk_target) [E: the Improving Schools NIC's learning walks]. The visit is a
    full-trust report on the host's most convincing adopted idea (else the idea it talks
    about), and the visitor sees the practice in place, whatever their contexts.
    """
    schools, work = net.schools, net.work
    members = np.flatnonzero(schools.member)
    if members.size < 2:
        return
    hosts = _walk_hosts(net, members)
    adopted = work.status[hosts] == Status.ADOPTED
    best_adopted = np.where(adopted, work.mu[hosts], -np.inf).argmax(axis=1)
    talk = report_ideas(net)
    topic = np.full(schools.n, -1)
    topic[hosts] = np.where(adopted.any(axis=1), best_adopted, talk[hosts])
    receive_reports(net, hosts, members, topic, trust=1.0, any_context=True)
    form_ties(net, hosts, members, np.full(members.size, net.params.hub.tie_formation))
    schools.last_supported[members] = step


def _walk_hosts(net: "PDSALearning", members: np.ndarray) -> np.ndarray:
    target, rng = net.params.hub.walk_target, net.rng
    bright = np.flatnonzero(net.hub.bright & net.schools.member)
    if target == "bright_spot" and bright.size:
        return bright[rng.integers(bright.size, size=members.size)]
    if target in ("similar", "bright_spot"):
        return _most_similar_member(net, members)
    other = rng.integers(members.size - 1, size=members.size)
    other += other >= np.arange(members.size)  # never oneself
    return members[other]


def _most_similar_member(net: "PDSALearning", members: np.ndarray) -> np.ndarray:
    """For each member, the other member of the most similar context.

    Contexts never change and members only join, so the answer is kept per number of
    members.
    """
    cache = net.hub.similar_member
    if members.size not in cache:
        context = net.schools.context[members]
        _, nearest = cKDTree(context).query(context, k=2)
        cache.clear()
        cache[members.size] = members[nearest[:, 1]]
    return cache[members.size]
