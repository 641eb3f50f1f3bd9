"""The school network as a sparse adjacency matrix (CSR), the form every rule computes on.

Counting a school's adopting neighbours is one sparse matrix-vector product over all
schools at once, which keeps each step O(n + m) with no Python loop over schools or ties.
"""

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from simulation.school_graph import SchoolGraph


@dataclass(frozen=True)
class Adjacency:
    """Undirected ties between schools 0..n-1, with tie weights (1 where a graph has none)."""

    matrix: sp.csr_array
    """Symmetric n × n CSR matrix of tie weights."""
    ties: sp.csr_array
    """The same pattern with every weight 1: counts neighbours, whatever the weights."""
    degree: np.ndarray
    """Number of neighbours of each school."""

    @classmethod
    def from_graph(cls, graph: SchoolGraph | nx.Graph) -> "Adjacency":
        """Build the CSR form of a network (a NetworkX graph is numbered 0..n-1 first).

        Vectorised over the ties: O(n + m log m), no Python work per tie.
        """
        if isinstance(graph, nx.Graph):
            graph = SchoolGraph.from_networkx(graph)
        n = graph.n_schools
        ends = graph.ties.astype(np.int32)  # scipy's own index type below 2**31 schools
        rows = np.concatenate([ends[:, 0], ends[:, 1]])
        cols = np.concatenate([ends[:, 1], ends[:, 0]])
        weights = np.ones(rows.size) if graph.weights is None else np.tile(graph.weights, 2)
        matrix = sp.csr_array((weights, (rows, cols)), shape=(n, n))
        matrix.sum_duplicates()
        ties = matrix  # the same matrix when every entry is a single unweighted tie
        if graph.weights is not None or np.any(matrix.data != 1.0):
            ties = matrix.copy()  # weights, or self-ties entered twice: count each tie once
            ties.data[:] = 1.0
        degree = np.diff(ties.indptr).astype(np.int64)
        return cls(matrix=matrix, ties=ties, degree=degree)

    def with_ties(self, a: np.ndarray, b: np.ndarray) -> "Adjacency":
        """The network with new ties a[k]–b[k] of weight 1; self-pairs, repeats and pairs
        already tied are skipped."""
        if a.size == 0:
            return self
        n = self.n_schools
        low, high = np.minimum(a, b), np.maximum(a, b)
        keys = np.unique(low * n + high)
        low, high = np.divmod(keys, n)
        new = (low != high) & (self.ties[low, high] == 0)
        low, high = low[new], high[new]
        if low.size == 0:
            return self
        both = (np.concatenate([low, high]), np.concatenate([high, low]))
        added = sp.csr_array((np.ones(2 * low.size), both), shape=(n, n))
        matrix = self.matrix + added
        ties = self.ties + added
        return Adjacency(matrix=matrix, ties=ties, degree=np.diff(ties.indptr).astype(np.int64))

    @property
    def n_schools(self) -> int:
        return self.degree.shape[0]

    def count_neighbours(self, mask: np.ndarray) -> np.ndarray:
        """Number of each school's neighbours for which ``mask`` is true."""
        return self.ties @ mask.astype(np.float64)

    def share_of_neighbours(self, mask: np.ndarray) -> np.ndarray:
        """Fraction of each school's neighbours for which ``mask`` is true (0 for isolates).

        ``mask`` has one row per school and any number of columns (e.g. one per idea).
        """
        degree = np.maximum(self.degree, 1)  # an isolate counts 0 of 1
        return self.count_neighbours(mask) / degree.reshape(-1, *[1] * (mask.ndim - 1))
