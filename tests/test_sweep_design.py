"""Design points keep each value's type; lists and whole tables (network structures) can be
swept and read back as labelled levels in the sweep's order."""

import pytest

from analysis.report import write_report
from analysis.sweep import prepare, run_sweep
from analysis.sweep_design import design_points
from analysis.sweep_executors import local_executor
from analysis.sweep_results import load_sweep_results, outcome_table
from scenarios.sweep_schema import SweepFile, load_sweep, parse_sweep
from simulation.errors import InputError
from tests.cli_support import in_process

MIXED = {
    "hub.convening_interval": {"low": 4, "high": 24, "num": 3},
    "hub.coaching_hours": {"low": 0.0, "high": 40.0, "num": 2},
    "strategy.seeding": ["random", "most_connected"],
}


@pytest.mark.parametrize(
    "design",
    [
        {"method": "factorial"},
        {"method": "random", "samples": 8},
        {"method": "latin_hypercube", "samples": 8},
        {"method": "sobol", "samples": 8},
        {"method": "morris", "samples": 4},
    ],
)
def test_every_design_keeps_integers_integer_beside_reals(design):
    spec = SweepFile.model_validate({"base": "quickstart", "design": design, "parameters": MIXED})
    points = design_points(spec)
    for point in range(len(points)):
        values = points.assignments(point)
        assert type(values["hub.convening_interval"]) is int
        assert type(values["hub.coaching_hours"]) is float
        assert type(values["strategy.seeding"]) is str


def test_the_shipped_sobol_example_prepares():
    """It failed with 'hub.convening_interval=18.0: Input should be a valid integer'."""
    points = prepare(load_sweep("hub_intensity_sensitivity"))
    assert len(points) == 64 * 7
    assert {type(points.assignments(p)["hub.convening_interval"]) for p in range(64)} == {int}


NETWORKS = """
name = "structures"
base = "seeding_strategies"
seed = 0
replicates = 2
[overrides]
steps = 15
"strategy.count" = 3
[parameters]
"network" = [
  {{ builder = "small_world", n = 30, k = 4, p = 0.1 }},
  {{ builder = "district_clusters", n_districts = 3, schools_per_district = 10 }},
]
"schools.rogers_shares" = [[0.2, 0.2, 0.2, 0.2, 0.2], [0.025, 0.135, 0.34, 0.34, 0.16]]
"strategy.seeding" = [{seedings}]
"""


def test_network_structures_and_list_values_are_swept_tabled_and_reported(tmp_path):
    path = tmp_path / "structures.toml"
    path.write_text(NETWORKS.format(seedings='"random", "most_connected"'))
    sweep = load_sweep(path)
    points = prepare(sweep)
    assert points.assignments(0)["network"] == {
        "builder": "small_world",
        "n": 30,
        "k": 4,
        "p": 0.1,
    }
    with local_executor(2) as executor:
        run_sweep(sweep, points, tmp_path / "out", executor, 2)
    results = load_sweep_results(tmp_path / "out")
    runs = results.runs
    assert runs["error"].isna().all() and len(runs) == 16
    assert list(runs["network"].cat.categories) == [
        "small_world(n=30, k=4, p=0.1)",
        "district_clusters(n_districts=3, schools_per_district=10)",
    ]
    # the whole table replaced the base's network: 30 schools with each builder's ties
    by_structure = runs.groupby("network", observed=True)["n_schools"].unique()
    assert all(list(v) == [30] for v in by_structure)
    for parameter in results.parameters:
        table = outcome_table(runs, [parameter], ["final_adoption_share"])
        assert len(table) == 2 and (table["runs"] == 8).all()
    table = outcome_table(runs, ["schools.rogers_shares"], ["pdsa_cycles"])
    assert table["schools.rogers_shares"].tolist() == [
        "[0.2, 0.2, 0.2, 0.2, 0.2]",
        "[0.025, 0.135, 0.34, 0.34, 0.16]",
    ]
    page, _ = write_report(tmp_path / "out")
    assert "small_world(n=30, k=4, p=0.1)" in page.read_text()


def test_levels_come_in_the_sweeps_order_not_the_alphabets(tmp_path):
    path = tmp_path / "order.toml"
    path.write_text(
        NETWORKS.format(seedings='"most_connected", "random", "clustered_pilot"').replace(
            "replicates = 2", "replicates = 1"
        )
    )
    sweep = load_sweep(path)
    with local_executor(1) as executor:
        run_sweep(sweep, prepare(sweep), tmp_path / "out", executor, 1)
    runs = load_sweep_results(tmp_path / "out").runs
    order = ["most_connected", "random", "clustered_pilot"]
    table = outcome_table(runs, ["strategy.seeding"], ["final_adoption_share"])
    assert table["strategy.seeding"].tolist() == order
    table = outcome_table(runs, ["network", "strategy.seeding"], ["final_adoption_share"])
    grid = table.pivot(index="network", columns="strategy.seeding", values="mean")
    assert grid.columns.tolist() == order  # as the heatmap draws it
    assert grid.index.tolist()[0].startswith("small_world")


def test_a_value_listed_twice_is_refused_up_front():
    text = NETWORKS.format(seedings='"random", "random"')
    with pytest.raises(InputError, match="listed twice"):
        parse_sweep(text, "twice.toml")


def test_varying_the_builder_alone_points_to_varying_the_whole_network(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "builders.toml"
    path.write_text(
        'base = "seeding_strategies"\n[parameters]\n'
        '"network.builder" = ["district_clusters", "small_world"]\n'
    )
    code, _, err = in_process(
        "sweep", str(path), cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and err.count("\n") == 1
    assert "'n_districts' is not a parameter of builder 'small_world'" in err
    assert 'vary the whole network table instead, e.g. "network" = [{' in err
