"""Run-level outcomes computed from a model's time series (docs/model.md §8)."""

import numpy as np
import pandas as pd

REACH_LEVELS = (0.25, 0.50, 0.80)
"""Adoption shares whose first crossing is reported as time_to_25, time_to_50, time_to_80."""


def first_step_reaching(timeseries: pd.DataFrame, level: float) -> int | None:
    """First step at which the adoption share reaches ``level``, or None if it never does."""
    reached = np.flatnonzero(timeseries["adoption_share"].to_numpy() >= level)
    return int(timeseries["step"].iloc[reached[0]]) if reached.size else None


def reach_times(timeseries: pd.DataFrame) -> dict[str, int | None]:
    """time_to_25, time_to_50 and time_to_80 of a run."""
    return {
        f"time_to_{round(level * 100)}": first_step_reaching(timeseries, level)
        for level in REACH_LEVELS
    }
