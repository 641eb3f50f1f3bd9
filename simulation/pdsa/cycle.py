"""One PDSA cycle: Plan, Do, Study, Act (docs/model.md §7.2.12; Langley et al. 2009).

- **Plan** a new test at the scale Langley's Table 7.1 suggests from the degree of belief
  DB and the school's capacity κ: DB < 0.5 or κ < 0.4 → scale 1; DB ≥ 0.8 and κ ≥ 0.6 →
  scale 3; else 2. Later cycles keep the scale Act set. The prediction is μ.
- **Do** on 5, 25, 100 or 400 students at scale 1..4 ("1-1-1" → class → grade → school);
  the variant as implemented drifts by N(0, (implementation_noise · complexity · (1 − π))²).
- **Study** ŷ = h · E(variant as implemented) + N(0, σ²/n), h the slope of the school's
  saturating sum of effects at last week's total (docs/model.md §7.2.14: a change adds
  less where students already benefit from other practices), σ = measurement_noise · (2 − π) /
  observability; conjugate normal update of the belief, taking the result's precision
  as n/σ_b² with the noise the school believes its measures have, σ_b =
  assumed_measurement_noise · (2 − π) / observability [A]: by default σ_b = σ; with worse
  measurement than schools allow for, small noisy tests mislead them (the hot stove of
  Denrell & March 2001); skill π += skill_growth · (1 − π). The result (n, ŷ) is also
  the school's data: it joins the practice's measured mean (which judges changes on
  trial, ``adaptation.judge_trials``) and the school's own results it reports to peers.
  Study is the one place a school's decisions meet the hidden landscape: through ŷ.
- **Act** with DB = Φ((μ − min_effect)/s): DB ≥ θ_up and L < 4 → expand; DB ≥ θ_up at L = 4
  after ≥ 2 cycles there → adopt; DB ≤ θ_down and (μ < 0 or max_variants tried) → abandon;
  otherwise adapt (``adaptation.adapt``, while fewer than max_variants were tried), and if
  DB fell after an expansion, scale back one level. Under ``replicate`` schools never
  adapt, and abandon at DB ≤ θ_down since no other variant is open to them.

A cycle lasts max(1, round(2 · complexity · (1.3 − π))) weeks and costs
cycle_hours · complexity · (1 + 0.5 (L − 1)) staff hours [E→A].
"""

from typing import TYPE_CHECKING

import numpy as np

from simulation.events import Event
from simulation.pdsa import adaptation
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.state import Status, flat, take

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning

MAX_SCALE = 4


