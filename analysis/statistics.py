"""Summaries over replicate runs: means with confidence intervals."""

import numpy as np
from scipy.special import stdtrit


def mean_interval(values: np.ndarray) -> dict[str, float]:
    """Count, mean and 95 % Student's t confidence interval of the mean (NaN if n < 2)."""
    n = values.size
    mean = float(values.mean()) if n else np.nan
    if n < 2:
        return {"runs": n, "mean": mean, "low": np.nan, "high": np.nan}
    half = float(stdtrit(n - 1, 0.975) * values.std(ddof=1) / np.sqrt(n))
    return {"runs": n, "mean": mean, "low": mean - half, "high": mean + half}
