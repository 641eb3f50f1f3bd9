"""The classic rules written the Mesa way, as a peer to time nicsim against.

Written like Mesa's own ``virus_on_network`` example (mesa/examples/basic/virus_on_network):
one ``FixedAgent`` per school on a ``mesa.discrete_space.Network`` cell, an ``Enum`` of
states, a ``step()`` made of named sub-steps, ``agents.shuffle_do`` and a DataCollector.
Two deviations from that example, both to follow the published definitions that nicsim
follows (docs/model.md §7.1): updates are synchronous, as in Mesa's Conway example (every agent
decides from the state before the step in ``step()``, then all take the new state in
``advance()``), and the Network gets ``layout=None`` (its default spring layout takes
minutes at 10,000 nodes).
"""

from enum import Enum

import mesa
import networkx as nx
from mesa.discrete_space import FixedAgent, Network


class State(Enum):
    NOT_ADOPTED = 0
    ADOPTED = 1


class School(FixedAgent):
    """A school that adopts by the model's rule (threshold, si or independent_cascade)."""

    def __init__(self, model, cell, adopted: bool):
        super().__init__(model)
        self.cell = cell
        self.state = State.ADOPTED if adopted else State.NOT_ADOPTED
        self.newly_adopted = adopted
        self.next_state = self.state

    def neighbours(self):
        return self.cell.neighborhood.agents

    def adopting_neighbours(self, newly_only: bool = False) -> int:
        if newly_only:
            return sum(1 for agent in self.neighbours() if agent.newly_adopted)
        return sum(1 for agent in self.neighbours() if agent.state is State.ADOPTED)

    def check_threshold(self):
        """Watts (2002): adopt when the share of adopting neighbours reaches φ."""
        degree = len(self.cell.neighborhood)
        if degree and self.adopting_neighbours() / degree >= self.model.phi:
            self.next_state = State.ADOPTED

    def try_each_contact(self, attempts: int, p: float):
        """Adopt if any of ``attempts`` independent contacts with chance p converts us."""
        if any(self.random.random() < p for _ in range(attempts)):
            self.next_state = State.ADOPTED

    def step(self):
        if self.state is State.ADOPTED:
            return
        if self.model.rule == "threshold":
            self.check_threshold()
        elif self.model.rule == "si":
            self.try_each_contact(self.adopting_neighbours(), self.model.p)
        else:  # independent_cascade: only last step's adopters try, once each
            self.try_each_contact(self.adopting_neighbours(newly_only=True), self.model.p)

    def advance(self):
        self.newly_adopted = self.state is not self.next_state
        self.state = self.next_state


def number_adopted(model) -> int:
    return sum(1 for agent in model.agents if agent.state is State.ADOPTED)


class ClassicRuleModel(mesa.Model):
    """One idea spreading on ``graph`` from ``initial_adopters`` by ``rule`` (parameter p is
    β for ``si``, the tie probability for ``independent_cascade``; ``phi`` for
    ``threshold``)."""

    def __init__(self, graph: nx.Graph, rule: str, initial_adopters, phi=0.18, p=0.05, rng=None):
        super().__init__(rng=rng)
        self.rule, self.phi, self.p = rule, phi, p
        self.grid = Network(graph, capacity=1, random=self.random, layout=None)
        seeds = set(int(i) for i in initial_adopters)
        for node, cell in self.grid._cells.items():
            School(self, cell, node in seeds)
        self.datacollector = mesa.DataCollector({"adopted": number_adopted})
        self.datacollector.collect(self)

    def step(self):
        self.agents.shuffle_do("step")
        self.agents.do("advance")
        self.datacollector.collect(self)
