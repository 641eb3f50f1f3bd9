"""Summaries over replicate runs: means with confidence intervals."""

import math

import numpy as np
from scipy.special import stdtrit

OUTCOMES = (
    "final_adoption_share",
    "final_reach",
    "time_to_25",
    "time_to_50",
    "mean_gain",
    "equity_gap",
    "false_adoption_rate",
    "false_abandonment_rate",
    "pdsa_cycles",
    "staff_hours",
    "coaching_hours",
)
"""The outcomes that comparisons and sweep tables report by default (summary.json keys)."""
SHARES = (
    "final_adoption_share",
    "final_reach",
    "false_adoption_rate",
    "false_abandonment_rate",
    "sustain_year_retention",
    "ownership_share",
)
"""Outcomes that are shares, so lie in [0, 1] (docs/model.md, the summary's keys)."""
UNBOUNDED = (-math.inf, math.inf)


def mean_interval(values: np.ndarray, bounds: tuple[float, float] = UNBOUNDED) -> dict[str, float]:
    """Count, mean and 95 % Student's t confidence interval of the mean (NaN if n < 2).

    The interval is cut to ``bounds``, the values the mean can take: the true mean lies
    within them, so the cut interval covers it exactly as often and only drops values
    it cannot have (e.g. a share above 1).
    """
    n = values.size
    mean = float(values.mean()) if n else np.nan
    if n < 2:
        return {"runs": n, "mean": mean, "low": np.nan, "high": np.nan}
    half = float(stdtrit(n - 1, 0.975) * values.std(ddof=1) / np.sqrt(n))
    low, high = bounds
    return {"runs": n, "mean": mean, "low": max(mean - half, low), "high": min(mean + half, high)}


def outcome_interval(outcome: str, values: np.ndarray) -> dict[str, float]:
    """:func:`mean_interval` of an outcome's values, within [0, 1] for a share."""
    return mean_interval(values, (0.0, 1.0) if outcome in SHARES else UNBOUNDED)
