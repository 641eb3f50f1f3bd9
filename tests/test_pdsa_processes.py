"""Exact tests of each PDSA process on tiny networks (docs/model.md §7.2, §8).

Each test builds a small model, sets the school × idea arrays directly and calls one
phase function (Plan/Do/Study/Act, choice, evidence, hub, sustainability), with the
model's generator replaced by a stub where exact draws matter. Each test's docstring
names the docs/model.md rule it checks.
"""

import networkx as nx
import numpy as np
import pytest
from scipy.stats import norm

from simulation.errors import InputError
from simulation.events import Event
from simulation.model import SchoolNetworkModel
from simulation.pdsa import adaptation, choice, cycle, evidence, hub, sustainability
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine, degree_of_belief
from simulation.pdsa.landscape import Landscape
from simulation.pdsa.parameters import LandscapeParameters
from simulation.pdsa.population import CORE, PERIPHERY
from simulation.pdsa.state import Status, Work

# --- helpers --------------------------------------------------------------------------------


def make_model(graph=None, n_ideas=1, pilots=0, seed=1, record_events=True, **sections):
    """A PDSA model on ``graph`` (default: two schools on a path) with parameter sections.

    The package stays fixed (no 90-day R&D cycles) unless a test sets ``hub.rd_interval``.
    """
    params = {section: dict(values) for section, values in sections.items()}
    params.setdefault("ideas", {}).setdefault("n_ideas", n_ideas)
    params.setdefault("hub", {}).setdefault("rd_interval", 0)
    return SchoolNetworkModel(
        graph=nx.path_graph(2) if graph is None else graph,
        adoption="pdsa",
        adoption_params=params,
        initial_adopters=pilots,
        record_events=record_events,
        rng=seed,
    )


def lively(model):
    """Cap ideas' complexity at 2 so that pilots start them at the prior: with prior μ 0.05
    and complexity cost 0.02, u < 0 for complexity 3 (§7.2.11), and a run whose ideas all
    happened to be of complexity 3 would test nothing."""
    ideas = model.process.ideas
    ideas.complexity[:] = np.minimum(ideas.complexity, 2)
    return model


class StubRng:
    """A generator whose draws are fixed: normal → loc + scale·z, random → u."""

    def __init__(self, z: float = 0.0, u: float = 0.5) -> None:
        self.z, self.u = z, u

    def normal(self, loc=0.0, scale=1.0, size=None):
        if size is None:
            return loc + scale * self.z
        return loc + scale * np.full(size, self.z)

    def random(self, size=None):
        return self.u if size is None else np.full(size, self.u)


def aware(net, s: int, j: int) -> None:
    """School ``s`` hears of idea ``j`` from the hub (prior belief, curated variant)."""
    make_aware(net, np.array([s]), np.array([j]), source=None)


def running(net, s, j, mu, sd, scale=1, cycles_at_scale=1, variants_tried=1, **fields):
    """Put pair (s, j) in a running test with the given belief and test state."""
    aware(net, s, j)
    work = net.work
    work.status[s, j] = Status.TESTING
    work.mu[s, j], work.sd[s, j] = mu, sd
    work.scale[s, j] = scale
    work.cycles[s, j] = max(int(work.cycles[s, j]), 1)
    work.cycles_at_scale[s, j] = cycles_at_scale
    work.variants_tried[s, j] = variants_tried
    work.expanded[s, j] = fields.pop("expanded", False)
    work.last_belief[s, j] = fields.pop("last_belief", 0.5)
    assert not fields, fields


def act_on(net, s: int = 0, j: int = 0, step: int = 5) -> None:
    cycle.act(net, np.array([s]), np.array([j]), step)


def events_of(model, kind: Event):
    frame = model.events.to_frame()
    return frame[frame["kind"] == kind.name.lower()]


def rows(frame, *columns):
    """The event table's ``columns`` as a list of tuples."""
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def db(mu, sd, min_effect=0.03):
    """Degree of belief Φ((μ − min_effect)/s), computed independently (docs/model.md §7.2.12)."""
    return norm.cdf((mu - min_effect) / sd)


# --- Act (docs/model.md §7.2.12) ------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_act_expands_when_belief_crosses_theta_up_below_scale_4(scale):
    """§7.2.12 Act rule 1: DB ≥ θ_up and L < 4 → expand to L + 1 (cycles at scale restart)."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.20, sd=0.05, scale=scale, cycles_at_scale=1)
    assert db(0.20, 0.05) >= 0.8
    act_on(net, step=7)
    work = net.work
    assert work.status[0, 0] == Status.TESTING
    assert work.scale[0, 0] == scale + 1
    assert work.cycles_at_scale[0, 0] == 0
    assert work.expanded[0, 0]
    assert work.last_belief[0, 0] == pytest.approx(db(0.20, 0.05))
    assert (
        work.timer[0, 0] == cycle.cycle_length(net.ideas.complexity[[0]], net.schools.skill[[0]])[0]
    )
    expanded = events_of(model, Event.EXPANDED)
    assert rows(expanded, "step", "school", "idea") == [(7, 0, 0)]
    assert expanded["value"].iloc[0] == scale + 1


def test_act_adopts_at_scale_4_after_two_cycles_there():
    """§7.2.12 Act rule 2: DB ≥ θ_up at L = 4 after ≥ 2 cycles there → adopt."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.20, sd=0.05, scale=4, cycles_at_scale=2)
    act_on(net, step=9)
    assert net.work.status[0, 0] == Status.ADOPTED
    assert net.work.scale[0, 0] == 4
    adopted = events_of(model, Event.ADOPTED)
    assert rows(adopted, "step", "school", "idea") == [(9, 0, 0)]
    assert adopted["value"].iloc[0] == pytest.approx(db(0.20, 0.05))


def test_act_at_scale_4_with_one_cycle_there_goes_on_testing():
    """§7.2.12 Act rule 2: with fewer than 2 cycles at L = 4 a sure school tests again."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.20, sd=0.05, scale=4, cycles_at_scale=1)
    variant = net.work.variant[0, 0].copy()
    act_on(net)
    work = net.work
    assert work.status[0, 0] == Status.TESTING
    assert work.scale[0, 0] == 4
    assert work.variants_tried[0, 0] == 1
    np.testing.assert_array_equal(work.variant[0, 0], variant)
    assert len(model.events) == 0


def test_act_abandons_when_belief_low_and_mean_negative():
    """§7.2.12 Act rule 3: DB ≤ θ_down and μ < 0 → abandon (value: scale of the last test)."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=-0.05, sd=0.05, scale=2, variants_tried=1)
    assert db(-0.05, 0.05) <= 0.2
    act_on(net, step=4)
    assert net.work.status[0, 0] == Status.ABANDONED
    abandoned = events_of(model, Event.ABANDONED)
    assert rows(abandoned, "step", "school", "idea") == [(4, 0, 0)]
    assert abandoned["value"].iloc[0] == 2


@pytest.mark.parametrize(("tried", "abandons"), [(1, False), (2, False), (3, True)])
def test_act_low_belief_with_non_negative_mean_adapts_until_variants_are_exhausted(tried, abandons):
    """§7.2.12 Act rules 3–4: DB ≤ θ_down with μ ≥ 0 abandons only after 3 variants tried,
    otherwise the school adapts."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.0, sd=0.02, variants_tried=tried)
    assert db(0.0, 0.02) <= 0.2
    act_on(net)
    work = net.work
    if abandons:
        assert work.status[0, 0] == Status.ABANDONED
        assert work.variants_tried[0, 0] == tried
    else:
        assert work.status[0, 0] == Status.TESTING
        assert work.variants_tried[0, 0] == tried + 1


def test_act_mid_range_belief_adapts_and_widens_the_belief_in_quadrature():
    """§7.2.12 Act rule 4 (adapt) under `integrity`: a local step on the periphery only (the
    core is kept), variants tried + 1, the school owns the variant, s² += 0.05², and an
    ADAPTED event (value 0: adapted locally) is logged."""
    model = make_model(pdsa={"policy": "integrity"})
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1, variants_tried=1)
    before = net.work.variant[0, 0].copy()
    act_on(net, step=3)
    work = net.work
    assert work.status[0, 0] == Status.TESTING
    assert work.variants_tried[0, 0] == 2
    assert work.sd[0, 0] == pytest.approx(np.sqrt(0.1**2 + 0.05**2), rel=1e-12)
    assert work.mu[0, 0] == pytest.approx(0.03)
    np.testing.assert_array_equal(work.variant[0, 0, CORE], before[CORE])
    assert not np.allclose(work.variant[0, 0, PERIPHERY], before[PERIPHERY])
    assert work.owned[0, 0]
    adapted = events_of(model, Event.ADAPTED)
    assert rows(adapted, "step", "school", "idea") == [(3, 0, 0)]
    assert adapted["value"].iloc[0] == 0.0
    # the true local effect follows the new variant (§7.2.1)
    effect, integrity, _, _ = net.assess(np.array([0]), np.array([0]), work.variant[[0], [0]])
    assert net.effects[0, 0] == pytest.approx(effect[0])
    assert net.integrity[0, 0] == pytest.approx(integrity[0])


def test_act_scales_back_after_an_expansion_when_belief_fell():
    """§7.2.12 Act: "If DB fell after an expansion, scale back one level"."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1, scale=3, expanded=True, last_belief=0.9)
    act_on(net)
    assert net.work.scale[0, 0] == 2
    assert net.work.cycles_at_scale[0, 0] == 0
    assert not net.work.expanded[0, 0]


