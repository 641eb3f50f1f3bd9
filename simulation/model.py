"""SchoolNetworkModel: schools on a network, and an adoption process that runs on them."""

from collections.abc import Mapping
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from mesa.discrete_space import Network

from simulation.adjacency import Adjacency
from simulation.diffusion import ClassicDiffusion
from simulation.errors import InputError
from simulation.networks import build_network
from simulation.outcomes import reach_times
from simulation.rules import make_rule
from simulation.school import School
from simulation.seeding import random_schools, seed_count


class SchoolNetworkModel(mesa.Model):
    """Schools (Mesa agents) on a school network, with one adoption rule spreading an idea.

    Parameters
    ----------
    network : str
        Name of a network builder (``simulation.networks.BUILDERS``), used unless
        ``graph`` is given.
    network_params : mapping, optional
        Parameters of the builder.
    graph : networkx.Graph, optional
        A ready-made network (e.g. read from a file); nodes are relabelled 0..n-1, the
        original name kept as node attribute ``label``.
    adoption : str
        The adoption rule: one of ``simulation.rules.CLASSIC_RULES``.
    adoption_params : mapping, optional
        Parameters of the rule.
    initial_adopters, initial_share : int or float, optional
        How many schools adopt at step 0: a count, or a share of the schools (default
        5 %). They are chosen at random.
    rng : int or numpy.random.Generator, optional
        The model's one source of randomness: the network, the initial adopters and
        every stochastic rule draw from it.

    Notes
    -----
    The state lives in arrays (``self.diffusion``) and the network in a CSR matrix
    (``self.adjacency``); each :class:`School` agent is a view onto its row. The Mesa
    ``Network`` space is built with ``layout=None``: layouts are the UI's business.
    """

    def __init__(
        self,
        network: str = "district_clusters",
        network_params: Mapping[str, Any] | None = None,
        graph: nx.Graph | None = None,
        adoption: str = "threshold",
        adoption_params: Mapping[str, Any] | None = None,
        initial_adopters: int | None = None,
        initial_share: float | None = None,
        rng: int | np.random.Generator | None = None,
    ) -> None:
        super().__init__(rng=rng)
        self.seed = rng if isinstance(rng, int) else None
        if graph is None:
            graph = build_network(network, self.rng, **dict(network_params or {}))
        self.graph = _with_integer_nodes(graph)
        self.adjacency = Adjacency.from_graph(self.graph)
        self.cluster = np.array(
            [c for _, c in self.graph.nodes(data="cluster", default=0)], dtype=np.int64
        )
        self.space = Network(self.graph, layout=None, random=self.random)
        School.create_agents(
            self,
            self.n_schools,
            cell=[self.space._cells[i] for i in range(self.n_schools)],
            index=list(range(self.n_schools)),
        )
        rule = make_rule(adoption, **dict(adoption_params or {}))
        if initial_adopters is None and initial_share is None:
            initial_share = 0.05
        count = seed_count(self.n_schools, initial_adopters, initial_share)
        seeds = random_schools(self.n_schools, count, self.rng)
        self.diffusion = ClassicDiffusion(rule, self.adjacency, seeds, self.rng)
        self.indicators = self.diffusion.indicators()
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "step": "steps",
                **{name: _indicator(name) for name in self.indicators},
            }
        )
        self.datacollector.collect(self)

    @property
    def n_schools(self) -> int:
        return self.adjacency.n_schools

    @property
    def adoption_rule(self) -> str:
        return self.diffusion.rule.name

    def step(self) -> None:
        """One week: the adoption rule updates every school at once, then data is collected."""
        self.diffusion.advance(self.steps)
        self.indicators = self.diffusion.indicators()
        self.datacollector.collect(self)

    def timeseries(self) -> pd.DataFrame:
        """One row per step (step 0 is the initial state) with every per-step indicator."""
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    def summary(self) -> dict[str, Any]:
        """The run's outcomes (DESIGN.md's summary.json keys)."""
        series = self.timeseries()
        return {
            "n_schools": self.n_schools,
            "n_ties": int(self.graph.number_of_edges()),
            "mean_degree": float(self.adjacency.degree.mean()),
            "adoption_rule": self.adoption_rule,
            "steps": int(self.steps),
            "seed": self.seed,
            "initial_adopters": int(series["adopters"].iloc[0]),
            "final_adopters": int(series["adopters"].iloc[-1]),
            "final_adoption_share": float(series["adoption_share"].iloc[-1]),
            **reach_times(series),
            # Outcomes of PDSA learning; a classic rule spreads an idea without effects,
            # beliefs or cycles, so these are undefined (null) or zero for it.
            "mean_gain": None,
            "equity_gap": None,
            "false_adoption_rate": None,
            "false_abandonment_rate": None,
            "pdsa_cycles": 0,
        }


def _indicator(name: str):
    """A DataCollector reporter reading one of the model's per-step indicators."""
    return lambda model: model.indicators[name]


def _with_integer_nodes(graph: nx.Graph) -> nx.Graph:
    """The graph with nodes 0..n-1 (relabelled if needed); an empty network is an error."""
    n = graph.number_of_nodes()
    if n == 0:
        raise InputError("network has no schools: give a builder with n ≥ 1 or a non-empty file")
    if set(graph.nodes) == set(range(n)) and list(graph.nodes) == list(range(n)):
        return graph
    return nx.convert_node_labels_to_integers(graph, label_attribute="label")
