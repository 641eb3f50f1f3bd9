"""The school network as a sparse adjacency matrix (CSR), the form every rule computes on.

Counting a school's adopting neighbours is one sparse matrix-vector product over all
schools at once, which keeps each step O(n + m) with no Python loop over schools or ties.
"""

from dataclasses import dataclass
from itertools import chain

import networkx as nx
import numpy as np
import scipy.sparse as sp


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
    def from_graph(cls, graph: nx.Graph) -> "Adjacency":
        """Build the CSR form of a graph whose nodes are the integers 0..n-1."""
        n, m = graph.number_of_nodes(), graph.number_of_edges()
        edges = np.fromiter(
            chain.from_iterable(graph.edges(data="weight", default=1.0)), dtype=float, count=3 * m
        ).reshape(m, 3)
        rows = edges[:, 0].astype(np.int64)
        cols = edges[:, 1].astype(np.int64)
        weights = edges[:, 2]
        both_rows = np.concatenate([rows, cols])
        both_cols = np.concatenate([cols, rows])
        matrix = sp.csr_array(
            (np.concatenate([weights, weights]), (both_rows, both_cols)), shape=(n, n)
        )
        matrix.sum_duplicates()
        ties = matrix.copy()
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
