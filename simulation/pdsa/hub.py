"""The hub's supports (MODEL.md §8; Russell et al. 2017): each switchable by its setting.

The hub is not a node: it reaches members through convenings, analytics (pooled estimates,
endorsements, bright spots), a curated variant, coaching, learning walks, 90-day R&D cycles
and onboarding in cohorts. It works during the supported years only.
"""

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from simulation.events import Event
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.evidence import receive_reports, report_ideas
from simulation.pdsa.population import CORE, Ideas
from simulation.pdsa.state import Status


@dataclass
class HubState:
    """What the hub holds: its version of each idea, its verdicts, whom it coached."""

    curated: np.ndarray  # (I, 6) the hub's recommended variant of each idea
    endorsed: np.ndarray  # (I,) bool
    pooled_mean: np.ndarray  # (I,) random-effects pooled estimate (NaN before pooling)
    pooled_se: np.ndarray  # (I,)
    publicised_mu: np.ndarray  # (I,) belief of the bright spot whose variant is publicised
    publicised: np.ndarray  # (I, 6) that variant
    bright: np.ndarray  # (S,) bool: flagged bright spots
    similar_member: dict  # members' count → each member's most similar other member
    last_coached: np.ndarray  # (S,) step of the last coaching session (−1: never)

    @classmethod
    def start(cls, ideas: Ideas, n_schools: int) -> "HubState":
        return cls(
            curated=ideas.design.copy(),
            endorsed=np.zeros(ideas.n, bool),
            pooled_mean=np.full(ideas.n, np.nan),
            pooled_se=np.full(ideas.n, np.nan),
            publicised_mu=np.full(ideas.n, -np.inf),
            publicised=ideas.design.copy(),
            bright=np.zeros(n_schools, bool),
            similar_member={},
            last_coached=np.full(n_schools, -1),
        )

    def withdraw(self) -> None:
        """The sustain year: endorsements, bright spots and publicised variants lapse."""
        self.endorsed[:] = False
        self.bright[:] = False
        self.publicised_mu[:] = -np.inf

    def add_ideas(self, ideas: Ideas) -> None:
        self.curated = np.concatenate([self.curated, ideas.design])
        self.endorsed = np.concatenate([self.endorsed, np.zeros(ideas.n, bool)])
        self.pooled_mean = np.concatenate([self.pooled_mean, np.full(ideas.n, np.nan)])
        self.pooled_se = np.concatenate([self.pooled_se, np.full(ideas.n, np.nan)])
        self.publicised_mu = np.concatenate([self.publicised_mu, np.full(ideas.n, -np.inf)])
        self.publicised = np.concatenate([self.publicised, ideas.design])


# --- onboarding ----------------------------------------------------------------------------


def onboard(net, step: int) -> None:
    """Schools whose joining week has come join the network's work (their rollout wave)."""
    net.schools.member |= net.joins_at <= step


# --- the weekly supports --------------------------------------------------------------------


def supports(net, step: int) -> None:
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


def convene(net, step: int) -> None:
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


def form_ties(net, a: np.ndarray, b: np.ndarray, chance: np.ndarray) -> None:
    """Each meeting a[k]–b[k] leaves a lasting tie with probability chance[k] (§7.2.5)."""
    formed = net.rng.random(a.size) < chance
    net.add_ties(a[formed], b[formed])


def _pair_up(net, members: np.ndarray, mix: str) -> np.ndarray:
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


def analyse(net, step: int) -> None:
    """Pool members' results per idea, endorse, flag bright spots, curate (MODEL.md §8).

    Pooling is the DerSimonian–Laird random-effects estimate over members that have tested
    the idea (each result μ_i with variance s_i²). An idea is endorsed while its pooled
    degree of belief reaches endorse_belief with at least endorse_min_reports results;
    a new endorsement is broadcast (members hear of it and take the pooled estimate in as
    a full-trust report). Bright spots are members whose gain exceeds the members' mean
    by bright_spot_sd standard deviations; their variants are publicised. Early pooling of
    noisy small tests can endorse duds: the false adoption measure shows it.
    """
    h, work, hub, schools = net.params.hub, net.work, net.hub, net.schools
    members = schools.member
    tested = (work.cycles > 0) & members[:, None]
    mean, se, k = random_effects_pool(work.mu, work.sd**2, tested)
    hub.pooled_mean, hub.pooled_se = mean, se
    belief = degree_of_belief(
        np.nan_to_num(mean), np.nan_to_num(se, nan=1.0), net.params.pdsa.min_effect
    )
    endorsed = (k >= h.endorse_min_reports) & (belief >= h.endorse_belief)
    new = np.flatnonzero(endorsed & ~hub.endorsed)
    hub.endorsed = endorsed
    if new.size:
        _broadcast_endorsement(net, new)
        net.events.record(step, Event.ENDORSED, -1, new, mean[new])
    _flag_bright_spots(net, step)
    _curate(net, tested)


