"""Exact tests of adaptation as test-guided search, schools' first versions and the rugged
field.

- Adaptation (``simulation/pdsa/adaptation.py``, docs/model.md §7.2.12): an adaptation
  borrows a similar-context peer's measured practice or proposes a local change (with
  ``local_knowledge`` of fit an explicit assumption); under ``keep_change = "if_better"``
  (the default) the change is a trial that the cycle testing it keeps only if its result
  beats the practice's measured mean by keep_margin standard errors, otherwise the school
  goes back ("How will we know that a change is an improvement?", Langley et al. 2009;
  with margin 0 the search rule of Lazer & Friedman 2007). Schools report, and borrow
  by, measured results of practices. Policies are named predicates.
- ``pdsa.initial_variation``: a school hearing of an idea from the hub starts from the
  curated design with its periphery varied (docs/model.md §7.2.3).
- The rugged field G = ½ + Σ_k cos(ω_k · p + b_k) / (2K) (docs/model.md §7.2.1).

Like ``test_pdsa_processes.py``, each test builds a small model, sets the school × idea
arrays directly and calls one phase function, with the generator replaced by a stub where
exact draws matter. Each test's docstring names the rule it checks.
"""

import networkx as nx
import numpy as np
import pytest
from test_pdsa_processes import (
    StubRng,
    aware,
    events_of,
    lively,
    make_model,
    rows,
    running,
)

from simulation.events import Event
from simulation.pdsa import adaptation, cycle, evidence
from simulation.pdsa.adaptation import judge_trials
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.belief import combine
from simulation.pdsa.landscape import RUGGED_WAVES, Landscape
from simulation.pdsa.parameters import CycleParameters, LandscapeParameters
from simulation.pdsa.population import CORE, PERIPHERY
from simulation.pdsa.state import Status

IF_BETTER = {"keep_change": "if_better"}

# --- helpers --------------------------------------------------------------------------------


def put_variant(net, s: int, j: int, variant) -> None:
    """Pair (s, j) runs ``variant``; its true effect, integrity and fit follow (§7.2.1)."""
    net.set_variants(np.array([s]), np.array([j]), np.asarray(variant, float)[None, :])


def assessed(net, s: int, j: int, variant):
    """(E, integrity, fit) of school ``s`` running idea ``j`` as ``variant`` (§7.2.1)."""
    effect, integrity, fit, _ = net.assess(
        np.array([s]), np.array([j]), np.asarray(variant, float)[None, :]
    )
    return effect[0], integrity[0], fit[0]


def on_trial(net, s: int, j: int, practice, trial, result: float, precision=100.0) -> None:
    """Pair (s, j) tests ``trial``, a change of its ``practice`` whose measured mean is
    ``result`` with ``precision``."""
    work = net.work
    work.practice[s, j] = practice
    work.on_trial[s, j] = True
    work.result[s, j], work.result_precision[s, j] = result, precision
    put_variant(net, s, j, trial)


def shifted(variant, by: float) -> np.ndarray:
    """``variant`` with its periphery moved by ``by`` on every dimension."""
    moved = np.array(variant, float)
    moved[PERIPHERY] += by
    return moved


# --- implementation policies as named predicates ----------------------------------------------


@pytest.mark.parametrize(
    ("policy", "never", "periphery", "core"),
    [
        ("replicate", True, False, False),
        ("integrity", False, True, False),
        ("reinvent", False, True, True),
    ],
)
def test_policies_are_named_predicates(policy, never, periphery, core):
    """docs/model.md §7.2.12: ``replicate`` never adapts; ``integrity`` adapts the
    periphery only (LeMahieu's "integrity, not fidelity"); ``reinvent`` adapts the core too
    (Rogers' re-invention)."""
    p = CycleParameters(policy=policy)
    assert (p.never_adapts, p.adapts_periphery, p.adapts_core) == (never, periphery, core)


# --- judging a trial (keep_change = "if_better", the default) ------------------------------------


