"""Sustainability: depth, ownership, staff turnover, support and lapse (docs/model.md §7.2.13).

Each school week an adopted practice deepens: depth d gains depth_rate of what it still
lacks, d += r (1 − d), 1.5 × as fast for an owned (locally adapted) variant [E→A: Rogers
2003 — re-invention makes innovations last; Coburn 2003 — depth, and the shift in
ownership that lets a school carry a reform itself]. With r = 1/104 a practice in use is
half embedded after two school years; r is set so that, under a standard hub, 0.60–0.70
of the practices adopted when support ends are still in use two years later
(docs/model.md §1.4, P8).

Each summer staff leave (docs/model.md §7.2.13; §1.4, P10). A school's improvement team
has a principal and one teacher per role (a role carries the ideas of one primary driver,
docs/model.md §2.2); each teacher leaves with probability ``teacher_turnover`` and the
principal with probability ``principal_turnover`` [E: NCES follow-up surveys]. A practice
whose teacher left, or any practice of a school whose principal left, keeps
``turnover_depth_kept`` of its depth and its belief widens; a teacher's practices also lose
their ownership (the newcomer did not adapt them); the team's PDSA skill moves toward the
newcomers' ``schools.initial_skill`` by the share of the team that left; a principal's
departure dips the outcome (docs/model.md §7.2.14).

Then, in a school the hub did not support in the past year (no convening, coaching
session or learning walk: the sustain year, hub intensity ``none``, a school no longer
reached), each adopted practice lapses with probability (1 − d)(1 − κ) [A: docs/model.md §7.2.13's
rule, applied where no one re-teaches the practice to newcomers]. A supported school's
practices do not lapse: the hub's convenings, coaching and walks induct new staff [A].
"""

from typing import TYPE_CHECKING

import numpy as np

from simulation.events import Event
from simulation.pdsa.state import Status

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning

COACHING_MEMORY = 0.75
"""Share of the coaching effect on core drift left after a week without coaching [A]."""


def weekly(net: "PDSALearning") -> None:
    """Adopted practices deepen; engagement and the memory of coaching fade."""
    work, c, schools = net.work, net.params.calendar, net.schools
    adopted = work.status == Status.ADOPTED
    gain = np.where(work.owned, min(1.0, c.depth_rate * c.owned_depth_multiplier), c.depth_rate)
    gain *= adopted
    gain *= 1.0 - work.depth
    work.depth += gain
    engaged = schools.member
    schools.engagement[engaged] = np.maximum(
        0.0, schools.engagement[engaged] - net.params.schools.engagement_decay
    )
    schools.coaching *= COACHING_MEMORY


def summer(net: "PDSALearning", step: int) -> None:
    """Staff turnover, then lapses of shallow practices in unsupported schools."""
    turnover(net, step)
    lapse_unsupported(net, step)


def turnover(net: "PDSALearning", step: int) -> None:
    """Teachers and principals leave: depth, ownership, skill and certainty erode."""
    c, schools, work, rng = net.params.calendar, net.schools, net.work, net.rng
    roles = net.params.ideas.n_drivers
    teachers_left = rng.random((schools.n, roles)) < c.teacher_turnover
    principal_left = rng.random(schools.n) < c.principal_turnover
    hit = teachers_left[:, net.ideas.driver] | principal_left[:, None]  # (S, I)
    work.depth[hit] *= c.turnover_depth_kept
    work.owned[teachers_left[:, net.ideas.driver]] = False
    work.sd[hit] = np.sqrt(work.sd[hit] ** 2 + c.turnover_belief_widening**2)
    share_left = (teachers_left.sum(axis=1) + principal_left) / (roles + 1)
    newcomers = net.params.schools.initial_skill
    schools.skill -= share_left * (schools.skill - newcomers)
    schools.principal_left[principal_left] = step


def supported(net: "PDSALearning", step: int) -> np.ndarray:
    """(S,) bool: the hub convened, coached or walked with the school in the past year."""
    return net.schools.last_supported > step - net.year_length


def lapse_unsupported(net: "PDSALearning", step: int) -> None:
    """Adopted practices of unsupported schools lapse with probability (1 − d)(1 − κ)."""
    schools, work, rng = net.schools, net.work, net.rng
    alone = np.flatnonzero(~supported(net, step))
    if alone.size == 0:
        return
    adopted = work.status[alone] == Status.ADOPTED
    lapse_probability = (1 - work.depth[alone]) * (1 - schools.capacity[alone, None])
    lapse = adopted & (rng.random(adopted.shape) < lapse_probability)
    r, j = np.nonzero(lapse)
    work.status[alone[r], j] = Status.LAPSED
    work.depth[alone[r], j] = 0.0
    net.events.record(step, Event.LAPSED, alone[r], j, 0.0)


def principal_dip(net: "PDSALearning") -> np.ndarray:
    """(S,) the outcome lost to a recent principal departure, recovering linearly.

    principal_dip · max(0, 1 − weeks since / (principal_recovery_years · year)) [E:
    Bartanen, Grissom & Rogers 2019 — about 0.03 SD, recovering in about two years].
    """
    c = net.params.calendar
    since = net.week - net.schools.principal_left
    recovery = c.principal_recovery_years * net.year_length
    return c.principal_dip * np.clip(1.0 - since / recovery, 0.0, 1.0)
