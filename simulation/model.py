"""SchoolNetworkModel: schools on a network, and the adoption process that runs on them."""

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd

from simulation import strategies
from simulation.adjacency import Adjacency
from simulation.diffusion import ClassicDiffusion
from simulation.errors import InputError
from simulation.events import EventLog
from simulation.network_cache import NetworkCache
from simulation.networks import build_network
from simulation.pdsa.learning import PDSALearning
from simulation.pdsa.parameters import PDSAParameters
from simulation.pdsa.population import draw_schools
from simulation.pdsa.state import Status
from simulation.rollout import hub_intensity, joining_weeks
from simulation.rules import make_rule
from simulation.school import School
from simulation.school_graph import SchoolGraph
from simulation.seeding import seed_count
from simulation.space import SchoolSpace

PDSA = "pdsa"
"""Name of the adoption process of PDSA learning (docs/model.md §7.2)."""
BUILD_STAGES = ("network", "schools", "initial adopters", "adoption process")
"""What building a model does, in order (reported to ``on_build``)."""


class SchoolNetworkModel(mesa.Model):
    """Schools (Mesa agents) on a school network, learning or adopting change ideas.

    Parameters
    ----------
    network : str
        Name of a network builder (``simulation.networks.BUILDERS``), used unless
        ``graph`` is given.
    network_params : mapping, optional
        Parameters of the builder.
    graph : networkx.Graph or SchoolGraph, optional
        A ready-made network (e.g. read from a file); nodes other than 0..n-1 are numbered
        in order, the original name kept as attribute ``label``.
    adoption : str
        ``"pdsa"`` for PDSA learning, or a classic rule of ``simulation.rules.CLASSIC_RULES``.
    add_bridges : int
        Network alteration: this many new ties between schools of different clusters
        (``simulation.strategies.add_bridges``).
    adoption_params : mapping, optional
        Parameters of the rule; for ``pdsa`` a mapping of sections (``pdsa``, ``hub``,
        ``landscape`` …) to parameters, see ``simulation.pdsa.parameters``; the ``hub``
        section may name an ``intensity`` (``simulation.rollout.HUB_INTENSITIES``) whose
        settings the other hub entries override.
    seeding : str
        Which schools start (``simulation.strategies.SEEDING_STRATEGIES``).
    initial_adopters, initial_share : int or float, optional
        How many schools start: a count, or a share of the schools (default 20 %). They
        are a classic rule's initial adopters, or PDSA's pilot schools.
    explicit_seeds : list of int, optional
        The schools that start, for ``seeding="explicit"``.
    rollout : str
        When schools join the work (``simulation.rollout.ROLLOUTS``).
    record_events : bool
        Keep the event log of notable decisions (switch off for sweeps).
    rng : int or numpy.random.Generator, optional
        The model's one source of randomness: the network, the schools, the initial
        adopters and every stochastic rule draw from it.
    networks : NetworkCache, optional
        Networks built by earlier models; a model that would draw one of them again takes
        it from there, with identical results (``simulation.network_cache``).
    on_build : callable, optional
        Told how building goes: ``on_build(stage, done, total)`` as each of the
        ``BUILD_STAGES`` starts (``done`` stages finished of ``total``), and once more
        with ``"ready"`` when the model is built.

    Notes
    -----
    The state lives in arrays (``self.process``) and the network in a CSR matrix
    (``self.adjacency``); each :class:`School` agent is a view onto its row. The Mesa view
    (``self.space``, a :class:`~simulation.space.SchoolSpace` without layout, and one
    :class:`School` agent per cell in ``self.agents``) is made the first time it is asked
    for: steps never need it, and at 100,000 schools it costs more than the network itself.
    ``self.graph`` (NetworkX) is likewise made on first use.
    """

    def __init__(
        self,
        network: str = "district_clusters",
        network_params: Mapping[str, Any] | None = None,
        graph: nx.Graph | SchoolGraph | None = None,
        add_bridges: int = 0,
        adoption: str = "threshold",
        adoption_params: Mapping[str, Any] | None = None,
        seeding: str = "random",
        initial_adopters: int | None = None,
        initial_share: float | None = None,
        explicit_seeds: list[int] | None = None,
        rollout: str = "all_at_once",
        record_events: bool = True,
        rng: int | np.random.Generator | None = None,
        networks: NetworkCache | None = None,
        on_build: Callable[[str, int, int], None] | None = None,
    ) -> None:
        super().__init__(rng=rng)
        self.seed = rng if isinstance(rng, int) else None
        adoption_params = dict(adoption_params or {})
        if adoption != PDSA:
            rule = make_rule(adoption, **adoption_params)
        report = on_build or _unreported
        report("network", 0, len(BUILD_STAGES))
        self.network, self.adjacency = self._draw_network(
            network, network_params, graph, add_bridges, networks or NetworkCache(size=0)
        )
        report("schools", 1, len(BUILD_STAGES))
        if adoption == PDSA:
            sections = {name: dict(values) for name, values in adoption_params.items()}
            intensity = sections.get("hub", {}).pop("intensity", None)
            if intensity is not None:
                hub = hub_intensity(intensity, self.n_schools)
                sections["hub"] = {**hub, **sections["hub"]}
            params = PDSAParameters.from_dict(sections)
        else:
            params = PDSAParameters()
        self.schools = draw_schools(self.network, params.schools, self.rng)
        report("initial adopters", 2, len(BUILD_STAGES))
        if initial_adopters is None and initial_share is None:
            initial_share = 0.2
        explicit = seeding == "explicit"
        count = 0 if explicit else seed_count(self.n_schools, initial_adopters, initial_share)
        seeds = strategies.choose_seeds(
            seeding,
            count,
            adjacency=self.adjacency,
            cluster=self.schools.cluster,
            capacity=self.schools.capacity,
            baseline=self.schools.baseline,
            rng=self.rng,
            explicit=explicit_seeds,
        )
        joins_at = joining_weeks(
            rollout, self.schools.capacity, seeds, params.calendar.school_weeks + 1, self.rng
        )
        self.events = EventLog(enabled=record_events)
        report("adoption process", 3, len(BUILD_STAGES))
        if adoption == PDSA:
            self.process = PDSALearning(
                self.schools, self.adjacency, params, seeds, joins_at, self.rng, self.events
            )
        else:
            self.process = ClassicDiffusion(
                rule, self.adjacency, seeds, self.rng, joins_at, self.events
            )
        self.indicators = self.process.indicators()
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "step": "steps",
                **{name: _indicator(name) for name in self.indicators},
            }
        )
        self.datacollector.collect(self)
        report("ready", 4, len(BUILD_STAGES))

    def _draw_network(
        self, name, params, graph, add_bridges: int, networks: NetworkCache
    ) -> tuple[SchoolGraph, Adjacency]:
        """The network and its CSR ties: built, read from ``graph``, or from the cache."""
        if graph is not None:
            return self._with_bridges(_school_graph(graph), add_bridges)

        def build() -> tuple[SchoolGraph, Adjacency]:
            built = build_network(name, self.rng, **dict(params or {}))
            return self._with_bridges(built, add_bridges)

        description = {"builder": name, "params": dict(params or {}), "bridges": add_bridges}
        return networks.network(description, self.rng, build)

    def _with_bridges(self, network: SchoolGraph, k: int) -> tuple[SchoolGraph, Adjacency]:
        if k:
            network = strategies.add_bridges(network, k, self.rng)
        return network, Adjacency.from_graph(network)

    @property
    def n_schools(self) -> int:
        return self.adjacency.n_schools

    @cached_property
    def graph(self) -> nx.Graph:
        """The network as a NetworkX graph (nodes 0..n-1 with ``cluster``), made on first use."""
        return self.network.to_networkx()

    @cached_property
    def space(self) -> SchoolSpace:
        """The Mesa space: one cell per school, holding that school's :class:`School` agent."""
        space = SchoolSpace(self.adjacency, lambda: self.graph, self.random)
        School.create_agents(
            self, self.n_schools, cell=list(space), index=list(range(self.n_schools))
        )
        return space

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """Mesa's set of every agent: the schools (placed in ``self.space`` on first use)."""
        self.space  # noqa: B018 (places the agents)
        return super().agents

    @property
    def agents_by_type(self) -> dict:
        """Mesa's agents by class: ``{School: every school}``."""
        self.space  # noqa: B018 (places the agents)
        return super().agents_by_type

    @property
    def adoption_rule(self) -> str:
        return PDSA if isinstance(self.process, PDSALearning) else self.process.rule.name

    def step(self) -> None:
        """One week: the adoption process advances every school at once; data is collected."""
        self.process.advance(self.steps)
        self.indicators = self.process.indicators()
        self.datacollector.collect(self)

    def timeseries(self) -> pd.DataFrame:
        """One row per step (step 0 is the initial state) with every per-step indicator."""
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    def idea_timeseries(self) -> pd.DataFrame | None:
        """PDSA learning: per step and idea, schools in each status (None for classic rules)."""
        return self.process.idea_timeseries()

    def summary(self) -> dict[str, Any]:
        """The run's outcomes (summary.json's keys, docs/model.md §8.3)."""
        series = self.timeseries()
        return {
            "n_schools": self.n_schools,
            "n_ties": self.network.n_ties,
            "mean_degree": float(self.adjacency.degree.mean()),
            "adoption_rule": self.adoption_rule,
            "steps": int(self.steps),
            "seed": self.seed,
            **self.process.summary(series),
        }

    # --- queries for user interfaces (the web app reads the model only through these) ----

    @property
    def is_pdsa(self) -> bool:
        """Whether the schools learn by PDSA cycles (else a classic rule spreads one idea)."""
        return isinstance(self.process, PDSALearning)

    @property
    def n_ideas(self) -> int:
        """Change ideas in play now (a classic rule spreads one; R&D cycles add ideas)."""
        return self.process.ideas.n if self.is_pdsa else 1

    def statuses(self, idea: int = 0) -> np.ndarray:
        """Each school's :class:`Status` code for ``idea`` (docs/model.md §2.5); under a
        classic rule ``ADOPTED`` or ``AWARE`` (every school can see the one idea)."""
        if self.is_pdsa:
            return self.process.work.status[:, idea].astype(np.int64)
        return np.where(self.process.adopted, int(Status.ADOPTED), int(Status.AWARE))

    def gains(self) -> np.ndarray:
        """Each school's student outcome this week minus its baseline, in SD units (zeros
        under a classic rule, which has no outcomes)."""
        if not self.is_pdsa:
            return np.zeros(self.n_schools)
        return self.process.outcome - self.schools.baseline

    def pilots(self) -> np.ndarray:
        """The schools that started: PDSA's pilot schools, or a classic rule's initial
        adopters (sorted indices)."""
        if self.is_pdsa:
            return np.flatnonzero(self.schools.pilot)
        return np.flatnonzero(self.process.adopted_at == 0)

    def school_name(self, school: int) -> str | None:
        """The school's id in the network file it was read from (None for a built network)."""
        label = self.graph.nodes[school].get("label")
        return None if label is None else str(label)

    def school_story(self, school: int) -> dict[str, Any]:
        """What a school knows of itself: cluster, capacity, context, this week's gain and,
        under PDSA, each idea it has heard of (status, belief, scale, cycles, variant).

        Only what the school could observe ("Sensing", docs/model.md §4): the true effect of
        an idea in its context is left out. See docs/model.md §8.5.
        """
        agent = self.agents[school]
        ideas = agent.story() if self.is_pdsa else []
        return {
            "school": school,
            "cluster": agent.cluster,
            "capacity": agent.capacity,
            "context": agent.context,
            "pilot": bool(np.isin(school, self.pilots())),
            "gain": float(self.gains()[school]),
            "ideas": [{k: v for k, v in row.items() if k != "true_effect"} for row in ideas],
        }


def _unreported(stage: str, done: int, total: int) -> None:
    """No one asked to hear how building goes."""


def _indicator(name: str):
    """A DataCollector reporter reading one of the model's per-step indicators."""
    return lambda model: model.indicators[name]


def _school_graph(graph: nx.Graph | SchoolGraph) -> SchoolGraph:
    """A ready-made network (e.g. from a file) as arrays; an empty network is an error."""
    if isinstance(graph, nx.Graph):
        graph = SchoolGraph.from_networkx(graph)
    if graph.n_schools == 0:
        raise InputError("network has no schools: give a builder with n ≥ 1 or a non-empty file")
    return graph
