"""Network builders: sizes, clusters, tie densities, exact G(n, p), determinism, bad input."""

import random as stdlib_random
from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from simulation import networks
from simulation.errors import InputError
from simulation.networks import BUILDERS, _decode_triangle, _gnp_edges


def as_networkx(builder):
    """The builder, giving its network as the NetworkX graph these tests inspect."""
    return lambda *args, **kwargs: builder(*args, **kwargs).to_networkx()


build_network = as_networkx(networks.build_network)
complete, cross_district_partnership, district_clusters, district_ties, random, ring = map(
    as_networkx,
    (
        networks.complete,
        networks.cross_district_partnership,
        networks.district_clusters,
        networks.district_ties,
        networks.random,
        networks.ring,
    ),
)
rural_sparse, scale_free, small_world = map(
    as_networkx, (networks.rural_sparse, networks.scale_free, networks.small_world)
)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def clusters(graph: nx.Graph) -> list[int]:
    return [graph.nodes[node]["cluster"] for node in graph]


def mean_degree(graph: nx.Graph) -> float:
    return 2 * graph.number_of_edges() / graph.number_of_nodes()


# --- sizes and clusters of the defaults (docs/model.md §2.7) ---

DEFAULT_SHAPES = {  # name: (schools, schools per cluster, ties or None when random)
    "hub_spoke_nic": (20, [7, 7, 6], None),
    "district_clusters": (40, [10, 10, 10, 10], None),
    "district_ties": (40, [10, 10, 10, 10], None),
    "rural_sparse": (30, None, None),
    "cross_district_partnership": (40, [8, 8, 8, 8, 8], None),
    "small_world": (100, [100], 200),
    "ring": (100, [100], 200),
    "complete": (50, [50], 1225),
    "scale_free": (100, [100], 196),
    "random": (100, [100], None),
}


def test_every_builder_has_a_default_shape():
    assert set(DEFAULT_SHAPES) == set(BUILDERS)


@pytest.mark.parametrize("name", sorted(DEFAULT_SHAPES))
def test_defaults_have_designed_size_and_clusters(name):
    n, cluster_sizes, ties = DEFAULT_SHAPES[name]
    graph = build_network(name, rng())
    assert list(graph.nodes) == list(range(n))
    assert all(type(c) is int for c in clusters(graph))
    if cluster_sizes is not None:
        counts = Counter(clusters(graph))
        assert [counts[c] for c in range(len(cluster_sizes))] == cluster_sizes
        assert set(counts) == set(range(len(cluster_sizes)))
    if ties is not None:
        assert graph.number_of_edges() == ties
    assert nx.number_of_selfloops(graph) == 0


def test_rural_regions_are_quadrants_of_the_square():
    graph = rural_sparse(rng(), n=400, n_regions=4)
    for node, data in graph.nodes(data=True):
        x, y = data["pos"]
        assert data["cluster"] == 2 * (y >= 0.5) + (x >= 0.5), node


def test_rural_regions_form_the_most_square_grid():
    graph = rural_sparse(rng(), n=2000, n_regions=6)
    assert set(clusters(graph)) == set(range(6))
    first_row = [d["pos"][0] for _, d in graph.nodes(data=True) if d["cluster"] == 1]
    assert 1 / 3 <= min(first_row) and max(first_row) < 2 / 3


def test_rural_ties_are_exactly_the_pairs_within_radius():
    graph = rural_sparse(rng(3), n=200, radius=0.1)
    pos = np.array([graph.nodes[node]["pos"] for node in graph])
    expected = {
        (i, j) for i, j in combinations(range(200), 2) if np.hypot(*(pos[i] - pos[j])) <= 0.1
    }
    assert {tuple(sorted(edge)) for edge in graph.edges} == expected


@pytest.mark.parametrize("builder", [small_world, ring, complete, scale_free, random])
def test_cluster_free_structures_cut_nodes_into_contiguous_blocks(builder):
    graph = builder(rng(), n=10, n_clusters=3)
    assert clusters(graph) == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]


