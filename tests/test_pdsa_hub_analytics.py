"""Exact tests of the hub's analytics on data (docs/model.md §7.2.6): bright spots from run
charts of measured outcomes, publicised practices, and curation from measured practices.

Each test builds a small model, sets the arrays directly and calls one function; each
docstring names the rule it checks.
"""

import networkx as nx
import numpy as np
import pytest
from test_pdsa_processes import events_of, make_model, running
from test_pdsa_trials import shifted

from simulation.events import Event
from simulation.pdsa import hub
from simulation.pdsa.population import CORE
from simulation.pdsa.run_charts import RunCharts

BASELINE = np.array([0.0, 0.1, -0.1, 0.2, 0.0, -0.2, 0.1, 0.0, -0.1, 0.1, 0.0, -0.1])
"""Twelve baseline weeks of one school: median 0, mean 0, mean moving range
(0.1+0.2+0.3+0.2+0.2+0.3+0.1+0.1+0.2+0.1+0.1)/11 = 1.9/11."""
SIGMA = 1.9 / 11 / 1.128


def _chart(after, baseline=BASELINE):
    """A one-school chart fed its baseline then the measurements ``after``."""
    chart = RunCharts.start(1, baseline.size)
    for value in (*baseline, *after):
        chart.record(np.array([value]))
    return chart


def test_the_baseline_sets_median_mean_and_sigma_from_moving_ranges():
    """§7.2.6 (Shewhart individuals chart; Provost & Murray 2011): centre = the baseline
    mean, σ = mean moving range / 1.128, and the run-chart median; no signal before the
    baseline is complete."""
    chart = RunCharts.start(1, 12)
    for value in BASELINE[:11]:
        chart.record(np.array([5.0 + value]))
        assert not chart.signals(6, 3.0)[0]
    chart = _chart([])
    assert chart.median[0] == 0.0
    assert chart.centre[0] == pytest.approx(0.0, abs=1e-15)
    assert chart.sigma[0] == pytest.approx(SIGMA, rel=1e-12)


@pytest.mark.parametrize(("run", "signals"), [(5, False), (6, True)])
def test_six_consecutive_points_above_the_median_are_a_shift(run, signals):
    """§7.2.6 run-chart shift rule (Perla, Provost & Murray 2011): 6 or more consecutive
    measurements above the baseline median signal; 5 do not. The points (0.05) stay well
    inside the control limit, so only the shift rule can fire."""
    chart = _chart([0.05] * run)
    assert chart.signals(6, 3.0)[0] == signals
    assert not chart.signals(0, 3.0)[0]  # shift rule off


def test_a_point_below_the_median_restarts_the_run():
    """§7.2.6: the run counts consecutive points: 5 above, one below, 5 above is no shift."""
    chart = _chart([0.05] * 5 + [-0.05] + [0.05] * 5)
    assert chart.run[0] == 5
    assert not chart.signals(6, 3.0)[0]


@pytest.mark.parametrize(("above", "signals"), [(2.99, False), (3.01, True)])
def test_a_point_beyond_three_sigma_signals(above, signals):
    """§7.2.6 Shewhart rule: the latest measurement above centre + 3σ signals, one just
    inside does not (shift rule off)."""
    chart = _chart([above * SIGMA])
    assert chart.signals(0, 3.0)[0] == signals
    assert not chart.signals(0, 0.0)[0]  # both rules off


def test_bright_spots_are_chart_signals_of_members_and_their_best_practice_is_publicised():
    """§7.2.6: the hub flags members whose charts signal (a non-member's signal does not
    count) and, per idea, publicises the practice of the bright spot with the best
    measured result, with that result and that school's context (curation off, so no
    variant moves after)."""
    model = make_model(graph=nx.path_graph(4), hub={"curation_rate": 0.0})
    net = model.process
    net.schools.member[3] = False
    net.charts = _chart_of(4, signalling=[0, 1, 3])
    for school, result in ((0, 0.2), (1, 0.4), (2, 0.9)):
        running(net, school, 0, mu=0.0, sd=0.1)
        net.work.result[school, 0] = result
    net.work.variant[1, 0] = shifted(net.work.variant[1, 0], 0.1)
    hub.analyse(net, 13)
    assert net.hub.bright.tolist() == [True, True, False, False]
    assert net.hub.publicised_result[0] == 0.4
    np.testing.assert_array_equal(net.hub.publicised[0], net.work.variant[1, 0])
    np.testing.assert_array_equal(net.hub.publicised_context[0], net.schools.context[1])
    flagged = events_of(model, Event.BRIGHT_SPOT)
    assert sorted(flagged["school"]) == [0, 1]


def _chart_of(n, signalling):
    """Charts of ``n`` schools with a flat baseline; the ``signalling`` ones then measure
    far above it."""
    chart = RunCharts.start(n, BASELINE.size)
    for value in BASELINE:
        chart.record(np.full(n, value))
    latest = np.zeros(n)
    latest[signalling] = 10.0
    chart.record(latest)
    return chart


