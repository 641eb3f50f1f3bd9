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
from viz import names

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
        return self.model.is_pdsa

    @property
    def n_ideas(self) -> int:
        return self.model.n_ideas

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
            return self.model.statuses(idea)

    def gains(self) -> np.ndarray:
        """Each school's current gain (zeros for classic rules)."""
        with self.lock:
            return self.model.gains()

    def timeseries(self) -> pd.DataFrame:
        with self.lock:
            return self.model.timeseries()

    def counters(self) -> dict[str, float]:
        """The headline numbers of the run's mode, by key: week, reach, PDSA cycles, false
        adoptions and mean gain (PDSA); week, share adopted, adopters and new adopters
        (classic rules)."""
        with self.lock:
            values = self.model.indicators
            if not self.is_pdsa:
                return {
                    "week": self.week,
                    "adopted": float(values["adoption_share"]),
                    "adopters": int(values["adopters"]),
                    "new": int(values["new_adopters"]),
                }
            return {
                "week": self.week,
                "reach": float(values["reach"]),
                "cycles": int(values["cumulative_cycles"]),
                "false": _number(values["false_adoption_rate"]),
                "gain": _number(values["mean_gain"]),
            }

    def pilots(self) -> np.ndarray:
        """The schools that started (sorted indices)."""
        with self.lock:
            return self.model.pilots()

    def school_name(self, school: int) -> str:
        """The school's name: its id in an uploaded network file, else a made-up one."""
        with self.lock:
            return self.model.school_name(school) or names.school_name(school)

    def events(self, since_week: int = 0) -> pd.DataFrame:
        """Events from ``since_week`` on (an empty table when the log is off)."""
        with self.lock:
            frame = self.model.events.to_frame()
        return frame[frame["step"] >= since_week] if len(frame) else frame

    def story(self, school: int) -> dict:
        """What a school knows of itself (``SchoolNetworkModel.school_story``)."""
        with self.lock:
            return self.model.school_story(school)


def _number(value) -> float:
    """A float for display: missing or NaN (nothing to measure yet) reads as 0."""
    return 0.0 if value is None or not np.isfinite(value) else float(value)