@pytest.mark.parametrize("margin", [1.645, 0.0])
def test_judge_trials_keeps_a_change_only_if_it_beats_the_practice_by_the_margin(margin):
    """docs/model.md §7.2.12 changes on trial (Langley et al. 2009): a change is kept iff
    ŷ − m > keep_margin · √(1/τ + 1/τ_m). Practice mean m 0.10 with τ_m 100, trials with
    τ 100: the bar is margin · √0.02 (0.2326 at 1.645; with margin 0 any strictly better
    result, Lazer & Friedman 2007). School 0 measures just below the bar (reverts, event
    with its result), school 1 just above (kept: its result and precision become the
    practice's), school 2 is not on trial (its practice measured again: m and τ_m pool
    the result), school 3's practice was never measured (any result keeps the change)."""
    model = make_model(graph=nx.path_graph(4), pdsa={"keep_margin": margin})
    net = model.process
    design = net.hub.curated[0].copy()
    trial = shifted(design, 0.2)
    for school in range(4):
        running(net, school, 0, mu=0.05, sd=0.1)
    bar = margin * np.sqrt(1 / 100 + 1 / 100)
    on_trial(net, 0, 0, practice=design, trial=trial, result=0.10)
    on_trial(net, 1, 0, practice=design, trial=trial, result=0.10)
    net.work.result[2, 0], net.work.result_precision[2, 0] = 0.10, 100.0
    put_variant(net, 2, 0, trial)
    on_trial(net, 3, 0, practice=design, trial=trial, result=-np.inf, precision=0.0)
    observed = np.array([0.10 + bar, 0.10 + bar + 1e-9, 0.04, -0.5])
    judge_trials(net, np.arange(4), np.zeros(4, int), observed, np.full(4, 100.0), step=6)

    work = net.work
    np.testing.assert_array_equal(work.variant[0, 0], design)  # back to the practice
    effect, integrity, fit = assessed(net, 0, 0, design)
    assert (net.effects[0, 0], net.integrity[0, 0], net.fit[0, 0]) == (effect, integrity, fit)
    assert (work.result[0, 0], work.result_precision[0, 0]) == (0.10, 100.0)
    np.testing.assert_array_equal(work.variant[1, 0], trial)  # the change is kept
    assert (work.result[1, 0], work.result_precision[1, 0]) == (observed[1], 100.0)
    assert work.result[2, 0] == pytest.approx((0.10 * 100 + 0.04 * 100) / 200, rel=1e-12)
    assert work.result_precision[2, 0] == 200.0
    np.testing.assert_array_equal(work.variant[3, 0], trial)
    assert (work.result[3, 0], work.result_precision[3, 0]) == (-0.5, 100.0)
    assert not work.on_trial[:, 0].any()
    reverted = events_of(model, Event.REVERTED)
    assert rows(reverted, "step", "school", "idea") == [(6, 0, 0)]
    assert reverted["value"].iloc[0] == pytest.approx(observed[0])


@pytest.mark.parametrize("keep_change", ["always", "if_better"])
def test_run_cycles_judges_the_change_before_act_adapts_again(keep_change):
    """docs/model.md §7.2.12 Study → Act: the test of a change is judged as soon as its
    cycle ends, before Act. A change that tested worse is undone, so the next adaptation
    starts from the practice and keeps that practice to return to. Under "always" the
    change stays and the next adaptation starts from it; nothing is judged. Draws are
    stubbed (ε = 0: ŷ = E; no borrowing; the local step is local_knowledge · π of the way
    to the school's context, here 0.5 · π)."""
    model = make_model(pdsa={"keep_change": keep_change, "local_knowledge": 0.5})
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1)  # DB ≈ ½ after the test: Act adapts
    design = net.hub.curated[0].copy()
    trial = shifted(design, 0.3)
    trial_effect = assessed(net, 0, 0, trial)[0]
    if keep_change == "if_better":
        on_trial(net, 0, 0, practice=design, trial=trial, result=trial_effect + 0.1)
    else:  # the change replaced the practice when it was made
        put_variant(net, 0, 0, trial)
    net.work.timer[0, 0] = 1
    net.rng = StubRng(z=0.0, u=0.5)
    cycle.run_cycles(net, step=6)

    work = net.work
    assert len(events_of(model, Event.ADAPTED)) == 1
    pull = 0.5 * net.schools.skill[0]
    if keep_change == "if_better":
        start = design
        reverted = events_of(model, Event.REVERTED)
        assert rows(reverted, "step", "school", "idea") == [(6, 0, 0)]
        assert reverted["value"].iloc[0] == pytest.approx(trial_effect, rel=1e-12)
        assert work.result[0, 0] == pytest.approx(trial_effect + 0.1)  # the practice's
        np.testing.assert_array_equal(work.practice[0, 0], design)
        assert work.on_trial[0, 0]  # the new adaptation is on trial
    else:
        start = trial
        assert len(events_of(model, Event.REVERTED)) == 0
        assert not work.on_trial[0, 0]
        assert work.result[0, 0] == -np.inf  # the new practice is not measured yet
    expected = start.copy()
    expected[PERIPHERY] += pull * (net.schools.context[0] - start[PERIPHERY])
    np.testing.assert_allclose(work.variant[0, 0], expected, rtol=0, atol=1e-15)


