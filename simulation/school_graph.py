"""The school network as arrays: each school's cluster and the list of ties between schools.

This is what the network builders return and what the model is built from. Arrays make a
network of 100,000 schools and millions of ties quick to build, to turn into the CSR form
every rule computes on (``simulation.adjacency``), and to hold in memory; a NetworkX graph
of the same network is made only when asked for (``to_networkx``), e.g. for a layout.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np


@dataclass(frozen=True, eq=False)
class SchoolGraph:
    """Schools 0..n-1 in clusters, with undirected ties listed once each.

    Attributes
    ----------
    cluster : numpy.ndarray
        (n,) integer district, region or research cluster of each school.
    ties : numpy.ndarray
        (m, 2) integer pairs of tied schools, each tie once.
    weights : numpy.ndarray or None
        (m,) tie weights, or None when the network has none (every tie counts 1).
    attributes : mapping of str to numpy.ndarray
        Further per-school values: ``pos`` ((n, 2) position), ``label`` (the name a
        network file gave), or numbers a file set (``capacity``, ``context_0`` …), NaN
        where a school has none.
    """

    cluster: np.ndarray
    ties: np.ndarray
    weights: np.ndarray | None = None
    attributes: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_schools(self) -> int:
        return self.cluster.shape[0]

    @property
    def n_ties(self) -> int:
        return self.ties.shape[0]

    def with_ties(self, ties: np.ndarray) -> "SchoolGraph":
        """The same schools with ``ties`` added (weight 1 when the network has weights)."""
        weights = None
        if self.weights is not None:
            weights = np.concatenate([self.weights, np.ones(ties.shape[0])])
        return SchoolGraph(
            self.cluster, np.concatenate([self.ties, ties]), weights, self.attributes
        )

    def to_networkx(self) -> nx.Graph:
        """The network as a NetworkX graph: nodes 0..n-1 with ``cluster`` and attributes.

        Costs Python work per school and tie; the model builds it only when asked for.
        """
        graph = nx.Graph()
        columns = {"cluster": self.cluster.tolist()}
        for name, values in self.attributes.items():
            rows = values.tolist()
            columns[name] = list(map(tuple, rows)) if values.ndim == 2 else rows
        graph.add_nodes_from(
            (node, _present(dict(zip(columns, row, strict=True))))
            for node, row in enumerate(zip(*columns.values(), strict=True))
        )
        u, v = self.ties[:, 0].tolist(), self.ties[:, 1].tolist()
        if self.weights is None:
            graph.add_edges_from(zip(u, v, strict=True))
        else:
            graph.add_weighted_edges_from(zip(u, v, self.weights.tolist(), strict=True))
        return graph

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> "SchoolGraph":
        """The arrays of a NetworkX graph whose nodes are 0..n-1, or are numbered in order.

        Renumbered nodes keep their original name as attribute ``label``; a node without a
        ``cluster`` is in cluster 0; ties have weights if any tie has one (1 where missing).
        """
        nodes = list(graph)
        relabel = set(nodes) != set(range(len(nodes)))
        if not relabel:
            nodes = list(range(len(nodes)))
        number = {node: i for i, node in enumerate(nodes)}
        ends = [(number[u], number[v]) for u, v in graph.edges()]
        ties = np.array(ends, dtype=np.int64).reshape(-1, 2)
        weights = None
        if any("weight" in data for *_, data in graph.edges(data=True)):
            weights = np.array([w for *_, w in graph.edges(data="weight", default=1.0)], float)
        data = [graph.nodes[node] for node in nodes]
        cluster = np.array([d.get("cluster", 0) for d in data], dtype=np.int64)
        attributes = {}
        if relabel:
            attributes["label"] = np.array(nodes, dtype=object)
        for name in sorted({key for d in data for key in d} - {"cluster"}):
            attributes[name] = _column([d.get(name) for d in data])
        return cls(cluster, ties, weights, attributes)


def _present(values: dict) -> dict:
    """Node attributes without the ones a school does not have (NaN or None)."""
    return {k: v for k, v in values.items() if v is not None and v == v}  # NaN != NaN


def _column(values: list) -> np.ndarray:
    """One attribute of every school as an array: numbers (NaN if missing) or objects."""
    if all(v is None or isinstance(v, int | float) for v in values):
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    if all(isinstance(v, tuple) for v in values):
        return np.array(values, dtype=float)
    return np.array(values, dtype=object)
