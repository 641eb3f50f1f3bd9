"""Scale-up strategies: each picks the schools it promises on hand-built graphs; add_bridges."""

from collections import Counter

import networkx as nx
import numpy as np
import pytest

from simulation.adjacency import Adjacency
from simulation.errors import InputError
from simulation.networks import district_clusters
from simulation.school_graph import SchoolGraph
from simulation.strategies import SEEDING_STRATEGIES, _pivot_betweenness, choose_seeds
from simulation.strategies import add_bridges as add_bridges_to_arrays


def seeds(
    strategy: str,
    graph: nx.Graph,
    count: int,
    seed: int = 0,
    *,
    cluster=None,
    capacity=None,
    baseline=None,
    explicit=None,
) -> np.ndarray:
    n = graph.number_of_nodes()
    return choose_seeds(
        strategy,
        count,
        adjacency=Adjacency.from_graph(graph),
        cluster=np.zeros(n, dtype=np.int64) if cluster is None else np.asarray(cluster),
        capacity=np.ones(n) if capacity is None else np.asarray(capacity, dtype=float),
        baseline=np.zeros(n) if baseline is None else np.asarray(baseline, dtype=float),
        rng=np.random.default_rng(seed),
        explicit=explicit,
    )


def connected(graph: nx.Graph, nodes) -> bool:
    return nx.is_connected(graph.subgraph(np.asarray(nodes).tolist()))


def two_clusters() -> tuple[nx.Graph, np.ndarray]:
    """Cluster 0 a path 0-1-2-3-4-5, cluster 1 a cycle 6..11, one tie 5-6 between them."""
    graph = nx.path_graph(6)
    nx.add_cycle(graph, range(6, 12))
    graph.add_edge(5, 6)
    return graph, np.repeat([0, 1], 6)


# --- every strategy: count, order, type, determinism ---


@pytest.fixture(scope="module")
def mixed_network():
    graph = district_clusters(
        np.random.default_rng(5), n_districts=5, schools_per_district=40
    ).to_networkx()
    rng = np.random.default_rng(6)
    return {
        "graph": graph,
        "cluster": np.array([graph.nodes[v]["cluster"] for v in graph]),
        "capacity": rng.random(200),
        "baseline": rng.random(200),
    }


@pytest.mark.parametrize("strategy", [s for s in SEEDING_STRATEGIES if s != "explicit"])
@pytest.mark.parametrize("count", [0, 1, 17, 200])
def test_every_strategy_gives_count_sorted_distinct_int64_schools(mixed_network, strategy, count):
    chosen = seeds(strategy, count=count, **mixed_network)
    assert chosen.dtype == np.int64
    assert chosen.size == count
    assert np.all(np.diff(chosen) > 0)
    assert chosen.size == 0 or 0 <= chosen.min() <= chosen.max() < 200


@pytest.mark.parametrize("strategy", [s for s in SEEDING_STRATEGIES if s != "explicit"])
def test_every_strategy_is_determined_by_the_rng_seed(mixed_network, strategy):
    first = seeds(strategy, count=30, seed=11, **mixed_network)
    again = seeds(strategy, count=30, seed=11, **mixed_network)
    np.testing.assert_array_equal(first, again)


@pytest.mark.parametrize("strategy", ["random", "friend_nomination", "diverse_pilot"])
def test_random_strategies_vary_with_the_seed(mixed_network, strategy):
    picks = {tuple(seeds(strategy, count=30, seed=s, **mixed_network)) for s in range(5)}
    assert len(picks) == 5


# --- identify individuals ---


def test_most_connected_picks_the_centre_of_a_star():
    np.testing.assert_array_equal(seeds("most_connected", nx.star_graph(9), 1), [0])


def test_most_connected_ranks_by_degree_and_breaks_ties_at_random():
    graph = nx.star_graph(4)  # centre 0 (degree 4), leaves 1..4 (degree 1)
    graph.add_edges_from([(5, 6), (5, 7), (8, 9), (8, 10)])  # 5 and 8 have degree 2
    picks = Counter(tuple(seeds("most_connected", graph, 2, seed=s)) for s in range(100))
    assert set(picks) == {(0, 5), (0, 8)}
    assert min(picks.values()) > 25