def _curation_model(results, precisions, **sections):
    model = make_model(graph=nx.empty_graph(len(results)), **sections)
    net = model.process
    for school, (result, precision) in enumerate(zip(results, precisions, strict=True)):
        running(net, school, 0, mu=0.0, sd=0.1)
        net.work.result[school, 0], net.work.result_precision[school, 0] = result, precision
        net.work.variant[school, 0] = shifted(net.hub.curated[0], 0.1 * school)
    net.set_variants(np.arange(len(results)), np.zeros(len(results), int), net.work.variant[:, 0])
    return model, net


def test_curation_moves_toward_the_best_empirical_bayes_estimate_not_the_luckiest_result():
    """§7.2.6 curation (March 1991): the hub ranks practices by their measured means
    shrunk toward the random-effects pool by τ²/(τ² + v_i). School 2's single noisy
    result 0.9 (precision 1) shrinks below school 1's precise 0.5 (precision 400), so the
    curated variant moves 0.3 of the way toward school 1's practice."""
    model, net = _curation_model([0.0, 0.5, 0.9], [400.0, 400.0, 1.0], hub={"curation_drift": 0})
    before = net.hub.curated[0].copy()
    hub._curate(net)
    y, v = np.array([0.0, 0.5, 0.9]), 1 / np.array([400.0, 400.0, 1.0])
    pool = hub.random_effects_pool(y[:, None], v[:, None], np.ones((3, 1), bool))
    shrunk = pool.mean[0] + pool.tau2[0] / (pool.tau2[0] + v) * (y - pool.mean[0])
    assert shrunk.argmax() == 1 and y.argmax() == 2
    expected = before + 0.3 * (net.work.variant[1, 0] - before)
    np.testing.assert_allclose(net.hub.curated[0], expected, rtol=1e-15)


def test_curation_stays_when_the_results_show_no_practice_better_than_another():
    """§7.2.6: with τ² = 0 (results no more spread than their noise) every estimate is
    the pooled mean: no practice is better, and the curated variant does not move."""
    model, net = _curation_model([0.10, 0.11, 0.09], [100.0, 100.0, 100.0])
    before = net.hub.curated[0].copy()
    hub._curate(net)
    np.testing.assert_array_equal(net.hub.curated[0], before)


@pytest.mark.parametrize(
    ("policy", "part"),
    [("replicate", slice(None)), ("integrity", CORE), ("reinvent", slice(0, 0))],
)
def test_members_drift_toward_the_curated_variant_in_the_part_their_policy_keeps(policy, part):
    """§7.2.6 curation drift: members move the part of their variants that their policy
    keeps as the hub gives it — the whole variant under ``replicate``, the core under
    ``integrity``, nothing under ``reinvent`` — by curation_drift (0.2) of the way toward
    the curated variant; the part they adapt themselves stays theirs."""
    model, net = _curation_model(
        [0.0, 0.5, 0.9], [400.0, 400.0, 1.0], pdsa={"policy": policy}, hub={"curation_drift": 0.2}
    )
    net.work.variant[:, 0, CORE] += 0.05  # cores away from the curated one (copy error)
    net.set_variants(np.arange(3), np.zeros(3, int), net.work.variant[:, 0])
    before = net.work.variant[:, 0].copy()
    hub._curate(net)
    expected = before.copy()
    expected[:, part] += 0.2 * (net.hub.curated[0, part] - before[:, part])
    np.testing.assert_allclose(net.work.variant[:, 0], expected, rtol=1e-15)


@pytest.mark.parametrize(("preset", "acts"), [("carnegie_nic", False), ("district_rollout", True)])
def test_curation_drift_acts_only_where_kept_parts_differ_from_the_hubs_version(preset, acts):
    """§7.2.6: drift pulls only the part of a variant a school keeps as the hub gives it
    (the core under ``integrity``). In carnegie_nic every member hears of every idea
    from the hub first, so every core is the curated core and curation_drift 0 and 1
    give identical runs: there is nothing to pull. In district_rollout schools joining in
    later waves first hear of ideas from peers and copy their cores with copy error;
    the drift pulls those cores back, so the runs differ."""
    from analysis.runner import load_with, run
    from scenarios import load

    base = load(preset)
    summaries = [
        run(load_with(base, {"hub": {"intensity": "standard", "curation_drift": d}})).summary
        for d in (0.0, 1.0)
    ]
    assert (summaries[0] != summaries[1]) == acts


def test_a_sustain_year_hub_publicises_nothing():
    """§7.2.15: when the hub withdraws, publicised results lapse and bright spots clear."""
    model = make_model()
    net = model.process
    net.hub.publicised_result[0] = 0.5
    net.hub.bright[:] = True
    net.hub.withdraw()
    assert net.hub.publicised_result[0] == -np.inf and not net.hub.bright.any()