# --- exact structures ---


def test_ring_ties_each_school_to_its_k_nearest():
    graph = ring(rng(), n=10, k=4)
    for node in graph:
        assert set(graph[node]) == {(node + d) % 10 for d in (-2, -1, 1, 2)}


def test_small_world_without_rewiring_is_the_ring():
    assert set(small_world(rng(), n=30, k=4, p=0.0).edges) == set(ring(rng(), n=30, k=4).edges)


def test_small_world_rewiring_keeps_the_tie_count():
    graph = small_world(rng(), n=500, k=6, p=0.5)
    assert graph.number_of_edges() == 1500
    assert not set(graph.edges) <= set(ring(rng(), n=500, k=6).edges)


def test_complete_ties_every_pair():
    graph = complete(rng(), n=12)
    assert graph.number_of_edges() == 66


def test_scale_free_has_hubs():
    graph = scale_free(rng(), n=2000, m=2)
    assert graph.number_of_edges() == (2000 - 2) * 2
    assert max(d for _, d in graph.degree) > 10 * mean_degree(graph)


# --- G(n, p) is exact ---


def test_pair_index_decoding_enumerates_every_pair_once_in_order():
    index = np.arange(2000 * 1999 // 2)
    i, j = _decode_triangle(index)
    first = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]
    assert list(zip(i[:6].tolist(), j[:6].tolist(), strict=True)) == first
    # (i, j) -> j(j-1)/2 + i inverts the decoding, so each pair of 0..1999 appears once
    assert np.all((0 <= i) & (i < j) & (j < 2000))
    assert np.array_equal(j * (j - 1) // 2 + i, index)
    last = 100_000 * 99_999 // 2 - 1
    assert [a.item() for a in _decode_triangle(np.array([last]))] == [99_998, 99_999]


def test_gnp_sampled_ties_are_distinct_pairs():
    edges = _gnp_edges(rng(), 3000, 0.01)
    assert np.all(edges[:, 0] < edges[:, 1])
    assert len(np.unique(edges, axis=0)) == len(edges)


def test_gnp_ties_each_pair_independently_with_probability_p():
    n, p, runs = 5, 0.3, 4000
    present = np.zeros((runs, 10), dtype=bool)
    pair_index = {pair: k for k, pair in enumerate(combinations(range(n), 2))}
    for run in range(runs):
        for edge in _gnp_edges(rng(run), n, p).tolist():
            present[run, pair_index[tuple(edge)]] = True
    tolerance = 4 * np.sqrt(p * (1 - p) / runs)  # 4 standard errors
    assert np.all(np.abs(present.mean(axis=0) - p) < tolerance)
    both = (present[:, 0] & present[:, 9]).mean()
    assert abs(both - p * p) < 4 * np.sqrt(p * p * (1 - p * p) / runs)
    counts = np.bincount(present.sum(axis=1), minlength=11)
    expected = stats.binom.pmf(np.arange(11), 10, p) * runs
    pooled = np.append(counts[:7], counts[7:].sum()), np.append(expected[:7], expected[7:].sum())
    assert stats.chisquare(*pooled).pvalue > 0.001


def test_random_degrees_match_the_binomial():
    n, k = 3000, 10.0
    degrees = np.array([d for _, d in random(rng(1), n=n, mean_degree=k).degree])
    p = k / (n - 1)
    assert abs(degrees.mean() - k) < 0.3
    assert abs(degrees.var() - (n - 1) * p * (1 - p)) < 1.0


def test_random_mean_degree_within_tolerance():
    assert abs(mean_degree(random(rng(2), n=2000, mean_degree=6.0)) - 6.0) < 0.3


def test_random_ties_spread_uniformly_over_the_network():
    graph = random(rng(4), n=1000, mean_degree=20.0)
    block = np.array(list(graph.edges)) // 250
    counts = np.bincount(4 * block.min(axis=1) + block.max(axis=1), minlength=16)
    observed = counts[[4 * a + b for a in range(4) for b in range(a, 4)]]
    pairs = [250 * 249 / 2 if a == b else 250**2 for a in range(4) for b in range(a, 4)]
    expected = np.array(pairs)
    assert stats.chisquare(observed, expected / expected.sum() * observed.sum()).pvalue > 0.001


# --- densities of the clustered structures ---


def densities(graph: nx.Graph) -> tuple[float, float]:
    """Tie density within clusters and between clusters."""
    sizes = np.bincount(clusters(graph))
    within_pairs = (sizes * (sizes - 1) // 2).sum()
    between_pairs = len(graph) * (len(graph) - 1) // 2 - within_pairs
    within = sum(graph.nodes[u]["cluster"] == graph.nodes[v]["cluster"] for u, v in graph.edges)
    return within / within_pairs, (graph.number_of_edges() - within) / between_pairs


def test_district_clusters_densities_match_p_in_and_p_out():
    graph = district_clusters(rng(), n_districts=4, schools_per_district=100, p_in=0.3, p_out=0.02)
    within, between = densities(graph)
    assert abs(within - 0.3) < 0.015  # about 4.5 standard errors
    assert abs(between - 0.02) < 0.003


def test_district_ties_are_the_block_model_with_the_stated_expected_ties():
    graph = district_ties(
        rng(), n_districts=4, schools_per_district=100, ties_within=29.7, ties_across=6.0
    )
    within, between = densities(graph)
    assert abs(within - 0.3) < 0.015  # p_in = 29.7 / 99, as district_clusters' test
    assert abs(between - 0.02) < 0.003  # p_out = 6 / 300


@pytest.mark.parametrize(("n_districts", "size"), [(50, 45), (500, 200)])
def test_district_ties_keep_the_mean_degree_at_any_size(n_districts, size):
    graph = networks.district_ties(
        rng(), n_districts=n_districts, schools_per_district=size, ties_within=5.28, ties_across=1.1
    )
    n = n_districts * size
    assert abs(2 * graph.n_ties / n - 6.38) < 5 * np.sqrt(6.38 * 2 / n)  # Poisson count


def test_hub_spoke_ties_have_density_p():
    graph = build_network("hub_spoke_nic", rng(), n=1000, p=0.08)
    assert abs(graph.number_of_edges() / (1000 * 999 / 2) - 0.08) < 0.003


def test_partnership_without_overlap_ties_only_within_home_clusters():
    graph = cross_district_partnership(rng(), n=40, n_clusters=5, p_in=1.0, overlap=0.0)
    assert graph.number_of_edges() == 5 * 28
    assert densities(graph) == (1.0, 0.0)


def test_partnership_pairs_sharing_two_clusters_are_tied_once_with_p_in():
    graph = cross_district_partnership(rng(), n=200, n_clusters=2, p_in=0.5, overlap=1.0)
    assert abs(graph.number_of_edges() / (200 * 199 / 2) - 0.5) < 0.015


def test_partnership_overlap_bridges_clusters():
    graph = cross_district_partnership(rng(), n=1000, n_clusters=5, p_in=0.05, overlap=0.2)
    within, between = densities(graph)
    assert abs(within - 0.05) < 0.006  # pairs sharing a home cluster always share it
    # a cross pair shares a cluster when either joined the other's home (prob 0.2 / 4 each)
    assert abs(between / 0.05 - (1 - (1 - 0.2 / 4) ** 2)) < 0.02


# --- large networks ---


@pytest.mark.slow
def test_random_hundred_thousand_schools():
    graph = random(rng(), n=100_000, mean_degree=6.0)
    assert graph.number_of_nodes() == 100_000
    assert abs(graph.number_of_edges() - 300_000) < 3_000


@pytest.mark.slow
@pytest.mark.parametrize("builder", [small_world, scale_free])
def test_hundred_thousand_schools(builder):
    graph = builder(rng(), n=100_000)
    assert graph.number_of_nodes() == 100_000
    assert abs(graph.number_of_edges() - 200_000) <= 4


# --- determinism and randomness ---


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_same_seed_gives_the_same_graph(name):
    first, second = build_network(name, rng(7)), build_network(name, rng(7))
    assert list(first.edges) == list(second.edges)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))