def test_friend_nomination_picks_the_centre_of_a_star_most_often():
    # a random school is a leaf with probability 9/10, and every leaf nominates the centre
    centre = sum(
        seeds("friend_nomination", nx.star_graph(9), 1, seed=s)[0] == 0 for s in range(200)
    )
    assert centre > 160


def test_friend_nomination_follows_the_nomination_law_on_a_path():
    # on 0-1-2 the first nominee is 1 unless 1 is asked (probability 1/3)
    middle = sum(
        seeds("friend_nomination", nx.path_graph(3), 1, seed=s)[0] == 1 for s in range(900)
    )
    assert abs(middle / 900 - 2 / 3) < 0.05  # 3.2 standard errors


def test_friend_nomination_terminates_where_few_schools_are_nominated():
    # the leaves of a large star are rarely nominated: the fallback fills the count
    np.testing.assert_array_equal(seeds("friend_nomination", nx.star_graph(59), 60), np.arange(60))
    assert 0 in seeds("friend_nomination", nx.star_graph(59), 30)


def test_friend_nomination_without_ties_nominates_the_asked_schools():
    assert seeds("friend_nomination", nx.empty_graph(20), 5).size == 5


def test_bright_spots_and_equity_first_rank_by_capacity_and_baseline():
    graph = nx.path_graph(6)
    capacity = [0.2, 0.9, 0.5, 0.8, 0.1, 0.3]
    baseline = [0.2, 0.9, 0.5, 0.8, 0.1, 0.3]
    np.testing.assert_array_equal(seeds("bright_spots", graph, 2, capacity=capacity), [1, 3])
    np.testing.assert_array_equal(seeds("equity_first", graph, 2, baseline=baseline), [0, 4])


def test_bright_spots_breaks_ties_at_random():
    graph, capacity = nx.path_graph(4), [1.0, 1.0, 0.0, 1.0]
    picks = Counter(
        seeds("bright_spots", graph, 1, seed=s, capacity=capacity)[0] for s in range(90)
    )
    assert set(picks) == {0, 1, 3}
    assert min(picks.values()) > 15


def test_bridges_picks_the_path_between_two_cliques():
    # barbell: cliques 0..4 and 7..11 joined by the path 4-5-6-7
    graph = nx.barbell_graph(5, 2)
    np.testing.assert_array_equal(seeds("bridges", graph, 2), [5, 6])
    np.testing.assert_array_equal(seeds("bridges", graph, 4), [4, 5, 6, 7])


def test_bridges_estimates_betweenness_on_large_networks():
    # 2,500 schools (above the exact limit): two random halves joined only by the path 1-0-1251
    halves = nx.disjoint_union(
        nx.gnm_random_graph(1250, 5000, seed=1), nx.gnm_random_graph(1249, 5000, seed=2)
    )
    graph = nx.convert_node_labels_to_integers(halves, first_label=1)
    graph.add_edges_from([(0, 1), (0, 1251)])
    for s in range(3):
        np.testing.assert_array_equal(seeds("bridges", graph, 3, seed=s), [0, 1, 1251])


@pytest.mark.parametrize(
    "graph",
    [
        nx.gnp_random_graph(60, 0.08, seed=1),  # several components and isolates
        nx.barbell_graph(6, 3),
        nx.watts_strogatz_graph(80, 4, 0.1, seed=2),
        nx.grid_2d_graph(5, 6),
    ],
    ids=["sparse_random", "barbell", "small_world", "grid"],
)
def test_betweenness_matches_networkx(graph):
    graph = nx.convert_node_labels_to_integers(graph)
    ties = Adjacency.from_graph(graph).ties
    n = graph.number_of_nodes()
    exact = nx.betweenness_centrality(graph, normalized=False)
    np.testing.assert_allclose(
        _pivot_betweenness(ties, np.arange(n)) / 2, [exact[v] for v in range(n)], atol=1e-9
    )
    sources = np.random.default_rng(0).choice(n, size=7, replace=False)
    subset = nx.betweenness_centrality_subset(
        graph, sources.tolist(), list(graph), normalized=False
    )
    np.testing.assert_allclose(
        _pivot_betweenness(ties, sources) / 2, [subset[v] for v in range(n)], atol=1e-9
    )


