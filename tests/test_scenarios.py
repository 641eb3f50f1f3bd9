"""The scenario language: overrides checked like files, show/schema/to_toml round trips,
bad input that leaves nothing behind, network files, and strategies set from a scenario."""

import json
import tomllib
from pathlib import Path

import jsonschema
import networkx as nx
import numpy as np
import pytest
import tomli_w
from cli_support import in_process

import scenarios
from analysis import build_model, run
from nicsim.cli import main
from simulation.errors import InputError

PRESETS = scenarios.preset_names()


def error_of(source, overrides=()) -> str:
    with pytest.raises(InputError) as raised:
        scenarios.load(source, list(overrides))
    message = str(raised.value)
    assert "\n" not in message
    return message


def nothing_written(folder: Path) -> bool:
    """No runs/ folder, or one without any (partial or hidden staging) folder in it."""
    runs = folder / "runs"
    return not runs.exists() or not any(runs.iterdir())


# --- --set overrides are validated like the file ---

OVERRIDES = [
    # unknown keys, with a suggestion
    ("quickstart", "stpes", "3", ["unknown key 'stpes'", "(did you mean 'steps'?)"]),
    ("quickstart", "strategy.seding", "random", ["(did you mean 'seeding'?)", "rollout"]),
    ("quickstart", "network.n_district", "3", ["builder 'district_clusters'", "'n_districts'?"]),
    ("carnegie_nic", "hub.intensty", "light", ["unknown key 'hub.intensty'", "'intensity'?"]),
    ("carnegie_nic", "pdsa.polcy", "reinvent", ["unknown key 'pdsa.polcy'", "'policy'?"]),
    # wrong types (TOML types are kept: true is not 1, "4" is not 4, 1.5 is not a count)
    ("quickstart", "steps", '"many"', ["steps='many'", "valid integer"]),
    ("quickstart", "steps", "true", ["steps=True", "valid integer"]),
    ("quickstart", "steps", "1.5", ["steps=1.5", "valid integer"]),
    ("carnegie_nic", "strategy.count", '"4"', ["strategy.count='4'", "valid integer"]),
    ("quickstart", "outputs.events", "1", ["outputs.events=1", "valid boolean"]),
    ("carnegie_nic", "ideas.n_ideas", "2.5", ["ideas.n_ideas=2.5", "valid integer"]),
    ("quickstart", "adoption.phi", "[0.1]", ["adoption.phi=[0.1]", "must be a number"]),
    ("quickstart", "network", "3", ["network=3", "valid dictionary"]),
    # out of range
    ("quickstart", "steps", "0", ["steps=0", "greater than or equal to 1"]),
    ("quickstart", "adoption.phi", "1.5", ["adoption.phi=1.5", "[0, 1]"]),
    ("district_rollout", "strategy.share", "2", ["strategy.share=2", "less than or equal to 1"]),
    ("carnegie_nic", "schools.initial_skill", "1.5", ["schools.initial_skill=1.5", "1"]),
    ("quickstart", "network.add_bridges", "-1", ["network.add_bridges=-1", "0"]),
    # unknown names, with the allowed ones
    ("quickstart", "network.builder", "grid", ["unknown builder 'grid'", "ring", "complete"]),
    ("quickstart", "adoption.rule", "sir", ["'sir' is unknown", "pdsa", "bass"]),
    ("quickstart", "strategy.seeding", "rnd", ["'rnd'", "'random'", "'clustered_pilot'"]),
    ("quickstart", "strategy.rollout", "two_waves", ["'two_waves'", "'three_waves'"]),
    ("carnegie_nic", "hub.intensity", "heavy", ["'heavy'", "'light'", "'intensive'"]),
    ("carnegie_nic", "pdsa.policy", "fidelity", ["'fidelity'", "'integrity'", "'reinvent'"]),
    ("quickstart", "adoption.beta", "0.5", ["not a parameter of rule 'threshold'", "phi"]),
    # sections and combinations that do not fit together
    ("quickstart", "pdsa.policy", "integrity", ["section [pdsa]", "adoption.rule = 'pdsa'"]),
    ("quickstart", "hub.intensity", "light", ["section [hub]", "'threshold'"]),
    ("carnegie_nic", "adoption.phi", "0.2", ["rule 'pdsa' takes its parameters"]),
    ("quickstart", "strategy.seeding", "explicit", ["needs strategy.explicit"]),
    ("carnegie_nic", "strategy.share", "0.5", ["strategy.count or strategy.share, not both"]),
    ("quickstart", "strategy.explicit", "[1, 2]", ["applies only to seeding = 'explicit'"]),
    ("quickstart", "network.file", '"net.csv"', ["builder parameters", "do not apply"]),
    ("quickstart", "name", '"../elsewhere"', ["one folder name"]),
]