@pytest.mark.parametrize("knowledge", [0.0, 0.4])
def test_a_local_change_is_a_random_step_plus_only_the_stated_local_knowledge(knowledge):
    """docs/model.md §7.2.12 (observability): a school does not see how well a variant
    fits it, so a local change is a random step N(0, local_step²) on the periphery plus
    local_knowledge · π of the way to its own context, an explicit assumption (0 by
    default). With the normal draws stubbed to z = 1 the periphery moves by exactly
    local_step + local_knowledge · π · (context − periphery); the core stays (integrity)."""
    model = make_model(
        pdsa={"local_knowledge": knowledge, "borrow_probability": 0.0, "local_step": 0.1}
    )
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1)
    before = net.work.variant[0, 0].copy()
    net.rng = StubRng(z=1.0, u=0.5)
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    expected = before.copy()
    pull = knowledge * net.schools.skill[0]
    expected[PERIPHERY] += 0.1 + pull * (net.schools.context[0] - before[PERIPHERY])
    np.testing.assert_allclose(net.work.variant[0, 0], expected, rtol=0, atol=1e-15)
    assert net.work.owned[0, 0]


# --- starting a trial and borrowing (docs/model.md §7.2.12 adapt) ---------------------------


@pytest.mark.parametrize("keep_change", ["always", "if_better"])
def test_an_adaptation_under_if_better_is_a_trial_of_a_change_to_the_practice(keep_change):
    """docs/model.md §7.2.12 adapt with keep_change = "if_better" (a change is tried, not
    yet adopted): the practice holds the variant as it was before the change and the pair
    is on trial. Under "always" no trial starts: the change is the practice, not yet
    measured (result −∞, precision 0)."""
    model = make_model(pdsa={"keep_change": keep_change, "borrow_probability": 0.0})
    net = model.process
    running(net, 0, 0, mu=0.03, sd=0.1)
    put_variant(net, 0, 0, shifted(net.hub.curated[0], 0.1))
    net.work.result[0, 0], net.work.result_precision[0, 0] = 0.1, 50.0
    before = net.work.variant[0, 0].copy()
    net.rng = np.random.default_rng(4)
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    work = net.work
    assert events_of(model, Event.ADAPTED)["value"].tolist() == [0.0]  # a local step
    assert not np.array_equal(work.variant[0, 0], before)
    if keep_change == "if_better":
        np.testing.assert_array_equal(work.practice[0, 0], before)
        assert work.on_trial[0, 0]
        assert (work.result[0, 0], work.result_precision[0, 0]) == (0.1, 50.0)
    else:
        np.testing.assert_array_equal(work.practice[0, 0], 0.0)  # never written
        assert not work.on_trial[0, 0]
        assert (work.result[0, 0], work.result_precision[0, 0]) == (-np.inf, 0.0)