@pytest.mark.parametrize("name", sorted(set(BUILDERS) - {"ring", "complete"}))
def test_different_seeds_give_different_graphs(name):
    assert list(build_network(name, rng(7)).edges) != list(build_network(name, rng(8)).edges)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builders_draw_only_from_the_given_generator(name):
    stdlib_random.seed(1)
    np.random.seed(1)
    python_state, numpy_state = stdlib_random.getstate(), np.random.get_state()[1].copy()
    build_network(name, rng())
    assert stdlib_random.getstate() == python_state
    assert np.array_equal(np.random.get_state()[1], numpy_state)


def test_tiny_networks_are_allowed():
    assert len(random(rng(), n=1, mean_degree=0.0)) == 1
    assert len(district_clusters(rng(), n_districts=1, schools_per_district=1)) == 1
    assert ring(rng(), n=3, k=2).number_of_edges() == 3


# --- bad input ---

BAD_PARAMS = [
    ("ring", {"n": 10, "k": 7}, "ring: k=7 must be even and less than n=10; choose an even k < n"),
    ("small_world", {"n": 10, "k": 10}, "k=10 must be even and less than n=10"),
    ("small_world", {"p": 1.5}, "small_world: p=1.5 must be a probability in [0, 1]"),
    ("scale_free", {"n": 5, "m": 5}, "scale_free: m=5 must be an integer with 1 ≤ m < n=5"),
    ("random", {"mean_degree": 200.0}, "mean_degree=200.0 must be a number from 0 to n - 1 = 99"),
    ("random", {"n": 0}, "random: n=0 must be an integer from 1 to 10000000"),
    ("random", {"n": 2.5}, "random: n=2.5 must be an integer from 1 to 10000000"),
    ("random", {"n": 10**30}, "must be an integer from 1 to 10000000"),
    ("random", {"n": True}, "random: n=True must be an integer from 1 to 10000000"),
    ("random", {"n_clusters": 101}, "n_clusters=101 must be an integer from 1 to 100"),
    ("hub_spoke_nic", {"n_districts": 0}, "hub_spoke_nic: n_districts=0 must be an integer from 1"),
    ("district_clusters", {"p_out": -0.1}, "district_clusters: p_out=-0.1 must be a probability"),
    ("district_ties", {"ties_within": 10.0}, "ties_within=10.0 must be a number from 0 to "),
    ("district_ties", {"ties_across": 31}, "must be a number from 0 to the 30 schools outside"),
    ("rural_sparse", {"radius": -1.0}, "rural_sparse: radius=-1.0 must be a distance ≥ 0"),
    ("cross_district_partnership", {"overlap": float("nan")}, "overlap=nan must be a probability"),
    ("complete", {"n": 5_001}, "too many to hold; use n ≤ 5,000 or a sparse structure"),
    ("small_world", {"q": 1}, "small_world: unknown parameter 'q'; allowed: n, k, p, n_clusters"),
]


@pytest.mark.parametrize(("name", "params", "fragment"), BAD_PARAMS)
def test_bad_parameters_say_what_is_allowed(name, params, fragment):
    with pytest.raises(InputError) as raised:
        build_network(name, rng(), **params)
    assert fragment in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unknown_structure_lists_the_allowed_names():
    with pytest.raises(InputError, match="unknown network structure 'lattice'") as raised:
        build_network("lattice", rng())
    assert all(name in str(raised.value) for name in BUILDERS)