def _with_override(document: dict, key: str, raw: str) -> dict:
    """What a file author would write for ``--set key=raw`` (the loader's own reading)."""
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        value = raw
    *parents, leaf = key.split(".")
    node = document
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return document


@pytest.mark.parametrize(
    ("source", "key", "raw", "fragments"), OVERRIDES, ids=[f"{k}={r}" for _, k, r, _ in OVERRIDES]
)
def test_an_override_is_checked_exactly_like_the_file(tmp_path, source, key, raw, fragments):
    from_set = error_of(source, [f"{key}={raw}"])
    assert from_set.startswith(f"preset {source}: ")
    for fragment in fragments:
        assert fragment in from_set
    document = _with_override(tomllib.loads(scenarios.preset_text(source)), key, raw)
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(document))
    from_file = error_of(path)
    assert from_file.removeprefix(f"{path}: ") == from_set.removeprefix(f"preset {source}: ")


@pytest.mark.parametrize(
    ("source", "fragments"),
    [
        ("quickstrat", ["'quickstrat' is neither a scenario file nor a preset", "'quickstart'?"]),
        ("carnegie_nic:no_hubb", ["no variant 'no_hubb'", "(did you mean 'no_hub'?)"]),
        ("quickstart:anything", ["no variant 'anything'", "variants: none"]),
    ],
)
def test_unknown_presets_and_variants_suggest_the_right_name(source, fragments):
    message = error_of(source)
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    "override", ["steps", "=3", "network.n_districts.x=3", "steps.x=1"], ids=str
)
def test_malformed_overrides_say_how_to_write_them(override):
    message = error_of("quickstart", [override])
    assert "--set" in message


@pytest.mark.parametrize(
    "args",
    [
        ["run", "quickstart", "--set", "stpes=3"],
        ["run", "quickstart", "--set", "steps=true"],
        ["run", "carnegie_nic", "--set", "hub.intensity=heavy"],
        ["validate", "quickstart", "--set", "pdsa.policy=integrity"],
        ["compare", "quickstart", "quickstart", "--set-b", "strategy.seeding=explicit"],
        ["compare", "carnegie_nic", "carnegie_nic:nope", "-r", "2"],
    ],
    ids=" ".join,
)
def test_the_command_reports_a_bad_override_in_one_line(tmp_path, monkeypatch, capsys, args):
    code, out, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith("nicsim: error: ")
    assert out == ""
    assert nothing_written(tmp_path)


# --- show, schema and to_toml ---