def test_curation_drift_moves_the_core_of_a_practice_on_trial_with_the_variant():
    """docs/model.md §7.2.6 curation drift under ``integrity`` moves the core of the
    variants members run by curation_drift of the way toward the curated core; a change
    on trial goes back to a practice whose core moved the same way, so a revert does not
    undo the hub's drift. Peripheries and practices not on trial are not touched; E,
    integrity and fit follow the new variants."""
    model = make_model(graph=nx.empty_graph(2), pdsa=IF_BETTER)
    net = model.process
    design = net.hub.curated[0].copy()
    for s in (0, 1):
        running(net, s, 0, mu=0.03, sd=0.1)
        on_trial(net, s, 0, practice=design, trial=shifted(design, 0.1), result=0.05)
    net.work.on_trial[1, 0] = False
    stale = net.work.practice[1, 0].copy()
    net.move_variants(np.ones((2, 1), bool), 0.2, np.full((1, 6), 0.5), CORE)
    trial = shifted(design, 0.1)
    moved_core = design[CORE] + 0.2 * (0.5 - design[CORE])
    for s in (0, 1):
        np.testing.assert_allclose(net.work.variant[s, 0, CORE], moved_core, rtol=1e-15)
        np.testing.assert_array_equal(net.work.variant[s, 0, PERIPHERY], trial[PERIPHERY])
    np.testing.assert_allclose(net.work.practice[0, 0, CORE], moved_core, rtol=1e-15)
    np.testing.assert_array_equal(net.work.practice[0, 0, PERIPHERY], design[PERIPHERY])
    np.testing.assert_array_equal(net.work.practice[1, 0], stale)
    effect = net.assess(np.arange(2), np.zeros(2, int), net.work.variant[:, 0])[0]
    np.testing.assert_array_equal(net.effects[:, 0], effect)


@pytest.mark.parametrize(
    ("result", "borrows"),
    [
        (0.1, True),  # the heard practice's 0.2 beats the school's practice's 0.1
        (0.3, False),  # but not 0.3
        (0.2, False),  # a report only as good is no reason to copy
        (-np.inf, True),  # a practice not measured yet loses to any measured one
    ],
)
def test_borrowing_compares_measured_results_never_beliefs(result, borrows):
    """docs/model.md §7.2.12 adapt (best_member): a school copies the best practice it
    heard of if that practice's measured result strictly beats its own practice's
    measured mean, whatever either school believes (here μ 0.5, above both). The
    remembered report is 0.2, borrow_probability 1, copy error 0: a borrow copies the
    periphery exactly (policy integrity), and the report is then used up."""
    model = make_model(pdsa={"borrow_probability": 1.0, "copy_error": 0.0})
    net = model.process
    running(net, 0, 0, mu=0.5, sd=0.1)
    work = net.work
    work.result[0, 0] = result
    work.borrow_score[0, 0] = 0.2
    heard = shifted(net.hub.curated[0], 0.25)
    heard[CORE] += 0.5  # the core is not borrowed under integrity
    work.borrow_variant[0, 0] = heard
    own_core = work.variant[0, 0, CORE].copy()
    net.rng = np.random.default_rng(4)
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    assert events_of(model, Event.ADAPTED)["value"].tolist() == [float(borrows)]
    copied = np.array_equal(work.variant[0, 0, PERIPHERY], heard[PERIPHERY])
    assert copied == borrows
    np.testing.assert_array_equal(work.variant[0, 0, CORE], own_core)
    assert work.borrow_score[0, 0] == (-np.inf if borrows else 0.2)


def test_a_borrowed_report_is_not_borrowed_twice():
    """docs/model.md §7.2.12 adapt: a school uses each remembered report once
    (borrow_score −∞ after borrowing), so if the borrowed change is reverted the next
    adaptation is a local step, not the same copy again; other schools' memories are
    untouched."""
    model = make_model(
        pdsa={**IF_BETTER, "borrow_probability": 1.0, "copy_error": 0.0},
    )
    net = model.process
    work = net.work
    for school in (0, 1):
        running(net, school, 0, mu=0.0, sd=0.1)
        work.result[school, 0], work.result_precision[school, 0] = 0.0, 100.0
        work.borrow_score[school, 0] = 0.2
        work.borrow_variant[school, 0] = shifted(net.hub.curated[0], 0.25)
    net.rng = np.random.default_rng(4)
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    assert work.borrow_score[0, 0] == -np.inf
    assert work.borrow_score[1, 0] == 0.2  # school 1 did not adapt
    judge_trials(net, np.array([0]), np.array([0]), np.array([-1.0]), np.array([100.0]), step=4)
    adaptation.adapt(net, np.array([0]), np.array([0]), 5)
    assert events_of(model, Event.ADAPTED)["value"].tolist() == [1.0, 0.0]


