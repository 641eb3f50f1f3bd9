"""Per-session run state: one scenario, its model, stepping, counters and the cached layout.

A :class:`Run` is created inside a component (``solara.use_memo``), never at module level, so
every browser session owns its own models. A lock serialises stepping and reading, because
the play loop steps from a worker thread while buttons act from the server's thread.
"""

import threading

import numpy as np
import pandas as pd

import analysis
from scenarios import Scenario
from simulation.pdsa.state import Status

LARGE_NETWORK = 2_000
"""Networks with more schools than this are drawn as clusters, not as every school."""


class Run:
    """One scenario's model in one browser session, with the state the views need."""

    def __init__(self, scenario: Scenario) -> None:
        self.lock = threading.RLock()
        self._layout: tuple[str, dict] | None = None
        self.generation = 0
        self.load(scenario)

    def load(self, scenario: Scenario) -> None:
        """Start over with ``scenario`` (the layout is kept when the network is the same)."""
        with self.lock:
            model = analysis.build_model(scenario)
            self.scenario, self.model = scenario, model
            self.generation += 1

    def reset(self) -> None:
        """Start the same scenario over from week 0."""
        self.load(self.scenario)

    def step(self, weeks: int = 1) -> None:
        """Advance the model ``weeks`` weeks."""
        with self.lock:
            for _ in range(weeks):
                self.model.step()

    @property
    def week(self) -> int:
        return int(self.model.steps)

    @property
    def is_pdsa(self) -> bool:
        return hasattr(self.model.process, "work")

    @property
    def n_ideas(self) -> int:
        return len(self.model.process.ideas.effect) if self.is_pdsa else 1

    def network_key(self) -> str:
        """What determines the network: its spec and the seed (same key, same graph)."""
        network = self.scenario.network.model_dump_json()
        return f"{network}|{self.scenario.seed}"

    def layout(self, compute) -> dict:
        """The network layout, from ``compute(graph)`` once per network and then cached."""
        key = self.network_key()
        if self._layout is None or self._layout[0] != key:
            self._layout = (key, compute(self.model.graph))
        return self._layout[1]

    def statuses(self, idea: int) -> np.ndarray:
        """Each school's :class:`Status` code for ``idea`` (classic rules: adopted or aware)."""
        with self.lock:
            if self.is_pdsa:
                return np.asarray(self.model.process.work.status[:, idea], dtype=int)
            adopted = self.model.process.adopted
            return np.where(adopted, int(Status.ADOPTED), int(Status.AWARE))

    def gains(self) -> np.ndarray:
        """Each school's current gain (zeros for classic rules)."""
        with self.lock:
            if not self.is_pdsa:
                return np.zeros(self.model.n_schools)
            return self.model.process.outcome - self.model.schools.baseline

    def timeseries(self) -> pd.DataFrame:
        with self.lock:
            return self.model.timeseries()

    def counters(self) -> dict[str, float]:
        """The headline numbers: week, reach, PDSA cycles, false adoptions, mean gain."""
        with self.lock:
            values = self.model.indicators
            reach = values.get("reach", values.get("adoption_share", 0.0))
            return {
                "week": self.week,
                "reach": float(reach),
                "cycles": int(values.get("cumulative_cycles", 0)),
                "false_adoptions": _number(values.get("false_adoption_rate")),
                "mean_gain": _number(values.get("mean_gain")),
            }

    def events(self, since_week: int = 0) -> pd.DataFrame:
        """Events from ``since_week`` on (an empty table when the log is off)."""
        with self.lock:
            frame = self.model.events.to_frame()
        return frame[frame["step"] >= since_week] if len(frame) else frame

    def story(self, school: int) -> dict:
        """A school's context, capacity, cluster, gain and each idea's state."""
        with self.lock:
            agent = self.model.agents[school]
            return {
                "school": school,
                "cluster": int(agent.cluster),
                "capacity": float(agent.capacity),
                "context": tuple(float(c) for c in agent.context),
                "gain": float(agent.gain) if self.is_pdsa else 0.0,
                "ideas": agent.story() if self.is_pdsa else [],
            }


def _number(value) -> float:
    """A float for display: missing or NaN (nothing to measure yet) reads as 0."""
    return 0.0 if value is None or not np.isfinite(value) else float(value)
