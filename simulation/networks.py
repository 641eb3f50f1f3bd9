"""Network builders: the structures through which schools exchange evidence (docs/model.md §2.7).

Each builder is a pure function ``name(rng, ...) -> SchoolGraph``: schools are the integers
``0..n-1``, each with an integer ``cluster`` (0-based district, region or research cluster),
and the ties are an array of pairs; all randomness comes from the given
:class:`numpy.random.Generator`, so the same generator state always gives the same network,
tie for tie and in the same order. ``SchoolGraph.to_networkx`` gives the NetworkX graph.

Random structures are sampled in time proportional to the number of schools plus ties, so they
work from a workshop's ten schools to a sweep's hundred thousand. A random pair set is drawn
exactly: the number of ties in a set of N candidate pairs is Binomial(N, p) and, given that
number, the ties are a uniform sample of distinct pairs, which is the same law as N independent
coin flips (Batagelj & Brandes 2005 reach the same cost by geometric skipping).

Defaults follow docs/model.md §2.7; the docstrings tag each as evidence [E] or assumption [A].
"""

import inspect
import numbers
from collections.abc import Callable

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from simulation.errors import InputError
from simulation.school_graph import SchoolGraph

MAX_COMPLETE_SCHOOLS = 5_000
MAX_SCHOOLS = 10_000_000
"""Largest network a builder makes (a hundred times the largest tested, 100,000)."""


# --- parameter checks: each returns the value as a plain Python number or raises InputError ---


def _integer(builder: str, name: str, value, low: int, high: int | None = None) -> int:
    is_int = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if is_int and low <= value and (high is None or value <= high):
        return int(value)
    allowed = f"an integer ≥ {low}" if high is None else f"an integer from {low} to {high}"
    raise InputError(f"{builder}: {name}={value!r} must be {allowed}")


def _real(builder: str, name: str, value, low: float, high: float, what: str) -> float:
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if is_real and low <= value <= high:  # NaN fails both comparisons
        return float(value)
    raise InputError(f"{builder}: {name}={value!r} must be {what}")


def _probability(builder: str, name: str, value) -> float:
    return _real(builder, name, value, 0.0, 1.0, "a probability in [0, 1]")


def _even_degree(builder: str, k, n: int) -> int:
    is_int = isinstance(k, numbers.Integral) and not isinstance(k, bool)
    if is_int and 0 <= k < n and k % 2 == 0:
        return int(k)
    raise InputError(f"{builder}: k={k!r} must be even and less than n={n}; choose an even k < n")


# --- sampling helpers ---


def _sample_pairs(rng: np.random.Generator, n_pairs: int, p: float) -> np.ndarray:
    """Indices of the pairs, out of ``n_pairs``, that are tied when each is tied with prob ``p``.

    Draws the count M ~ Binomial(n_pairs, p), then M distinct indices uniformly; sorted.
    Cost O(M) when p is small, O(n_pairs) = O(M / p) otherwise.
    """
    count = rng.binomial(n_pairs, p)
    chosen = rng.choice(n_pairs, size=count, replace=False, shuffle=False)
    return np.sort(chosen)


