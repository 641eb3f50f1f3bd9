"""Scale-up strategies: which schools start, and which ties a network designer adds
(docs/model.md §2.7).

Valente (2012) sorts network interventions into four families, and the strategies here cover
three of them:

- *identify individuals*: ``most_connected``, ``friend_nomination``, ``bright_spots``,
  ``bridges``, ``equity_first`` (and ``explicit``, the designer's own list);
- *segment*: ``clustered_pilot`` (one whole cluster) and ``diverse_pilot`` (one school per
  cluster);
- *alter the network*: :func:`add_bridges` (new ties across clusters).

(The fourth, *induce interaction*, is the hub's convenings and learning walks, not a seeding
choice.) ``random`` is the benchmark every other strategy should beat.

Every function takes its randomness from the given :class:`numpy.random.Generator`, so the same
generator state always chooses the same schools. Ties in a ranking (two schools with the same
degree, capacity, baseline or betweenness) are broken uniformly at random, never by school
number. Every strategy costs O(n + m) or O(n log n) for n schools and m ties, except
``bridges`` (betweenness: O(n m) exactly up to 2,000 schools, O(200 m) estimated above).

References
----------
.. [1] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from simulation.adjacency import Adjacency
from simulation.errors import InputError
from simulation.school_graph import SchoolGraph
from simulation.seeding import random_schools

SEEDING_STRATEGIES: tuple[str, ...] = (
    "random",
    "most_connected",
    "friend_nomination",
    "bright_spots",
    "clustered_pilot",
    "diverse_pilot",
    "bridges",
    "equity_first",
    "explicit",
)

NOMINATION_ROUNDS = 32
"""Rounds of friend nominations before the missing seeds are drawn at random."""
EXACT_BETWEENNESS_SCHOOLS = 2_000
"""Networks up to this size get exact betweenness; larger ones an estimate."""
BETWEENNESS_PIVOTS = 200
"""Source schools sampled for the betweenness estimate (Brandes & Pich 2007)."""
_PIVOT_BLOCK_ENTRIES = 2**21
"""Bound on sources × schools per betweenness block: keeps memory near 50 MB per block."""
_MAX_PAIR_BATCH = 2**22
"""Bound on candidate pairs drawn at once by :func:`add_bridges`."""


def choose_seeds(
    strategy: str,
    count: int,
    *,
    adjacency: Adjacency,
    cluster: np.ndarray,
    capacity: np.ndarray,
    baseline: np.ndarray,
    rng: np.random.Generator,
    explicit: list[int] | None = None,
) -> np.ndarray:
    """The initial adopters chosen by a named scale-up strategy.

    Parameters
    ----------
    strategy : str
        One of :data:`SEEDING_STRATEGIES`:

        - ``random``: uniformly at random (the benchmark);
        - ``most_connected``: the schools with the most ties (:func:`most_connected`);
        - ``friend_nomination``: random neighbours of random schools (:func:`friend_nomination`);
        - ``bright_spots``: the highest-capacity schools (:func:`bright_spots`);
        - ``clustered_pilot``: a connected group inside one cluster (:func:`clustered_pilot`);
        - ``diverse_pilot``: one school per cluster, in turn (:func:`diverse_pilot`);
        - ``bridges``: the highest betweenness centrality (:func:`bridges`);
        - ``equity_first``: the lowest baseline (:func:`equity_first`);
        - ``explicit``: the schools listed in ``explicit`` (:func:`explicit_schools`).
    count : int
        Number of initial adopters, 0 to the number of schools; ignored by ``explicit``.
    adjacency : Adjacency
        The network's ties.
    cluster : numpy.ndarray of int
        Each school's cluster (district, region or research cluster); any integer labels.
    capacity : numpy.ndarray of float
        Each school's improvement capacity.
    baseline : numpy.ndarray of float
        Each school's baseline outcome.
    rng : numpy.random.Generator
        Source of all randomness.
    explicit : list of int, optional
        The school indices for ``explicit``.

    Returns
    -------
    numpy.ndarray of int64
        Sorted distinct school indices: ``count`` of them, or the ``explicit`` list.

    Raises
    ------
    InputError
        For an unknown strategy, a count that is negative or larger than the network, or a bad
        ``explicit`` list.
    """
    n = adjacency.n_schools
    if strategy not in SEEDING_STRATEGIES:
        raise InputError(
            f"strategy.seeding={strategy!r} is unknown; allowed: {', '.join(SEEDING_STRATEGIES)}"
        )
    if strategy == "explicit":
        return explicit_schools(explicit, n)
    if not _is_integer(count) or count < 0:
        raise InputError(f"strategy.count={count!r} must be a whole number of schools ≥ 0")
    if count > n:
        raise InputError(
            f"strategy.count={count}: {count} initial adopters requested "
            f"but the network has {n} schools"
        )
    count = int(count)
    match strategy:
        case "random":
            chosen = random_schools(n, count, rng)
        case "most_connected":
            chosen = most_connected(adjacency, count, rng)
        case "friend_nomination":
            chosen = friend_nomination(adjacency, count, rng)
        case "bright_spots":
            chosen = bright_spots(capacity, count, rng)
        case "clustered_pilot":
            chosen = clustered_pilot(adjacency, cluster, count, rng)
        case "diverse_pilot":
            chosen = diverse_pilot(cluster, count, rng)
        case "bridges":
            chosen = bridges(adjacency, count, rng)
        case "equity_first":
            chosen = equity_first(baseline, count, rng)
    return np.sort(np.asarray(chosen, dtype=np.int64))


# --- identify individuals (Valente 2012) ---


def most_connected(adjacency: Adjacency, count: int, rng: np.random.Generator) -> np.ndarray:
    """The ``count`` schools with the most ties: start with the network's hubs.

    The intuitive choice of a network designer ("start with the best-connected schools").
    In Kim et al.'s (2015) village trial it reached *fewer* people than random seeding
    (61.0 % vs 66.2 % uptake): hubs are few, often tied to each other, and a hub's many
    contacts each hear from it only once.

    Parameters
    ----------
    adjacency : Adjacency
        The network's ties; a school's degree is its number of neighbours.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Breaks ties between schools of equal degree at random.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in order of decreasing degree.

    Notes
    -----
    One sort of the degrees, O(n log n).

    References
    ----------
    .. [1] Kim, D. A., Hwong, A. R., Stafford, D., Hughes, D. A., O'Malley, A. J., Fowler, J. H.
       & Christakis, N. A. (2015). Social network targeting to maximise population behaviour
       change: a cluster randomised controlled trial. *The Lancet* 386(9989), 145–153.
    .. [2] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
    """
    return _top(adjacency.degree, count, rng)


def friend_nomination(adjacency: Adjacency, count: int, rng: np.random.Generator) -> np.ndarray:
    """Random neighbours of random schools: ask a school at random to name a partner school.

    Exploits the friendship paradox: a random school's neighbour is on average better connected
    than a random school, yet, unlike the most connected schools, the nominees are spread
    over the network. Needs no map of the network, only one question per school asked: a
    cheap strategy for a hub that does not know its members' ties. In Kim et al.'s (2015)
    cluster-randomised trial in 32 Honduran villages, seeding the nominees gave 74.3 % uptake
    (of multivitamins) against 66.2 % for random and 61.0 % for the most connected villagers.

    Repeatedly picks a school uniformly at random and then one of its neighbours uniformly at
    random (a school with no ties nominates itself), keeping each nominee the first time it is
    named, until ``count`` distinct schools are named.

    Parameters
    ----------
    adjacency : Adjacency
        The network's ties.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Source of the askers and their nominations.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in the order first nominated.

    Notes
    -----
    Nominations are drawn in batches of at least twice the number still missing, so the cost
    is O(count log count) in a few rounds. A school tied only to well-nominated schools may
    rarely be named (each leaf of a star is named with probability 1 / n(n - 1) per draw), so
    after 32 rounds any seeds still missing are drawn uniformly from the schools not yet
    nominated. That happens only when most of such a network is asked for; the nominees up to
    then follow the sequential procedure exactly.

    References
    ----------
    .. [1] Kim, D. A., Hwong, A. R., Stafford, D., Hughes, D. A., O'Malley, A. J., Fowler, J. H.
       & Christakis, N. A. (2015). Social network targeting to maximise population behaviour
       change: a cluster randomised controlled trial. *The Lancet* 386(9989), 145–153.
    .. [2] Feld, S. L. (1991). Why your friends have more friends than you do. *American
       Journal of Sociology* 96(6), 1464–1477.
    """
    n = adjacency.n_schools
    indptr, indices, degree = adjacency.ties.indptr, adjacency.ties.indices, adjacency.degree
    chosen = np.empty(0, dtype=np.int64)
    for _ in range(NOMINATION_ROUNDS):
        missing = count - chosen.size
        if missing <= 0:
            break
        asked = rng.integers(n, size=2 * missing + 16)
        offset = (rng.random(asked.size) * degree[asked]).astype(np.int64)
        nominee = asked.copy()
        tied = degree[asked] > 0
        nominee[tied] = indices[indptr[asked[tied]] + offset[tied]]
        chosen = _first_distinct(np.concatenate([chosen, nominee]))
    chosen = chosen[:count]
    missing = count - chosen.size
    if missing > 0:
        rest = np.setdiff1d(np.arange(n), chosen, assume_unique=True)
        chosen = np.concatenate([chosen, rng.choice(rest, size=missing, replace=False)])
    return chosen


def bright_spots(capacity: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """The ``count`` schools with the highest improvement capacity: start where success is likely.

    "Find the bright spots and clone them" (Heath & Heath 2010): start with the schools most
    able to run disciplined improvement cycles, so that early results are real and visible.
    The risk a designer should weigh: capable schools may be similar and tied to each other,
    and their success may not transfer to low-capacity schools. Choosing by capacity is a
    model assumption [A]; the source recommends studying what works, not a capacity measure.

    Parameters
    ----------
    capacity : numpy.ndarray of float
        Each school's improvement capacity.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Breaks ties between schools of equal capacity at random.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in order of decreasing capacity.

    Notes
    -----
    One sort, O(n log n).

    References
    ----------
    .. [1] Heath, C. & Heath, D. (2010). *Switch: How to Change Things When Change Is Hard.*
       Broadway Books.
    """
    return _top(np.asarray(capacity, dtype=np.float64), count, rng)


def bridges(adjacency: Adjacency, count: int, rng: np.random.Generator) -> np.ndarray:
    """The ``count`` schools with the highest betweenness: start with the brokers between groups.

    A school's betweenness is the share of shortest paths between other schools that run
    through it (Freeman 1977): the brokers that connect otherwise separate clusters. Seeding
    them places early adopters where news can cross from one cluster into another, rather than
    circulating inside one.

    Parameters
    ----------
    adjacency : Adjacency
        The network's ties (weights ignored: a path's length is its number of ties).
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Samples the pivot schools of the estimate and breaks ties at random.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in order of decreasing betweenness.

    Notes
    -----
    Brandes's (2001) algorithm: one breadth-first search per source school, then the
    dependencies accumulated back up the search. Up to 2,000 schools every school is a source
    and the betweenness is exact, O(n m). Above that, 200 source schools (pivots) are sampled
    uniformly without replacement and their dependencies summed: an unbiased estimate of the
    betweenness up to the factor n / 200, which leaves the ranking unchanged (Brandes & Pich
    2007). Its cost, O(200 m), grows with the network like any other step, and it ranks the
    clear brokers reliably, but schools whose betweenness differs by little may swap places.
    Scores equal to 12 significant digits count as ties (exactly equal betweenness can differ in
    the last bits with the order of summation). The searches run in blocks of sources at once
    as sparse matrix products: about 10 s for 100,000 schools with mean degree 6 (NetworkX
    needs about 1.3 s per source there, over 4 minutes for 200). Each breadth-first level also
    costs O(n), which dominates when the diameter grows with n: a 100,000-school ring takes
    over a minute.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163–177.
    .. [3] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
       *International Journal of Bifurcation and Chaos* 17(7), 2303–2318.
    .. [4] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
    """
    n = adjacency.n_schools
    if n <= EXACT_BETWEENNESS_SCHOOLS:
        sources = np.arange(n)
    else:
        sources = rng.choice(n, size=BETWEENNESS_PIVOTS, replace=False)
    score = _pivot_betweenness(adjacency.ties, sources)
    if score.max(initial=0.0) > 0:
        score = np.round(score / score.max(), 12)
    return _top(score, count, rng)


def equity_first(baseline: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """The ``count`` schools with the lowest baseline: start where the need is greatest.

    A values choice rather than a diffusion tactic [A]: the schools furthest behind get the
    practice, the coaching and the hub's attention first. A designer should weigh it against
    the risk that low-baseline schools often have low capacity too, so early cycles may stall
    and the practice spread slowly from them.

    Parameters
    ----------
    baseline : numpy.ndarray of float
        Each school's baseline outcome.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Breaks ties between schools of equal baseline at random.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in order of increasing baseline.

    Notes
    -----
    One sort, O(n log n).
    """
    return _top(-np.asarray(baseline, dtype=np.float64), count, rng)


def explicit_schools(schools: list[int] | None, n_schools: int) -> np.ndarray:
    """The schools a designer names: checks that each is a distinct school of the network.

    Parameters
    ----------
    schools : list of int
        School indices, each 0 to n - 1, no repeats.
    n_schools : int
        Schools in the network.

    Returns
    -------
    numpy.ndarray of int64
        The schools, sorted.

    Raises
    ------
    InputError
        For a missing list, an id that is not a whole number or not in 0..n-1, or a repeat.
    """
    if schools is None:
        raise InputError(
            "strategy.seeding='explicit' needs strategy.explicit, a list of school ids"
        )
    for school in schools:
        if not _is_integer(school):
            raise InputError(
                f"strategy.explicit: {school!r} is not a school id; ids are whole numbers"
            )
        if not 0 <= school < n_schools:
            raise InputError(
                f"strategy.explicit: school {school} is not in the network; "
                f"ids run 0..{n_schools - 1}"
            )
    chosen = np.asarray(schools, dtype=np.int64)
    ordered = np.sort(chosen)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if repeated.size:
        raise InputError(f"strategy.explicit: school {repeated[0]} is listed more than once")
    return ordered


# --- segment (Valente 2012) ---


def clustered_pilot(
    adjacency: Adjacency, cluster: np.ndarray, count: int, rng: np.random.Generator
) -> np.ndarray:
    """A connected group of schools inside one cluster: a concentrated pilot.

    All seeds go to one cluster (a district, a region), and inside it to a connected
    neighbourhood, so that schools hear about the practice from several partners at once. When
    adoption needs reinforcement from several neighbours (complex contagion) this should spread
    further: in Centola's (2010) online experiment a health behaviour reached 54 % of the
    people in clustered networks against 38 % in random ones. Wan, Riedl & Lazer (2025) find
    that with probabilistic adoption random networks spread as far or farther in most of the
    parameter space; compare with ``diverse_pilot``.

    The cluster is chosen at random among those with at least ``count`` schools. Inside it, the
    seeds are the schools nearest (in ties within the cluster) to a random school of the cluster,
    and then, if that school's part of the cluster is too small, the rest of the cluster at
    random. When no cluster is large enough, the largest cluster (ties at random) is taken whole
    and filled up with the schools nearest to it in the whole network, then at random.

    Parameters
    ----------
    adjacency : Adjacency
        The network's ties.
    cluster : numpy.ndarray of int
        Each school's cluster.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Chooses the cluster and the starting school and breaks ties at random.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, nearest first.

    Notes
    -----
    Schools at equal distance are taken in random order, so every prefix of the choice is
    connected as far as the network allows. One breadth-first search (scipy's Dijkstra with unit
    lengths), O((n + m) log n).

    References
    ----------
    .. [1] Centola, D. (2010). The spread of behavior in an online social network experiment.
       *Science* 329(5996), 1194–1197.
    .. [2] Wan, A., Riedl, C. & Lazer, D. (2025). Diffusion of complex contagions is shaped by
       a trade-off between reach and reinforcement. *PNAS* 122(28), e2422892122.
    .. [3] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
    """
    _, code, sizes = np.unique(cluster, return_inverse=True, return_counts=True)
    large_enough = np.flatnonzero(sizes >= count)
    if large_enough.size:
        members = np.flatnonzero(code == rng.choice(large_enough))
        within = adjacency.ties[members][:, members]
        distance = dijkstra(
            within, directed=False, indices=rng.integers(members.size), unweighted=True
        )
        return members[_nearest_first(distance, rng)[:count]]
    largest = rng.choice(np.flatnonzero(sizes == sizes.max()))
    distance = dijkstra(
        adjacency.ties,
        directed=False,
        indices=np.flatnonzero(code == largest),
        unweighted=True,
        min_only=True,
    )
    return _nearest_first(distance, rng)[:count]


def diverse_pilot(cluster: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """One school per cluster, in turn: a pilot spread across every district.

    The clusters are put in a random order and take turns, each giving one random school of its
    own per turn, until ``count`` schools are chosen (a cluster that runs out drops from the
    turns). Every cluster gets a local example early, which suits simple contagion and gives
    each district its own evidence; the cost is that no school hears from more than a few
    seeds. The counterpart of ``clustered_pilot`` [A: no trial compares the two for schools].

    Parameters
    ----------
    cluster : numpy.ndarray of int
        Each school's cluster.
    count : int
        Schools to choose, 0 to n.
    rng : numpy.random.Generator
        Chooses the order of the clusters and the school from each.

    Returns
    -------
    numpy.ndarray of int64
        The chosen schools, in the order of their turns.

    Notes
    -----
    One shuffle and two sorts, O(n log n).

    References
    ----------
    .. [1] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
    """
    labels, code = np.unique(cluster, return_inverse=True)
    code = code.ravel()
    turn_of_cluster = rng.permutation(labels.size)
    shuffled = rng.permutation(code.size)
    # the rank of each school among its cluster's schools in the shuffled order
    by_cluster = shuffled[np.argsort(code[shuffled], kind="stable")]
    starts = np.searchsorted(code[by_cluster], code[by_cluster])
    rank = np.empty(code.size, dtype=np.int64)
    rank[by_cluster] = np.arange(code.size) - starts
    order = np.lexsort((turn_of_cluster[code], rank))
    return order[:count]


# --- alter the network (Valente 2012) ---


def add_bridges(graph: SchoolGraph, k: int, rng: np.random.Generator) -> SchoolGraph:
    """A copy of the network with ``k`` new ties between schools of different clusters.

    A network alteration: the hub brokers partnerships across districts. Fang, Lee & Schilling
    (2010) found that an organisation learns best when its subgroups are moderately linked:
    isolated subgroups keep diverse solutions alive, a few cross-group ties let the best ones
    spread; too many ties make every subgroup converge early on the same, possibly poor,
    solution. Sweeping ``k`` shows where a given network sits on that curve.

    The new ties are a uniform random sample of the cross-cluster pairs not already tied.

    Parameters
    ----------
    graph : SchoolGraph
        The network, with at least two clusters.
    k : int
        New ties, 0 to the number of untied cross-cluster pairs.
    rng : numpy.random.Generator
        Source of the new ties.

    Returns
    -------
    SchoolGraph
        A copy of ``graph`` (the original is untouched) with the ``k`` new ties after its
        own; they have weight 1 if the ties of the graph have weights.

    Raises
    ------
    InputError
        For a single cluster, a negative ``k``, or more new ties than there are untied
        cross-cluster pairs.

    Notes
    -----
    Pairs are drawn in vectorised batches, each draw a uniform cross-cluster pair (a school with
    probability proportional to the number of schools outside its cluster, then one of those),
    and kept when not yet tied and not yet drawn. Expected cost O(n + m + k C / A) for C
    cross-cluster pairs of which A are untied: O(n + m + k) unless the clusters are already
    almost completely tied to each other.

    References
    ----------
    .. [1] Fang, C., Lee, J. & Schilling, M. A. (2010). Balancing exploration and exploitation
       through structural design: the isolation of subgroups and organizational learning.
       *Organization Science* 21(3), 625–642.
    .. [2] Valente, T. W. (2012). Network interventions. *Science* 337(6090), 49–53.
    """
    if not _is_integer(k) or k < 0:
        raise InputError(f"add_bridges: k={k!r} must be a whole number of new ties ≥ 0")
    n = graph.n_schools
    _, code, sizes = np.unique(graph.cluster, return_inverse=True, return_counts=True)
    code = code.ravel()
    if sizes.size < 2:
        raise InputError(
            "add_bridges: the network has a single cluster, so no tie can cross clusters; "
            "give the schools at least two different 'cluster' values"
        )
    ends = graph.ties
    tied = np.unique(_pair_key(ends[:, 0], ends[:, 1], n))
    tied_across = np.count_nonzero(code[tied // n] != code[tied % n])
    cross_pairs = (n * n - int(np.sum(sizes.astype(np.int64) ** 2))) // 2
    untied = cross_pairs - tied_across
    if k > untied:
        raise InputError(
            f"add_bridges: k={k} new ties requested but only {untied} cross-cluster pairs of "
            "schools are not yet tied"
        )
    new = _untied_cross_pairs(code, sizes, tied, int(k), untied, cross_pairs, rng)
    return graph.with_ties(np.column_stack(np.divmod(new, n)))


def _untied_cross_pairs(code, sizes, tied, k: int, untied: int, cross_pairs: int, rng):
    """Keys of ``k`` distinct untied cross-cluster pairs, a uniform sample in the order drawn."""
    n = code.size
    by_cluster = np.argsort(code, kind="stable")
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    outside = (n - sizes)[code]
    cumulative = np.cumsum(outside)
    chosen = np.empty(0, dtype=np.int64)
    while chosen.size < k:
        # enough draws to find the missing pairs at the current acceptance rate, with margin
        missing = k - chosen.size
        batch = min(
            int(1.25 * missing * cross_pairs / (untied - chosen.size)) + 16, _MAX_PAIR_BATCH
        )
        school = np.searchsorted(cumulative, rng.random(batch) * cumulative[-1], side="right")
        own = code[school]
        other = (rng.random(batch) * outside[school]).astype(np.int64)
        other += np.where(other >= start[own], sizes[own], 0)  # skip the school's own cluster
        key = _pair_key(school, by_cluster[other], n)
        key = key[~np.isin(key, tied)]
        chosen = _first_distinct(np.concatenate([chosen, key]))[:k]
    return chosen


def _pair_key(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """One integer per unordered pair {i, j}: min · n + max."""
    return np.minimum(i, j) * n + np.maximum(i, j)


# --- shared helpers ---


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _top(score: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """The ``count`` highest-scoring schools, ties in random order (a shuffle, then stable sort)."""
    shuffled = rng.permutation(score.size)
    return shuffled[np.argsort(-score[shuffled], kind="stable")[:count]]


def _nearest_first(distance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Schools by increasing distance, equal distances (and the unreachable) in random order."""
    shuffled = rng.permutation(distance.size)
    return shuffled[np.argsort(distance[shuffled], kind="stable")]