@pytest.mark.parametrize("name", PRESETS)
def test_show_prints_toml_that_loads_back_to_the_same_scenario(tmp_path, monkeypatch, capsys, name):
    code, out, err = in_process("show", name, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    (tmp_path / "mine.toml").write_text(out)
    assert scenarios.load(tmp_path / "mine.toml") == scenarios.load(name)


@pytest.mark.parametrize("name", PRESETS)
def test_to_toml_round_trips_every_preset_and_variant(tmp_path, name):
    preset = scenarios.load(name)
    for source in [name, *(f"{name}:{variant}" for variant in preset.variants)]:
        scenario = scenarios.load(source)
        path = tmp_path / "again.toml"
        path.write_text(scenarios.to_toml(scenario))
        assert scenarios.load(path) == scenario


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("schema")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(folder)
        try:
            main(["schema", "--out", "scenario.schema.json"])
        except SystemExit as exit_:
            assert exit_.code == 0
    return json.loads((folder / "scenario.schema.json").read_text())


def test_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_printed_and_written_agree(tmp_path, monkeypatch, capsys, schema):
    code, out, _ = in_process("schema", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and json.loads(out) == schema


@pytest.mark.parametrize("name", PRESETS)
def test_schema_accepts_every_preset(schema, name):
    document = tomllib.loads(scenarios.preset_text(name))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "document",
    [
        {"stpes": 3},
        {"steps": "many"},
        {"steps": 0},
        {"strategy": {"seeding": "rnd"}},
        {"strategy": {"rollout": "two_waves"}},
        {"hub": {"intensity": "heavy"}},
        {"pdsa": {"policy": "fidelity"}},
        {"outputs": {"events": 1}},
        {"name": "a/b"},
    ],
    ids=str,
)
def test_schema_rejects_what_the_loader_rejects(schema, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(InputError):
        scenarios.validate(document)


def _resolve(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        return schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    refs = [n for n in node.get("anyOf", []) if "$ref" in n]
    return _resolve(schema, refs[0]) if refs else node


def test_schema_documents_every_section_and_field(schema):
    sections = ["network", "adoption", "strategy", "hub", "schools", "ideas", "landscape"]
    sections += ["pdsa", "choice", "evidence", "calendar", "outputs", "variants"]
    assert set(sections) <= set(schema["properties"])
    for name, field in schema["properties"].items():
        section = _resolve(schema, field)
        assert field.get("description") or section.get("description"), name
        for key, entry in section.get("properties", {}).items():
            assert entry.get("description"), f"{name}.{key} has no description"


@pytest.mark.parametrize(
    ("section", "key", "allowed"),
    [
        ("strategy", "seeding", {"random", "most_connected", "clustered_pilot", "explicit"}),
        ("strategy", "rollout", {"all_at_once", "three_waves", "capacity_gated"}),
        ("hub", "intensity", {"none", "light", "standard", "intensive"}),
        ("pdsa", "policy", {"replicate", "integrity", "reinvent"}),
    ],
)
def test_schema_lists_the_allowed_names(schema, section, key, allowed):
    entry = _resolve(schema, schema["properties"][section])["properties"][key]
    enums = [entry.get("enum")] + [option.get("enum") for option in entry.get("anyOf", [])]
    assert any(enum and allowed <= set(enum) for enum in enums)


# --- bad input stops before anything is written ---


def _scenario(folder: Path, text: str, files: dict[str, str] | None = None) -> str:
    for name, content in (files or {}).items():
        (folder / name).write_text(content)
    (folder / "s.toml").write_text(text)
    return "s.toml"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "quickstart", "--set", "strategy.count=201"], "201 initial adopters"),
        (["validate", "carnegie_nic", "--set", "strategy.count=21"], "network has 20 schools"),
        (["run", "carnegie_nic", "--set", "network.add_bridges=100000"], "add_bridges"),
        (["run", "quickstart", "--set", "network.n_districts=0"], "n_districts"),
        (["compare", "quickstart", "quickstart", "--set-b", "strategy.count=900"], "900"),
    ],
    ids=" ".join,
)
def test_more_seeds_or_ties_than_the_network_allows_is_bad_input(
    tmp_path, monkeypatch, capsys, args, fragment
):
    code, out, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("nicsim: error: ")
    assert fragment in err
    assert nothing_written(tmp_path)