def test_act_keeps_the_scale_when_belief_fell_without_a_previous_expansion():
    """§7.2.12 Act: only a fall right after an expansion scales back."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1, scale=3, expanded=False, last_belief=0.9)
    act_on(net)
    assert net.work.scale[0, 0] == 3


def test_act_scale_back_never_goes_below_scale_1():
    """§7.2.12: L ∈ {1..4}; scaling back from 1 keeps 1."""
    model = make_model()
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1, scale=1, expanded=True, last_belief=0.9)
    act_on(net)
    assert net.work.scale[0, 0] == 1


def test_act_under_replicate_never_adapts():
    """§7.2.12 policy `replicate`: no adaptation — a mid-range DB tests the same variant again,
    and DB ≤ θ_down abandons even with μ ≥ 0 (no other variant is open)."""
    model = make_model(n_ideas=2, pdsa={"policy": "replicate"})
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1, variants_tried=1)
    running(net, 0, 1, mu=0.0, sd=0.02, variants_tried=1)
    before = net.work.variant[0].copy()
    cycle.act(net, np.array([0, 0]), np.array([0, 1]), 5)
    work = net.work
    assert work.status[0, 0] == Status.TESTING
    assert work.status[0, 1] == Status.ABANDONED
    np.testing.assert_array_equal(work.variant[0], before)
    assert work.variants_tried[0, 0] == 1
    assert len(events_of(model, Event.ADAPTED)) == 0


def _track_variants_from_awareness(model, steps):
    """Run ``steps`` weeks; return, per step, the pairs whose variant differs from the
    variant the pair had at the end of the week it became aware."""
    work = model.process.work
    known = work.status != Status.UNAWARE
    first = work.variant.copy()
    changed = []
    for _ in range(steps):
        model.step()
        work = model.process.work
        now = work.status != Status.UNAWARE
        new = now & ~known
        first[new] = work.variant[new]
        differs = known & np.any(work.variant != first, axis=2)
        changed.append(np.argwhere(differs))
        known = now
    return changed, first


def test_replicate_variants_never_change_over_a_long_run():
    """§7.2.12 policy `replicate`: a school runs the variant it received, unchanged, for a
    whole run (hub supports on, incl. analytics/curation, learning walks and coaching);
    no ADAPTED event ever occurs."""
    model = lively(
        make_model(
            graph=nx.watts_strogatz_graph(30, 4, 0.2, seed=3),
            n_ideas=4,
            pilots=6,
            seed=11,
            pdsa={"policy": "replicate"},
            hub={"walk_interval": 8, "coaching_hours": 4.0},
        )
    )
    changed, _ = _track_variants_from_awareness(model, 150)
    assert all(c.size == 0 for c in changed), [c for c in changed if c.size][:1]
    assert len(events_of(model, Event.ADAPTED)) == 0
    assert model.process.totals.cycles > 50  # the run did test ideas
    assert (model.process.work.status != Status.UNAWARE).all()


def test_integrity_adaptation_never_moves_the_core():
    """§7.2.12 policy `integrity` ("integrity, not fidelity"): adaptation changes the
    periphery only; with curation off (analytics_interval 0) the core of every pair's
    variant stays what it was when the school heard of the idea."""
    model = lively(
        make_model(
            graph=nx.watts_strogatz_graph(30, 4, 0.2, seed=3),
            n_ideas=4,
            pilots=6,
            seed=12,
            pdsa={"policy": "integrity"},
            hub={"analytics_interval": 0, "walk_interval": 8},
        )
    )
    work = model.process.work
    known = work.status != Status.UNAWARE
    first = work.variant.copy()
    for _ in range(150):
        model.step()
        work = model.process.work
        now = work.status != Status.UNAWARE
        new = now & ~known
        first[new] = work.variant[new]
        np.testing.assert_array_equal(work.variant[known][:, CORE], first[known][:, CORE])
        known = now
    adapted = events_of(model, Event.ADAPTED)
    assert len(adapted) > 0  # adaptation did happen
    moved = np.any(work.variant[:, :, PERIPHERY] != first[:, :, PERIPHERY], axis=2)
    assert moved.any()


@pytest.mark.parametrize(
    ("skill", "coaching", "expected"), [(0.0, 0.0, 0.25), (0.6, 0.5, 0.05), (0.0, 1.0, 0.0)]
)
def test_reinvent_core_moves_with_the_stated_probability(skill, coaching, expected):
    """§7.2.12 Act (adapt) under `reinvent`: the core is perturbed with probability
    0.25 · (1 − π) · (1 − coaching); core_mutations counts them (§8). 4000 pairs, no
    borrowing; tolerance about 4.5 binomial SDs."""
    model = make_model(graph=nx.path_graph(100), n_ideas=40, pdsa={"policy": "reinvent"})
    net = model.process
    s, j = np.meshgrid(np.arange(100), np.arange(40), indexing="ij")
    s, j = s.ravel(), j.ravel()
    make_aware(net, s, j, source=None)
    net.schools.skill[:] = skill
    net.schools.coaching[:] = coaching
    net.rng = np.random.default_rng(2024)
    core_before = net.work.variant[s, j][:, CORE].copy()
    adaptation.adapt(net, s, j, 5)
    moved = np.any(net.work.variant[s, j][:, CORE] != core_before, axis=1)
    share = moved.mean()
    tolerance = 4.5 * np.sqrt(max(expected * (1 - expected), 1e-12) / s.size) + 1e-12
    assert abs(share - expected) <= tolerance
    assert net.totals.core_mutations == moved.sum()


def test_reinvent_core_mutations_count_only_mutations_that_happen():
    """§7.2.12/§8: core_mutations counts cores perturbed by the lethal-mutation risk. A
    school that borrows a neighbour's variant takes the copy instead of its own mutated
    step, so no mutation of its core happens and none should be counted."""
    model = make_model(
        graph=nx.path_graph(50), n_ideas=20, pdsa={"policy": "reinvent", "borrow_probability": 1.0}
    )
    net = model.process
    s, j = np.meshgrid(np.arange(50), np.arange(20), indexing="ij")
    s, j = s.ravel(), j.ravel()
    make_aware(net, s, j, source=None)
    work = net.work
    work.borrow_score[s, j] = 0.5  # a better-reported variant is there to borrow
    work.borrow_variant[s, j] = net.ideas.design[j]
    net.schools.skill[:] = 0.0
    net.schools.coaching[:] = 0.0
    net.rng = np.random.default_rng(7)
    adaptation.adapt(net, s, j, 5)
    borrowed = events_of(model, Event.ADAPTED)["value"] == 1.0
    assert borrowed.all()  # every adaptation was a copy
    assert net.totals.core_mutations == 0


def test_conformity_borrowing_with_nothing_heard_does_not_copy_the_origin():
    """§7.2.12 adapt / §7.2.10 `conformity`: conformists copy the mean of the variants they heard.
    Having heard none (heard_count 0) a school must not copy the mean of nothing — the
    zero vector — even when the hub publicised a better variant (that is what
    ``best_member`` learners follow): it adapts locally instead."""
    model = make_model(
        pilots=2,
        evidence={"social_learning": "conformity"},
        pdsa={"borrow_probability": 1.0},
    )
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1)
    net.schools.context[0] = 0.8
    net.set_variants(np.array([0]), np.array([0]), np.full((1, 6), 0.8))
    net.hub.publicised_result[0] = 0.5
    net.hub.publicised[0] = 0.7
    net.hub.publicised_context[0] = net.schools.context[0]
    assert net.work.heard_count[0, 0] == 0
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    assert events_of(model, Event.ADAPTED)["value"].iloc[0] == 0.0  # it adapted locally
    periphery = net.work.variant[0, 0, PERIPHERY]
    assert np.all(periphery > 0.4), periphery


# --- Plan (docs/model.md §7.2.12) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("belief", "capacity", "scale"),
    [
        (0.3, 0.9, 1),  # DB < 0.5
        (0.49, 0.2, 1),  # both low
        (0.95, 0.39, 1),  # κ < 0.4
        (0.5, 0.4, 2),  # the boundaries of "else"
        (0.79, 0.9, 2),  # DB below 0.8
        (0.9, 0.59, 2),  # κ below 0.6
        (0.8, 0.6, 3),  # the boundaries of scale 3
        (0.99, 1.0, 3),
    ],
)
def test_langley_scale_table(belief, capacity, scale):
    """§7.2.12 Plan (Langley Table 7.1): DB < 0.5 or κ < 0.4 → 1; DB ≥ 0.8 and κ ≥ 0.6 → 3;
    else 2."""
    assert cycle.langley_scale(np.array([belief]), np.array([capacity]))[0] == scale


@pytest.mark.parametrize(
    ("complexity", "skill", "weeks"),
    [(1, 0.3, 2), (3, 0.3, 6), (2, 0.8, 2), (3, 0.0, 8), (1, 0.9, 1), (1, 1.0, 1), (2, 0.5, 3)],
)
def test_cycle_length_formula(complexity, skill, weeks):
    """§7.2.12: cycle length max(1, round(2 · complexity · (1.3 − π))) weeks."""
    got = cycle.cycle_length(np.array([complexity]), np.array([skill]))[0]
    assert got == weeks == max(1, round(2 * complexity * (1.3 - skill)))


def test_plan_starts_at_langley_scale_and_records_the_prediction():
    """§7.2.12 Plan: a new test starts at Langley's scale from DB and κ; the prediction is μ;
    the cycle timer is the cycle length."""
    model = make_model(n_ideas=3)
    net = model.process
    net.schools.capacity[:] = 0.7
    for j, mu in enumerate((0.0, 0.05, 0.3)):
        aware(net, 0, j)
        net.work.mu[0, j], net.work.sd[0, j] = mu, 0.1
    s, j = np.zeros(3, int), np.arange(3)
    cycle.start_tests(net, s, j, 1)
    work = net.work
    beliefs = db(np.array([0.0, 0.05, 0.3]), 0.1)
    np.testing.assert_array_equal(work.scale[0], [1, 2, 3])
    np.testing.assert_allclose(work.last_belief[0], beliefs)
    np.testing.assert_array_equal(work.prediction[0], [0.0, 0.05, 0.3])
    np.testing.assert_array_equal(work.status[0], Status.TESTING)
    np.testing.assert_array_equal(work.variants_tried[0], 1)
    np.testing.assert_array_equal(
        work.timer[0], cycle.cycle_length(net.ideas.complexity, np.full(3, net.schools.skill[0]))
    )


# --- Study (docs/model.md §7.2.12) ----------------------------------------------------------------


def test_combine_is_the_conjugate_normal_update():
    """§7.2.12 Study: conjugate normal update — precisions add, the mean is precision-weighted.
    Prior N(0.05, 0.15²), evidence mean 0.2 with precision 100."""
    mu, sd = combine(np.array([0.05]), np.array([0.15]), np.array([0.2]), np.array([100.0]))
    prior_precision = 1 / 0.0225  # 44.444…
    assert sd[0] == pytest.approx(1 / np.sqrt(prior_precision + 100), rel=1e-12)
    assert mu[0] == pytest.approx((prior_precision * 0.05 + 20) / (prior_precision + 100))
    assert mu[0] == pytest.approx(0.1538461538, rel=1e-9)
    assert sd[0] == pytest.approx(0.0832050294, rel=1e-9)


def test_combine_with_zero_precision_changes_nothing():
    """§7.2.12/§7.2.10: evidence of precision 0 leaves the belief as it was."""
    mu, sd = combine(np.array([0.1]), np.array([0.2]), np.array([5.0]), np.array([0.0]))
    assert (mu[0], sd[0]) == pytest.approx((0.1, 0.2))


@pytest.mark.parametrize(
    ("mu", "sd", "expected"),
    [(0.03, 0.1, 0.5), (0.13, 0.1, 0.8413447460685429), (-0.07, 0.05, 0.022750131948179195)],
)
def test_degree_of_belief(mu, sd, expected):
    """§7.2.12 Plan: DB = Φ((μ − 0.03)/s)."""
    got = degree_of_belief(np.array([mu]), np.array([sd]), 0.03)[0]
    assert got == pytest.approx(expected, rel=1e-9)


def test_do_and_study_exact_observation_and_posterior():
    """§7.2.12 Do/Study: ŷ = E + ε·σ/√n with σ = 0.6·(2 − π)/observability and n = 25 at
    L = 2; the belief takes the result in with precision n/σ²; cost 6·c·(1 + 0.5(L−1))
    staff hours; prediction error |ŷ − prediction|; cycles and cycles at scale + 1."""
    model = make_model(pdsa={"implementation_noise": 0.0})
    net = model.process
    running(net, 0, 0, mu=0.05, sd=0.15, scale=2, cycles_at_scale=0)
    work = net.work
    work.prediction[0, 0] = 0.05
    cycles_before = int(work.cycles[0, 0])
    skill = net.schools.skill[0]
    observability = net.ideas.observability[0]
    complexity = net.ideas.complexity[0]
    effect = net.effects[0, 0]
    net.rng = StubRng(z=1.0)
    cycle.do_and_study(net, np.array([0]), np.array([0]))
    sigma = 0.6 * (2 - skill) / observability
    observed = effect + sigma / np.sqrt(25)
    precision = 25 / sigma**2
    expected_mu = (0.05 / 0.15**2 + precision * observed) / (1 / 0.15**2 + precision)
    assert work.mu[0, 0] == pytest.approx(expected_mu, rel=1e-12)
    assert work.sd[0, 0] == pytest.approx(1 / np.sqrt(1 / 0.15**2 + precision), rel=1e-12)
    assert work.cycles[0, 0] == cycles_before + 1
    assert work.cycles_at_scale[0, 0] == 1
    totals = net.totals
    assert totals.staff_hours == pytest.approx(6.0 * complexity * 1.5)
    assert totals.week_errors[-1][0] == pytest.approx(abs(observed - 0.05))
    assert net.schools.skill[0] == pytest.approx(skill + 0.02 * (1 - skill))
    assert net.schools.skill[1] == pytest.approx(skill)  # no cycle: skill kept


def test_two_cycles_in_one_week_compound_skill_growth():
    """§7.2.12 Study: π += 0.02(1 − π) per cycle; two cycles the same week compound."""
    model = make_model(n_ideas=2)
    net = model.process
    running(net, 0, 0, mu=0.05, sd=0.15)
    running(net, 0, 1, mu=0.05, sd=0.15)
    net.schools.skill[0] = 0.3
    cycle.do_and_study(net, np.array([0, 0]), np.array([0, 1]))
    once = 0.3 + 0.02 * 0.7
    assert net.schools.skill[0] == pytest.approx(once + 0.02 * (1 - once), rel=1e-12)


def test_implementation_noise_changes_what_is_observed_not_the_variant():
    """§7.2.12 Do: implementation noise perturbs the variant as implemented; the school's
    recorded variant is unchanged by a test."""
    model = make_model(pdsa={"implementation_noise": 1.0})
    net = model.process
    running(net, 0, 0, mu=0.05, sd=0.15)
    before = net.work.variant[0, 0].copy()
    cycle.do_and_study(net, np.array([0]), np.array([0]))
    np.testing.assert_array_equal(net.work.variant[0, 0], before)


# --- the landscape (docs/model.md §7.2.1) ---------------------------------------------------------


def _landscape(**params):
    return Landscape(LandscapeParameters(**params), 1, np.random.default_rng(5))


def test_integrity_and_fit_at_known_points():
    """§7.2.1: I = exp(−‖core_v − core‖²/(2·0.15²)),
    F = exp(−‖periphery_v − context‖²/(2·0.35²))."""
    land = _landscape()
    core = np.array([0.4, 0.6])
    context = np.array([0.2, 0.3, 0.4, 0.5])
    variant = np.concatenate([core, context])
    assert land.integrity(variant, core) == pytest.approx(1.0)
    assert land.fit(variant, context, np.array(0)) == pytest.approx(1.0)
    moved = variant.copy()
    moved[0] += 0.15  # one tolerance along one core axis
    assert land.integrity(moved, core) == pytest.approx(np.exp(-0.5))
    moved[1] += 0.15  # and along the other: ‖Δ‖² = 2·0.15²
    assert land.integrity(moved, core) == pytest.approx(np.exp(-1.0))
    off = variant.copy()
    off[2:] += 0.35 / 2  # ‖Δ‖² = 4 · (σ_f/2)² = σ_f²
    assert land.fit(off, context, np.array(0)) == pytest.approx(np.exp(-0.5))
    narrow = _landscape(context_dependence=0.1)
    assert narrow.fit(off, context, np.array(0)) == pytest.approx(np.exp(-(0.35**2) / 0.02))


def test_effect_formula_with_mangled_cost():
    """§7.2.1: E = effect · I · F − 0.02 · (1 − I·F); a variant with neither integrity nor fit
    costs 0.02."""
    land = _landscape()
    core = np.array([0.4, 0.6])
    context = np.array([0.2, 0.3, 0.4, 0.5])
    design = np.concatenate([core, context])
    variant = design.copy()
    variant[0] += 0.15
    variant[2] += 0.35
    quality = np.exp(-0.5) * np.exp(-0.5)
    effect, integrity, _, drift = land.assess(variant, 0.2, design, context, np.array(0))
    assert effect == pytest.approx(0.2 * quality - 0.02 * (1 - quality), rel=1e-12)
    assert integrity == pytest.approx(np.exp(-0.5))
    assert drift == pytest.approx(0.35)  # ‖periphery_v − periphery as designed‖
    mangled = np.concatenate([core + 5, context + 5])
    effect = land.assess(mangled, 0.2, design, context, np.array(0))[0]
    assert effect == pytest.approx(-0.02)
    costly = _landscape(mangled_cost=0.1)
    effect = costly.assess(variant, 0.2, design, context, np.array(0))[0]
    assert effect == pytest.approx(0.2 * quality - 0.1 * (1 - quality), rel=1e-12)


def test_ruggedness_reshapes_the_fit_around_the_same_mean():
    """§7.2.1: F ← F·(1 + r·(2G − 1)), G in (0, 1) a fixed field of mean ½ per cluster:
    r = 0 leaves the smooth fit, r = 1 multiplies it by 2G, r = 0.5 by (0.5 + G); the
    factor's mean over many peripheries is 1, so ruggedness does not shrink effects."""
    rng = np.random.default_rng(3)
    peripheries = rng.random((50, 4))
    variants = np.concatenate([rng.random((50, 2)), peripheries], 1)
    context = rng.random((50, 4))
    cluster = np.zeros(50, int)
    smooth = np.exp(-np.sum((peripheries - context) ** 2, 1) / (2 * 0.35**2))
    flat = _landscape(ruggedness=0.0)
    np.testing.assert_allclose(flat.fit(variants, context, cluster), smooth, rtol=1e-12)
    rugged = _landscape(ruggedness=1.0)
    field = rugged.rugged_field(peripheries, cluster)
    assert np.all((field > 0) & (field < 1))
    assert field.std() > 0.05  # a field, not a constant
    fit = rugged.fit(variants, context, cluster)
    np.testing.assert_allclose(fit, smooth * 2 * field, rtol=1e-12)
    half = _landscape(ruggedness=0.5)
    np.testing.assert_allclose(
        half.fit(variants, context, cluster), smooth * (0.5 + field), rtol=1e-12
    )
    many = rng.random((20000, 4)) * 3
    factor = 2 * rugged.rugged_field(many, np.zeros(20000, int))
    assert abs(factor.mean() - 1) < 0.02  # the old factor G had mean ½


