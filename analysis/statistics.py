"""Summaries over replicate runs: means with confidence intervals."""

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


def mean_interval(values: np.ndarray) -> dict[str, float]:
    """Count, mean and 95 % Student's t confidence interval of the mean (NaN if n < 2)."""
    n = values.size
    mean = float(values.mean()) if n else np.nan
    if n < 2:
        return {"runs": n, "mean": mean, "low": np.nan, "high": np.nan}
    half = float(stdtrit(n - 1, 0.975) * values.std(ddof=1) / np.sqrt(n))
    return {"runs": n, "mean": mean, "low": mean - half, "high": mean + half}
