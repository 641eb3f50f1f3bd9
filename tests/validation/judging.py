"""Verdicts that can fail: each measured number is judged against a stated band.

The tests assert ``verdict.holds`` and ``benchmarks/validation_report.py`` prints the
verdict's words beside its numbers and band, so the report says "not reproduced" whenever
the numbers say so.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.statistics import mean_interval


@dataclass(frozen=True)
class Verdict:
    """One published result or stated claim, what was measured, and the band it must meet."""

    claim: str
    measured: str
    band: str
    holds: bool

    @property
    def word(self) -> str:
        return "reproduced" if self.holds else "not reproduced"

    def row(self) -> str:
        """A row of the report's summary table."""
        return f"| {self.claim} | {self.measured} | {self.band} | **{self.word}** |"

    def sentence(self) -> str:
        """The verdict as the last line of a report section."""
        return f"**{self.claim}: {self.word}.** Measured {self.measured}; band: {self.band}."


def paired_ci(a, b) -> tuple[float, float]:
    """Mean of the paired differences a − b (replicates with common seeds) and the
    half-width of its 95 % Student's t confidence interval (as ``nicsim compare``)."""
    interval = mean_interval(np.asarray(a, float) - np.asarray(b, float))
    return interval["mean"], interval["high"] - interval["mean"]


def judge_paired(
    claim: str, higher: np.ndarray, lower: np.ndarray, labels: tuple[str, str], prefix: str = ""
) -> Verdict:
    """The claim that ``higher`` exceeds ``lower`` (replicates paired by seed): it holds when
    the 95 % CI of the paired difference lies above 0. Replicates where either value is
    undefined (NaN) are left out."""
    both = ~np.isnan(higher) & ~np.isnan(lower)
    difference, half = paired_ci(higher[both], lower[both])
    return Verdict(
        claim=claim,
        measured=(
            f"{prefix}{labels[0]} {higher[both].mean():.3f} vs {labels[1]} "
            f"{lower[both].mean():.3f}: {difference:+.3f} ± {half:.3f} ({both.sum()} pairs)"
        ),
        band="95 % CI of the paired difference above 0",
        holds=bool(difference - half > 0),
    )


def binomial_interval(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion."""
    z = stats.norm.ppf(0.5 + level / 2)
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(share * (1 - share) / trials + z * z / (4 * trials**2))
    return float(centre - half / (1 + z * z / trials)), float(centre + half / (1 + z * z / trials))