def test_every_pairs_true_effect_follows_its_variant_on_a_rugged_landscape():
    """§7.2.1: net.effects (the true E of every school × idea pair) equals the landscape's
    assessment of that pair's variant, pair by pair, also with ruggedness and several
    clusters."""
    graph = nx.path_graph(8)
    nx.set_node_attributes(graph, {i: i % 3 for i in graph}, "cluster")
    model = make_model(graph=graph, n_ideas=3, pilots=4, landscape={"ruggedness": 1.0})
    for _ in range(10):
        model.step()
    net = model.process
    for s in range(8):
        for j in range(3):
            effect, integrity, _, drift = net.assess(
                np.array([s]), np.array([j]), net.work.variant[[s], [j]]
            )
            assert net.effects[s, j] == pytest.approx(effect[0], rel=1e-12)
            assert net.integrity[s, j] == pytest.approx(integrity[0], rel=1e-12)
            assert net.drift[s, j] == pytest.approx(drift[0], rel=1e-12)


def test_outcome_is_baseline_plus_saturated_covered_effects():
    """§7.2.14: outcome = baseline + cap·(1 − exp(−x/cap)), x = Σ coverage(L)·E, coverage
    2/8/30/100 % at L = 1..4 (adopted practices reach every student); untested ideas add
    nothing; a negative sum is not capped."""
    from simulation.pdsa import indicators

    model = make_model(n_ideas=3, landscape={"outcome_noise": 0.0, "effect_cap": 0.2})
    net = model.process
    running(net, 0, 0, mu=0.05, sd=0.1, scale=2)
    running(net, 0, 1, mu=0.05, sd=0.1, scale=3)
    net.work.status[0, 1] = Status.ADOPTED
    aware(net, 0, 2)
    net.effects[0] = [0.3, 0.25, 0.5]
    x = 0.08 * 0.3 + 1.0 * 0.25
    outcome = indicators.outcomes(net)
    expected = net.schools.baseline[0] + 0.2 * (1 - np.exp(-x / 0.2))
    assert outcome[0] == pytest.approx(expected, rel=1e-12)
    assert outcome[1] == pytest.approx(net.schools.baseline[1])
    net.effects[0] = [0.3, -0.25, 0.5]
    x = 0.08 * 0.3 - 0.25
    assert indicators.outcomes(net)[0] == pytest.approx(net.schools.baseline[0] + x)


def test_saturation_caps_many_good_practices_and_tests_see_the_slope():
    """§7.2.14: ten adopted practices of effect 0.1 each add 0.2·(1 − e^(−5)) ≈ 0.199, not
    1.0; a test in that school observes its change's effect times the slope e^(−x/cap)
    (exact, with a stub generator)."""
    model = make_model(n_ideas=11, landscape={"outcome_noise": 0.0, "effect_cap": 0.2})
    net = model.process
    for j in range(11):
        running(net, 0, j, mu=0.05, sd=0.1, scale=4)
    net.work.status[0, :10] = Status.ADOPTED
    net.work.status[0, 10] = Status.AWARE
    net.effects[0] = 0.1
    net._observe()
    gain = net.outcome[0] - net.schools.baseline[0]
    assert gain == pytest.approx(0.2 * (1 - np.exp(-5.0)), rel=1e-12)
    assert net.headroom[0] == pytest.approx(np.exp(-5.0), rel=1e-12)
    running(net, 0, 10, mu=0.05, sd=0.1, scale=1)
    net.rng = StubRng(z=0.0)
    observed = cycle.do_and_study(net, np.array([0]), np.array([10]))
    true = net.assess(np.array([0]), np.array([10]), net.work.variant[[0], [10]])[0]
    assert observed[0] == pytest.approx(true[0] * np.exp(-5.0), rel=1e-12)


# --- choosing what to work on (docs/model.md §7.2.11) ---------------------------------------------


def _star(threshold=0.4, pilot=False, mu=0.2):
    """Centre 0 with four neighbours; neighbour 1 adopted idea 0; the centre knows idea 0."""
    model = make_model(graph=nx.star_graph(4))
    net = model.process
    net.schools.threshold[0] = threshold
    net.schools.pilot[0] = pilot
    net.schools.engagement[:] = 0.7
    net.ideas.complexity[0] = 1
    net.assess_all()
    aware(net, 0, 0)
    net.work.mu[0, 0] = mu
    aware(net, 1, 0)
    net.work.status[1, 0] = Status.ADOPTED
    net.work.scale[1, 0] = 4
    return model, net


def test_threshold_blocks_an_idea_without_enough_adopting_neighbours():
    """§7.2.11: a school with threshold 0.4 and 1 of 4 neighbours adopted (share 0.25) does not
    start an idea the hub does not endorse, although its utility is positive."""
    model, net = _star()
    assert choice.adopting_share(net)[0, 0] == pytest.approx(0.25)
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.AWARE