def test_explicit_returns_the_given_schools_sorted_and_ignores_count():
    chosen = seeds("explicit", nx.path_graph(10), 99, explicit=[7, 2, np.int64(5)])
    np.testing.assert_array_equal(chosen, [2, 5, 7])
    assert chosen.dtype == np.int64


@pytest.mark.parametrize(
    ("explicit", "message"),
    [
        (None, "needs strategy.explicit"),
        ([1, 10], "school 10 is not in the network; ids run 0..9"),
        ([-1], "school -1 is not in the network"),
        ([1, 2.5], "2.5 is not a school id"),
        (["3"], "'3' is not a school id"),
        ([True], "True is not a school id"),
        ([4, 1, 4], "school 4 is listed more than once"),
    ],
)
def test_explicit_rejects_bad_ids(explicit, message):
    with pytest.raises(InputError, match=message):
        seeds("explicit", nx.path_graph(10), 0, explicit=explicit)


# --- segment ---


def test_clustered_pilot_takes_a_connected_group_inside_one_cluster():
    graph, cluster = two_clusters()
    chosen_clusters = set()
    for s in range(40):
        chosen = seeds("clustered_pilot", graph, 4, seed=s, cluster=cluster)
        assert len(set(cluster[chosen])) == 1
        assert connected(graph, chosen)
        chosen_clusters.add(cluster[chosen[0]])
    assert chosen_clusters == {0, 1}


def test_clustered_pilot_uses_a_cluster_large_enough():
    graph = nx.path_graph(9)
    cluster = [5, 5, 5, 5, 5, 8, 8, 2, 2]
    for s in range(20):
        np.testing.assert_array_equal(
            seeds("clustered_pilot", graph, 5, seed=s, cluster=cluster), [0, 1, 2, 3, 4]
        )


def test_clustered_pilot_fills_up_from_the_nearest_schools_when_no_cluster_is_large_enough():
    graph = nx.path_graph(10)
    cluster = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]  # largest: 3..6; next nearest: 2 and 7
    np.testing.assert_array_equal(
        seeds("clustered_pilot", graph, 6, cluster=cluster), np.arange(2, 8)
    )


def test_clustered_pilot_takes_the_rest_of_a_disconnected_cluster_at_random():
    graph = nx.path_graph(3)
    graph.add_edges_from([(3, 4), (3, 5)])  # school 3 is in cluster 0 but tied only to cluster 1
    cluster = [0, 0, 0, 0, 1, 1]
    for s in range(10):
        np.testing.assert_array_equal(
            seeds("clustered_pilot", graph, 4, seed=s, cluster=cluster), [0, 1, 2, 3]
        )


def test_diverse_pilot_takes_one_school_per_cluster():
    graph = nx.empty_graph(9)
    cluster = np.array([7, 7, 7, 3, 3, 9, 9, 9, 9])
    for s in range(20):
        chosen = seeds("diverse_pilot", graph, 3, seed=s, cluster=cluster)
        assert sorted(cluster[chosen]) == [3, 7, 9]
        per_cluster = Counter(cluster[seeds("diverse_pilot", graph, 7, seed=s, cluster=cluster)])
        assert per_cluster == {7: 3, 3: 2, 9: 2} or per_cluster == {7: 2, 3: 2, 9: 3}


def test_diverse_pilot_draws_every_school_of_a_cluster():
    cluster = np.array([0, 0, 0, 1, 1, 1])
    picks = Counter(
        seeds("diverse_pilot", nx.empty_graph(6), 2, seed=s, cluster=cluster)[0] for s in range(300)
    )
    assert set(picks) == {0, 1, 2}
    assert min(picks.values()) > 70


# --- bad input ---


def test_unknown_strategy_names_the_allowed_ones():
    with pytest.raises(InputError, match=r"strategy.seeding='hubs' is unknown; allowed: random, "):
        seeds("hubs", nx.path_graph(4), 1)


def test_more_seeds_than_schools_is_an_input_error():
    message = "strategy.count=50: 50 initial adopters requested but the network has 40 schools"
    with pytest.raises(InputError, match=message):
        seeds("random", nx.path_graph(40), 50)


