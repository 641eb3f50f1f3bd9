"""Classic diffusion: one change idea spreading by a textbook rule (docs/model.md §7.1).

This is the model with PDSA learning switched off. The state is one boolean per school
(adopted or not) and the step at which each school adopted; a step asks the rule which
schools adopt given the state before it, then adds them all at once.
"""

import numpy as np
import pandas as pd

from simulation.adjacency import Adjacency
from simulation.events import Event, EventLog
from simulation.outcomes import reach_times
from simulation.rules import ClassicRule


class ClassicDiffusion:
    """The state of a single idea spreading by a classic rule, and its per-step indicators."""

    def __init__(
        self,
        rule: ClassicRule,
        adjacency: Adjacency,
        initial_adopters: np.ndarray,
        rng: np.random.Generator,
        joins_at: np.ndarray | None = None,
        events: EventLog | None = None,
    ) -> None:
        n = adjacency.n_schools
        self.joins_at = np.zeros(n, np.int64) if joins_at is None else joins_at
        self.events = EventLog(enabled=False) if events is None else events
        self.rule = rule
        self.adjacency = adjacency
        self.rng = rng
        self.adopted = np.zeros(n, dtype=bool)
        self.adopted[initial_adopters] = True
        self.newly_adopted = self.adopted.copy()
        self.adopted_at = np.where(self.adopted, 0, -1).astype(np.int32)
        rule.prepare(n, rng)

    def advance(self, step: int) -> None:
        """One synchronous step of the rule; only schools whose rollout wave has come adopt."""
        new = self.rule.new_adopters(self.adjacency, self.adopted, self.newly_adopted, self.rng)
        new &= self.joins_at <= step
        self.adopted |= new
        self.adopted_at[new] = step
        self.newly_adopted = new
        self.events.record(step, Event.ADOPTED, np.flatnonzero(new), 0, 1.0)

    def indicators(self) -> dict[str, float]:
        """The per-step outcomes: adopters, new adopters and the adoption share."""
        adopters = int(np.count_nonzero(self.adopted))
        return {
            "adopters": adopters,
            "new_adopters": int(np.count_nonzero(self.newly_adopted)),
            "adoption_share": adopters / self.adopted.size,
        }

    def idea_timeseries(self) -> None:
        """A classic rule follows one idea: the main time series says it all."""
        return None

    def summary(self, timeseries: pd.DataFrame) -> dict:
        """Per-run outcomes. A classic rule spreads one idea without effects, beliefs or
        cycles, so the PDSA outcomes are undefined (null) or zero."""
        return {
            "initial_adopters": int(timeseries["adopters"].iloc[0]),
            "final_adopters": int(timeseries["adopters"].iloc[-1]),
            "final_adoption_share": float(timeseries["adoption_share"].iloc[-1]),
            **reach_times(timeseries),
            "mean_gain": None,
            "equity_gap": None,
            "false_adoption_rate": None,
            "false_abandonment_rate": None,
            "pdsa_cycles": 0,
        }
