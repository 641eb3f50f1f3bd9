"""The mechanism ledger (analysis.mechanisms): its switches, pairing and verdicts."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from analysis.mechanisms import (
    LEDGER_OUTCOMES,
    MECHANISMS,
    Mechanism,
    as_set_options,
    mechanism_effects,
    paired_effect,
    verdict,
)
from scenarios import load


@pytest.mark.parametrize("mechanism", MECHANISMS, ids=lambda m: m.name)
def test_each_mechanism_switch_changes_the_resolved_scenario(mechanism):
    """Every mechanism's off-switch names real settings and changes what the model gets."""

    def resolved(overrides):
        return load("district_rollout", as_set_options(overrides)).pdsa_parameters()

    assert resolved(mechanism.on) != resolved({**mechanism.on, **mechanism.off})


def test_paired_effect_is_the_mean_difference_over_pairs_with_both_values():
    on = [{"x": 1.0}, {"x": 2.0}, {"x": None}, {"x": 4.0}]
    off = [{"x": 0.5}, {"x": 1.0}, {"x": 3.0}, {"x": 1.0}]
    effect = paired_effect(on, off, "x")
    assert effect["runs"] == 3
    assert effect["effect"] == pytest.approx((0.5 + 1.0 + 3.0) / 3)
    assert effect["low"] < effect["effect"] < effect["high"]


def test_verdicts_read_the_interval_in_the_outcome_s_direction():
    assert verdict(0.01, 0.05, "mean_gain") == "helps"
    assert verdict(0.01, 0.05, "false_adoption_rate") == "hurts"
    assert verdict(-0.05, -0.01, "isolation") == "helps"
    assert verdict(-0.01, 0.02, "mean_gain") == "no measurable effect"
    assert verdict(0.0, 0.0, "mean_gain") == "no difference at all"
    assert verdict(np.nan, np.nan, "mean_gain") == "not measured"


def test_ledger_pairs_arms_on_common_seeds():
    """A small ledger: one row per mechanism × outcome, effects equal on − off means."""
    chosen = [m for m in MECHANISMS if m.name in ("coaching", "turnover")]
    with ThreadPoolExecutor(1) as executor:
        table = mechanism_effects(["carnegie_nic"], 2, executor, chosen)
    assert len(table) == len(chosen) * len(LEDGER_OUTCOMES)
    gain = table[table.outcome == "mean_gain"].set_index("mechanism")
    assert (gain["runs"] == 2).all()
    np.testing.assert_allclose(gain["effect"], gain["on_mean"] - gain["off_mean"])


def test_a_mechanism_whose_off_switch_changes_nothing_is_refused():
    with pytest.raises(ValueError, match="changes nothing"):
        Mechanism("x", "x", {}, 0, "")
    with pytest.raises(ValueError, match="changes nothing"):
        Mechanism("x", "x", {"a.b": 1}, 0, "", on={"a.b": 1})