@pytest.mark.parametrize(
    ("network", "content", "fragment"),
    [
        ("net.csv", "", "net.csv: not a readable CSV"),
        ("net.csv", "source,target\n", "net.csv: network has no schools"),
        ("net.graphml", "\n".join(nx.generate_graphml(nx.Graph())), "net.graphml: network has no"),
    ],
    ids=["zero bytes", "header only", "graphml without nodes"],
)
def test_an_empty_network_file_is_bad_input(
    tmp_path, monkeypatch, capsys, network, content, fragment
):
    source = _scenario(tmp_path, f'[network]\nfile = "{network}"\n', {network: content})
    code, _, err = in_process("run", source, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and len(err.splitlines()) == 1
    assert fragment in err
    assert nothing_written(tmp_path)


TWO_PARTS = "source,target\na,b\nb,c\nc,a\nd,e\ne,f\n"


def test_a_disconnected_network_runs_with_a_warning(tmp_path, monkeypatch, capsys):
    text = (
        'name = "two_parts"\nsteps = 6\n[network]\nfile = "net.csv"\n'
        '[adoption]\nrule = "si"\nbeta = 1.0\n[strategy]\nseeding = "explicit"\nexplicit = [0]\n'
    )
    source = _scenario(tmp_path, text, {"net.csv": TWO_PARTS})
    args = ("run", source, "-q", "--out", "out")
    code, _, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nicsim: warning: ")
    assert "2 components" in lines[0] and "largest holds 3 of 6 schools" in lines[0]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["steps"] == 6 and summary["n_schools"] == 6
    assert summary["final_adopters"] == 3  # the seed's own component only


def test_a_connected_network_file_gives_no_warning(tmp_path, monkeypatch, capsys):
    source = _scenario(
        tmp_path,
        'steps = 3\n[network]\nfile = "net.csv"\n[adoption]\nrule = "si"\nbeta = 0.5\n',
        {"net.csv": "source,target\na,b\nb,c\n"},
    )
    code, out, err = in_process(
        "validate", source, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and err == ""
    assert "valid scenario" in out


def test_a_network_file_with_node_attributes_sets_the_clusters(tmp_path):
    (tmp_path / "net.csv").write_text("source,target,weight\na,b,2\nb,c,1\nc,d,1\nd,a,0.5\n")
    (tmp_path / "schools.csv").write_text(
        "id,cluster,capacity,baseline\na,north,0.9,-0.2\nb,north,0.4,0.1\n"
        "c,south,0.6,0.0\nd,south,0.2,0.3\n"
    )
    path = tmp_path / "s.toml"
    path.write_text(
        '[network]\nfile = "net.csv"\nattributes = "schools.csv"\nadd_bridges = 1\n'
        '[strategy]\ncount = 1\nseeding = "bright_spots"\n'
    )
    scenario = scenarios.load(path)
    assert scenario.network.file == tmp_path / "net.csv"
    model = build_model(scenario)
    assert [model.graph.nodes[v]["cluster"] for v in range(4)] == [0, 0, 1, 1]
    assert model.graph.number_of_edges() == 5  # one bridge: a–c or b–d
    assert run(scenario, steps=3).summary["steps"] == 3


# --- strategies set from a scenario ---


def test_three_waves_add_members_at_the_start_of_years_two_and_three():
    scenario = scenarios.load("district_rollout")
    assert scenario.strategy.rollout == "three_waves"
    model = build_model(scenario)
    year = scenario.calendar.school_weeks + 1 if scenario.calendar else 37  # 36 weeks + summer
    members = [model.indicators["members"]]
    for _ in range(2 * year + 3):
        model.step()
        members.append(model.indicators["members"])
    members = np.array(members)
    rises = np.flatnonzero(np.diff(members)) + 1
    # the row after step k holds week k - 1: a school joining in week 37 shows in row 38
    np.testing.assert_array_equal(rises, [year + 1, 2 * year + 1])
    assert np.all(np.diff(members) >= 0)
    n = model.n_schools
    pilots = int(model.schools.pilot.sum())
    assert pilots <= members[0] <= n // 3 + pilots + 1
    assert members[-1] == n


def test_capacity_gated_rollout_lets_the_highest_capacity_schools_join_first():
    scenario = scenarios.load("district_rollout", ["strategy.rollout=capacity_gated"])
    model = build_model(scenario)
    schools = model.schools
    first_wave = schools.member & ~schools.pilot
    waiting = ~schools.member
    assert first_wave.sum() >= 10 and waiting.sum() >= 15
    assert schools.capacity[first_wave].min() >= schools.capacity[waiting].max()


def test_three_waves_choose_the_first_wave_regardless_of_capacity():
    model = build_model(scenarios.load("district_rollout"))
    schools = model.schools
    first_wave = schools.member & ~schools.pilot
    assert schools.capacity[first_wave].min() < schools.capacity[~schools.member].max()


@pytest.mark.parametrize("source", ["nw_rise_rural", "seeding_strategies", "quickstart"])
def test_add_bridges_in_a_scenario_adds_only_ties_across_clusters(source):
    plain = build_model(scenarios.load(source)).graph
    bridged = build_model(scenarios.load(source, ["network.add_bridges=12"])).graph
    plain_ties = {frozenset(edge) for edge in plain.edges}
    bridged_ties = {frozenset(edge) for edge in bridged.edges}
    assert plain_ties < bridged_ties  # the same network, plus the new ties
    new = bridged_ties - plain_ties
    assert len(new) == 12
    for u, v in map(tuple, new):
        assert bridged.nodes[u]["cluster"] != bridged.nodes[v]["cluster"]
