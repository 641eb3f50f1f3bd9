"""Any scenario or sweep file, and any --set override, either loads or fails with one line.

Random TOML documents mix the scenario's own keys (sections, fields, builder and rule
parameters) with unknown ones, nested at random, holding values of every TOML type. Beyond
TOML: arbitrary bytes, presets and example sweeps truncated and damaged anywhere, and
tables and arrays nested to any depth. Loading one must give a Scenario (or Sweep) or
raise :class:`InputError` with a one-line message; any other exception (KeyError,
TypeError, UnicodeDecodeError, RecursionError, pydantic's ValidationError …) is a bug.
A sample goes through the command's entry point too: exit code 2 and one line on stderr.
(Network files get the same treatment in test_graph_files.py.)
"""

import inspect

import pytest
import tomli_w
from cli_support import in_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenarios
from scenarios.schema import Scenario
from scenarios.sweep_schema import load_sweep, sweep_names, sweep_text
from scenarios.toml_files import MAX_BYTES
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


def sweep_outcome(path) -> InputError | None:
    """None if the sweep file loads, else its InputError (any other exception propagates)."""
    try:
        load_sweep(path)
    except InputError as error:
        assert str(error) and "\n" not in str(error) and "\r" not in str(error), repr(error)
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


# --- any bytes in, one line out ---

FILES = {
    **{f"preset {name}": scenarios.preset_text(name) for name in scenarios.preset_names()},
    **{f"sweep {name}": sweep_text(name) for name in sweep_names()},
}


def loads_or_refuses(path) -> None:
    """The file, read both as a scenario and as a sweep, loads or fails with one line."""
    outcome(path, [])
    sweep_outcome(path)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes_as_a_scenario_or_sweep_file_load_or_fail_with_one_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "s.toml"
    path.write_bytes(data)
    loads_or_refuses(path)


@SETTINGS
@given(
    name=st.sampled_from(sorted(FILES)),
    cut=st.integers(min_value=0),
    at=st.integers(min_value=0),
    inserted=st.one_of(st.binary(max_size=12), st.sampled_from([b"[", b"]", b"{", b'"', b"\n"])),
)
def test_damaged_presets_and_sweeps_load_or_fail_with_one_line(
    tmp_path_factory, name, cut, at, inserted
):
    """A shipped file truncated anywhere, with a few arbitrary bytes put in anywhere."""
    data = FILES[name].encode()
    data = data[: len(data) - cut % (len(data) + 1)]
    at %= len(data) + 1
    path = tmp_path_factory.mktemp("damaged") / "s.toml"
    path.write_bytes(data[:at] + inserted + data[at:])
    loads_or_refuses(path)


NESTINGS = {
    "array": lambda d: "steps = " + "[" * d + "]" * d,
    "inline table": lambda d: "steps = " + "{ a = " * d + "1" + " }" * d,
    "dotted key": lambda d: "a" + ".a" * d + " = 1",
    "table header": lambda d: "[" + ".".join(["a"] * d) + "]\nx = 1",
    "array of tables": lambda d: "[[" + ".".join(["a"] * d) + "]]\nx = 1",
    "known key": lambda d: "[strategy]\nexplicit = " + "[" * d + "0" + "]" * d,
    "variant": lambda d: '[variants.x]\n"steps" = ' + "[" * d + "]" * d,
    "sweep parameter": lambda d: (
        'base = "quickstart"\n[parameters]\n"steps" = ' + "[" * d + "]" * d
    ),
}


@SETTINGS
@given(shape=st.sampled_from(sorted(NESTINGS)), depth=st.integers(min_value=1, max_value=5000))
def test_files_nested_to_any_depth_load_or_fail_with_one_line(tmp_path_factory, shape, depth):
    path = tmp_path_factory.mktemp("deep") / "s.toml"
    path.write_text(NESTINGS[shape](depth), encoding="utf-8")
    loads_or_refuses(path)


@SETTINGS
@given(depth=st.integers(min_value=1, max_value=5000), table=st.booleans())
def test_set_values_nested_to_any_depth_load_or_fail_with_one_line(depth, table):
    value = "{ a = " * depth + "1" + " }" * depth if table else "[" * depth + "]" * depth
    outcome("quickstart", [f"strategy.explicit={value}"])


@pytest.mark.parametrize("shape", sorted(NESTINGS))
def test_deep_nesting_is_one_line_through_the_command(tmp_path, monkeypatch, capsys, shape):
    """3,000 levels: once a RecursionError traceback about 3,000 lines long."""
    (tmp_path / "s.toml").write_text(NESTINGS[shape](3000), encoding="utf-8")
    command = "sweep" if shape == "sweep parameter" else "validate"
    code, _, err = in_process(
        command, "s.toml", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("nicsim: error: s.toml nests tables or arrays more than 16 levels deep")


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_through_the_command_give_exit_code_2_and_one_line(
    tmp_path_factory, monkeypatch, capsys, data
):
    folder = tmp_path_factory.mktemp("cli")
    (folder / "s.toml").write_bytes(data)
    if outcome(folder / "s.toml", []) is None:
        return  # a valid scenario would run
    code, _, err = in_process(
        "validate", "s.toml", cwd=folder, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and err.count("\n") == 1 and err.startswith("nicsim: error: "), err


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    """A mistaken argument (a log, a disk image) is not read whole into memory."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "big.toml is larger than 16 MB" in str(outcome(path, []))
    assert "big.toml is larger than 16 MB" in str(sweep_outcome(path))
    path.write_bytes(b"#" * MAX_BYTES)  # at the limit: read, and empty
    assert "big.toml is empty" in str(outcome(path, []))