def test_hub_endorsement_lifts_the_threshold():
    """§7.2.11: … "or the hub endorses it": the same school starts the endorsed idea."""
    model, net = _star()
    net.hub.endorsed[0] = True
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.TESTING
    started = events_of(model, Event.STARTED)
    assert (0, 0) in set(rows(started, "school", "idea"))


def test_enough_adopting_neighbours_start_the_idea():
    """§7.2.11: with 2 of 4 neighbours adopted (share 0.5 ≥ 0.4) the school starts it."""
    model, net = _star()
    aware(net, 2, 0)
    net.work.status[2, 0] = Status.ADOPTED
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.TESTING


def test_pilot_schools_start_without_social_proof():
    """§7.2.11 / §2.7 seeding: pilot schools (initial adopters) are committed to test and start
    an idea of positive utility with no adopting neighbour (here threshold 0.6)."""
    model, net = _star(threshold=0.6, pilot=True, mu=0.05)
    net.work.status[1, 0] = Status.AWARE  # nobody adopted
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.TESTING
    model, net = _star(threshold=0.6, pilot=False, mu=0.05)
    net.work.status[1, 0] = Status.AWARE
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.AWARE


def test_ideas_of_non_positive_utility_are_not_started():
    """§7.2.11: an idea is started only if u = μ + 0.3·share + 0.2·endorsed − 0.02·c > 0."""
    model, net = _star(threshold=0.0, mu=-0.2)  # u = −0.2 + 0.075 − 0.02 < 0
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.AWARE


def test_dormant_schools_start_nothing():
    """§2/§7.2.11: a school with engagement below 0.2 is dormant and starts no test."""
    model, net = _star(threshold=0.0)
    net.schools.engagement[0] = 0.19
    choice.choose_work(net, 1)
    assert net.work.status[0, 0] == Status.AWARE


@pytest.mark.parametrize("bandwidth", [1, 2])
def test_no_school_tests_more_ideas_than_its_bandwidth(bandwidth):
    """§2/§7.2.11: bandwidth = concurrent tests; a school starts at most one test a week and
    only while fewer than its bandwidth run."""
    model = make_model(n_ideas=4)
    net = model.process
    net.schools.threshold[:] = 0.0
    net.schools.bandwidth[:] = bandwidth
    for j in range(4):
        aware(net, 0, j)
        net.work.mu[0, j] = 0.3
    counts = []
    for week in range(1, 6):
        choice.choose_work(net, week)
        counts.append(int((net.work.status[0] == Status.TESTING).sum()))
    assert counts == [min(w, bandwidth) for w in range(1, 6)]


def test_softmax_choice_between_two_candidates():
    """§7.2.11: among candidates a school starts one drawn by softmax with temperature 0.05:
    utilities 0.20 and 0.15 → P(first) = 1/(1 + e^−1) ≈ 0.731 (1000 schools, ±0.06)."""
    model = make_model(graph=nx.empty_graph(1000), n_ideas=2)
    net = model.process
    net.schools.threshold[:] = 0.0
    net.ideas.complexity[:] = 1
    s, j = np.meshgrid(np.arange(1000), np.arange(2), indexing="ij")
    make_aware(net, s.ravel(), j.ravel(), source=None)
    net.work.mu[:, 0], net.work.mu[:, 1] = 0.20, 0.15
    net.rng = np.random.default_rng(99)
    choice.choose_work(net, 1)
    started = net.work.status == Status.TESTING
    assert (started.sum(axis=1) == 1).all()
    assert started[:, 0].mean() == pytest.approx(1 / (1 + np.exp(-1)), abs=0.06)


# --- evidence along ties (docs/model.md §7.2.10) ---------------------------------------------


def measured(net, s: int, j: int, mean: float, precision: float) -> None:
    """Pair (s, j) has its own results pooled to ``mean`` with total precision
    ``precision`` (Σ n/σ_b²), all of its current practice."""
    work = net.work
    work.own_precision[s, j], work.own_sum[s, j] = precision, precision * mean
    work.result[s, j], work.result_precision[s, j] = mean, precision


def _two_schools(receiver_status=Status.AWARE):
    """School 1 has tested idea 0: its results pool to 0.12 with precision 150 (belief μ
    0.3, s 0.08, which must not travel); school 0 receives its report."""
    model = make_model(pilots=0)
    net = model.process
    net.schools.context[0] = [0.2, 0.2, 0.2, 0.2]
    net.schools.context[1] = [0.3, 0.2, 0.2, 0.2]
    running(net, 1, 0, mu=0.3, sd=0.08)
    measured(net, 1, 0, 0.12, 150.0)
    if receiver_status != Status.UNAWARE:
        aware(net, 0, 0)
        net.work.status[0, 0] = receiver_status
    return model, net


def _report(net, trust=0.6, any_context=False):
    evidence.receive_reports(
        net, np.array([1]), np.array([0]), np.array([-1, 0]), trust, any_context=any_context
    )


def test_report_carries_the_senders_results_with_transportability_discounted_precision():
    """§7.2.10: a report carries the sender's own results (pooled mean 0.12, precision
    Σ n/σ_b² = 150), never its belief (μ 0.3); they count with precision 0.25 · λ · 150,
    λ = trust · exp(−‖Δcontext‖² / (2·0.3²)), combined by the conjugate rule. Here
    ‖Δ‖² = 0.01, trust 0.6."""
    model, net = _two_schools()
    work = net.work
    work.mu[0, 0], work.sd[0, 0] = 0.05, 0.15
    _report(net, trust=0.6)
    lam = 0.6 * np.exp(-0.01 / (2 * 0.09))
    precision = 0.25 * lam * 150
    prior = 1 / 0.15**2
    assert work.mu[0, 0] == pytest.approx((prior * 0.05 + precision * 0.12) / (prior + precision))
    assert work.sd[0, 0] == pytest.approx(1 / np.sqrt(prior + precision), rel=1e-12)
    # the sender's own belief is untouched (one-way report)
    assert (work.mu[1, 0], work.sd[1, 0]) == (0.3, 0.08)
    # a similar-context sender's practice is remembered for borrowing, with its result
    assert work.borrow_score[0, 0] == 0.12
    np.testing.assert_array_equal(work.borrow_variant[0, 0], work.variant[1, 0])


def test_a_result_enters_a_receivers_belief_once_and_new_results_add_only_themselves():
    """§7.2.10 (evidence is data; nothing counted twice): hearing the same sender again
    adds nothing until the sender has new results, and then only the new ones: after a
    new result 0.5 of precision 50 (totals: precision 200, sum 18 + 25), the receiver
    takes in mean 0.5 with precision 0.25 · 50 (trust 1, same context)."""
    model, net = _two_schools()
    net.schools.context[1] = net.schools.context[0]
    work = net.work
    _report(net, trust=1.0)
    once = (work.mu[0, 0], work.sd[0, 0])
    _report(net, trust=1.0)
    assert (work.mu[0, 0], work.sd[0, 0]) == once
    work.own_precision[1, 0] += 50.0
    work.own_sum[1, 0] += 50.0 * 0.5
    _report(net, trust=1.0)
    expected = combine(np.array([once[0]]), np.array([once[1]]), np.array([0.5]), np.array([12.5]))
    assert work.mu[0, 0] == pytest.approx(expected[0][0], rel=1e-12)
    assert work.sd[0, 0] == pytest.approx(expected[1][0], rel=1e-12)


def test_the_same_result_heard_twice_in_one_exchange_counts_once():
    """§7.2.10: a sender and receiver that meet twice in one exchange (two convening
    rounds) pass the sender's results once: the receiver's belief is as after one
    report."""
    model, net = _two_schools()
    work = net.work
    _report(net, trust=1.0)
    once = (work.mu[0, 0], work.sd[0, 0])
    model, net = _two_schools()
    evidence.receive_reports(net, np.array([1, 1]), np.array([0, 0]), np.array([-1, 0]), 1.0)
    assert (net.work.mu[0, 0], net.work.sd[0, 0]) == once


def test_reports_do_not_echo_a_receivers_own_evidence_back_to_it():
    """§7.2.10: reports carry a school's own results only, so what school 0 told school 1
    does not come back: after 0 reports to 1 and 1 (with no results of its own) reports
    back, school 0's belief is unchanged."""
    model = make_model()
    net = model.process
    net.schools.context[1] = net.schools.context[0]
    running(net, 0, 0, mu=0.2, sd=0.05)
    measured(net, 0, 0, 0.2, 400.0)
    running(net, 1, 0, mu=0.05, sd=0.15)
    evidence.receive_reports(net, np.array([0]), np.array([1]), np.array([0, 0]), 1.0)
    assert net.work.mu[1, 0] > 0.05  # school 1 learnt from school 0's results
    before = (net.work.mu[0, 0], net.work.sd[0, 0])
    evidence.receive_reports(net, np.array([1]), np.array([0]), np.array([0, 0]), 1.0)
    assert (net.work.mu[0, 0], net.work.sd[0, 0]) == before


def test_report_from_an_unlike_school_counts_little_and_is_not_borrowable():
    """§7.2.10: transportability falls with context distance; a dissimilar school's
    practice is no candidate for borrowing (only similar-context neighbours', §7.2.12)."""
    model, net = _two_schools()
    net.schools.context[1] = [0.9, 0.9, 0.9, 0.9]
    work = net.work
    work.mu[0, 0], work.sd[0, 0] = 0.05, 0.15
    _report(net, trust=0.6)
    lam = 0.6 * np.exp(-4 * 0.49 / (2 * 0.09))
    precision = 0.25 * lam * 150
    prior = 1 / 0.15**2
    assert work.mu[0, 0] == pytest.approx((prior * 0.05 + precision * 0.12) / (prior + precision))
    assert work.borrow_score[0, 0] == -np.inf
    # a learning walk sees the practice in place whatever the contexts (§7.2.8)
    _report(net, trust=1.0, any_context=True)
    assert work.borrow_score[0, 0] == 0.12


def test_an_unaware_receiver_becomes_aware_with_the_prior_then_updates():
    """§7.2.3 / §7.2.10: a school first hearing of an idea starts from N(0.05, 0.15²) and
    adds the reported results to it."""
    model, net = _two_schools(receiver_status=Status.UNAWARE)
    assert net.work.status[0, 0] == Status.UNAWARE
    _report(net, trust=0.6)
    work = net.work
    assert work.status[0, 0] == Status.AWARE
    lam = 0.6 * np.exp(-0.01 / (2 * 0.09))
    expected = combine(
        np.array([0.05]), np.array([0.15]), np.array([0.12]), np.array([0.25 * lam * 150])
    )
    assert (work.mu[0, 0], work.sd[0, 0]) == pytest.approx((expected[0][0], expected[1][0]))
    # its first variant is a copy of the sender's with copy error (0.05)
    assert np.abs(work.variant[0, 0] - work.variant[1, 0]).max() < 0.3


