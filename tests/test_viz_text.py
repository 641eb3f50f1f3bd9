"""The app's words and pictures: names, narration, verdicts, and the large-network view."""

import numpy as np
import pandas as pd

import scenarios
from viz.names import idea_name, school_name
from viz.narration import narrate, sentence
from viz.network_view import NetworkView
from viz.state import LARGE_NETWORK, Run
from viz.verdict import verdict


def test_names_are_deterministic_and_distinct():
    names = [school_name(i) for i in range(5_000)]
    assert names[0] == "Maple Elementary" and names == [school_name(i) for i in range(5_000)]
    assert len(set(names)) == len(names)
    assert idea_name(0) == "exit tickets" and len({idea_name(i) for i in range(100)}) == 100


def test_an_abandonment_is_told_with_the_scale_of_its_last_test():
    text = sentence("abandoned", 12, 0, 0, 2.0)
    assert text == "Week 12: Maple Elementary abandoned ‘exit tickets’ after a noisy small test"


def test_narration_tells_the_latest_events_first_and_skips_frequent_ones():
    events = pd.DataFrame(
        {
            "step": [1, 2, 3],
            "kind": ["started", "expanded", "adopted"],
            "school": [0, 1, 2],
            "idea": [0, 0, 1],
            "value": [1.0, 2.0, 0.85],
        }
    )
    lines = narrate(events)
    assert lines == [
        "Week 3: Cedar Elementary adopted ‘warm calling’, 85% sure it works",
        "Week 1: Maple Elementary started testing ‘exit tickets’",
    ]


def series(reach, gain):
    return pd.DataFrame({"step": range(len(reach)), "reach": reach, "mean_gain": gain})


def test_verdict_names_the_relative_reach_and_the_gain():
    a = series([0.0, 0.2, 0.40], [0.0, 0.01, 0.050])
    b = series([0.0, 0.3, 0.524], [0.0, 0.01, 0.052])
    assert (
        verdict(a, b)
        == "B reached 31 % more schools than A by week 2, with a similar gain per school"
    )
    assert "fewer" in verdict(b, a)
    assert "higher gain" in verdict(a, series([0, 0.2, 0.4], [0, 0.0, 0.2]))


def test_large_networks_are_drawn_as_clusters():
    run = Run(scenarios.load("statewide_scale"))
    assert run.model.n_schools > LARGE_NETWORK
    view = NetworkView(run)
    assert view.aggregated
    assert view.png(0).startswith(b"\x89PNG")


def test_the_layout_is_computed_once_per_network():
    run = Run(scenarios.load("carnegie_nic"))
    calls = []
    run.layout(lambda graph: calls.append(graph) or {"n": 1})
    run.reset()
    run.step()
    run.layout(lambda graph: calls.append(graph) or {"n": 2})
    assert len(calls) == 1


def test_pilot_schools_are_ringed_in_black():
    run = Run(scenarios.load("carnegie_nic"))
    view = NetworkView(run)
    black = (view.dots.get_edgecolors()[:, :3] == 0).all(axis=1)
    assert np.flatnonzero(black).tolist() == run.pilots().tolist() and black.sum() == 4


def test_networks_with_too_many_ties_are_drawn_as_clusters():
    run = Run(scenarios.load("bass_complete", overrides=["network.n=300"]))
    assert run.model.n_schools <= LARGE_NETWORK and run.model.graph.number_of_edges() > 20_000
    assert NetworkView(run).aggregated
