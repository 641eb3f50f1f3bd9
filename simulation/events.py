"""The event log: notable decisions, step by step, for the UI's narration and for users.

Events are stored compactly as arrays (step, kind, school, idea, value) appended per
record; a disabled log records nothing, which is what sweeps want.
"""

from enum import IntEnum

import numpy as np
import pandas as pd


class Event(IntEnum):
    """Kinds of notable decision (``value`` says more, see each kind)."""

    STARTED = 0  # a school started testing an idea (value: test scale)
    EXPANDED = 1  # scaled a test up (value: new scale)
    ADOPTED = 2  # adopted an idea (value: degree of belief)
    ABANDONED = 3  # abandoned an idea (value: scale of the last test)
    ADAPTED = 4  # changed its variant (value: 1 borrowed, 0 adapted locally)
    LAPSED = 5  # an adopted practice lapsed after staff turnover
    BRIGHT_SPOT = 6  # the hub flagged a bright spot (value: latest outcome − baseline mean)
    CONVENING = 7  # the hub held a convening (school, idea: -1; value: members attending)
    ENDORSED = 8  # the hub endorsed an idea (school: -1; value: pooled estimate)
    IDEA_ADDED = 9  # a 90-day cycle added an idea (school: -1; value: its base effect)
    REVERTED = 10  # a change tested no better than the practice and was undone (value: result)


class EventLog:
    """Notable decisions of a run, in order."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._chunks: list[tuple[np.ndarray, ...]] = []

    def record(self, step: int, kind: Event, schools, ideas, values) -> None:
        """Record one kind of event for matching arrays (or scalars) of schools and ideas."""
        if not self.enabled:
            return
        schools, ideas, values = np.broadcast_arrays(
            np.asarray(schools, np.int32), np.asarray(ideas, np.int32), np.asarray(values, float)
        )
        if schools.size:
            steps = np.full(schools.size, step, np.int32)
            kinds = np.full(schools.size, int(kind), np.int8)
            self._chunks.append((steps, kinds, schools.ravel(), ideas.ravel(), values.ravel()))

    def to_frame(self) -> pd.DataFrame:
        """All events as a table: step, kind (name), school, idea, value."""
        columns = ("step", "kind", "school", "idea", "value")
        if not self._chunks:
            return pd.DataFrame({c: [] for c in columns})
        arrays = [np.concatenate(parts) for parts in zip(*self._chunks, strict=True)]
        frame = pd.DataFrame(dict(zip(columns, arrays, strict=True)))
        frame["kind"] = pd.Categorical.from_codes(frame["kind"], [e.name.lower() for e in Event])
        return frame

    def __len__(self) -> int:
        return sum(chunk[0].size for chunk in self._chunks)
