"""The model core: Mesa agents as views on arrays, data collection, determinism."""

import mesa
import networkx as nx
import pytest

from analysis import run
from simulation.errors import InputError
from simulation.model import SchoolNetworkModel
from simulation.school import School


def test_schools_are_mesa_agents_on_network_cells():
    model = SchoolNetworkModel(network="ring", network_params={"n": 12, "k": 2}, rng=1)
    assert isinstance(model, mesa.Model)
    assert len(model.agents) == 12
    school = model.agents.select(lambda a: a.index == 3).to_list()[0]
    assert isinstance(school, School)
    assert school.cell.coordinate == 3
    assert sorted(c.coordinate for c in school.cell.neighborhood) == [2, 4]
    assert school.degree == 2


def test_agents_read_the_model_arrays():
    model = SchoolNetworkModel(
        graph=nx.path_graph(6),
        adoption="si",
        adoption_params={"beta": 1.0},
        initial_adopters=1,
        rng=2,
    )
    model.step()
    adopters = {a.index for a in model.agents if a.adopted}
    assert adopters == set(model.process.adopted.nonzero()[0])
    assert all(a.adopted_at in (0, 1) for a in model.agents if a.adopted)
    assert all(a.adopted_at is None for a in model.agents if not a.adopted)


def test_datacollector_records_one_row_per_step_with_the_contract_columns():
    model = SchoolNetworkModel(network="random", network_params={"n": 300}, rng=3)
    for _ in range(5):
        model.step()
    series = model.timeseries()
    assert list(series["step"]) == [0, 1, 2, 3, 4, 5]
    assert {"adoption_share", "adopters", "new_adopters"} <= set(series.columns)
    assert series["adoption_share"].is_monotonic_increasing
    assert model.datacollector.get_model_vars_dataframe().shape[0] == 6


def test_summary_has_the_contract_keys():
    summary = run("quickstart", steps=10).summary
    for key in (
        "n_schools",
        "steps",
        "seed",
        "final_adoption_share",
        "time_to_25",
        "time_to_50",
        "time_to_80",
        "mean_gain",
        "equity_gap",
        "false_adoption_rate",
        "false_abandonment_rate",
        "pdsa_cycles",
    ):
        assert key in summary
    assert summary["steps"] == 10


def test_same_scenario_and_seed_give_identical_results():
    first, second = run("quickstart", seed=5), run("quickstart", seed=5)
    assert first.summary == second.summary
    assert first.timeseries.equals(second.timeseries)
    other = run("quickstart", seed=6)
    assert not other.timeseries.equals(first.timeseries)


def test_non_integer_node_names_are_relabelled_and_kept():
    graph = nx.Graph([("maple", "oak"), ("oak", "pine")])
    model = SchoolNetworkModel(graph=graph, rng=1)
    assert model.n_schools == 3
    assert sorted(nx.get_node_attributes(model.graph, "label").values()) == ["maple", "oak", "pine"]


def test_an_empty_network_is_refused():
    with pytest.raises(InputError, match="no schools"):
        SchoolNetworkModel(graph=nx.Graph(), rng=1)