@pytest.mark.parametrize(("distance", "borrows"), [(0.0, True), (0.2, False)])
def test_a_publicised_practice_is_borrowed_only_by_schools_of_similar_context(distance, borrows):
    """docs/model.md §7.2.12 adapt: the bright spot's practice the hub publicises is a
    model only for schools whose context is similar to the bright spot's:
    exp(−‖Δ‖² / (2 · 0.3²)) ≥ 0.5. A distance of 0.2 on all four dimensions
    (‖Δ‖² = 0.16, similarity 0.41) is too far, even though its result 0.5 beats the
    school's practice's 0.0."""
    model = make_model(pdsa={"borrow_probability": 1.0, "copy_error": 0.0})
    net = model.process
    running(net, 0, 0, mu=0.0, sd=0.1)
    net.work.result[0, 0], net.work.result_precision[0, 0] = 0.0, 100.0
    publicised = shifted(net.hub.curated[0], 0.3)
    net.hub.publicised[0] = publicised
    net.hub.publicised_result[0] = 0.5
    net.hub.publicised_context[0] = net.schools.context[0] + distance
    net.rng = np.random.default_rng(4)
    adaptation.adapt(net, np.array([0]), np.array([0]), 3)
    assert events_of(model, Event.ADAPTED)["value"].tolist() == [float(borrows)]
    copied = np.array_equal(net.work.variant[0, 0, PERIPHERY], publicised[PERIPHERY])
    assert copied == borrows


# --- what schools report (docs/model.md §7.2.10) ---------------------------------------------


def _sender_on_trial(keep_change, receiver_status=Status.AWARE, **pdsa):
    """School 1 tests a change T of its practice P (μ 0.12, s 0.08, practice's measured
    mean 0.07, own results pooled to 0.09 with precision 80); school 0, in the same
    context, hears its report."""
    model = make_model(pdsa={"keep_change": keep_change, **pdsa})
    net = model.process
    net.schools.context[1] = net.schools.context[0]
    running(net, 1, 0, mu=0.12, sd=0.08)
    practice = shifted(net.hub.curated[0], 0.1)
    trial = shifted(net.hub.curated[0], -0.1)
    on_trial(net, 1, 0, practice=practice, trial=trial, result=0.07)
    net.work.own_precision[1, 0], net.work.own_sum[1, 0] = 80.0, 80.0 * 0.09
    if receiver_status != Status.UNAWARE:
        aware(net, 0, 0)
        net.work.mu[0, 0], net.work.sd[0, 0] = 0.05, 0.15
    return model, net, practice, trial


def _report(net):
    evidence.receive_reports(net, np.array([1]), np.array([0]), np.array([-1, 0]), 1.0)


def test_a_school_on_trial_reports_its_practice_its_result_and_its_own_data():
    """docs/model.md §7.2.10: a school testing a change tells its peers about its
    practice, not the untested change; what makes the report good for borrowing is the
    practice's measured mean, and what the receiver's belief takes in is the sender's
    own results (0.09, precision 0.25 · 80; trust 1, same context), never its belief."""
    model, net, practice, trial = _sender_on_trial("if_better")
    _report(net)
    work = net.work
    assert work.borrow_score[0, 0] == 0.07
    np.testing.assert_array_equal(work.borrow_variant[0, 0], practice)
    expected = combine(np.array([0.05]), np.array([0.15]), np.array([0.09]), np.array([20.0]))
    assert work.mu[0, 0] == pytest.approx(expected[0][0], rel=1e-12)
    assert work.sd[0, 0] == pytest.approx(expected[1][0], rel=1e-12)
    # the sender is not changed by reporting
    np.testing.assert_array_equal(work.variant[1, 0], trial)
    assert work.on_trial[1, 0]


