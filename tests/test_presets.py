"""Every preset validates, explains itself, runs to the end, and so does every variant.

The presets are what users meet first (``nicsim list``, the workshop app), so each must run
through the real path (``analysis.run``) for its own number of weeks, and say in plain
language what it shows and what it is grounded in. The heavy ones (watts_cascade with
10,000 schools, bass_complete on a complete graph of 2,000, statewide_scale with 2,250)
run in full too: about 20 s together on one core.
"""

import math
import tomllib

import numpy as np
import pytest

import scenarios
from analysis import run
from simulation.networks import build_network

PRESETS = scenarios.preset_names()
VARIANTS = [(name, variant) for name in PRESETS for variant in scenarios.load(name).variants]


def _get(document: dict, path: str):
    node = document
    for part in path.split("."):
        node = node[part]
    return node


def test_the_presets_are_the_documented_set():
    assert len(PRESETS) >= 10
    assert {"quickstart", "carnegie_nic", "watts_cascade", "bass_complete"} <= set(PRESETS)


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_validates(name):
    document = tomllib.loads(scenarios.preset_text(name))
    validated = scenarios.validate(document, f"preset {name}")
    assert validated == scenarios.load(name)
    assert validated.name == name


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_explains_itself_in_plain_language(name):
    preset = scenarios.load(name)
    for text in (preset.description, preset.grounding):
        assert len(text.split()) >= 15, f"{name}: too short to explain: {text!r}"
        assert text.strip() == text and text.endswith((".", "?")), text
        assert "\\" not in text and "  " not in text  # TOML line continuations resolved
    assert "docs/model.md" in preset.grounding or any(ch.isdigit() for ch in preset.grounding)


@pytest.mark.slow
@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs_its_own_weeks_to_the_end(name):
    preset = scenarios.load(name)
    result = run(preset)
    assert result.summary["steps"] == preset.steps
    assert result.summary["seed"] == preset.seed
    assert list(result.timeseries["step"]) == list(range(preset.steps + 1))
    share = result.timeseries["adoption_share"]
    assert share.between(0, 1).all()
    assert 0 <= result.summary["final_adoption_share"] <= 1
    assert not math.isnan(result.summary["final_adoption_share"])


@pytest.mark.parametrize(("name", "variant"), VARIANTS, ids=[f"{n}:{v}" for n, v in VARIANTS])
def test_every_variant_loads_with_its_overrides(name, variant):
    document = tomllib.loads(scenarios.preset_text(name))
    loaded = scenarios.load(f"{name}:{variant}")
    assert loaded.name == f"{name}-{variant}"
    assert loaded.variants == {}
    dumped = loaded.model_dump(mode="json")
    for key, value in document["variants"][variant].items():
        assert _get(dumped, key) == value, key


def test_every_preset_with_variants_has_them_checked():
    with_variants = {name for name, _ in VARIANTS}
    assert with_variants >= set(PRESETS) - {"quickstart", "bass_complete"}


@pytest.mark.parametrize(("name", "variant"), VARIANTS, ids=[f"{n}:{v}" for n, v in VARIANTS])
def test_every_variant_runs_twenty_weeks(name, variant):
    result = run(scenarios.load(f"{name}:{variant}"), steps=20)
    assert result.summary["steps"] == 20
    assert len(result.timeseries) == 21
    assert result.timeseries["adoption_share"].between(0, 1).all()


@pytest.mark.parametrize(
    "overrides",
    [[], ["network.n_districts=500", "network.schools_per_district=200"]],
    ids=["as shipped", "scaled to 100,000 schools"],
)
def test_statewide_scale_keeps_its_stated_mean_degree_when_scaled(overrides):
    """5.28 ties inside the district and 1.1 across, whatever the number of schools."""
    preset = scenarios.load("statewide_scale", overrides)
    network = build_network(
        preset.network.builder, np.random.default_rng(preset.seed), **preset.network.params
    )
    mean_degree = 2 * network.n_ties / network.n_schools
    assert abs(mean_degree - 6.38) < 5 * math.sqrt(2 * 6.38 / network.n_schools)