def _first_distinct(stream: np.ndarray) -> np.ndarray:
    """The distinct values of ``stream`` in the order of their first appearance."""
    _, first = np.unique(stream, return_index=True)
    return stream[np.sort(first)]


def _pivot_betweenness(ties: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Each school's summed dependency over ``sources`` (Brandes 2001), unit tie lengths.

    With every school a source this is twice the (unnormalised, undirected) betweenness.
    Sources are processed in blocks; see :func:`_block_dependencies`.
    """
    n = ties.shape[0]
    block = max(1, _PIVOT_BLOCK_ENTRIES // max(n, 1))
    total = np.zeros(n)
    for start in range(0, sources.size, block):
        total += _block_dependencies(ties, sources[start : start + block])
    return total


def _block_dependencies(ties: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Brandes's accumulation for a block of b sources at once, as sparse matrix products.

    Row s of a b × n sparse matrix holds one source's current breadth-first frontier. Forward,
    ``frontier @ ties`` gives every neighbour of the frontier its number of shortest paths σ
    (the sum of σ over its neighbours one step nearer the source); the ones not yet reached
    form the next frontier. Backward, level by level from the farthest, each school v receives
    σ(v) Σ (1 + δ(w)) / σ(w) over its neighbours w one step farther: its dependency δ(v). The
    frontier is stored as flat keys s · n + school into dense b × n arrays. Work O(b m) in C,
    plus O(n) per level.
    """
    n, b = ties.shape[0], sources.size
    block_rows = np.arange(b)
    dist = np.full(b * n, -1, dtype=np.int32)
    sigma = np.zeros(b * n)
    levels = [block_rows * n + sources]
    dist[levels[0]] = 0
    sigma[levels[0]] = 1.0
    while True:
        reached = _frontier(levels[-1], sigma[levels[-1]], b, n) @ ties
        key = np.repeat(block_rows * n, np.diff(reached.indptr)) + reached.indices
        new = dist[key] < 0
        if not new.any():
            break
        key = key[new]
        dist[key] = len(levels)
        sigma[key] = reached.data[new]
        levels.append(np.sort(key))  # in school order within each source: faster products
    delta = np.zeros(b * n)
    for depth in range(len(levels) - 1, 0, -1):
        key = levels[depth]
        back = _frontier(key, (1.0 + delta[key]) / sigma[key], b, n) @ ties
        parent = np.repeat(block_rows * n, np.diff(back.indptr)) + back.indices
        nearer = dist[parent] == depth - 1
        parent = parent[nearer]
        delta[parent] += sigma[parent] * back.data[nearer]
    delta[levels[0]] = 0.0
    return delta.reshape(b, n).sum(axis=0)


def _frontier(key: np.ndarray, values: np.ndarray, b: int, n: int) -> sp.csr_array:
    """The b × n CSR matrix holding ``values`` at the flat keys ``key`` (sorted by row)."""
    row, school = np.divmod(key, n)
    indptr = np.searchsorted(row, np.arange(b + 1))
    return sp.csr_array((values, school, indptr), shape=(b, n))