def test_strong_evidence_reawakens_an_abandoned_idea():
    """§7.2.12 Act rule 3: "strong later evidence can re-awaken it": DB ≥ 0.5 after the
    report turns ABANDONED back into AWARE with no variants tried."""
    model, net = _two_schools(receiver_status=Status.ABANDONED)
    work = net.work
    net.schools.context[1] = net.schools.context[0]
    work.mu[0, 0], work.sd[0, 0], work.variants_tried[0, 0] = -0.05, 0.1, 3
    measured(net, 1, 0, 0.3, 2500.0)
    _report(net, trust=1.0)
    assert db(work.mu[0, 0], work.sd[0, 0]) >= 0.5
    assert work.status[0, 0] == Status.AWARE
    assert work.variants_tried[0, 0] == 0


def test_weak_evidence_leaves_an_abandoned_idea_abandoned():
    """§7.2.12 Act rule 3 / §7.2.10: weak evidence (DB stays < 0.5) does not re-awaken."""
    model, net = _two_schools(receiver_status=Status.ABANDONED)
    work = net.work
    work.mu[0, 0], work.sd[0, 0], work.variants_tried[0, 0] = -0.05, 0.1, 3
    measured(net, 1, 0, 0.3, 4.0)
    _report(net, trust=1.0)
    assert db(work.mu[0, 0], work.sd[0, 0]) < 0.5
    assert work.status[0, 0] == Status.ABANDONED
    assert work.variants_tried[0, 0] == 3


def test_two_way_exchange_carries_each_sides_results():
    """§7.2.10: an active tie carries a report both ways. Each side takes in the other's
    results (precision 0.25 · 100 and 0.25 · 400, trust 1, same context) and remembers
    the other's practice with its measured result for borrowing."""
    model = make_model()
    net = model.process
    net.schools.context[1] = net.schools.context[0]  # similar: practices are borrowable
    running(net, 0, 0, mu=0.0, sd=0.1)
    measured(net, 0, 0, 0.0, 100.0)
    running(net, 1, 0, mu=0.2, sd=0.05)
    measured(net, 1, 0, 0.2, 400.0)
    work = net.work
    evidence.receive_reports(net, np.array([0, 1]), np.array([1, 0]), np.array([0, 0]), 1.0)
    assert work.mu[0, 0] == pytest.approx((0.0 * 100 + 100 * 0.2) / (100 + 100))
    assert work.mu[1, 0] == pytest.approx((0.2 * 400 + 25 * 0.0) / (400 + 25))
    assert work.borrow_score[0, 0] == 0.2
    assert work.borrow_score[1, 0] == 0.0


def test_reports_to_one_pair_pool_and_the_best_is_remembered_first_heard_on_ties():
    """§7.2.10 and §7.2.12 adapt: all reports a pair hears in a week count together
    (precisions add, means weighted by them); the practice remembered for borrowing is
    the best-measured one, and of two equally good ones the one heard first."""
    model = make_model(graph=nx.star_graph(3))
    net = model.process
    work = net.work
    net.schools.context[:] = net.schools.context[0]  # all similar: every practice borrowable
    aware(net, 0, 0)
    work.mu[0, 0], work.sd[0, 0] = 0.0, 0.1
    for sender, mean in ((1, 0.1), (2, 0.3), (3, 0.3)):
        running(net, sender, 0, mu=0.0, sd=0.1)
        measured(net, sender, 0, mean, 100.0)
        work.variant[sender, 0] = sender / 10
    evidence.receive_reports(net, np.array([1, 3, 2]), np.array([0, 0, 0]), np.zeros(4, int), 1.0)
    tau = 0.25 * 100  # each report's precision: report weight · Σ n/σ_b², trust 1
    assert work.mu[0, 0] == pytest.approx((0.0 * 100 + tau * (0.1 + 0.3 + 0.3)) / (100 + 3 * tau))
    assert work.sd[0, 0] == pytest.approx(1 / np.sqrt(100 + 3 * tau), rel=1e-12)
    assert work.borrow_score[0, 0] == 0.3
    np.testing.assert_array_equal(work.borrow_variant[0, 0], np.full(6, 0.3))  # school 3's


def test_only_schools_with_results_report():
    """§7.2.10: a report carries results: schools that have run no cycle of any idea
    send nothing (report_ideas −1), those that have pick a tested idea."""
    model = make_model(n_ideas=3)
    net = model.process
    running(net, 1, 2, mu=0.1, sd=0.1)
    ideas = evidence.report_ideas(net)
    assert ideas[0] == -1 and ideas[1] == 2


def test_a_tie_is_active_with_probability_tie_activity_times_weight():
    """§7.2.10: each week each tie is active with probability 0.10 · weight: with a draw
    of 0.15, a tie of weight 2 (0.2) carries reports and a tie of weight 1 (0.1) does
    not."""
    graph = nx.Graph()
    graph.add_edge(0, 1, weight=2.0)
    graph.add_edge(2, 3, weight=1.0)
    model = make_model(graph=graph)
    net = model.process
    for sender in (0, 2):
        running(net, sender, 0, mu=0.3, sd=0.05)
        measured(net, sender, 0, 0.3, 400.0)
    for receiver in (1, 3):
        aware(net, receiver, 0)
    net.rng = StubRng(u=0.15)
    evidence.exchange_evidence(net, 1)
    assert net.work.mu[1, 0] != pytest.approx(0.05)
    assert net.work.mu[3, 0] == pytest.approx(0.05)


def test_learning_walk_sees_the_hosts_adopted_practice_whatever_the_contexts():
    """§7.2.8 learning walks: a school visits a peer and may copy the host's best
    adopted practice: a full-trust report of its results, borrowable whatever the
    contexts."""
    model = make_model(hub={"walk_target": "random"})
    net = model.process
    net.schools.context[0] = 0.1
    net.schools.context[1] = 0.9
    running(net, 1, 0, mu=0.3, sd=0.05, scale=4)
    measured(net, 1, 0, 0.3, 400.0)
    net.work.status[1, 0] = Status.ADOPTED
    aware(net, 0, 0)
    hub.learning_walks(net, 8)
    work = net.work
    lam = np.exp(-4 * 0.8**2 / (2 * 0.09))  # trust 1
    expected = combine(
        np.array([0.05]), np.array([0.15]), np.array([0.3]), np.array([0.25 * lam * 400])
    )
    assert work.mu[0, 0] == pytest.approx(expected[0][0])
    assert work.borrow_score[0, 0] == 0.3
    np.testing.assert_array_equal(work.borrow_variant[0, 0], work.variant[1, 0])


# --- the hub (docs/model.md §2.6) -----------------------------------------------------------------


def _coached_gain(coaches, members=20, skill=0.3, hours=2.0):
    model = make_model(
        graph=nx.path_graph(members),
        hub={"coaching_hours": hours, "coaching_session": hours, "coaches": coaches},
    )
    net = model.process
    net.schools.skill[:] = skill
    net.schools.engagement[:] = 0.5
    hub.coach(net, 3)
    gained = net.schools.skill - skill
    coached = np.flatnonzero(gained > 0)
    assert coached.size == 1  # one session of ``hours`` this week
    (school,) = coached
    assert net.schools.engagement[school] == pytest.approx(0.5 + 0.02 * hours)
    assert net.schools.coaching[school] == 1.0
    assert net.hub.last_coached[school] == 3
    assert net.totals.coaching_hours == hours
    return gained[school]


def test_coaching_gain_formula_and_dilution_by_load():
    """§2.6 coaching: per session skill += 0.01 · hours · (1 − π) / (1 + load/20), load =
    members per coach; at load 20 the effect is exactly half its no-load value."""
    at_load_20 = _coached_gain(coaches=1)
    assert at_load_20 == pytest.approx(0.01 * 2 * 0.7 / 2, rel=1e-12)
    assert at_load_20 == pytest.approx(0.5 * 0.01 * 2 * (1 - 0.3), rel=1e-12)
    at_load_1 = _coached_gain(coaches=20)
    assert at_load_1 == pytest.approx(0.01 * 2 * 0.7 / 1.05, rel=1e-12)
    assert at_load_20 / at_load_1 == pytest.approx(1.05 / 2, rel=1e-12)
    at_load_40 = _coached_gain(coaches=1, members=40)
    assert at_load_40 / at_load_20 == pytest.approx(2 / 3, rel=1e-12)


def test_need_allocation_coaches_the_lowest_skill_schools():
    """§2.6 coaching allocation `need`: the lowest-skill members are coached first."""
    model = make_model(
        graph=nx.path_graph(8),
        hub={"coaching_hours": 6.0, "coaching_session": 2.0, "coaching_allocation": "need"},
    )
    net = model.process
    skill = np.array([0.5, 0.1, 0.9, 0.2, 0.6, 0.05, 0.7, 0.8])
    net.schools.skill[:] = skill
    hub.coach(net, 1)
    coached = set(np.flatnonzero(net.schools.skill > skill))
    assert coached == {5, 1, 3}


def test_equal_allocation_rotates_through_members():
    """§2.6 coaching allocation `equal`: whoever was coached longest ago comes next, so
    over 4 weeks of 2 sessions all 8 members are coached once."""
    model = make_model(graph=nx.path_graph(8), hub={"coaching_hours": 4.0, "coaching_session": 2.0})
    net = model.process
    for week in range(1, 5):
        hub.coach(net, week)
    assert sorted(net.hub.last_coached) == [1, 1, 2, 2, 3, 3, 4, 4]


def _dersimonian_laird(y, v):
    """A hand computation of the DerSimonian & Laird (1986) estimate."""
    y, v = list(y), list(v)
    k = len(y)
    w = [1 / vi for vi in v]
    fixed = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, y, strict=True))
    c = sum(w) - sum(wi * wi for wi in w) / sum(w)
    tau2 = max(0.0, (q - (k - 1)) / c) if k > 1 else 0.0
    ws = [1 / (vi + tau2) for vi in v]
    return sum(wi * yi for wi, yi in zip(ws, y, strict=True)) / sum(ws), sum(ws) ** -0.5, tau2


def test_random_effects_pool_matches_dersimonian_laird():
    """§2.6 analytics: DerSimonian–Laird pooling per idea (column) over included members —
    heterogeneous results (τ² > 0), homogeneous ones (τ² = 0), a single result, none."""
    y = np.array(
        [[0.10, 0.20, 0.30, 9.0], [0.30, 0.20, 0.0, 9.0], [0.50, 0.20, 0.0, 9.0], [9.0] * 4]
    )
    v = np.array(
        [[0.01, 0.02, 0.05, 1.0], [0.02, 0.01, 1.0, 1.0], [0.04, 0.03, 1.0, 1.0], [1.0] * 4]
    )
    include = np.array(
        [[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]], dtype=bool
    )  # row 3 (9.0) is never included: it must not count
    mean, se, tau2, k = hub.random_effects_pool(y, v, include)
    np.testing.assert_array_equal(k, [3, 3, 1, 0])
    m0, se0, tau0 = _dersimonian_laird([0.1, 0.3, 0.5], [0.01, 0.02, 0.04])
    assert tau0 > 0 and tau2[0] == pytest.approx(tau0, rel=1e-12)
    assert mean[0] == pytest.approx(m0, rel=1e-12)
    assert se[0] == pytest.approx(se0, rel=1e-12)
    m1, se1, tau1 = _dersimonian_laird([0.2, 0.2, 0.2], [0.02, 0.01, 0.03])
    assert tau1 == 0 and tau2[1] == 0
    assert mean[1] == pytest.approx(0.2, rel=1e-12) and mean[1] == pytest.approx(m1)
    assert se[1] == pytest.approx((1 / 0.02 + 1 / 0.01 + 1 / 0.03) ** -0.5, rel=1e-12)
    assert se[1] == pytest.approx(se1)
    assert mean[2] == pytest.approx(0.3) and se[2] == pytest.approx(np.sqrt(0.05))
    assert np.isnan(mean[3]) and np.isnan(se[3])


