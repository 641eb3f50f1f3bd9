"""The Mesa space of the schools: a ``mesa.discrete_space.Network`` read from the CSR ties.

Mesa's ``Network`` connects every cell to every neighbour in Python when it is built (7.4
million links for 100,000 schools with mean degree 74). Here a cell learns its neighbours
from its row of the model's CSR adjacency the first time anyone asks for them, so building
the space costs one cell per school and no work per tie, while ``cell.neighborhood``,
``cell.connections``, ``cell.agents`` and ``space.all_cells`` answer as in Mesa.
"""

from random import Random

import networkx as nx
from mesa.discrete_space import Cell, Network

from simulation.adjacency import Adjacency

_CONNECTIONS = Cell.connections
"""Mesa's storage slot for a cell's connections (None until first asked for)."""


class SchoolCell(Cell):
    """A school's cell; it connects to its neighbours' cells when first asked for them."""

    __slots__ = ("_space",)

    def __init__(self, coordinate: int, space: "SchoolSpace", random: Random) -> None:
        super().__init__(coordinate, random=random)
        self._space = space
        _CONNECTIONS.__set__(self, None)

    @property
    def connections(self) -> dict[int, Cell]:
        """Neighbouring cells keyed by school number, as Mesa's ``Network`` keys them."""
        connections = _CONNECTIONS.__get__(self)
        if connections is None:
            connections = self._space.neighbour_cells(self.coordinate)
            _CONNECTIONS.__set__(self, connections)
        return connections

    @connections.setter
    def connections(self, value: dict[int, Cell]) -> None:
        _CONNECTIONS.__set__(self, value)


class SchoolSpace(Network):
    """A Mesa ``Network`` space with one cell per school, connected lazily from the ties.

    Parameters
    ----------
    adjacency : Adjacency
        The ties (CSR); a cell's connections are its row.
    graph : callable
        Returns the NetworkX graph of the network; called only if a user asks for ``G``.
    random : random.Random
        The model's stdlib generator (Mesa's cells and collections draw from it).

    Notes
    -----
    Cells are topological (no layout, as ``Network(..., layout=None)``). Adding or removing
    cells or connections changes the Mesa view only; the model's rules read the CSR ties.
    """

    def __init__(self, adjacency: Adjacency, graph, random: Random) -> None:
        super(Network, self).__init__(capacity=None, random=random, cell_klass=SchoolCell)
        self._adjacency = adjacency
        self._graph = graph
        self._kdtree_cells = []
        self._kdtree = None
        self._cells = {i: SchoolCell(i, self, random) for i in range(adjacency.n_schools)}

    @property
    def G(self) -> nx.Graph:  # noqa: N802 (Mesa's name)
        """The NetworkX graph of the network, built the first time it is asked for."""
        return self._graph()

    def neighbour_cells(self, school: int) -> dict[int, Cell]:
        """The cells of ``school``'s neighbours, keyed by school number."""
        ties = self._adjacency.ties
        row = ties.indices[ties.indptr[school] : ties.indptr[school + 1]]
        return {j: self._cells[j] for j in row.tolist()}
