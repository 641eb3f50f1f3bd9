"""The model's public queries for user interfaces agree with its agents and its inputs."""

import networkx as nx
import numpy as np

import analysis
import scenarios
from simulation.model import SchoolNetworkModel
from simulation.pdsa.state import Status


def stepped(preset: str, weeks: int) -> SchoolNetworkModel:
    model = analysis.build_model(scenarios.load(preset))
    for _ in range(weeks):
        model.step()
    return model


def test_pdsa_queries_agree_with_each_school_agent():
    model = stepped("carnegie_nic", 30)
    assert model.is_pdsa
    assert model.n_ideas == model.process.work.status.shape[1]
    for idea in range(model.n_ideas):
        expected = [int(model.agents[i].status_of(idea)) for i in range(model.n_schools)]
        assert model.statuses(idea).tolist() == expected
    gains = [model.agents[i].gain for i in range(model.n_schools)]
    np.testing.assert_allclose(model.gains(), gains)
    assert len(model.pilots()) == scenarios.load("carnegie_nic").strategy.count == 4


def test_a_school_story_tells_only_what_the_school_could_observe():
    model = stepped("carnegie_nic", 30)
    school = int(np.flatnonzero(model.statuses(0) != Status.UNAWARE)[0])
    story = model.school_story(school)
    rows = model.agents[school].story()
    assert [row["idea"] for row in story["ideas"]] == [row["idea"] for row in rows]
    assert all("true_effect" not in row for row in story["ideas"])
    assert story["gain"] == model.agents[school].gain
    assert story["pilot"] == (school in model.pilots())


def test_classic_queries_read_the_one_idea_and_the_initial_adopters():
    model = analysis.build_model(scenarios.load("quickstart"))
    pilots = np.flatnonzero(model.process.adopted)
    for _ in range(10):
        model.step()
    assert not model.is_pdsa and model.n_ideas == 1
    assert model.pilots().tolist() == pilots.tolist() == sorted(pilots.tolist())
    assert len(pilots) == scenarios.load("quickstart").strategy.count
    adopted = model.statuses(0) == Status.ADOPTED
    assert adopted.tolist() == model.process.adopted.tolist()
    assert not model.gains().any()
    assert model.school_story(0)["ideas"] == []


def test_school_names_come_from_the_network_file_only():
    graph = nx.relabel_nodes(nx.path_graph(4), {0: "Medici", 1: "Strozzi", 2: "Pazzi", 3: "Bardi"})
    named = SchoolNetworkModel(graph=graph, rng=1)
    assert [named.school_name(i) for i in range(4)] == ["Medici", "Strozzi", "Pazzi", "Bardi"]
    built = SchoolNetworkModel(rng=1)
    assert built.school_name(0) is None