def test_random_effects_pool_hand_numbers():
    """§2.6: y = (0.1, 0.3, 0.5), v = (0.01, 0.02, 0.04), worked by hand: w = (100, 50, 25),
    fixed mean 37.5/175 = 3/14, Q = 26/7, C = 175 − 13125/175 = 100, τ² = (26/7 − 2)/100
    = 0.0171429, pooled 0.2523976, se 0.1109297."""
    mean, se, pooled_tau2, k = hub.random_effects_pool(
        np.array([[0.1], [0.3], [0.5]]), np.array([[0.01], [0.02], [0.04]]), np.ones((3, 1), bool)
    )
    tau2 = (26 / 7 - 2) / 100
    assert pooled_tau2[0] == pytest.approx(tau2, rel=1e-12)
    weights = 1 / (np.array([0.01, 0.02, 0.04]) + tau2)
    assert k[0] == 3
    assert mean[0] == pytest.approx((weights * [0.1, 0.3, 0.5]).sum() / weights.sum(), rel=1e-12)
    assert mean[0] == pytest.approx(0.2523976, rel=1e-6)
    assert se[0] == pytest.approx(weights.sum() ** -0.5, rel=1e-12)
    assert se[0] == pytest.approx(0.1109297, rel=1e-6)


def test_random_effects_pool_by_group_pools_each_cluster_on_its_own():
    """§7.2.6 (for whom and where): pooled per (cluster, idea), each cell is the
    DerSimonian–Laird estimate of its own cluster's results alone."""
    y = np.array([[0.1], [0.3], [0.5], [-0.2], [0.0]])
    v = np.array([[0.01], [0.02], [0.04], [0.02], [0.03]])
    groups = np.array([0, 0, 0, 2, 2])
    mean, se, tau2, k = hub.random_effects_pool(y, v, np.ones((5, 1), bool), groups, 3)
    np.testing.assert_array_equal(k[:, 0], [3, 0, 2])
    for cluster, rows_ in ((0, [0, 1, 2]), (2, [3, 4])):
        m, e, t = _dersimonian_laird(y[rows_, 0].tolist(), v[rows_, 0].tolist())
        assert mean[cluster, 0] == pytest.approx(m, rel=1e-12)
        assert se[cluster, 0] == pytest.approx(e, rel=1e-12)
        assert tau2[cluster, 0] == pytest.approx(t, abs=1e-15)
    assert np.isnan(mean[1, 0]) and np.isnan(se[1, 0])


def test_endorsement_pools_results_not_beliefs_and_needs_the_minimum_number():
    """§7.2.6 analytics: the hub pools members' own results (not their beliefs: μ −0.5
    here) and endorses an idea only with ≥ endorse_min_reports members' results and a
    pooled DB ≥ 0.8; a new endorsement is logged and broadcast once."""
    model = make_model(graph=nx.path_graph(5), hub={"endorse_min_reports": 3})
    net = model.process
    for s in (0, 1):
        running(net, s, 0, mu=-0.5, sd=0.02)
        measured(net, s, 0, 0.3, 2500.0)
    hub.analyse(net, 1)
    assert not net.hub.endorsed[0]
    assert len(events_of(model, Event.ENDORSED)) == 0
    running(net, 2, 0, mu=-0.5, sd=0.02)
    measured(net, 2, 0, 0.3, 2500.0)
    hub.analyse(net, 5)
    assert net.hub.endorsed[0]
    endorsed = events_of(model, Event.ENDORSED)
    assert rows(endorsed, "step", "idea") == [(5, 0)]
    assert net.hub.pooled_mean[0] == pytest.approx(0.3)
    assert net.hub.tau2[0] == 0
    # broadcast: every member now knows the idea and took the estimate in (§7.2.6)
    assert (net.work.status[:, 0] != Status.UNAWARE).all()
    se = 1 / np.sqrt(3 * 2500)
    expected = combine(
        np.array([0.05]), np.array([0.15]), np.array([0.3]), np.array([0.25 / se**2])
    )
    assert net.work.mu[4, 0] == pytest.approx(expected[0][0], rel=1e-12)
    # a later analysis that still endorses it sends nothing again
    mu = net.work.mu[4, 0]
    hub.analyse(net, 9)
    assert net.work.mu[4, 0] == mu and len(events_of(model, Event.ENDORSED)) == 1


def test_the_endorsement_message_is_the_estimate_of_the_members_own_cluster():
    """§7.2.6 (where it worked): a member whose cluster has ≥ endorse_min_reports results
    takes in its cluster's pooled estimate; one in a cluster with fewer results takes the
    network's."""
    model = make_model(graph=nx.path_graph(6), hub={"endorse_min_reports": 3})
    net = model.process
    net.schools.cluster[:] = [0, 0, 0, 1, 1, 1]
    net.hub = hub.HubState.start(net.ideas, 6, 2)
    for s, mean in ((0, 0.3), (1, 0.3), (2, 0.3), (3, 0.1)):
        running(net, s, 0, mu=0.0, sd=0.1)
        measured(net, s, 0, mean, 2500.0)
    aware(net, 4, 0)
    aware(net, 5, 0)
    hub.analyse(net, 1)
    assert net.hub.endorsed[0]
    assert net.hub.cluster_mean[0, 0] == pytest.approx(0.3)
    assert net.hub.cluster_k[:, 0].tolist() == [3, 1]
    network = combine(
        np.array([0.05]),
        np.array([0.15]),
        np.array([net.hub.pooled_mean[0]]),
        np.array([0.25 / net.hub.pooled_se[0] ** 2]),
    )
    assert net.work.mu[5, 0] == pytest.approx(network[0][0], rel=1e-12)  # cluster 1: 1 result


def test_no_endorsement_when_pooled_belief_is_low():
    """§7.2.6 analytics: enough results but a pooled DB below 0.8 → no endorsement."""
    model = make_model(graph=nx.path_graph(5))
    net = model.process
    for s in (0, 1, 2):
        running(net, s, 0, mu=0.5, sd=0.05)
        measured(net, s, 0, 0.04, 100.0)
    hub.analyse(net, 1)
    assert not net.hub.endorsed[0]


def test_convening_raises_engagement_and_counts_days():
    """§2.6 convenings: every member hears of every idea, engagement + 0.05 (at most 1),
    convening days += members; a CONVENING event with the attendance."""
    model = make_model(graph=nx.path_graph(6), n_ideas=2)
    net = model.process
    net.schools.engagement[:] = [0.5, 0.5, 0.98, 0.3, 0.5, 0.5]
    hub.convene(net, 13)
    np.testing.assert_allclose(net.schools.engagement, [0.55, 0.55, 1.0, 0.35, 0.55, 0.55])
    assert net.totals.convening_days == 6
    assert (net.work.status != Status.UNAWARE).all()
    convenings = events_of(model, Event.CONVENING)
    assert rows(convenings, "step", "value") == [(13, 6.0)]


def test_with_ties_adds_each_new_tie_once_both_ways():
    """§2.7: new ties are symmetric, weight 1; repeats, self-pairs and ties that exist are
    skipped; degrees follow."""
    from simulation.adjacency import Adjacency

    adjacency = Adjacency.from_graph(nx.path_graph(5))  # 0-1-2-3-4
    grown = adjacency.with_ties(np.array([0, 4, 1, 2, 3]), np.array([4, 0, 0, 2, 0]))
    dense = grown.ties.toarray()
    np.testing.assert_array_equal(dense, dense.T)
    assert dense[0, 4] == dense[0, 3] == 1 and grown.matrix[0, 4] == 1.0
    assert grown.ties.nnz == 2 * (4 + 2)  # path ties + 0–4 + 0–3; 1–0 existed, 2–2 skipped
    np.testing.assert_array_equal(grown.degree, [3, 2, 2, 3, 2])
    assert adjacency.ties.nnz == 8  # the original is unchanged


def _convened(mix, n=40, roles=3, **hub_params):
    """``n`` unconnected members convened once; returns the net (ties formed, reports)."""
    model = make_model(
        graph=nx.empty_graph(n),
        n_ideas=roles,
        ideas={"n_drivers": roles},
        hub={"convening_mix": mix, **hub_params},
    )
    net = model.process
    hub.convene(net, 1)
    return net


@pytest.mark.parametrize(("mix", "low", "high"), [("job_alike", 0.9, 1.0), ("random", 0.25, 0.42)])
def test_job_alike_meetings_share_a_role_random_ones_by_chance(mix, low, high):
    """§7.2.5: with a tie from every same-role meeting and none from cross-role ones, a
    job-alike convening of 40 members (3 rounds of 20 pairs, each round one role across
    schools) ties nearly 60 pairs (a pair may meet twice); a random one about a third as
    many, since two members' roles, drawn among 3, agree a third of the time."""
    formed = []
    for seed in range(10):
        model = make_model(
            graph=nx.empty_graph(40),
            n_ideas=3,
            seed=seed,
            hub={"convening_mix": mix, "tie_formation": 1.0, "cross_role_tie_formation": 0.0},
        )
        hub.convene(model.process, 1)
        formed.append(model.process.totals.ties_formed)
    assert low <= np.mean(formed) / 60 <= high


