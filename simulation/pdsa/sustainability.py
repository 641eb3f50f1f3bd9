"""Sustainability: depth, ownership, staff turnover and lapse (MODEL.md §9).

Depth of an adopted practice grows 1/52 a week at full scale, 1.5× for owned (locally
adapted) variants [E→A: Rogers — re-invention makes innovations last; Coburn 2003 — depth
and shift in ownership]. Each summer a school loses key staff with probability
``turnover`` [A]: its PDSA skill falls to turnover_skill_kept of itself, its beliefs
widen, and each adopted practice lapses with probability (1 − depth)(1 − κ).
"""

import numpy as np

from simulation.events import Event
from simulation.pdsa.state import Status

COACHING_MEMORY = 0.75
"""Share of the coaching effect on core drift left after a week without coaching [A]."""


def weekly(net) -> None:
    """Adopted practices deepen; engagement and the memory of coaching fade."""
    work, c, schools = net.work, net.params.calendar, net.schools
    adopted = work.status == Status.ADOPTED
    rate = np.where(work.owned, c.depth_rate * c.owned_depth_multiplier, c.depth_rate)
    work.depth += rate * adopted
    np.minimum(work.depth, 1.0, out=work.depth)
    engaged = schools.member
    schools.engagement[engaged] = np.maximum(
        0.0, schools.engagement[engaged] - net.params.schools.engagement_decay
    )
    schools.coaching *= COACHING_MEMORY


def summer(net, step: int) -> None:
    """Staff turnover: skill lost, beliefs widened, shallow practices lapse."""
    c, schools, work, rng = net.params.calendar, net.schools, net.work, net.rng
    hit = np.flatnonzero(rng.random(schools.n) < c.turnover)
    if hit.size == 0:
        return
    schools.skill[hit] *= c.turnover_skill_kept
    work.sd[hit] = np.sqrt(work.sd[hit] ** 2 + c.turnover_belief_widening**2)
    adopted = work.status[hit] == Status.ADOPTED
    lapse_probability = (1 - work.depth[hit]) * (1 - schools.capacity[hit, None])
    lapse = adopted & (rng.random(adopted.shape) < lapse_probability)
    r, j = np.nonzero(lapse)
    work.status[hit[r], j] = Status.LAPSED
    work.depth[hit[r], j] = 0.0
    net.events.record(step, Event.LAPSED, hit[r], j, 0.0)