def test_a_school_not_on_trial_reports_its_variant_and_result():
    """docs/model.md §7.2.10: a school not on trial runs its practice, so it reports its
    variant and the variant's measured mean."""
    model, net, practice, trial = _sender_on_trial("if_better")
    net.work.on_trial[1, 0] = False  # the change was kept: T is the practice now
    _report(net)
    assert net.work.borrow_score[0, 0] == 0.07
    np.testing.assert_array_equal(net.work.borrow_variant[0, 0], trial)


def test_a_school_first_hearing_from_a_peer_on_trial_copies_the_practice():
    """docs/model.md §7.2.3: a school first hearing of an idea from a peer starts from a
    copy of the sender's practice (copy error 0 here), not of a change on trial."""
    model, net, practice, trial = _sender_on_trial(
        "if_better", receiver_status=Status.UNAWARE, copy_error=0.0
    )
    assert net.work.status[0, 0] == Status.UNAWARE
    _report(net)
    np.testing.assert_array_equal(net.work.variant[0, 0], practice)
    assert net.effects[0, 0] == assessed(net, 0, 0, practice)[0]


# --- schools' first versions (pdsa.initial_variation) ------------------------------------------


def _all_hear_from_the_hub(net, seed=11):
    """Every school hears of every idea from the hub, whose curated versions have moved
    away from the ideas' designs (as curation moves them, §2.6); returns the state of the
    generator before."""
    net.hub.curated += 0.05
    s, j = np.meshgrid(np.arange(net.schools.n), np.arange(net.ideas.n), indexing="ij")
    net.rng = np.random.default_rng(seed)
    state = net.rng.bit_generator.state
    make_aware(net, s.ravel(), j.ravel(), source=None)
    return state


@pytest.mark.parametrize("variation", [0.0, None])
def test_no_initial_variation_gives_the_design_and_draws_nothing(variation):
    """docs/model.md §7.2.12 hearing of an idea: with initial_variation 0 (the default) every school
    hearing of an idea from the hub starts from the curated design exactly, and no random
    number is drawn for it, so runs are those of the model before the option existed."""
    pdsa = {} if variation is None else {"initial_variation": variation}
    model = make_model(graph=nx.path_graph(20), n_ideas=3, pdsa=pdsa)
    net = model.process
    state = _all_hear_from_the_hub(net)
    assert net.rng.bit_generator.state == state  # nothing drawn
    np.testing.assert_array_equal(net.work.variant, np.broadcast_to(net.hub.curated, (20, 3, 6)))


def test_explicit_zero_initial_variation_runs_as_the_default():
    """docs/model.md §7.2.12: initial_variation 0 is the default; setting it to 0 explicitly gives
    the same run (the same variants at every step, pilots hearing from the hub), while
    0.1 gives other variants."""
    graph = nx.watts_strogatz_graph(20, 4, 0.2, seed=3)

    def run(pdsa):
        model = lively(make_model(graph=graph, n_ideas=3, pilots=5, seed=8, pdsa=pdsa))
        variants = [model.process.work.variant.copy()]
        for _ in range(30):
            model.step()
            variants.append(model.process.work.variant.copy())
        return np.array(variants)

    default = run({})
    np.testing.assert_array_equal(run({"initial_variation": 0.0}), default)
    assert not np.array_equal(run({"initial_variation": 0.1}), default)


def test_initial_variation_varies_only_the_periphery_by_its_sd():
    """docs/model.md §7.2.12 hearing of an idea, after Lazer & Friedman's (2007) agents that start
    from their own solutions: with initial_variation σ a school hearing of an idea from
    the hub starts from the curated core exactly and the curated periphery plus
    N(0, σ²) per dimension, independently per school. 1000 schools × 2 ideas × 4
    dimensions = 8000 draws at σ = 0.1: the sample sd is within 5 % of σ (≈ 6 standard
    errors, se ≈ σ/√(2n)) and the mean offset within 0.005 (≈ 4.5 se)."""
    model = make_model(graph=nx.path_graph(1000), n_ideas=2, pdsa={"initial_variation": 0.1})
    net = model.process
    _all_hear_from_the_hub(net)
    variants = net.work.variant
    np.testing.assert_array_equal(
        variants[..., CORE], np.broadcast_to(net.hub.curated[:, CORE], (1000, 2, 2))
    )
    offsets = variants[..., PERIPHERY] - net.hub.curated[:, PERIPHERY]
    assert abs(offsets.std() - 0.1) <= 0.005
    assert abs(offsets.mean()) <= 0.005
    # independent per school and dimension: not one offset shared by all
    assert offsets[:, 0, 0].std() == pytest.approx(0.1, rel=0.15)
    assert abs(np.corrcoef(offsets[:, 0, 0], offsets[:, 0, 1])[0, 1]) < 0.15
    # what they are worth follows the variants (§7.2.1)
    effect = net.assess(np.arange(1000)[:, None], np.arange(2)[None, :], variants)[0]
    np.testing.assert_allclose(net.effects, effect, rtol=1e-12)


