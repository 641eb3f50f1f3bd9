"""Building a model: the Mesa view of the schools, networks reused across runs, build progress.

The model is built from arrays and makes its Mesa space and agents on first use; these tests
check that Mesa users still find what Mesa promises, that a network taken from the cache
gives exactly the results of a fresh build, and that building reports its stages.
"""

import io
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from cli_support import in_process
from mesa.discrete_space import FixedAgent, Network
from rich.console import Console
from rich.progress import Progress

import scenarios
from analysis import build_model, run
from nicsim.build_progress import BuildReport
from simulation.model import BUILD_STAGES, SchoolNetworkModel
from simulation.network_cache import NetworkCache
from simulation.pdsa.state import Status
from simulation.school import School
from simulation.school_graph import SchoolGraph

ADOPTED = Status.ADOPTED

# --- the Mesa view: space, cells, agents ---


@pytest.fixture(scope="module")
def model():
    model = SchoolNetworkModel(network="district_clusters", adoption="pdsa", add_bridges=3, rng=11)
    for _ in range(4):
        model.step()
    return model


def test_every_school_is_a_fixed_agent_on_its_own_cell(model):
    agents = model.agents
    assert len(agents) == model.n_schools == len(model.space.all_cells)
    assert set(model.agents_by_type) == {School}
    for school in agents:
        assert isinstance(school, FixedAgent)
        assert school.cell is model.space[school.index]
        assert school.cell.agents == [school]
    assert sorted(s.index for s in agents) == list(range(model.n_schools))


def test_a_cells_neighbourhood_is_the_schools_ties(model):
    """The Mesa space holds the network as built; a school's degree counts its ties now,
    which convenings and walks may have added to (docs/model.md §2.7)."""
    graph = model.graph
    assert isinstance(model.space, Network)
    for school in model.agents:
        neighbours = sorted(graph.neighbors(school.index))
        assert sorted(c.coordinate for c in school.cell.neighborhood) == neighbours
        assert sorted(a.index for a in school.cell.neighborhood.agents) == neighbours
        assert sorted(school.cell.connections) == neighbours
        assert school.degree == model.process.adjacency.degree[school.index] >= len(neighbours)
    assert nx.utils.edges_equal(model.space.G.edges, graph.edges)


def test_mesa_queries_read_the_schools_arrays(model):
    adopters = model.agents.select(lambda school: school.adopted)
    assert len(adopters) == np.count_nonzero((model.process.work.status == ADOPTED).any(axis=1))
    by_cluster = model.agents.groupby("cluster").count()
    clusters, counts = np.unique(model.schools.cluster, return_counts=True)
    assert by_cluster == dict(zip(clusters.tolist(), counts.tolist(), strict=True))
    assert model.agents.agg("capacity", np.mean) == pytest.approx(model.schools.capacity.mean())


def test_the_graph_of_the_model_is_its_network(model):
    graph = model.graph
    assert graph.number_of_nodes() == model.n_schools
    assert graph.number_of_edges() == model.network.n_ties == model.summary()["n_ties"]
    assert [graph.nodes[v]["cluster"] for v in graph] == model.schools.cluster.tolist()


def test_asking_for_the_mesa_view_changes_no_result():
    def finished(look: bool) -> pd.DataFrame:
        model = SchoolNetworkModel(network="small_world", adoption="pdsa", rng=4)
        if look:
            assert len(model.agents) == 100 and model.space.all_cells
        for _ in range(10):
            model.step()
        return model.timeseries()

    pd.testing.assert_frame_equal(finished(look=True), finished(look=False))


def test_a_network_file_keeps_its_names_and_values():
    graph = nx.Graph([("oak", "pine"), ("pine", "maple")])
    nx.set_node_attributes(graph, {"oak": 0.9, "pine": 0.1, "maple": 0.5}, "capacity")
    model = SchoolNetworkModel(graph=graph, adoption="pdsa", rng=1)
    assert [model.graph.nodes[v]["label"] for v in range(3)] == ["oak", "pine", "maple"]
    assert model.schools.capacity.tolist() == [0.9, 0.1, 0.5]


def test_school_graph_and_networkx_round_trip():
    graph = nx.les_miserables_graph()  # weighted, named nodes
    arrays = SchoolGraph.from_networkx(graph)
    assert arrays.n_ties == graph.number_of_edges() and arrays.weights is not None
    back = arrays.to_networkx()
    names = nx.get_node_attributes(back, "label")
    assert [names[v] for v in back] == list(graph)

    def ties(g, name=lambda v: v):
        return {(frozenset((name(u), name(v))), w) for u, v, w in g.edges(data="weight")}

    assert ties(back, names.get) == ties(graph)