def _decode_triangle(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map linear pair indices to pairs (i, j), i < j, enumerated (0,1), (0,2), (1,2), (0,3), …"""
    index = np.asarray(index, dtype=np.int64)
    j = ((1 + np.sqrt(1 + 8 * index.astype(np.float64))) // 2).astype(np.int64)
    j -= j * (j - 1) // 2 > index  # correct floating-point rounding either way
    j += (j + 1) * j // 2 <= index
    return index - j * (j - 1) // 2, j


def _gnp_edges(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Ties of the Erdős–Rényi graph G(n, p) as an (m, 2) array; cost O(n + m)."""
    i, j = _decode_triangle(_sample_pairs(rng, n * (n - 1) // 2, p))
    return np.column_stack([i, j])


def _block_clusters(n: int, n_clusters: int) -> np.ndarray:
    """Clusters as contiguous index blocks whose sizes differ by at most one."""
    return np.arange(n, dtype=np.int64) * n_clusters // n


def _nx_seed(rng: np.random.Generator) -> int:
    """A seed for a NetworkX generator, drawn from ``rng`` so the graph follows the rng."""
    return int(rng.integers(2**32))


def _graph(clusters: np.ndarray, edges: np.ndarray) -> SchoolGraph:
    """Schools 0..n-1 with their ``cluster`` and the ties of an (m, 2) array."""
    return SchoolGraph(clusters.astype(np.int64), edges.astype(np.int64).reshape(-1, 2))


def _from_generator(generated: nx.Graph, clusters: np.ndarray) -> SchoolGraph:
    """The ties of a NetworkX generator's graph on nodes 0..n-1, with the given clusters."""
    ties = np.array(list(generated.edges()), dtype=np.int64)
    return _graph(clusters, ties)


# --- builders ---


def hub_spoke_nic(
    rng: np.random.Generator, n: int = 20, n_districts: int = 3, p: float = 0.08
) -> SchoolGraph:
    """A hub-led Networked Improvement Community: member schools with sparse lateral ties.

    The hub is not a node (it reaches every member through its supports); the graph holds only
    the lateral ties between member schools, each present independently with probability ``p``.
    Members come from ``n_districts`` districts, assigned in contiguous blocks.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n : int, default 20
        Member schools [E: BTEN had 19 schools; the Gates Foundation's Networks for School
        Improvement have about 20, ranging from under 10 to over 50].
    n_districts : int, default 3
        Districts the members come from, 1 to n [A].
    p : float, default 0.08
        Probability of a lateral tie between two members [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with integer attribute ``cluster`` = district.

    Notes
    -----
    Lateral ties are G(n, p), sampled in O(n + m) time for m ties.

    References
    ----------
    .. [1] Bryk, A. S., Gomez, L. M., Grunow, A. & LeMahieu, P. G. (2015). *Learning to
       Improve: How America's Schools Can Get Better at Getting Better.* Harvard Education Press.
    .. [2] Bill & Melinda Gates Foundation, Networks for School Improvement (NSI).
    """
    n = _integer("hub_spoke_nic", "n", n, 1, MAX_SCHOOLS)
    n_districts = _integer("hub_spoke_nic", "n_districts", n_districts, 1, n)
    p = _probability("hub_spoke_nic", "p", p)
    return _graph(_block_clusters(n, n_districts), _gnp_edges(rng, n, p))


def district_clusters(
    rng: np.random.Generator,
    n_districts: int = 4,
    schools_per_district: int = 10,
    p_in: float = 0.30,
    p_out: float = 0.02,
) -> SchoolGraph:
    """Schools in districts, dense ties inside a district and sparse ones across (an SBM).

    A stochastic block model: two schools of the same district are tied with probability
    ``p_in``, two of different districts with ``p_out``, each pair independently.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n_districts : int, default 4
        Districts [A].
    schools_per_district : int, default 10
        Schools in each district; nodes of a district are contiguous [A].
    p_in : float, default 0.30
        Tie probability within a district [A].
    p_out : float, default 0.02
        Tie probability across districts [A; the sparse, centralised cross-school ties that
        Daly & Finnigan found in an urban district are evidence for p_out << p_in].

    Returns
    -------
    SchoolGraph
        ``n_districts * schools_per_district`` nodes with ``cluster`` = district.

    Notes
    -----
    All within-district pairs form one pool and all cross-district pairs another; each pool
    is sampled with a Binomial count and distinct uniform pair indices, so the cost is
    O(n + m) for sparse blocks (O(number of pairs) when a probability is large).

    With fixed probabilities a school's expected ties grow with the network; to scale a
    network at a stated mean degree use :func:`district_ties`.

    References
    ----------
    .. [1] Holland, P. W., Laskey, K. B. & Leinhardt, S. (1983). Stochastic blockmodels:
       First steps. *Social Networks* 5(2), 109–137.
    .. [2] Daly, A. J. & Finnigan, K. S. (2010). A bridge between worlds: understanding
       network structure to understand change strategy. *Journal of Educational Change*
       11(2), 111–138.
    """
    n_districts, size = _districts("district_clusters", n_districts, schools_per_district)
    p_in = _probability("district_clusters", "p_in", p_in)
    p_out = _probability("district_clusters", "p_out", p_out)
    return _block_model(rng, n_districts, size, p_in, p_out)


def _districts(builder: str, n_districts, schools_per_district) -> tuple[int, int]:
    """The checked number of districts and schools per district."""
    n_districts = _integer(builder, "n_districts", n_districts, 1, MAX_SCHOOLS)
    limit = MAX_SCHOOLS // n_districts
    return n_districts, _integer(builder, "schools_per_district", schools_per_district, 1, limit)


def _block_model(rng, n_districts: int, size: int, p_in: float, p_out: float) -> SchoolGraph:
    """Districts of ``size`` contiguous schools; pairs tied with p_in inside, p_out across."""
    edges = np.concatenate(
        [
            _within_block_edges(rng, n_districts, size, p_in),
            _between_block_edges(rng, n_districts, size, p_out),
        ]
    )
    return _graph(np.repeat(np.arange(n_districts), size), edges)


def district_ties(
    rng: np.random.Generator,
    n_districts: int = 4,
    schools_per_district: int = 10,
    ties_within: float = 2.7,
    ties_across: float = 0.6,
) -> SchoolGraph:
    """Schools in districts, each with a stated expected number of ties inside and across.

    The stochastic block model of :func:`district_clusters`, parametrised by what a school
    sees rather than by pair probabilities: a school expects ``ties_within`` ties to schools
    of its own district and ``ties_across`` ties to schools of other districts, so
    ``p_in = ties_within / (schools_per_district - 1)`` and
    ``p_out = ties_across / ((n_districts - 1) * schools_per_district)``. A network scaled
    up (more districts or larger ones) keeps its mean degree, ties_within + ties_across,
    where fixed pair probabilities would make it grow with the network.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n_districts : int, default 4
        Districts [A].
    schools_per_district : int, default 10
        Schools in each district; nodes of a district are contiguous [A].
    ties_within : float, default 2.7
        Expected ties of a school inside its district, 0 to schools_per_district - 1 [A;
        2.7 is district_clusters' p_in = 0.3 with 10 schools per district].
    ties_across : float, default 0.6
        Expected ties of a school to other districts, 0 to the schools outside its
        district [A; Daly & Finnigan found cross-school ties sparse; mean degree 2–6 in
        school leaders' advice networks (docs/model.md, pattern P9)].

    Returns
    -------
    SchoolGraph
        ``n_districts * schools_per_district`` schools with ``cluster`` = district.

    Notes
    -----
    Sampled as :func:`district_clusters` (whose references apply), in O(n + m).
    """
    name = "district_ties"
    n_districts, size = _districts(name, n_districts, schools_per_district)
    others = (n_districts - 1) * size
    ties_within = _real(
        name, "ties_within", ties_within, 0.0, size - 1,
        f"a number from 0 to schools_per_district - 1 = {size - 1}",
    )  # fmt: skip
    ties_across = _real(
        name, "ties_across", ties_across, 0.0, others,
        f"a number from 0 to the {others} schools outside a district",
    )  # fmt: skip
    p_in = ties_within / (size - 1) if size > 1 else 0.0
    p_out = ties_across / others if others else 0.0
    return _block_model(rng, n_districts, size, p_in, p_out)


def _within_block_edges(rng, n_blocks: int, size: int, p: float) -> np.ndarray:
    """G(size, p) inside each of ``n_blocks`` equal contiguous blocks, sampled as one pool."""
    per_block = size * (size - 1) // 2
    index = _sample_pairs(rng, n_blocks * per_block, p)
    block, local = np.divmod(index, per_block)
    i, j = _decode_triangle(local)
    return np.column_stack([block * size + i, block * size + j])


def _between_block_edges(rng, n_blocks: int, size: int, p: float) -> np.ndarray:
    """Each pair of schools in different equal contiguous blocks, tied with probability p."""
    per_pair = size * size
    index = _sample_pairs(rng, n_blocks * (n_blocks - 1) // 2 * per_pair, p)
    block_pair, local = np.divmod(index, per_pair)
    a, b = _decode_triangle(block_pair)
    i, j = np.divmod(local, size)
    return np.column_stack([a * size + i, b * size + j])


def rural_sparse(
    rng: np.random.Generator, n: int = 30, radius: float = 0.18, n_regions: int = 4
) -> SchoolGraph:
    """Rural schools far apart: ties only between schools close to each other.

    A random geometric graph: schools are placed uniformly in the unit square and two schools
    are tied when they are within ``radius``. The square is cut into ``n_regions`` equal
    cells (the most nearly square grid: 4 → 2 × 2 quadrants, 6 → 2 × 3, a prime → strips),
    and a school's cluster is its cell. The scenario preset adds the rest of a rural network
    (convenings twice a year, low capacity); the graph is only the geography.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n : int, default 30
        Schools [E: NW RISE links about 30 small rural schools].
    radius : float, default 0.18
        Tie distance in the unit square, ≥ 0 [A].
    n_regions : int, default 4
        Regions (clusters); a region may be empty in a small network [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster`` = region and ``pos`` = (x, y) position.

    Notes
    -----
    Pairs within ``radius`` are found with a k-d tree, O(n log n + m).

    References
    ----------
    .. [1] Penrose, M. (2003). *Random Geometric Graphs.* Oxford University Press.
    .. [2] Northwest Rural Innovation and Student Engagement network (NW RISE).
    """
    n = _integer("rural_sparse", "n", n, 1, MAX_SCHOOLS)
    radius = _real("rural_sparse", "radius", radius, 0.0, np.inf, "a distance ≥ 0")
    n_regions = _integer("rural_sparse", "n_regions", n_regions, 1, n)
    pos = rng.random((n, 2))
    edges = cKDTree(pos).query_pairs(radius, output_type="ndarray")
    edges = edges[np.lexsort((edges[:, 1], edges[:, 0]))]
    return SchoolGraph(_grid_cell(pos, n_regions), edges.astype(np.int64), attributes={"pos": pos})


def _grid_cell(pos: np.ndarray, n_cells: int) -> np.ndarray:
    """Cell of each point of the unit square in the most nearly square rows × cols grid."""
    rows = max(d for d in range(1, int(np.sqrt(n_cells)) + 1) if n_cells % d == 0)
    cols = n_cells // rows
    col = np.minimum((pos[:, 0] * cols).astype(np.int64), cols - 1)
    row = np.minimum((pos[:, 1] * rows).astype(np.int64), rows - 1)
    return row * cols + col


def cross_district_partnership(
    rng: np.random.Generator,
    n: int = 40,
    n_clusters: int = 5,
    p_in: float = 0.3,
    overlap: float = 0.2,
) -> SchoolGraph:
    """Teams from many districts working in overlapping research-action clusters.

    Each team has a home cluster (contiguous blocks) and, with probability ``overlap``, also
    works in one other cluster chosen uniformly. Two teams that share at least one cluster are
    tied with probability ``p_in`` (once, however many clusters they share); teams that share
    none are not tied, so the overlapping members are the bridges between clusters.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n : int, default 40
        Teams [A].
    n_clusters : int, default 5
        Research-action clusters, 1 to n [E: the MTE-Partnership organised its work in five
        research action clusters].
    p_in : float, default 0.3
        Tie probability between two teams sharing a cluster [A].
    overlap : float, default 0.2
        Probability that a team also belongs to a second cluster [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster`` = home cluster.

    Notes
    -----
    Each cluster's member pairs are sampled as in G(n, p); a pair that shares several clusters
    is kept only from the lowest one, so every sharing pair is tied with probability exactly
    ``p_in``. Cost O(n + m) for sparse clusters.

    References
    ----------
    .. [1] Martin, W. G. & Gobstein, H. (2015). Generating a networked improvement community
       to improve secondary mathematics teacher preparation: network leadership, organization,
       and operation. *Journal of Teacher Education* 66(5), 482–493.
    """
    n = _integer("cross_district_partnership", "n", n, 1, MAX_SCHOOLS)
    n_clusters = _integer("cross_district_partnership", "n_clusters", n_clusters, 1, n)
    p_in = _probability("cross_district_partnership", "p_in", p_in)
    overlap = _probability("cross_district_partnership", "overlap", overlap)
    home = _block_clusters(n, n_clusters)
    second = _second_cluster(rng, home, n_clusters, overlap)
    return _graph(home, _shared_cluster_edges(rng, home, second, n_clusters, p_in))


def _second_cluster(rng, home: np.ndarray, n_clusters: int, overlap: float) -> np.ndarray:
    """Each team's second cluster (uniform among the others) with prob ``overlap``, else -1."""
    if n_clusters == 1:
        return np.full_like(home, -1)
    joins = rng.random(home.size) < overlap
    other = (home + rng.integers(1, n_clusters, size=home.size)) % n_clusters
    return np.where(joins, other, -1)


def _shared_cluster_edges(rng, home, second, n_clusters: int, p: float) -> np.ndarray:
    """Ties with prob ``p`` between teams sharing a cluster, each pair decided once."""
    member = np.concatenate([np.arange(home.size), np.flatnonzero(second >= 0)])
    cluster = np.concatenate([home, second[second >= 0]])
    order = np.lexsort((member, cluster))
    member, bounds = member[order], np.searchsorted(cluster[order], np.arange(n_clusters + 1))
    parts = []
    for c in range(n_clusters):
        group = member[bounds[c] : bounds[c + 1]]
        i, j = _decode_triangle(_sample_pairs(rng, group.size * (group.size - 1) // 2, p))
        u, v = group[i], group[j]
        first = ~_share_lower_cluster(home, second, u, v, c)
        parts.append(np.column_stack([u[first], v[first]]))
    return np.concatenate(parts)


def _share_lower_cluster(home, second, u, v, c: int) -> np.ndarray:
    """Whether teams u and v also share a cluster numbered below c."""
    shared = np.zeros(u.size, dtype=bool)
    for mine in (home[u], second[u]):
        shared |= (mine >= 0) & (mine < c) & ((mine == home[v]) | (mine == second[v]))
    return shared


def small_world(
    rng: np.random.Generator, n: int = 100, k: int = 4, p: float = 0.1, n_clusters: int = 1
) -> SchoolGraph:
    """The Watts–Strogatz small world: a ring of local ties with a few random shortcuts.

    Start from a ring where each school is tied to its ``k`` nearest neighbours, then rewire
    each tie's far end, with probability ``p``, to a uniformly chosen school. The shortcuts
    make it nearly as efficient as a random network while it stays clustered; Lazer &
    Friedman (2007) place such networks between the ring and the complete graph.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness (seeds NetworkX's generator).
    n : int, default 100
        Schools [A].
    k : int, default 4
        Ring neighbours, even and less than n [A].
    p : float, default 0.1
        Rewiring probability [A].
    n_clusters : int, default 1
        Clusters as contiguous arcs of the ring, 1 to n [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster``; n·k/2 ties.

    Notes
    -----
    Built by :func:`networkx.watts_strogatz_graph`, O(n k).

    References
    ----------
    .. [1] Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. *Nature* 393, 440–442.
    .. [2] Lazer, D. & Friedman, A. (2007). The network structure of exploration and
       exploitation. *Administrative Science Quarterly* 52(4), 667–694.
    """
    n = _integer("small_world", "n", n, 1, MAX_SCHOOLS)
    k = _even_degree("small_world", k, n)
    p = _probability("small_world", "p", p)
    n_clusters = _integer("small_world", "n_clusters", n_clusters, 1, n)
    generated = nx.watts_strogatz_graph(n, k, p, seed=_nx_seed(rng))
    return _from_generator(generated, _block_clusters(n, n_clusters))


def ring(rng: np.random.Generator, n: int = 100, k: int = 4, n_clusters: int = 1) -> SchoolGraph:
    """A ring lattice: each school tied to its ``k`` nearest schools, ``k/2`` on each side.

    The inefficient, local network of Lazer & Friedman (2007): news travels only from
    neighbour to neighbour, which keeps more solutions alive for longer. Deterministic
    (``rng`` unused).

    Parameters
    ----------
    rng : numpy.random.Generator
        Accepted for a uniform builder signature; a ring has no randomness.
    n : int, default 100
        Schools [A].
    k : int, default 4
        Neighbours, even and less than n [A].
    n_clusters : int, default 1
        Clusters as contiguous arcs of the ring, 1 to n [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster``; n·k/2 ties.

    Notes
    -----
    Vectorised, O(n k).

    References
    ----------
    .. [1] Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. *Nature* 393, 440–442.
    .. [2] Lazer, D. & Friedman, A. (2007). The network structure of exploration and
       exploitation. *Administrative Science Quarterly* 52(4), 667–694.
    """
    n = _integer("ring", "n", n, 1, MAX_SCHOOLS)
    k = _even_degree("ring", k, n)
    n_clusters = _integer("ring", "n_clusters", n_clusters, 1, n)
    u = np.tile(np.arange(n), k // 2)
    v = (u + np.repeat(np.arange(1, k // 2 + 1), n)) % n
    return _graph(_block_clusters(n, n_clusters), np.column_stack([u, v]))


def complete(rng: np.random.Generator, n: int = 50, n_clusters: int = 1) -> SchoolGraph:
    """Every school tied to every other: the most efficient network of Lazer & Friedman.

    Deterministic (``rng`` unused). Limited to 5,000 schools: beyond that the n(n-1)/2 ties
    do not fit in memory; use a sparse structure.

    Parameters
    ----------
    rng : numpy.random.Generator
        Accepted for a uniform builder signature; a complete graph has no randomness.
    n : int, default 50
        Schools, 1 to 5,000 [A].
    n_clusters : int, default 1
        Clusters as contiguous index blocks, 1 to n [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster``; n(n-1)/2 ties.

    Notes
    -----
    O(n²) time and memory.

    References
    ----------
    .. [1] Lazer, D. & Friedman, A. (2007). The network structure of exploration and
       exploitation. *Administrative Science Quarterly* 52(4), 667–694.
    """
    n = _integer("complete", "n", n, 1, MAX_SCHOOLS)
    if n > MAX_COMPLETE_SCHOOLS:
        raise InputError(
            f"complete: n={n} would give {n * (n - 1) // 2:,} ties, too many to hold; "
            f"use n ≤ {MAX_COMPLETE_SCHOOLS:,} or a sparse structure such as random or "
            "small_world"
        )
    n_clusters = _integer("complete", "n_clusters", n_clusters, 1, n)
    return _graph(_block_clusters(n, n_clusters), np.column_stack(np.triu_indices(n, 1)))


def scale_free(
    rng: np.random.Generator, n: int = 100, m: int = 2, n_clusters: int = 1
) -> SchoolGraph:
    """A scale-free network grown by preferential attachment (Barabási–Albert).

    Schools join one at a time and tie to ``m`` existing schools chosen in proportion to their
    ties, so a few well-connected schools emerge: the "most connected" seeding strategy
    matters most here.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness (seeds NetworkX's generator).
    n : int, default 100
        Schools [A].
    m : int, default 2
        Ties made by each joining school, 1 ≤ m < n [A].
    n_clusters : int, default 1
        Clusters as contiguous index blocks (i.e. by joining order), 1 to n [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster``; (n - m)·m ties.

    Notes
    -----
    Built by :func:`networkx.barabasi_albert_graph`, O(n m).

    References
    ----------
    .. [1] Barabási, A.-L. & Albert, R. (1999). Emergence of scaling in random networks.
       *Science* 286, 509–512.
    """
    n = _integer("scale_free", "n", n, 1, MAX_SCHOOLS)
    if not (isinstance(m, numbers.Integral) and not isinstance(m, bool) and 1 <= m < n):
        raise InputError(f"scale_free: m={m!r} must be an integer with 1 ≤ m < n={n}")
    n_clusters = _integer("scale_free", "n_clusters", n_clusters, 1, n)
    generated = nx.barabasi_albert_graph(n, int(m), seed=_nx_seed(rng))
    return _from_generator(generated, _block_clusters(n, n_clusters))


def random(
    rng: np.random.Generator, n: int = 100, mean_degree: float = 6.0, n_clusters: int = 1
) -> SchoolGraph:
    """The Erdős–Rényi random graph G(n, p) with p = mean_degree / (n - 1).

    Every pair of schools is tied independently with the same probability: no clusters, no
    hubs, short paths. The reference network of Watts's (2002) cascade model.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n : int, default 100
        Schools [A].
    mean_degree : float, default 6.0
        Expected ties per school, 0 to n - 1 [A].
    n_clusters : int, default 1
        Clusters as contiguous index blocks, 1 to n [A].

    Returns
    -------
    SchoolGraph
        Nodes 0..n-1 with ``cluster``.

    Notes
    -----
    Exact G(n, p) in O(n + m): the number of ties is Binomial(n(n-1)/2, p) and the tied pairs
    a uniform sample of distinct pairs. (``networkx.gnp_random_graph`` is O(n²).)

    References
    ----------
    .. [1] Erdős, P. & Rényi, A. (1959). On random graphs I. *Publicationes Mathematicae
       Debrecen* 6, 290–297.
    .. [2] Watts, D. J. (2002). A simple model of global cascades on random networks.
       *PNAS* 99(9), 5766–5771.
    .. [3] Batagelj, V. & Brandes, U. (2005). Efficient generation of large random networks.
       *Physical Review E* 71, 036113.
    """
    n = _integer("random", "n", n, 1, MAX_SCHOOLS)
    mean_degree = _real(
        "random", "mean_degree", mean_degree, 0.0, n - 1, f"a number from 0 to n - 1 = {n - 1}"
    )
    n_clusters = _integer("random", "n_clusters", n_clusters, 1, n)
    p = mean_degree / (n - 1) if n > 1 else 0.0
    return _graph(_block_clusters(n, n_clusters), _gnp_edges(rng, n, p))


BUILDERS: dict[str, Callable[..., SchoolGraph]] = {
    builder.__name__: builder
    for builder in (
        hub_spoke_nic,
        district_clusters,
        district_ties,
        rural_sparse,
        cross_district_partnership,
        small_world,
        ring,
        complete,
        scale_free,
        random,
    )
}


def build_network(name: str, rng: np.random.Generator, **params) -> SchoolGraph:
    """Build the named network structure with ``rng`` and the given builder parameters.

    Raises
    ------
    InputError
        For an unknown structure name or parameter, or a parameter value out of range.
    """
    builder = BUILDERS.get(name)
    if builder is None:
        raise InputError(
            f"unknown network structure {name!r}; choose one of: {', '.join(BUILDERS)}"
        )
    allowed = [param for param in inspect.signature(builder).parameters if param != "rng"]
    unknown = [param for param in params if param not in allowed]
    if unknown:
        raise InputError(
            f"{name}: unknown parameter {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed)}"
        )
    return builder(rng, **params)