def cycle_length(complexity: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """Weeks a cycle takes: longer for complex ideas and unskilled schools."""
    return np.maximum(1, np.round(2 * complexity * (1.3 - skill))).astype(np.int16)


def langley_scale(belief: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Scale of a new test from degree of belief and capacity (Langley et al. 2009, Table 7.1)."""
    scale = np.full(belief.shape, 2, np.int8)
    scale[(belief >= 0.8) & (capacity >= 0.6)] = 3
    scale[(belief < 0.5) | (capacity < 0.4)] = 1
    return scale


def start_tests(net: "PDSALearning", s: np.ndarray, j: np.ndarray, step: int) -> None:
    """Plan: schools ``s`` start testing ideas ``j``."""
    work, p = net.work, net.params.pdsa
    pairs = work.pairs(s, j)
    belief = degree_of_belief(take(work.mu, pairs), take(work.sd, pairs), p.min_effect)
    flat(work.status)[pairs] = Status.TESTING
    flat(work.scale)[pairs] = langley_scale(belief, net.schools.capacity[s])
    flat(work.cycles_at_scale)[pairs] = 0
    flat(work.expanded)[pairs] = False
    flat(work.last_belief)[pairs] = belief
    flat(work.variants_tried)[pairs] = np.maximum(take(work.variants_tried, pairs), 1)
    _next_cycle(net, s, j)


def run_cycles(net: "PDSALearning", step: int) -> None:
    """Every running cycle advances a week; those that end run Do, Study and Act."""
    work = net.work
    testing = work.status == Status.TESTING
    work.timer -= testing
    ending = np.flatnonzero(testing & (work.timer <= 0))
    if ending.size:
        s, j = np.divmod(ending, net.ideas.n)
        observed, precision = do_and_study(net, s, j)
        adaptation.judge_trials(net, s, j, observed, precision, step)
        act(net, s, j, step)


def do_and_study(net: "PDSALearning", s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Run the test on the scale's students, observe the result and update the belief.

    The measurement: the only step of a school's cycle that reads the true effect of a
    variant. Returns the observed results ŷ and their precisions n/σ_b² (with the noise
    the school believes its measures have)."""
    work, p, schools, ideas = net.work, net.params.pdsa, net.schools, net.ideas
    rng = net.rng
    pairs = work.pairs(s, j)
    skill = schools.skill[s]
    scale = take(work.scale, pairs)
    drift = p.implementation_noise * ideas.complexity[j] * (1 - skill)
    variant = take(work.variant, pairs)
    implemented = variant + rng.normal(0.0, 1.0, variant.shape) * drift[:, None]
    effect = net.assess(s, j, implemented)[0] * net.headroom[s]  # saturation, §7.2.14
    students = np.asarray(p.students, float)[scale - 1]
    noise = (2 - skill) / ideas.observability[j]
    sigma = p.measurement_noise * noise
    observed = effect + rng.normal(0.0, 1.0, s.size) * sigma / np.sqrt(students)
    believed_sigma = p.assumed_measurement_noise * noise
    precision = students / believed_sigma**2
    flat(work.mu)[pairs], flat(work.sd)[pairs] = combine(
        take(work.mu, pairs), take(work.sd, pairs), observed, precision
    )
    flat(work.own_precision)[pairs] += precision
    flat(work.own_sum)[pairs] += precision * observed
    net.totals.record_cycles(
        prediction_errors=np.abs(observed - take(work.prediction, pairs)),
        hours=p.cycle_hours * ideas.complexity[j] * (1 + 0.5 * (scale - 1)),
    )
    flat(work.cycles)[pairs] += 1
    flat(work.cycles_at_scale)[pairs] += 1
    cycles_per_school = np.bincount(s, minlength=schools.n)
    schools.skill[:] = 1 - (1 - schools.skill) * (1 - p.skill_growth) ** cycles_per_school
    return observed, precision


def act(net: "PDSALearning", s: np.ndarray, j: np.ndarray, step: int) -> None:
    """Decide: expand, adopt, abandon, adapt or test again."""
    work, p = net.work, net.params.pdsa
    pairs = work.pairs(s, j)
    mu = take(work.mu, pairs)
    belief = degree_of_belief(mu, take(work.sd, pairs), p.min_effect)
    scale = take(work.scale, pairs)
    sure = belief >= p.theta_up
    expand = sure & (scale < MAX_SCALE)
    adopt = sure & (scale == MAX_SCALE) & (take(work.cycles_at_scale, pairs) >= 2)
    exhausted = (take(work.variants_tried, pairs) >= p.max_variants) | p.never_adapts
    abandon = ~sure & (belief <= p.theta_down) & ((mu < 0) | exhausted)
    adapt = ~sure & ~abandon & ~exhausted
    fell = belief < take(work.last_belief, pairs)
    scale_back = ~sure & ~abandon & take(work.expanded, pairs) & fell

    count_premature_scaleups(net, pairs[expand])
    new_scale = scale + expand
    new_scale[scale_back] = np.maximum(scale[scale_back] - 1, 1)
    flat(work.scale)[pairs] = new_scale
    flat(work.cycles_at_scale)[pairs[expand | scale_back]] = 0
    flat(work.expanded)[pairs] = expand
    flat(work.last_belief)[pairs] = belief
    flat(work.status)[pairs[adopt]] = Status.ADOPTED
    flat(work.status)[pairs[abandon]] = Status.ABANDONED
    adaptation.adapt(net, s[adapt], j[adapt], step)

    going_on = ~adopt & ~abandon
    _next_cycle(net, s[going_on], j[going_on])
    events = net.events
    events.record(step, Event.EXPANDED, s[expand], j[expand], new_scale[expand])
    events.record(step, Event.ADOPTED, s[adopt], j[adopt], belief[adopt])
    events.record(step, Event.ABANDONED, s[abandon], j[abandon], scale[abandon])


def count_premature_scaleups(net: "PDSALearning", expanding: np.ndarray) -> None:
    """An outcome, not a decision: expansions of variants whose true local effect is at
    most min_effect (docs/model.md §8.2)."""
    premature = take(net.effects, expanding) <= net.params.pdsa.min_effect
    net.totals.premature_scaleups += int(premature.sum())


def _next_cycle(net: "PDSALearning", s: np.ndarray, j: np.ndarray) -> None:
    """Plan the next cycle of running tests: its length and its prediction."""
    work = net.work
    pairs = work.pairs(s, j)
    flat(work.timer)[pairs] = cycle_length(net.ideas.complexity[j], net.schools.skill[s])
    flat(work.prediction)[pairs] = take(work.mu, pairs)
