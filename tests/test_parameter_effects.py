"""Every PDSA parameter has a measurable effect: changing it changes a run.

A parameter that leaves every output bit-identical is either dead or cut off from the
mechanism it claims to steer (docs/model.md §7.3 lists what each should do). Each
parameter is changed on its own, in a rich scenario where every support is on, and in
the setting its mechanism needs (``NEEDS``); the run's time series must differ from the
unchanged run's, for the same seed.
"""

from dataclasses import fields
from typing import Literal, get_args, get_origin

import numpy as np
import pytest

from analysis.mechanisms import as_set_options
from analysis.runner import run
from scenarios import load
from simulation.pdsa.parameters import PDSAParameters

RICH = {
    "hub.intensity": "intensive",
    "hub.rd_interval": 13,
    "landscape.ruggedness": 0.3,
    "pdsa.initial_variation": 0.05,
    "steps": 111,
}
"""Every hub support on (intensive: convenings, analytics, coaching, walks; and R&D)."""

PLAIN = {
    "hub.intensity": "standard",
    "landscape.ruggedness": 0.0,
    "pdsa.initial_variation": 0.0,
    "steps": 148,
}
"""The preset as it is (a standard hub), for parameters whose mechanism the rich setting
saturates."""

ALTERNATIVE = {"choice.endorsement_weight": 0.0}
"""Values to compare with where doubling the default changes nothing: an endorsement
already tips every choice it can at weight 0.2, so its effect shows against no weight."""

NEEDS = {
    "pdsa.core_mutation_risk": {"pdsa.policy": "reinvent", "hub.coaching_hours": 0.0},
    "hub.coaching_allocation": {"hub.coaching_hours": 4.0},
    "hub.coaching_session": {"hub.coaching_hours": 4.0},
    "hub.coaches": {"hub.coaching_hours": 4.0, "hub.coaches": 1},
    "schools.dormant_below": {"hub.intensity": "none"},
    "hub.curation_drift": PLAIN,
    "choice.endorsement_weight": PLAIN,
}
"""The setting a parameter's mechanism needs beyond RICH (e.g. lethal mutations happen
only under ``reinvent``, and coaching suppresses them; allocation matters only when
coaching is scarce; engagement falls low enough to make schools dormant only without a
hub; the hub's curated variant and its endorsements matter in the standard setting,
where intensive support does not already decide every choice)."""


def _alternatives():
    for group in fields(PDSAParameters):
        for f in fields(group.default_factory):
            key = f"{group.name}.{f.name}"
            yield key, ALTERNATIVE.get(key, _other_value(f))


def _other_value(f):
    """A value in the parameter's range, clearly different from its default."""
    default, low, high = f.default, f.metadata["low"], f.metadata["high"]
    if get_origin(f.type) is Literal:
        return next(v for v in get_args(f.type) if v != default)
    if isinstance(default, tuple):  # a different profile: the same values, reversed
        return list(reversed(default))
    return _shift(default, low, high, type(default))


def _shift(value, low, high, kind):
    up = value * 2 if value else 1
    if high is not None and up > high:
        up = (value + (low if low is not None else 0)) / 2
    return max(1, round(up)) if kind is int else float(up)


def _timeseries(overrides: dict) -> np.ndarray:
    scenario = load("district_rollout", as_set_options({**RICH, **overrides}))
    return run(scenario).timeseries.select_dtypes("number").to_numpy()


@pytest.fixture(scope="module")
def baseline_runs():
    return {}


@pytest.mark.slow
@pytest.mark.parametrize("key, value", list(_alternatives()), ids=lambda x: str(x))
def test_changing_a_parameter_changes_the_run(key, value, baseline_runs):
    needs = NEEDS.get(key, {})
    context = repr(sorted(needs.items()))
    if context not in baseline_runs:
        baseline_runs[context] = _timeseries(needs)
    changed = _timeseries({**needs, key: value})
    same = baseline_runs[context].shape == changed.shape and np.array_equal(
        baseline_runs[context], changed, equal_nan=True
    )
    assert not same, f"{key}={value!r} leaves the run bit-identical"