# --- networks reused across runs ---


def run_series(scenario, seed: int, networks: NetworkCache | None) -> pd.DataFrame:
    return run(scenario, seed=seed, networks=networks).timeseries


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("quickstart", ["steps=20"]),  # a classic rule; the network depends on the seed
        ("district_rollout", ["steps=20", "network.add_bridges=4"]),  # PDSA learning
        ("exploration_vs_exploitation", ["steps=20"]),  # complete: the same for every seed
        ("carnegie_nic", ["steps=40"]),
    ],
)
def test_a_reused_network_gives_the_results_of_a_fresh_build(name, overrides):
    scenario = scenarios.load(name, overrides)
    networks = NetworkCache()
    seeds = [3, 5, 3, 5, 9]
    reused = [run_series(scenario, seed, networks) for seed in seeds]
    assert networks.hits >= 2
    for seed, series in zip(seeds, reused, strict=True):
        pd.testing.assert_frame_equal(series, run_series(scenario, seed, None))


def test_a_network_that_draws_nothing_serves_every_seed():
    scenario = scenarios.load("exploration_vs_exploitation", ["steps=2"])
    networks = NetworkCache()
    first = build_model(scenario, networks)
    second = build_model(scenarios.load("exploration_vs_exploitation", ["seed=99"]), networks)
    assert networks.hits == 1
    assert second.network is first.network and second.adjacency is first.adjacency


def test_compared_designs_share_each_replicates_network():
    a = scenarios.load("quickstart", ["steps=10"])
    b = scenarios.load("quickstart", ["steps=10", "strategy.seeding=clustered_pilot"])
    networks = NetworkCache()
    first = build_model(a, networks)
    second = build_model(b, networks)
    assert networks.hits == 1 and second.network is first.network
    fresh = build_model(b)
    assert np.array_equal(second.schools.capacity, fresh.schools.capacity)
    assert np.array_equal(second.process.adopted, fresh.process.adopted)


def test_the_cache_keeps_only_the_last_networks():
    scenario = scenarios.load("quickstart", ["steps=1"])
    networks = NetworkCache(size=2)
    for seed in (1, 2, 3, 1):
        run(scenario, seed=seed, networks=networks)
    assert networks.hits == 0  # seed 1's network was dropped for 2 and 3


# --- build progress ---


def test_building_reports_its_stages_in_order():
    heard = []
    SchoolNetworkModel(on_build=lambda *report: heard.append(report), rng=1)
    total = len(BUILD_STAGES)
    assert heard == [
        *((stage, done, total) for done, stage in enumerate(BUILD_STAGES)),
        ("ready", total, total),
    ]


def test_a_log_gets_plain_lines_and_a_terminal_sees_the_stage_on_its_bar():
    log = io.StringIO()
    console = Console(file=log, force_terminal=False)
    progress = Progress(console=console, disable=True)
    task = progress.add_task("statewide", total=3)
    report = BuildReport(console, progress, task, "statewide", after=0.0)
    report("network", 0, 4)
    report("ready", 4, 4)
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("nicsim: statewide: building: network (0/4 stages, ")
    assert lines[1].startswith("nicsim: statewide: built (4/4 stages, ")

    terminal = Console(file=io.StringIO(), force_terminal=True)
    progress = Progress(console=terminal)
    task = progress.add_task("statewide", total=3)
    report = BuildReport(terminal, progress, task, "statewide", after=0.0)
    report("schools", 1, 4)
    assert progress.tasks[0].description == "statewide (building: schools)"
    report("ready", 4, 4)
    assert progress.tasks[0].description == "statewide"


def test_a_quiet_console_writes_nothing():
    log = io.StringIO()
    console = Console(file=log, quiet=True)
    progress = Progress(console=console, disable=True)
    report = BuildReport(console, progress, progress.add_task("x"), "x", after=0.0)
    report("network", 0, 4)
    assert log.getvalue() == ""


def test_nicsim_run_shows_ties_and_mean_degree(tmp_path, monkeypatch, capsys):
    code, out, err = in_process(
        "run", "quickstart", "--steps", "2", "--out", "out",
        cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    cells = [line.split("│")[1:3] for line in out.splitlines() if line.count("│") == 3]
    rows = {label.strip(): value.strip() for label, value in cells}
    assert rows["ties"] == str(summary["n_ties"])
    assert rows["mean degree (ties per school)"] == f"{summary['mean_degree']:.3f}"