def test_job_alike_groups_span_clusters():
    """§7.2.5: job-alike pairs are drawn across schools whatever their cluster (NW RISE's
    groups meet across districts), unlike the old same-cluster reading."""
    graph = nx.empty_graph(40)
    nx.set_node_attributes(graph, {i: i // 10 for i in graph}, "cluster")
    model = make_model(graph=graph, hub={"convening_mix": "job_alike", "tie_formation": 1.0})
    net = model.process
    hub.convene(net, 1)
    a, b, _ = net.tie_ends
    cluster = net.schools.cluster
    assert (cluster[a] != cluster[b]).mean() > 0.5  # 3/4 of random pairs cross


def test_convening_ties_carry_reports_and_lower_isolation():
    """§7.2.5/§8.2: ties formed at a convening join the network: the weekly exchange uses
    them, ``ties_formed`` counts them and ``isolation`` (schools without a tie) falls."""
    net = _convened("job_alike", n=20, roles=1, tie_formation=1.0)
    assert net.totals.ties_formed > 0
    assert net.tie_ends[0].size == net.totals.ties_formed == net.adjacency.ties.nnz // 2
    indicators = net.indicators()
    assert indicators["ties_formed"] == 0  # measured before the convening
    net._observe()
    isolated = np.mean(net.adjacency.degree == 0)
    assert isolated < 1.0
    assert net.indicators()["isolation"] == pytest.approx(isolated)


def test_no_tie_formation_leaves_the_network_as_it_was():
    """§7.2.5: with both tie chances 0 a convening adds no tie (every school stays
    isolated on an empty graph)."""
    net = _convened("random", tie_formation=0.0, cross_role_tie_formation=0.0)
    assert net.totals.ties_formed == 0 and net.adjacency.ties.nnz == 0
    net._observe()
    assert net.indicators()["isolation"] == 1.0


def test_convening_topics_are_the_ideas_of_the_members_role():
    """§7.2.5: a member reports on an idea of its own role's driver: with one tested idea
    of driver 0 per school, job-alike rounds of roles 1 and 2 carry no report, so only
    the round of role 0 moves beliefs (one report per school at most per round)."""
    model = make_model(
        graph=nx.empty_graph(2),
        n_ideas=3,
        ideas={"n_drivers": 3},
        hub={"convening_mix": "job_alike", "convening_partners": 1, "tie_formation": 0.0},
    )
    net = model.process
    for s in range(2):
        for j in range(3):
            aware(net, s, j)
        running(net, s, 0, mu=0.2 + 0.1 * s, sd=0.05)
        measured(net, s, 0, mean=0.2 + 0.1 * s, precision=100.0)
    mu = net.work.mu.copy()
    net.rng = np.random.default_rng(0)
    heard = []
    for _ in range(12):
        net.work.mu[:] = mu
        net.heard.precision[:] = 0.0  # forget what was heard: each convening starts afresh
        net.heard.total[:] = 0.0
        hub.convene(net, 1)
        heard.append(not np.allclose(net.work.mu[:, 0], mu[:, 0]))
    assert any(heard) and not all(heard)  # the round's role is 0 a third of the time
    np.testing.assert_array_equal(net.work.mu[:, 1:], mu[:, 1:])


def test_a_learning_walk_can_leave_a_tie_between_visitor_and_host():
    """§7.2.8: a walk is a meeting of colleagues doing the same work: with tie_formation 1
    every visitor ends up tied to its host (the most similar member); with 0 none does."""
    for chance, expected in ((1.0, True), (0.0, False)):
        model = make_model(graph=nx.empty_graph(12), hub={"tie_formation": chance})
        net = model.process
        hosts = hub._walk_hosts(net, np.arange(12))
        hub.learning_walks(net, 1)
        tied = net.adjacency.ties[np.arange(12), hosts] == 1
        assert tied.all() if expected else not tied.any()


@pytest.mark.parametrize(
    ("level", "rd_interval"), [("none", 0), ("light", 0), ("standard", 13), ("intensive", 13)]
)
def test_rd_cycles_run_by_default_except_under_no_or_light_hub(level, rd_interval):
    """§7.2.9/§7.3: 90-day R&D cycles every 13 weeks by default; the none and light hub
    intensities switch them off, standard and intensive keep the default."""
    model = SchoolNetworkModel(
        graph=nx.path_graph(4), adoption="pdsa", adoption_params={"hub": {"intensity": level}}
    )
    assert model.process.params.hub.rd_interval == rd_interval
    default = SchoolNetworkModel(graph=nx.path_graph(4), adoption="pdsa")
    assert default.process.params.hub.rd_interval == 13


def test_convenings_happen_every_interval_weeks():
    """§2.6: convenings every C weeks, the first in week 1."""
    model = make_model(graph=nx.path_graph(4), hub={"convening_interval": 5})
    for _ in range(30):
        model.step()
    steps = list(events_of(model, Event.CONVENING)["step"])
    assert steps == [1, 6, 11, 16, 21, 26]
    assert model.timeseries()["convening_days"].iloc[-1] == 6 * 4


def test_rd_adds_one_idea_per_school_week_and_all_arrays_widen():
    """§2.6 90-day R&D: with rd_interval 1 and rd_success 1 the hub adds one idea every
    school week while it supports members (not in summer, not in the sustain year); every
    school × idea and per-idea array widens consistently and members hear of the idea."""
    model = make_model(
        graph=nx.path_graph(4),
        n_ideas=2,
        pilots=2,
        hub={"rd_interval": 1, "rd_success": 1.0},
        calendar={"supported_years": 1},
    )
    net = model.process
    counts = [net.ideas.n]
    for _ in range(45):
        model.step()
        counts.append(net.ideas.n)
    added = np.diff(counts)
    expected = [1 if step <= 36 else 0 for step in range(1, 46)]
    assert list(added) == expected
    n = net.ideas.n
    assert n == 2 + 36
    for name in Work.__dataclass_fields__:
        array = getattr(net.work, name)
        assert array.shape[:2] == (4, n), name
    assert net.work.variant.shape == net.work.borrow_variant.shape == (4, n, 6)
    for name in ("effect", "complexity", "observability", "driver", "added_at"):
        assert getattr(net.ideas, name).shape == (n,), name
    assert net.ideas.design.shape == (n, 6)
    for name in ("endorsed", "broadcast", "pooled_mean", "pooled_se", "tau2", "publicised_result"):
        assert getattr(net.hub, name).shape == (n,), name
    for name in ("cluster_mean", "cluster_se", "cluster_k"):
        assert getattr(net.hub, name).shape == (1, n), name
    assert net.hub.curated.shape == net.hub.publicised.shape == (n, 6)
    assert net.hub.publicised_context.shape == (n, 4)
    assert net.heard.precision.shape[1] == net.heard.total.shape[1] == n
    assert net.effects.shape == net.integrity.shape == net.drift.shape == (4, n)
    assert (net.work.status != Status.UNAWARE).all()  # members heard of every new idea
    np.testing.assert_array_equal(net.ideas.added_at[2:], np.arange(1, 37))
    assert len(events_of(model, Event.IDEA_ADDED)) == 36
    series = model.timeseries()
    status_columns = [s.name.lower() for s in Status]
    assert (series[status_columns].sum(axis=1) == 4 * series["ideas"]).all()


# --- sustainability (docs/model.md §7.2.13) -------------------------------------------------------


def _adopted_everywhere(n=3, n_ideas=2, **calendar):
    """Every school adopted every idea; no hub support yet, turnover as given."""
    model = make_model(graph=nx.path_graph(n), n_ideas=n_ideas, calendar=calendar)
    net = model.process
    for s in range(n):
        for j in range(n_ideas):
            running(net, s, j, mu=0.2, sd=0.05, scale=4)
            net.work.status[s, j] = Status.ADOPTED
    return model, net


def test_teacher_turnover_erodes_depth_ownership_skill_and_certainty_of_their_role():
    """§7.2.13: with teacher turnover 1 every role's teacher leaves: each practice keeps
    turnover_depth_kept of its depth and loses its ownership, its belief widens by 0.10 in
    quadrature, and the team's skill moves toward the newcomers' initial skill (0.3) by
    the share of the team that left (3 of 4 members: 3 roles and the principal)."""
    model, net = _adopted_everywhere(
        teacher_turnover=1.0, principal_turnover=0.0, turnover_depth_kept=0.4
    )
    net.schools.skill[:] = [0.5, 0.6, 0.7]
    net.schools.last_supported[:] = 30  # supported: nothing lapses
    net.work.sd[:] = [[0.05, 0.2], [0.1, 0.3], [0.02, 0.15]]
    net.work.depth[:] = 0.9
    net.work.owned[:] = True
    sd_before, mu_before = net.work.sd.copy(), net.work.mu.copy()
    sustainability.summer(net, 37)
    np.testing.assert_allclose(net.work.depth, 0.36)
    assert not net.work.owned.any()
    np.testing.assert_allclose(net.work.sd, np.sqrt(sd_before**2 + 0.1**2))
    np.testing.assert_array_equal(net.work.mu, mu_before)
    np.testing.assert_allclose(
        net.schools.skill, [0.5, 0.6, 0.7] - 0.75 * np.array([0.2, 0.3, 0.4])
    )
    assert (net.work.status == Status.ADOPTED).all()


def test_a_teacher_leaving_touches_only_the_practices_of_their_role():
    """§2.2/§7.2.13: idea j is the work of role j mod n_drivers; when only role 0's teacher
    leaves (stub draws) the ideas of roles 1 and 2 keep depth, ownership and belief."""
    model, net = _adopted_everywhere(n=2, n_ideas=3, turnover_depth_kept=0.5)
    net.schools.last_supported[:] = 30
    net.work.depth[:] = 0.8
    net.work.owned[:] = True
    sd = net.work.sd.copy()

    class RoleZeroLeaves(StubRng):
        def random(self, size=None):
            draws = np.ones(size)  # nobody leaves …
            if isinstance(size, tuple) and len(size) == 2:
                draws[:, 0] = 0.0  # … but the teacher of role 0
            return draws

    net.rng = RoleZeroLeaves()
    sustainability.summer(net, 37)
    np.testing.assert_allclose(net.work.depth, [[0.4, 0.8, 0.8]] * 2)
    np.testing.assert_array_equal(net.work.owned, [[False, True, True]] * 2)
    np.testing.assert_allclose(net.work.sd[:, 1:], sd[:, 1:])
    assert (net.work.sd[:, 0] > sd[:, 0]).all()


def test_a_principal_leaving_erodes_every_practice_and_dips_the_outcome_for_two_years():
    """§7.2.13/§7.2.14 (§1.4, P10): a principal's departure keeps turnover_depth_kept of
    every practice's depth (ownership stays) and lowers the outcome by 0.03 SD, recovering
    linearly over two school years (74 steps): 0.015 after one year, 0 after two."""
    model, net = _adopted_everywhere(n=2, n_ideas=2, teacher_turnover=0.0, principal_turnover=1.0)
    net.schools.last_supported[:] = 30
    net.work.depth[:] = 0.8
    net.work.owned[:] = True
    sustainability.summer(net, 37)
    np.testing.assert_allclose(net.work.depth, 0.4)
    assert net.work.owned.all()
    np.testing.assert_array_equal(net.schools.principal_left, 37)
    for week, dip in ((37, 0.03), (37 + 37, 0.015), (37 + 74, 0.0), (300, 0.0)):
        net.week = week
        np.testing.assert_allclose(sustainability.principal_dip(net), dip)


@pytest.mark.parametrize(
    ("depth", "capacity", "u", "lapses"),
    [
        (1.0, 0.0, 0.0, False),  # full depth: never lapses
        (0.0, 0.0, 0.999, True),  # no depth, no capacity: always lapses
        (0.5, 0.5, 0.24, True),  # probability (1 − 0.5)(1 − 0.5) = 0.25
        (0.5, 0.5, 0.26, False),
        (0.2, 0.75, 0.19, True),  # probability 0.8 · 0.25 = 0.2
        (0.2, 0.75, 0.21, False),
    ],
)
def test_unsupported_practice_lapses_with_probability_one_minus_depth_times_one_minus_capacity(
    depth, capacity, u, lapses
):
    """§7.2.13: in a school the hub has not supported in the past year each adopted
    practice lapses with probability (1 − depth)(1 − κ) (exact, with a stub generator
    drawing ``u``; no turnover); a lapse resets depth and is logged."""
    model, net = _adopted_everywhere(n=2, n_ideas=1, teacher_turnover=0.0, principal_turnover=0.0)
    net.work.depth[:] = depth
    net.schools.capacity[:] = capacity
    net.rng = StubRng(u=u)
    sustainability.lapse_unsupported(net, 37)
    status = Status.LAPSED if lapses else Status.ADOPTED
    np.testing.assert_array_equal(net.work.status, status)
    lapsed = events_of(model, Event.LAPSED)
    assert len(lapsed) == (2 if lapses else 0)
    if lapses:
        np.testing.assert_array_equal(net.work.depth, 0.0)


@pytest.mark.parametrize(("last_supported", "lapses"), [(1, True), (0, True), (2, False)])
def test_support_in_the_past_year_protects_practices_from_lapsing(last_supported, lapses):
    """§7.2.13: a school convened, coached or walked with in the 37 steps up to a summer
    (step 38 here: support after step 1) keeps its practices; support longer ago does
    not protect them (depth 0 and κ 0: an unsupported practice always lapses)."""
    model, net = _adopted_everywhere(n=2, n_ideas=2, teacher_turnover=0.0, principal_turnover=0.0)
    net.work.depth[:] = 0.0
    net.schools.capacity[:] = 0.0
    net.schools.last_supported[:] = last_supported
    sustainability.summer(net, 38)
    assert (net.work.status == Status.LAPSED).all() == lapses
    assert (net.work.status == Status.ADOPTED).all() != lapses


def test_hub_supports_mark_schools_supported():
    """§7.2.5/7.2.7/7.2.8: a convening marks every member, a coaching session the coached
    school, a learning walk every visitor as supported that week."""
    model = make_model(graph=nx.path_graph(4), n_ideas=1, hub={"coaching_hours": 2.0})
    net = model.process
    hub.coach(net, 5)
    assert (net.schools.last_supported == 5).sum() == 1
    hub.learning_walks(net, 6)
    np.testing.assert_array_equal(net.schools.last_supported, 6)
    hub.convene(net, 7)
    np.testing.assert_array_equal(net.schools.last_supported, 7)


def test_no_turnover_and_support_change_nothing_in_summer():
    """§7.2.13: with no turnover and support in the past year nothing changes in summer."""
    model, net = _adopted_everywhere(teacher_turnover=0.0, principal_turnover=0.0)
    net.schools.skill[:] = 0.4
    net.schools.last_supported[:] = 30
    net.work.depth[:] = 0.1
    sd = net.work.sd.copy()
    sustainability.summer(net, 37)
    assert (net.work.status == Status.ADOPTED).all()
    np.testing.assert_array_equal(net.work.sd, sd)
    np.testing.assert_array_equal(net.work.depth, 0.1)
    np.testing.assert_array_equal(net.schools.skill, 0.4)


def test_depth_closes_a_104th_of_its_gap_a_week_and_half_as_fast_again_when_owned():
    """§7.2.13: an adopted practice's depth grows by 1/104 of what it lacks each week,
    × 1.5 for owned variants, so it approaches 1 without reaching it; practices not
    adopted do not deepen; members' engagement decays 0.005."""
    model = make_model(graph=nx.path_graph(2), n_ideas=3)
    net = model.process
    for j in range(3):
        running(net, 0, j, mu=0.2, sd=0.05, scale=4)
    work = net.work
    work.status[0, :2] = Status.ADOPTED
    work.owned[0] = [False, True, True]
    work.depth[0] = [0.5, 0.5, 0.3]
    net.schools.engagement[:] = 0.6
    sustainability.weekly(net)
    np.testing.assert_allclose(work.depth[0], [0.5 + 0.5 / 104, 0.5 + 1.5 * 0.5 / 104, 0.3])
    np.testing.assert_allclose(net.schools.engagement, 0.595)
    for _ in range(1000):
        sustainability.weekly(net)
    assert 0.999 < work.depth[0, 1] < 1.0


def test_the_hub_does_nothing_in_the_sustain_year():
    """§2.9/§2.6/§7.2.13: after supported_years · 37 weeks the hub stops: no convenings, coaching,
    analytics or R&D."""
    model = lively(
        make_model(
            graph=nx.path_graph(6),
            n_ideas=2,
            pilots=3,
            hub={
                "convening_interval": 1,
                "coaching_hours": 2.0,
                "rd_interval": 1,
                "rd_success": 1.0,
            },
            calendar={"supported_years": 1},
        )
    )
    for _ in range(80):
        model.step()
    convenings = events_of(model, Event.CONVENING)
    assert len(convenings) == 36  # every school week of the supported year
    assert convenings["step"].max() <= 36
    series = model.timeseries()
    after = series[series["step"] >= 37]
    assert after["coaching_hours"].nunique() == 1
    assert after["convening_days"].nunique() == 1
    assert after["ideas"].nunique() == 1
    ended = events_of(model, Event.ENDORSED)
    assert (ended["step"] <= 36).all()


def test_summer_weeks_are_the_37th_of_each_year():
    """§2.9: 36 school weeks then a summer step: no cycles run in the summer week."""
    model = make_model(graph=nx.path_graph(6), n_ideas=3, pilots=6)
    model.process.ideas.complexity[:] = 1  # so that pilots start them (§7.2.11: u > 0)
    for _ in range(75):
        model.step()
    series = model.timeseries()
    summers = series[series["step"].isin([37, 74])]
    assert (summers["pdsa_cycles"] == 0).all()
    assert series["pdsa_cycles"].sum() > 0


# --- event log --------------------------------------------------------------------------------


def test_event_log_is_consistent_with_the_status_arrays():
    """§8 outputs / event log: each ADOPTED event (step, school, idea) is a pair that
    turned ADOPTED that week and every such change has its event; ABANDONED events are
    pairs ABANDONED at the end of that week (every new abandonment logged); and the
    adopted count equals adoptions minus lapses so far."""
    model = lively(
        make_model(
            graph=nx.watts_strogatz_graph(30, 4, 0.2, seed=1),
            n_ideas=4,
            pilots=8,
            seed=5,
            pdsa={"theta_up": 0.7},
            calendar={"teacher_turnover": 0.5, "principal_turnover": 0.5},
        )
    )
    snapshots = [model.process.work.status.copy()]
    for _ in range(100):
        model.step()
        snapshots.append(model.process.work.status.copy())
    frame = model.events.to_frame()
    adoptions = lapses = 0
    for step in range(1, 101):
        before, after = snapshots[step - 1], snapshots[step]
        at = frame[frame["step"] == step]
        adopted = at[at["kind"] == "adopted"]
        pairs = set(rows(adopted, "school", "idea"))
        turned = {tuple(p) for p in np.argwhere((after == Status.ADOPTED) & (before != after))}
        assert pairs == turned, step
        for s, j in pairs:
            assert before[s, j] == Status.TESTING
        abandoned = at[at["kind"] == "abandoned"]
        pairs = set(rows(abandoned, "school", "idea"))
        turned = {tuple(p) for p in np.argwhere((after == Status.ABANDONED) & (before != after))}
        assert turned <= pairs
        assert all(after[s, j] == Status.ABANDONED for s, j in pairs)
        lapsed = at[at["kind"] == "lapsed"]
        assert all(after[s, j] == Status.LAPSED for s, j in rows(lapsed, "school", "idea"))
        adoptions += len(adopted)
        lapses += len(lapsed)
        assert (after == Status.ADOPTED).sum() == adoptions - lapses
    assert adoptions > 0 and (frame["kind"] == "abandoned").any()


def test_record_events_false_records_nothing():
    """Event log switched off for sweeps: nothing is recorded, the run is unchanged."""
    on = lively(make_model(graph=nx.path_graph(10), n_ideas=3, pilots=4, seed=9))
    off = lively(
        make_model(graph=nx.path_graph(10), n_ideas=3, pilots=4, seed=9, record_events=False)
    )
    for _ in range(40):
        on.step()
        off.step()
    assert len(on.events) > 0
    assert len(off.events) == 0
    assert off.events.to_frame().empty
    assert on.timeseries().equals(off.timeseries())


# --- school agents as views (docs/model.md §2) ---------------------------------------------------


def test_school_agent_views_agree_with_the_arrays():
    """§2: a School agent reads its own row: status_of, belief, variant, scale, story."""
    model = lively(make_model(graph=nx.path_graph(8), n_ideas=3, pilots=4, seed=4))
    for _ in range(25):
        model.step()
    net = model.process
    work = net.work
    for school in model.agents:
        i = school.index
        rows = {row["idea"]: row for row in school.story()}
        for j in range(3):
            assert school.status_of(j) == Status(work.status[i, j])
            assert school.belief(j) == (work.mu[i, j], work.sd[i, j])
            assert school.variant(j) == tuple(work.variant[i, j])
            assert school.scale(j) == work.scale[i, j]
            if work.status[i, j] == Status.UNAWARE:
                assert j not in rows
                continue
            row = rows[j]
            assert row["status"] == Status(work.status[i, j]).name.lower()
            assert (row["belief_mean"], row["belief_sd"]) == (work.mu[i, j], work.sd[i, j])
            assert row["scale"] == work.scale[i, j]
            assert row["cycles"] == work.cycles[i, j]
            assert row["variant"] == tuple(work.variant[i, j])
            assert row["true_effect"] == net.effects[i, j]
        assert school.skill == net.schools.skill[i]
        assert school.adopted == bool((work.status[i] == Status.ADOPTED).any())
        assert school.gain == pytest.approx(net.outcome[i] - net.schools.baseline[i])


# --- list parameters the processes index (docs/model.md §7.3) -----------------------------


@pytest.mark.parametrize(
    "sections",
    [
        {"pdsa": {"students": [5, 25]}},  # §7.2.12: students at each of the 4 scales
        {"landscape": {"coverage": [0.02, 0.08, 0.3]}},  # §7.2.1: coverage at each of 4 scales
        {"schools": {"rogers_shares": [0.1] * 6}},  # §2: one share per threshold (5)
        {"schools": {"rogers_shares": [0.0] * 5}},  # §2: shares must not all be zero
    ],
)
def test_malformed_list_parameters_are_input_errors(sections):
    """§2–5: the lists the processes index by test scale (students, coverage: 4 entries)
    and by Rogers category (shares matching thresholds, not all zero) are checked when the
    model is built, as an InputError — not left to fail later (IndexError in the first
    cycle at the missing scale, or a ValueError from the category draw)."""
    with pytest.raises(InputError):
        model = make_model(graph=nx.path_graph(6), n_ideas=2, pilots=6, **sections)
        lively(model)
        for _ in range(60):
            model.step()


def test_a_tie_and_a_meeting_of_the_same_pair_share_one_memory_of_results_heard():
    """§7.2.10: the results school 1 told school 0 along their tie are not told again when
    the two meet at a convening (the tie's row and the meeting's lookup are the same
    memory), while school 0 telling school 1 is another direction, with its own memory."""
    model, net = _two_schools()
    net.schools.context[1] = net.schools.context[0]
    running(net, 0, 0, mu=0.05, sd=0.15)
    measured(net, 0, 0, 0.2, 100.0)
    net.rng = StubRng(u=0.0)  # the tie is active; each school talks about idea 0
    evidence.exchange_evidence(net, 1)
    after_tie = (net.work.mu[:, 0].copy(), net.work.sd[:, 0].copy())
    evidence.receive_reports(net, np.array([1, 0]), np.array([0, 1]), np.array([0, 0]), 1.0)
    np.testing.assert_array_equal(net.work.mu[:, 0], after_tie[0])
    np.testing.assert_array_equal(net.work.sd[:, 0], after_tie[1])
    assert net.work.mu[0, 0] != 0.05 and net.work.mu[1, 0] != 0.3  # both heard once
