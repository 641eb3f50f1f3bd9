"""Property-based invariants of PDSA learning (docs/model.md §2, §7.2, §8).

Hypothesis draws small random scenarios — network structure and size, implementation
policy, social-learning rule, hub supports (intervals including 0 = off), coaching, Act
thresholds, measurement noise, seeding, rollout, context dependence, ruggedness, the
number of ideas, the calendar and the seed — runs each for 40–80 weeks and checks after
every week that the state is well formed; then that a rerun with the same seed is
identical.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.model import SchoolNetworkModel
from simulation.pdsa import indicators
from simulation.pdsa.state import Status, Work, count_per_school, flat, take
from simulation.strategies import SEEDING_STRATEGIES

STATUS_COLUMNS = [s.name.lower() for s in Status]
SHARES = (
    "adoption_share",
    "reach",
    "depth",
    "ownership_share",
    "core_integrity",
    "false_adoption_rate",
    "false_abandonment_rate",
    "engagement",
    "skill",
    "isolation",
)
"""Indicators that are shares or means of [0, 1] quantities (NaN when undefined)."""
SEEDINGS = tuple(s for s in SEEDING_STRATEGIES if s != "explicit")
"""The seeding strategies of docs/model.md §2.7."""


@st.composite
def scenarios(draw):
    """A small random scenario: (model keyword arguments, number of weeks)."""
    builder = draw(st.sampled_from(["random", "ring", "small_world", "district_clusters"]))
    if builder == "district_clusters":
        districts = draw(st.integers(2, 4))
        per = draw(st.integers(5, 15))
        network_params = {
            "n_districts": districts,
            "schools_per_district": per,
            "p_in": draw(st.floats(0.1, 0.6)),
            "p_out": draw(st.floats(0.0, 0.1)),
        }
        n = districts * per
    else:
        n = draw(st.integers(10, 60))
        clusters = draw(st.integers(1, 4))
        if builder == "random":
            network_params = {"n": n, "mean_degree": draw(st.floats(0.0, 6.0))}
        else:
            network_params = {"n": n, "k": draw(st.sampled_from([2, 4, 6]))}
            if builder == "small_world":
                network_params["p"] = draw(st.floats(0.0, 0.5))
        network_params["n_clusters"] = clusters
    theta_up = draw(st.floats(0.55, 0.95))
    theta_down = draw(st.floats(0.01, theta_up - 0.05))
    params = {
        "ideas": {"n_ideas": draw(st.integers(1, 8)), "n_drivers": draw(st.integers(1, 4))},
        "pdsa": {
            "policy": draw(st.sampled_from(["replicate", "integrity", "reinvent"])),
            "theta_up": theta_up,
            "theta_down": theta_down,
            "measurement_noise": draw(st.floats(0.05, 2.0)),
            "max_variants": draw(st.integers(1, 4)),
        },
        "evidence": {
            "social_learning": draw(st.sampled_from(["best_member", "conformity"])),
            "tie_activity": draw(st.floats(0.0, 1.0)),
        },
        "landscape": {
            "context_dependence": draw(st.floats(0.05, 1.0)),
            "ruggedness": draw(st.floats(0.0, 1.0)),
        },
        "hub": {
            "convening_interval": draw(st.sampled_from([0, 1, 4, 12])),
            "convening_mix": draw(st.sampled_from(["random", "job_alike", "cross_cluster"])),
            "analytics_interval": draw(st.sampled_from([0, 1, 4])),
            "walk_interval": draw(st.sampled_from([0, 3, 8])),
            "walk_target": draw(st.sampled_from(["bright_spot", "similar", "random"])),
            "rd_interval": draw(st.sampled_from([0, 5, 13])),
            "coaching_hours": draw(st.sampled_from([0.0, 2.0, 8.0])),
            "coaches": draw(st.integers(1, 3)),
            "coaching_allocation": draw(st.sampled_from(["equal", "need", "bright_spots"])),
            "tie_formation": draw(st.sampled_from([0.0, 0.1, 1.0])),
            "cross_role_tie_formation": draw(st.sampled_from([0.0, 0.02, 1.0])),
        },
        "calendar": {
            "supported_years": draw(st.integers(0, 2)),
            "teacher_turnover": draw(st.floats(0.0, 1.0)),
            "principal_turnover": draw(st.floats(0.0, 1.0)),
        },
    }
    kwargs = {
        "network": builder,
        "network_params": network_params,
        "adoption": "pdsa",
        "adoption_params": params,
        "seeding": draw(st.sampled_from(SEEDINGS)),
        "rollout": draw(st.sampled_from(["all_at_once", "three_waves", "capacity_gated"])),
        "initial_adopters": draw(st.integers(0, min(n, 10))),
        "rng": draw(st.integers(0, 2**31 - 1)),
        "record_events": draw(st.booleans()),
    }
    return kwargs, draw(st.integers(40, 80))


def check_state(model) -> None:
    """The well-formedness invariants of one week's state."""
    net = model.process
    work, schools = net.work, net.schools
    n_pairs = schools.n * net.ideas.n
    row = model.indicators
    # §8: counts by status cover every school × idea pair exactly once
    assert work.counts_by_status().sum() == n_pairs
    assert sum(row[c] for c in STATUS_COLUMNS) == n_pairs
    assert row["ideas"] == net.ideas.n
    # §7.2.12: beliefs are proper normals
    assert np.all(np.isfinite(work.mu))
    assert np.all(np.isfinite(work.sd)) and np.all(work.sd > 0)
    # §2/§7.2.11: no school tests more ideas than its bandwidth
    assert np.all((work.status == Status.TESTING).sum(axis=1) <= schools.bandwidth)
    # §2: skill, engagement, depth in [0, 1]
    for values in (schools.skill, schools.engagement, work.depth):
        assert np.all((values >= 0) & (values <= 1))
    # §2/§7.2.12: scale in 0..4, and ≥ 1 for pairs testing or adopted
    assert np.all((work.scale >= 0) & (work.scale <= 4))
    assert np.all(work.scale[work.in_use()] >= 1)
    # §7.2.12 Act: a practice is adopted only at full scale (L = 4)
    assert np.all(work.scale[work.status == Status.ADOPTED] == 4)
    # §7.2.12: every running test has a cycle under way
    assert np.all(work.timer[work.status == Status.TESTING] >= 1)
    # §7.2.12 Act: at most max_variants variants are tried (1 under replicate)
    assert np.all(work.variants_tried <= max(net.params.pdsa.max_variants, 1))
    if net.params.pdsa.never_adapts:
        assert not work.owned.any()
    # §7.2.10/§2.6: schools that have not joined know nothing (pilots join in week 0) and a
    # pair with results is known
    assert np.all(work.status[~schools.member] == Status.UNAWARE)
    assert np.all(work.status[work.cycles > 0] != Status.UNAWARE)
    # §7.2.10: a receiver has heard no more of a sender's results than the sender has
    # (evidence is data, each result taken in once)
    heard = net.heard
    senders = heard.keys // schools.n
    assert np.all(heard.precision[heard.rows] <= work.own_precision[senders] * (1 + 1e-12))
    assert np.all(work.own_precision >= 0) and np.all(work.result_precision >= 0)
    # §7.2.13: only adopted practices have depth, and it never reaches 1
    assert np.all(work.depth[work.status != Status.ADOPTED] == 0)
    assert np.all(work.depth < 1)
    # §2.7: the evolving network stays a symmetric 0/1 pattern holding the initial ties;
    # the weekly exchange uses every tie once; isolation counts schools without a tie
    ties = net.adjacency.ties
    assert (ties != ties.T).nnz == 0 and np.all(ties.data == 1)
    assert (model.adjacency.ties > ties).nnz == 0
    assert net.tie_ends[0].size == ties.nnz // 2
    assert row["ties_formed"] == (ties.nnz - model.adjacency.ties.nnz) // 2
    assert row["isolation"] == np.count_nonzero(net.adjacency.degree == 0) / schools.n
    # §8: shares lie in [0, 1] (NaN when nothing to measure)
    for name in SHARES:
        value = row[name]
        assert np.isnan(value) or 0 <= value <= 1, (name, value)
    # §7.2.1: every pair's true effect is that of its current variant
    s, j = np.arange(schools.n)[:, None], np.arange(net.ideas.n)[None, :]
    effects, integrity, _, _ = net.assess(s, j, work.variant)
    np.testing.assert_allclose(net.effects, effects, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(net.integrity, integrity, rtol=1e-9, atol=1e-12)


def run(kwargs: dict, weeks: int, check: bool):
    model = SchoolNetworkModel(**kwargs)
    if check:
        check_state(model)
    for _ in range(weeks):
        model.step()
        if check:
            check_state(model)
    return model


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_invariants_hold_every_week_and_runs_are_reproducible(scenario):
    """§2/§7.2.12/§7.2.11/§7.2.13/§8 invariants after every week, and determinism: the same scenario
    and seed give an identical timeseries (DataFrame.equals)."""
    kwargs, weeks = scenario
    model = run(kwargs, weeks, check=True)
    series = model.timeseries()
    assert len(series) == weeks + 1
    assert (series[STATUS_COLUMNS].sum(axis=1) == model.n_schools * series["ideas"]).all()
    assert series["ideas"].is_monotonic_increasing  # ideas are only ever added
    for total in (
        "cumulative_cycles",
        "staff_hours",
        "coaching_hours",
        "convening_days",
        "premature_scaleups",
        "core_mutations",
    ):
        assert series[total].is_monotonic_increasing, total
    # §7.2.13: in the sustain year the hub does nothing
    ended = 37 * kwargs["adoption_params"]["calendar"]["supported_years"]
    sustain = series[series["step"] >= ended]
    for total in ("coaching_hours", "convening_days", "ideas"):
        assert sustain[total].nunique() <= 1, total
    # event log: adopted pairs = adoptions − lapses so far
    if kwargs["record_events"]:
        kinds = model.events.to_frame()["kind"].value_counts()
        adopted = kinds.get("adopted", 0) - kinds.get("lapsed", 0)
        assert series["adopted"].iloc[-1] == adopted
    again = run(kwargs, weeks, check=False).timeseries()
    assert series.equals(again)


# --- the fast forms of the weekly arithmetic equal their plain definitions ------------------


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=60),
    levels=st.lists(st.floats(0, 1), min_size=1, max_size=5),
)
def test_quantiles_of_sorted_values_are_numpys_linear_quantiles(values, levels):
    ordered = np.sort(np.asarray(values))
    expected = np.quantile(ordered, levels)
    np.testing.assert_allclose(
        indicators.quantiles_of_sorted(ordered, levels), expected, atol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=60))