def test_initial_variation_neither_applies_under_replicate_nor_to_copies_from_peers():
    """§7.2.12: under policy `replicate` a school runs the hub's design as received, so
    initial_variation does not apply; and a school hearing from a peer copies the peer's
    variant with copy error only (here 0), not with initial variation."""
    model = make_model(
        graph=nx.path_graph(50), pdsa={"policy": "replicate", "initial_variation": 0.3}
    )
    net = model.process
    _all_hear_from_the_hub(net)
    np.testing.assert_array_equal(
        net.work.variant[:, 0], np.broadcast_to(net.hub.curated[0], (50, 6))
    )

    model = make_model(pdsa={"initial_variation": 0.3, "copy_error": 0.0})
    net = model.process
    net.schools.context[1] = net.schools.context[0]
    running(net, 1, 0, mu=0.1, sd=0.1)
    assert not np.array_equal(net.work.variant[1, 0], net.hub.curated[0])  # varied
    _report(net)
    np.testing.assert_array_equal(net.work.variant[0, 0], net.work.variant[1, 0])


# --- the rugged field (docs/model.md §7.2.1) ------------------------------------------------------


def _field_samples(n_fields=200, n_points=500, seed=0):
    land = Landscape(LandscapeParameters(ruggedness=1.0), n_fields, np.random.default_rng(seed))
    points = np.random.default_rng(seed + 100).random((n_fields, n_points, 4))
    return land, points, land.rugged_field(points, np.arange(n_fields)[:, None])


def test_rugged_field_is_half_plus_the_mean_cosine_computed_by_hand():
    """docs/model.md §7.2.1 (Lazer & Friedman 2007 need a rugged landscape): G(p) = ½ + Σ_k
    cos(ω_k · p + b_k) / (2K), K = 16 waves, ω_k and b_k fixed per context cluster —
    computed here wave by wave in plain Python for points of three clusters."""
    assert RUGGED_WAVES == 16
    land = Landscape(LandscapeParameters(ruggedness=1.0), 3, np.random.default_rng(9))
    points = np.random.default_rng(10).random((12, 4))
    cluster = np.arange(12) % 3
    got = land.rugged_field(points, cluster)
    for i, (p, c) in enumerate(zip(points, cluster, strict=True)):
        total = 0.0
        for k in range(16):
            phase = sum(float(land.waves[c, k, d]) * float(p[d]) for d in range(4))
            total += np.cos(phase + float(land.phases[c, k]))
        assert got[i] == pytest.approx(0.5 + total / (2 * 16), rel=1e-12, abs=1e-14)


def test_rugged_field_is_bounded_with_mean_half_and_sd_one_over_two_root_2k():
    """docs/model.md §7.2.1: G = ½ (1 + z/√(2K)), z = √(2/K) Σ cos(…), lies in [0, 1] (|Σ cos| ≤ K)
    and, as the mean of K nearly independent cosines of variance ½, is nearly Gaussian
    with mean ½ and sd 1/(2√(2K)) = 1/(2√32) ≈ 0.0884 — the NK-like field whose peaks
    differ in height (Kauffman & Levin 1987; Lazer & Friedman 2007). Over 200 fields ×
    500 uniform points: every value in [0, 1]; mean within 0.003 of ½ (the standard error
    is ≈ 0.0004, mostly from the fields' own means); sd within 3 % of 0.0884; each field's
    own sd within 15 % of it."""
    _, _, field = _field_samples()
    assert field.min() >= 0.0 and field.max() <= 1.0
    theory = 1 / (2 * np.sqrt(2 * RUGGED_WAVES))
    assert theory == pytest.approx(0.0884, abs=1e-4)
    assert abs(field.mean() - 0.5) <= 0.003
    assert field.std() == pytest.approx(theory, rel=0.03)
    np.testing.assert_allclose(field.std(axis=1), theory, rtol=0.15)


