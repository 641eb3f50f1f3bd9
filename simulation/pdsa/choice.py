"""Choosing what to work on (docs/model.md §7.2.11).

When a school has a free test slot (fewer running tests than its bandwidth) and is
engaged (engagement ≥ dormant_below), it scores each idea it knows but is not testing:

    u = μ + social_weight · (share of neighbours that adopted it)
          + endorsement_weight · (hub endorsement) − complexity_cost · complexity,

and starts one, drawn by softmax with the given temperature, among those with u > 0 whose
share of adopting neighbours reaches the school's threshold, or that the hub endorses.
Pilot schools (the initial adopters) are committed to test the package: they need no
social proof and test even ideas whose score is not positive (choosing among them by the
same softmax) [A].
[E→A: Frank, Zhao & Borman 2004 — perceived social pressure and access to expertise
mattered at least as much as perceived value.]
"""

from typing import TYPE_CHECKING

import numpy as np

from simulation.events import Event
from simulation.pdsa import cycle
from simulation.pdsa.state import Status, count_per_school

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning


def adopting_share(net: "PDSALearning") -> np.ndarray:
    """(S, I): share of each school's neighbours that have adopted each idea."""
    return net.adjacency.share_of_neighbours(net.work.status == Status.ADOPTED)


def choose_work(net: "PDSALearning", step: int) -> None:
    """Each free, engaged member starts at most one new test this week."""
    schools, work, p = net.schools, net.work, net.params.choice
    testing = work.status == Status.TESTING
    free = (
        schools.member
        & (schools.engagement >= net.params.schools.dormant_below)
        & (count_per_school(testing) < schools.bandwidth)
    )
    if not free.any():
        return
    s = np.flatnonzero(free)
    share = adopting_share(net)[s]
    endorsed = net.hub.endorsed[None, :]
    utility = (
        work.mu[s]
        + p.social_weight * share
        + p.endorsement_weight * endorsed
        - p.complexity_cost * net.ideas.complexity[None, :]
    )
    status = work.status[s]
    known = (status == Status.AWARE) | (status == Status.LAPSED)
    persuaded = (utility > 0) & ((share >= schools.threshold[s, None]) | endorsed)
    candidate = known & (persuaded | schools.pilot[s, None])
    starts = count_per_school(candidate) > 0
    candidate, utility, s = candidate[starts], utility[starts], s[starts]
    # softmax choice by the Gumbel-max trick: argmax of u/T + Gumbel noise
    gumbel = -np.log(-np.log(net.rng.random(candidate.shape)))
    pick = np.where(candidate, utility / p.temperature + gumbel, -np.inf).argmax(axis=1)
    cycle.start_tests(net, s, pick, step)
    net.events.record(step, Event.STARTED, s, pick, work.scale[s, pick])
