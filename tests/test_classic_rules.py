"""Each classic rule on tiny hand-built graphs, with the exact adopters step by step."""

import networkx as nx
import numpy as np
import pytest

from simulation.adjacency import Adjacency
from simulation.diffusion import ClassicDiffusion
from simulation.errors import InputError
from simulation.rules import make_rule


def adopters_by_step(graph, rule, seeds, steps, rng_seed=0):
    """The sorted list of adopters after each step (index 0 = the initial state)."""
    diffusion = ClassicDiffusion(
        make_rule(*rule) if isinstance(rule, tuple) else rule,
        Adjacency.from_graph(graph),
        np.array(seeds, dtype=int),
        np.random.default_rng(rng_seed),
    )
    history = [np.flatnonzero(diffusion.adopted).tolist()]
    for step in range(1, steps + 1):
        diffusion.advance(step)
        history.append(np.flatnonzero(diffusion.adopted).tolist())
    return history


def two_cliques_with_bridge():
    """Cliques {0..4} and {5..9} joined by the single tie 4–5."""
    graph = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    graph.add_edge(4, 5)
    return graph


# --- threshold (Granovetter 1978, Watts 2002) -------------------------------------------


def test_threshold_walks_along_a_path_one_school_per_step():
    history = adopters_by_step(nx.path_graph(5), make_rule("threshold", phi=0.5), [0], 5)
    assert history == [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]


def test_threshold_above_half_stops_on_a_path():
    history = adopters_by_step(nx.path_graph(5), make_rule("threshold", phi=0.51), [0], 3)
    assert history == [[0], [0], [0], [0]]


def test_threshold_on_a_star_is_a_fraction_of_the_centre_s_neighbours():
    star = nx.star_graph(5)  # centre 0, leaves 1..5
    # one leaf of five is 20 %: a centre with φ = 0.2 adopts, then every leaf (1/1 ≥ φ)
    assert adopters_by_step(star, make_rule("threshold", phi=0.2), [1], 2) == [
        [1],
        [0, 1],
        [0, 1, 2, 3, 4, 5],
    ]
    assert adopters_by_step(star, make_rule("threshold", phi=0.25), [1], 3)[-1] == [1]


def test_threshold_update_is_synchronous():
    # On the path 0-1-2 seeded at 0 with φ = 0.5, school 2 must wait for step 2 even
    # though school 1 adopts in step 1: decisions use the state before the step.
    assert adopters_by_step(nx.path_graph(3), make_rule("threshold", phi=0.5), [0], 2) == [
        [0],
        [0, 1],
        [0, 1, 2],
    ]


def test_threshold_never_reaches_isolated_schools():
    graph = nx.path_graph(3)
    graph.add_node(3)
    assert adopters_by_step(graph, make_rule("threshold", phi=0.0), [0], 3)[-1] == [0, 1, 2]


def test_threshold_distribution_is_drawn_per_school_and_clipped():
    rule = make_rule("threshold", phi=0.3, phi_sd=0.5)
    rule.prepare(10_000, np.random.default_rng(1))
    assert rule.thresholds.shape == (10_000,)
    assert rule.thresholds.min() == 0.0 and rule.thresholds.max() == 1.0
    assert abs(np.median(rule.thresholds) - 0.3) < 0.02


# --- complex contagion (Centola & Macy 2007) --------------------------------------------


def test_complex_contagion_fills_a_clique_but_does_not_cross_a_single_bridge():
    history = adopters_by_step(two_cliques_with_bridge(), make_rule("complex", m=2), [0, 1], 4)
    assert history[1] == [0, 1, 2, 3, 4]
    assert history[-1] == [0, 1, 2, 3, 4]


def test_simple_contagion_crosses_the_bridge():
    history = adopters_by_step(two_cliques_with_bridge(), make_rule("complex", m=1), [0], 4)
    assert history[1] == [0, 1, 2, 3, 4]
    assert history[2] == [0, 1, 2, 3, 4, 5]
    assert history[3] == list(range(10))


def test_complex_contagion_travels_round_a_clustered_ring():
    ring = nx.circulant_graph(10, [1, 2])  # each school tied to the two nearest each side
    history = adopters_by_step(ring, make_rule("complex", m=2), [0, 1], 4)
    assert history[1] == [0, 1, 2, 9]
    assert history[2] == [0, 1, 2, 3, 8, 9]
    assert history[4] == list(range(10))


# --- independent cascade (Kempe, Kleinberg & Tardos 2003) -------------------------------


def test_independent_cascade_with_certain_transmission_is_breadth_first():
    history = adopters_by_step(nx.path_graph(4), make_rule("independent_cascade", p=1.0), [0], 4)
    assert history == [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3]]


def test_independent_cascade_gives_each_adopter_one_chance_only():
    star = nx.star_graph(400)  # the centre tries each leaf once, in step 1
    history = adopters_by_step(star, make_rule("independent_cascade", p=0.5), [0], 10, 3)
    assert history[1] == history[10]
    assert 0.42 < (len(history[1]) - 1) / 400 < 0.58


def test_independent_cascade_with_p_zero_spreads_nowhere():
    assert adopters_by_step(nx.complete_graph(6), make_rule("independent_cascade", p=0.0), [0], 3)[
        -1
    ] == [0]


# --- SI --------------------------------------------------------------------------------


def test_si_with_certain_transmission_converts_every_neighbour_each_step():
    grid = nx.convert_node_labels_to_integers(nx.grid_2d_graph(3, 3))
    history = adopters_by_step(grid, make_rule("si", beta=1.0), [4], 2)  # 4 is the centre
    assert history == [[4], [1, 3, 4, 5, 7], list(range(9))]


def test_si_adopters_keep_trying_every_step():
    star = nx.star_graph(50)
    history = adopters_by_step(star, make_rule("si", beta=0.3), [0], 40, 5)
    assert len(history[1]) < 51
    assert history[40] == list(range(51))


# --- Bass (1969) ------------------------------------------------------------------------


def test_bass_external_influence_alone_converts_everyone_when_p_is_one():
    assert adopters_by_step(nx.path_graph(6), make_rule("bass", p=1.0, q=0.0), [], 1)[1] == list(
        range(6)
    )


def test_bass_imitation_alone_follows_the_share_of_adopting_neighbours():
    star = nx.star_graph(5)
    # every leaf sees its only neighbour (the centre) adopted: probability q·1 = 1
    assert adopters_by_step(star, make_rule("bass", p=0.0, q=1.0), [0], 1)[1] == list(range(6))
    # with no adopters and no external influence nothing ever happens
    assert adopters_by_step(star, make_rule("bass", p=0.0, q=1.0), [], 5)[-1] == []


# --- parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "params", "fragment"),
    [
        ("threshold", {"phi": 1.5}, "adoption.phi=1.5"),
        ("si", {"beta": -0.1}, "[0, 1]"),
        ("bass", {"q": "high"}, "must be a number"),
        ("complex", {"m": 0}, "≥ 1"),
        ("independent_cascade", {"beta": 0.1}, "allowed: p"),
        ("sir", {}, "allowed: pdsa, threshold, complex, independent_cascade, si, bass"),
    ],
)
def test_bad_rule_parameters_are_named(rule, params, fragment):
    with pytest.raises(InputError, match=None) as error:
        make_rule(rule, **params)
    assert fragment in str(error.value)
