"""Any scenario document or --set override either loads or fails with one line of InputError.

Random TOML documents mix the scenario's own keys (sections, fields, builder and rule
parameters) with unknown ones, nested at random, holding values of every TOML type. Loading
one must give a Scenario or raise :class:`InputError` with a one-line message; any other
exception (KeyError, TypeError, AttributeError, pydantic's ValidationError …) is a bug.
A sample goes through the command's entry point too: exit code 2 and one line on stderr.
"""

import inspect

import pytest
import tomli_w
from cli_support import in_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenarios
from scenarios.schema import Scenario
from simulation.errors import InputError
from simulation.networks import BUILDERS
from simulation.rules import CLASSIC_RULES

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _known_keys() -> list[str]:
    """Every key name the scenario language knows, at any depth."""
    names = set(Scenario.model_fields)
    for field in Scenario.model_fields.values():
        for kind in getattr(field.annotation, "__args__", (field.annotation,)):
            names.update(getattr(kind, "model_fields", {}))
    for builder in BUILDERS.values():
        names.update(p for p in inspect.signature(builder).parameters if p != "rng")
    for rule in CLASSIC_RULES.values():
        names.update(rule.parameter_names())
    return sorted(names)


KNOWN = _known_keys()
SECTIONS = sorted(Scenario.model_fields)
WORDS = [
    *scenarios.preset_names(),
    "pdsa",
    "threshold",
    "bass",
    "random",
    "explicit",
    "three_waves",
    "standard",
    "integrity",
    "ring",
    "district_clusters",
]

keys = st.one_of(
    st.sampled_from(KNOWN),
    st.sampled_from(SECTIONS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-3, max_value=60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
sections = st.dictionaries(keys, values, max_size=5)
documents = st.dictionaries(
    st.one_of(st.sampled_from(SECTIONS), keys),
    st.one_of(sections, values),
    max_size=6,
)
key_paths = st.lists(
    st.one_of(st.sampled_from(KNOWN), st.sampled_from(SECTIONS), keys), min_size=1, max_size=3
).map(".".join)
raw_values = st.one_of(
    st.sampled_from(["1", "0", "-1", "0.5", "1.5", "true", "nan", "inf", "[1, 2]", "{a = 1}"]),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
overrides = st.lists(
    st.one_of(st.tuples(key_paths, raw_values).map("=".join), st.text(max_size=20)),
    max_size=3,
)
sources = st.sampled_from(
    ["quickstart", "carnegie_nic", "district_rollout", "centola_clustered:simple", "carnegie_nic:x"]
)


def outcome(source, extra: list[str]) -> InputError | None:
    """None if the scenario loads, else its InputError (any other exception propagates)."""
    try:
        scenarios.load(source, extra)
    except InputError as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message, repr(message)
        return error
    return None


def toml_text(document: dict) -> str | None:
    """The document as TOML, or None if TOML cannot express it (e.g. a NaN key is fine, but
    tomli_w rejects some nestings, such as arrays of mixed tables and values)."""
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):
        return None


@SETTINGS
@given(document=documents)
def test_a_random_document_loads_or_fails_with_one_line(tmp_path_factory, document):
    text = toml_text(document)
    if text is None:
        return
    path = tmp_path_factory.mktemp("doc") / "s.toml"
    path.write_text(text, encoding="utf-8")
    outcome(path, [])
    try:
        scenarios.validate(document)
    except InputError as error:
        assert "\n" not in str(error)


@SETTINGS
@given(source=sources, extra=overrides)
def test_random_overrides_load_or_fail_with_one_line(source, extra):
    outcome(source, extra)


@SETTINGS
@given(source=sources, extra=overrides, document=documents, variant=st.booleans())
def test_the_command_gives_exit_code_2_and_one_line(
    tmp_path_factory, monkeypatch, capsys, source, extra, document, variant
):
    """Only inputs that fail to load go through the command (valid ones would run)."""
    text = toml_text(document)
    if variant and text is not None:
        folder = tmp_path_factory.mktemp("cli")
        (folder / "s.toml").write_text(text, encoding="utf-8")
        target, cwd = "s.toml", folder
    else:
        target, cwd = source, tmp_path_factory.mktemp("cli")
    if outcome(cwd / target if target == "s.toml" else target, extra) is None:
        return
    args = ["validate", target, *[f"--set={o}" for o in extra]]
    code, _, stderr = in_process(*args, cwd=cwd, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nicsim: error: "), stderr
    assert "Traceback" not in stderr
    assert not (cwd / "runs").exists()


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("variants = 3\n", "s.toml:x"),
        ("variants = [1, 2]\n", "s.toml:x"),
        ("[variants]\nx = 3\n", "s.toml:x"),
        ("[variants]\nx = 3\n", "s.toml"),
        ('[variants.x]\n"steps.y" = 1\n', "s.toml:x"),
        ('[variants.x]\n"steps.y" = 1\n', "s.toml"),
        ("name = ''\n", "s.toml"),
        ("name = '..'\n", "s.toml"),
        ("name = 'a/b'\n", "s.toml"),
        ("steps = true\n", "s.toml"),
        ("steps = 1.0\n", "s.toml"),
        ("[strategy]\nshare = '0.5'\n", "s.toml"),
        ("[outputs]\nevents = 1\n", "s.toml"),
        ("[ideas]\nn_ideas = true\n", "s.toml"),
        ('[network]\nbuilder = "a\\nb"\n', "s.toml"),
        ('[adoption]\nrule = "a\\nb"\n', "s.toml"),
        ("[strategy]\nexplicit = [true]\nseeding = 'explicit'\n", "s.toml"),
    ],
)
def test_awkward_documents_fail_with_one_line(tmp_path, text, source):
    (tmp_path / "s.toml").write_text(text)
    assert outcome(str(tmp_path / source), []) is not None