def test_gini_of_sorted_values_is_half_the_relative_mean_absolute_difference(values):
    x = np.asarray(values)
    expected = 0.0 if x.sum() <= 0 else np.abs(x[:, None] - x[None, :]).mean() / (2 * x.mean())
    assert indicators.gini_of_sorted(np.sort(x)) == pytest.approx(expected, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(shape=st.tuples(st.integers(1, 30), st.integers(1, 8)), seed=st.integers(0, 1000))
def test_flat_pair_gathers_and_writes_are_two_dimensional_indexing(shape, seed):
    rng = np.random.default_rng(seed)
    work = Work.empty(*shape)
    work.variant[:] = rng.random(work.variant.shape)
    s, j = rng.integers(shape[0], size=20), rng.integers(shape[1], size=20)
    pairs = work.pairs(s, j)
    np.testing.assert_array_equal(take(work.variant, pairs), work.variant[s, j])
    np.testing.assert_array_equal(
        count_per_school(work.variant[..., 0] > 0.5), (work.variant[..., 0] > 0.5).sum(axis=1)
    )
    flat(work.mu)[pairs] = 7.0
    assert (work.mu[s, j] == 7.0).all() and (work.mu == 7.0).sum() == np.unique(pairs).size


def test_weekly_indicators_match_their_plain_definitions():
    """docs/model.md §8 on a running model: the indicators computed with shared sorts and
    counts equal the textbook formulas."""
    model = SchoolNetworkModel(
        network="random",
        network_params={"n": 300, "mean_degree": 6},
        adoption="pdsa",
        initial_share=0.2,
        record_events=False,
        rng=5,
    )
    for _ in range(60):
        model.step()
    net, values = model.process, model.process.current
    work = net.work
    adopted = work.status == Status.ADOPTED
    gain = net.outcome - net.schools.baseline
    tested_good = (work.cycles > 0) & (net.ideas.effect[None, :] > indicators.HOT_STOVE_EFFECT)
    assert adopted.any()
    assert values["reach"] == pytest.approx(adopted.any(axis=1).mean())
    assert values["gain_p10"] == pytest.approx(np.quantile(gain, 0.1))
    assert values["gain_p90"] == pytest.approx(np.quantile(gain, 0.9))
    assert values["depth"] == pytest.approx(work.depth[adopted].mean())
    assert values["ownership_share"] == pytest.approx(work.owned[adopted].mean())
    assert values["false_adoption_rate"] == pytest.approx(
        (net.effects[adopted] <= net.params.pdsa.min_effect).mean()
    )
    assert values["false_abandonment_rate"] == pytest.approx(
        (work.status[tested_good] == Status.ABANDONED).mean()
    )
    active = work.in_use()
    spreads = [
        np.sqrt(work.variant[active[:, i], i].var(axis=0).sum())
        for i in range(net.ideas.n)
        if active[:, i].sum() >= 2
    ]
    assert values["variant_diversity"] == pytest.approx(np.mean(spreads), rel=1e-6)
    assert values["core_integrity"] == pytest.approx(net.integrity[active].mean())
