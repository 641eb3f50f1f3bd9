"""Run charts of schools' measured outcomes: how the hub finds bright spots.

docs/model.md §7.2.6. Bright spots are found from repeated measurements, not from one
noisy gain: each school's weekly measured outcome is charted against its own baseline,
its first ``baseline_weeks`` measurements. Two classic signals of a real improvement
(upward only, since the hub looks for schools that improved):

- **shift** (run-chart rule, Perla, Provost & Murray 2011): ``shift_run`` (6) or more
  consecutive measurements above the baseline median;
- **point beyond the control limit** (Shewhart individuals chart; Provost & Murray 2011):
  the latest measurement above the baseline mean + ``bright_spot_sigma`` (3) σ, with σ
  estimated from the baseline's mean moving range, σ = MR̄ / 1.128.

A rule is switched off by setting its parameter to 0. Until a school's baseline is
complete, no signal.
"""

from dataclasses import dataclass

import numpy as np

MOVING_RANGE_TO_SIGMA = 1.128
"""d₂ for ranges of two: σ = mean moving range / d₂ (Shewhart individuals chart)."""


@dataclass
class RunCharts:
    """Each school's baseline and the state of its run chart."""

    baseline: np.ndarray  # (S, baseline_weeks) the first measured outcomes
    weeks: int = 0  # measurements recorded so far
    median: np.ndarray | None = None  # (S,) baseline median, once the baseline is complete
    centre: np.ndarray | None = None  # (S,) baseline mean
    sigma: np.ndarray | None = None  # (S,) σ from the baseline's moving ranges
    run: np.ndarray | None = None  # (S,) consecutive measurements above the median
    latest: np.ndarray | None = None  # (S,) the latest measurement

    @classmethod
    def start(cls, n_schools: int, baseline_weeks: int) -> "RunCharts":
        return cls(baseline=np.empty((n_schools, baseline_weeks)))

    def record(self, measured: np.ndarray) -> None:
        """Chart this week's measured outcome of every school."""
        self.latest = measured
        length = self.baseline.shape[1]
        if self.weeks < length:
            self.baseline[:, self.weeks] = measured
        self.weeks += 1
        if self.weeks == length:
            self.median = np.median(self.baseline, axis=1)
            self.centre = self.baseline.mean(axis=1)
            moving_range = np.abs(np.diff(self.baseline, axis=1)).mean(axis=1)
            self.sigma = moving_range / MOVING_RANGE_TO_SIGMA
            self.run = np.zeros(measured.size, np.int64)
        elif self.weeks > length:
            self.run = (self.run + 1) * (measured > self.median)

    def signals(self, shift_run: int, sigma_limit: float) -> np.ndarray:
        """(S,) bool: schools whose chart signals an improvement this week."""
        signal = np.zeros(self.baseline.shape[0], bool)
        if self.median is None:
            return signal
        if shift_run > 0:
            signal |= self.run >= shift_run
        if sigma_limit > 0:
            signal |= self.latest > self.centre + sigma_limit * self.sigma
        return signal

    def lift(self) -> np.ndarray:
        """(S,) the latest measurement above the baseline mean (0 before the baseline)."""
        if self.centre is None:
            return np.zeros(self.baseline.shape[0])
        return self.latest - self.centre