@pytest.mark.parametrize("count", [-1, 2.0, True])
def test_count_must_be_a_whole_number(count):
    with pytest.raises(InputError, match="must be a whole number"):
        seeds("most_connected", nx.path_graph(4), count)


# --- add_bridges ---


def clustered_graph(seed: int = 0, n_districts: int = 4) -> nx.Graph:
    rng = np.random.default_rng(seed)
    return district_clusters(rng, n_districts=n_districts, schools_per_district=10).to_networkx()


def add_bridges(graph: nx.Graph, k, rng: np.random.Generator) -> nx.Graph:
    """``add_bridges`` on a NetworkX graph: its schools keep their names."""
    bridged = add_bridges_to_arrays(SchoolGraph.from_networkx(graph), k, rng).to_networkx()
    labels = nx.get_node_attributes(bridged, "label")
    return nx.relabel_nodes(bridged, labels) if labels else bridged


def test_add_bridges_adds_k_new_cross_cluster_ties_and_leaves_the_original_alone():
    graph = clustered_graph()
    before = set(map(frozenset, graph.edges()))
    bridged = add_bridges(graph, 15, np.random.default_rng(1))
    assert set(map(frozenset, graph.edges())) == before
    new = set(map(frozenset, bridged.edges())) - before
    assert len(new) == 15
    assert bridged.number_of_edges() == graph.number_of_edges() + 15
    assert all(len({graph.nodes[v]["cluster"] for v in pair}) == 2 for pair in new)
    assert dict(bridged.nodes(data="cluster")) == dict(graph.nodes(data="cluster"))


def test_add_bridges_is_determined_by_the_rng_seed():
    first = add_bridges(clustered_graph(), 10, np.random.default_rng(4))
    again = add_bridges(clustered_graph(), 10, np.random.default_rng(4))
    assert list(first.edges()) == list(again.edges())


def test_add_bridges_can_tie_every_untied_cross_cluster_pair():
    graph = nx.Graph([("a", "c")])
    graph.add_nodes_from([("a", {"cluster": 0}), ("b", {"cluster": 0})])
    graph.add_nodes_from([("c", {"cluster": 1}), ("d", {"cluster": 1})])
    bridged = add_bridges(graph, 3, np.random.default_rng(0))
    assert set(map(frozenset, bridged.edges())) == {frozenset(p) for p in ["ac", "ad", "bc", "bd"]}
    with pytest.raises(InputError, match="k=4 new ties requested but only 3 cross-cluster pairs"):
        add_bridges(graph, 4, np.random.default_rng(0))


def test_add_bridges_draws_cross_cluster_pairs_uniformly():
    graph = nx.empty_graph(5)  # clusters {0, 1} and {2, 3, 4}: six cross pairs
    nx.set_node_attributes(graph, dict(enumerate([0, 0, 1, 1, 1])), "cluster")
    drawn = Counter(
        next(iter(add_bridges(graph, 1, np.random.default_rng(s)).edges())) for s in range(600)
    )
    assert len(drawn) == 6
    assert all(60 < times < 140 for times in drawn.values())  # expected 100, sd 9.1


def test_add_bridges_gives_new_ties_weight_one_when_ties_are_weighted():
    graph = clustered_graph()
    nx.set_edge_attributes(graph, 2.5, "weight")
    bridged = add_bridges(graph, 5, np.random.default_rng(2))
    weights = Counter(w for _, _, w in bridged.edges(data="weight"))
    assert weights == {2.5: graph.number_of_edges(), 1.0: 5}
    assert all(
        "weight" not in d
        for *_, d in add_bridges(clustered_graph(), 5, np.random.default_rng(2)).edges(data=True)
    )


@pytest.mark.parametrize(
    ("graph", "k", "message"),
    [
        (nx.path_graph(5), 1, "single cluster"),  # no cluster attribute: all in cluster 0
        (clustered_graph(n_districts=1), 1, "single cluster"),
        (clustered_graph(), -1, r"k=-1 must be a whole number"),
        (clustered_graph(), 1.5, r"k=1.5 must be a whole number"),
    ],
)
def test_add_bridges_rejects_bad_input(graph, k, message):
    with pytest.raises(InputError, match=message):
        add_bridges(graph, k, np.random.default_rng(0))