# --- a whole run: practices only get better (keep_change = "if_better") --------------------------


def _practice_effects(net):
    """True effect E of each pair's practice (the variant it would return to) and the mask
    of pairs that have been tested."""
    work = net.work
    practice = np.where(work.on_trial[..., None], work.practice, work.variant)
    s, j = np.arange(net.schools.n)[:, None], np.arange(net.ideas.n)[None, :]
    return net.assess(s, j, practice)[0], work.cycles > 0


def _worst_fall_of_practices(keep_change, margin=0.0, steps=150):
    """Run a small rugged network with near-exact measurement; return the largest one-week
    fall of a tested pair's practice's true effect, the largest gap between a practice's
    recorded result and its true effect, the bound on one measurement error, and the
    model."""
    model = lively(
        make_model(
            graph=nx.watts_strogatz_graph(30, 4, 0.2, seed=3),
            n_ideas=3,
            pilots=30,
            seed=5,
            pdsa={
                "keep_change": keep_change,
                "keep_margin": margin,
                "measurement_noise": 0.001,
                "implementation_noise": 0.0,
                "max_variants": 50,
            },
            hub={"analytics_interval": 0},  # no curation: only Act changes variants
            # effects far below the cap: a test measures E itself, not a marginal effect
            # that moves with the school's other practices (docs/model.md §7.2.14)
            landscape={"ruggedness": 1.0, "effect_cap": 100.0},
        )
    )
    net = model.process
    # ε = measurement_noise · (2 − π) / observability / √n · z, n ≥ 5; |z| ≤ 6
    bound = 6 * 0.001 * 2 / net.ideas.observability.min() / np.sqrt(5)
    before, tested_before = _practice_effects(net)
    worst_fall, worst_gap = 0.0, 0.0
    for _ in range(steps):
        model.step()
        after, tested = _practice_effects(net)
        both = tested_before & tested
        if both.any():
            worst_fall = max(worst_fall, float((before - after)[both].max()))
        measured = np.isfinite(net.work.result)
        if measured.any():
            worst_gap = max(worst_gap, float(np.abs(net.work.result - after)[measured].max()))
        before, tested_before = after, tested
    return worst_fall, worst_gap, bound, model


@pytest.mark.parametrize(("margin", "least_kept"), [(0.0, 100), (1.645, 5)])
def test_under_if_better_a_practice_never_gets_worse_beyond_measurement_error(margin, least_kept):
    """Langley et al. (2009) / Lazer & Friedman (2007), keep_change = "if_better": a change
    replaces the practice only if its measured result ŷ' beats the practice's measured
    mean m by keep_margin standard errors (≥ 0). With no implementation noise ŷ = E + ε,
    so E' = ŷ' − ε' > m − ε' = E + ε_m − ε': from one week to the next the true effect of
    a tested pair's practice falls by at most two measurement errors (|ε| ≤ 6 σ/√n with
    σ = 0.001 · (2 − π)/observability, n ≥ 5). And the practice's measured mean pools its
    own measurements: |m − E| ≤ one error. A run of 30 schools × 3 ideas on a rugged
    field for 150 weeks, curation off (only Act changes variants), with the margin 0 of
    Lazer & Friedman and the default 1.645 (fewer changes pass it). Under "always" the
    same run's practices do fall, by far more: the check has power."""
    fall, gap, bound, model = _worst_fall_of_practices("if_better", margin)
    assert fall <= 2 * bound, (fall, bound)
    assert gap <= bound, (gap, bound)
    adapted = len(events_of(model, Event.ADAPTED))
    reverted = len(events_of(model, Event.REVERTED))
    assert reverted > 100 and adapted - reverted > least_kept  # changes undone and kept
    fall_always, _, _, _ = _worst_fall_of_practices("always")
    assert fall_always > 2 * 2 * bound, (fall_always, bound)