def random_effects_pool(y: np.ndarray, v: np.ndarray, include: np.ndarray):
    """DerSimonian & Laird (1986) pooled mean, its standard error and k, per column."""
    w = np.where(include, 1.0 / v, 0.0)
    k = include.sum(axis=0)
    sw = w.sum(axis=0)
    safe = np.where(sw > 0, sw, 1.0)
    fixed = (w * y).sum(axis=0) / safe
    q = (w * (y - fixed) ** 2).sum(axis=0)
    denominator = sw - (w**2).sum(axis=0) / safe
    tau2 = np.maximum(0.0, (q - (k - 1)) / np.where(denominator > 0, denominator, np.inf))
    w_star = np.where(include, 1.0 / (v + tau2), 0.0)
    sw_star = w_star.sum(axis=0)
    pooled = np.where(k > 0, (w_star * y).sum(axis=0) / np.where(sw_star > 0, sw_star, 1), np.nan)
    se = np.where(k > 0, 1 / np.sqrt(np.where(sw_star > 0, sw_star, 1)), np.nan)
    return pooled, se, k


def _broadcast_endorsement(net, ideas: np.ndarray) -> None:
    members = np.flatnonzero(net.schools.member)
    make_aware(net, members[:, None], ideas[None, :], source=None)
    work, hub = net.work, net.hub
    s, j = np.meshgrid(members, ideas, indexing="ij")
    s, j = s.ravel(), j.ravel()
    precision = net.params.evidence.report_weight / hub.pooled_se[j] ** 2
    work.mu[s, j], work.sd[s, j] = combine(
        work.mu[s, j], work.sd[s, j], hub.pooled_mean[j], precision
    )


def _flag_bright_spots(net, step: int) -> None:
    """Flag members far above the mean gain and publicise their best variants.

    For each idea the hub publicises the variant of the bright spot most convinced of it;
    adapting members may borrow it like a neighbour's (``best_member`` learning).
    """
    schools, work = net.schools, net.work
    members = np.flatnonzero(schools.member)
    gain = net.outcome[members] - schools.baseline[members]
    cutoff = gain.mean() + net.params.hub.bright_spot_sd * gain.std()
    bright = np.zeros(schools.n, bool)
    bright[members[gain > cutoff]] = True
    new = np.flatnonzero(bright & ~net.hub.bright)
    net.hub.bright = bright
    net.events.record(step, Event.BRIGHT_SPOT, new, -1, net.outcome[new] - schools.baseline[new])
    spots = np.flatnonzero(bright)
    if spots.size == 0:
        return
    in_use = work.in_use()[spots]
    mu = np.where(in_use, work.mu[spots], -np.inf)
    best = mu.argmax(axis=0)  # per idea, the bright spot most convinced of it
    ideas = np.flatnonzero(np.isfinite(mu.max(axis=0)))
    if ideas.size == 0:
        return
    source = spots[best[ideas]]
    net.hub.publicised_mu[ideas] = work.mu[source, ideas]
    net.hub.publicised[ideas] = work.variant[source, ideas]


def _curate(net, tested: np.ndarray) -> None:
    """Move the curated variant toward the best-reported variant; integrity members drift.

    The hub's version moves toward the variant of the member most convinced of the idea
    at curation_rate (March 1991's organisational code learning from its members); members
    under ``integrity`` move the core of the variants they run toward it at curation_drift.
    Replicators keep the version they received.
    """
    h, work, hub = net.params.hub, net.work, net.hub
    if h.curation_rate == 0:
        return
    mu = np.where(tested, work.mu, -np.inf)
    ideas = np.flatnonzero(tested.any(axis=0))
    best = mu[:, ideas].argmax(axis=0)
    target = work.variant[best, ideas]
    hub.curated[ideas] += h.curation_rate * (target - hub.curated[ideas])
    if net.params.pdsa.policy == "integrity" and h.curation_drift > 0:
        core = work.variant[..., CORE]
        moving = work.in_use() & net.schools.member[:, None]
        net.move_cores(moving, core + h.curation_drift * (hub.curated[:, CORE] - core))


def coach(net, step: int) -> None:
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


def learning_walks(net, step: int) -> None:
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


def _walk_hosts(net, members: np.ndarray) -> np.ndarray:
    target, rng = net.params.hub.walk_target, net.rng
    bright = np.flatnonzero(net.hub.bright & net.schools.member)
    if target == "bright_spot" and bright.size:
        return bright[rng.integers(bright.size, size=members.size)]
    if target in ("similar", "bright_spot"):
        return _most_similar_member(net, members)
    other = rng.integers(members.size - 1, size=members.size)
    other += other >= np.arange(members.size)  # never oneself
    return members[other]


def _most_similar_member(net, members: np.ndarray) -> np.ndarray:
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
