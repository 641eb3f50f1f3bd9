"""Comparing two designs: the same replicates of two scenarios, side by side.

Both scenarios run with the same replicate seeds (common random numbers), so differences
come from the designs, not from luck. Outcomes are given as means with 95 % confidence
intervals over replicates (Student's t).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.replicates import replicate_seeds
from analysis.runner import RunResult, run
from analysis.statistics import OUTCOMES, mean_interval, outcome_interval
from scenarios import Scenario
from simulation.network_cache import NetworkCache


@dataclass(frozen=True)
class Comparison:
    """Replicate runs of designs A and B, their outcome table and adoption curves."""

    a: list[RunResult]
    b: list[RunResult]

    def table(self) -> pd.DataFrame:
        """One row per outcome: A and B as mean [95 % CI], and the difference B − A.

        The difference and its interval are over paired replicates (the same seed in A and
        B): common random numbers make this interval narrower than A's and B's own.
        """
        rows = []
        for outcome in OUTCOMES:
            a = _values(self.a, outcome)
            b = _values(self.b, outcome)
            if a.size == 0 and b.size == 0:
                continue
            paired = np.array(
                [
                    rb.summary[outcome] - ra.summary[outcome]
                    for ra, rb in zip(self.a, self.b, strict=True)
                    if ra.summary.get(outcome) is not None and rb.summary.get(outcome) is not None
                ],
                dtype=float,
            )
            difference = mean_interval(paired)
            rows.append(
                {
                    "outcome": outcome,
                    **_interval("A", outcome, a),
                    **_interval("B", outcome, b),
                    "difference": _mean(b) - _mean(a),
                    "difference_low": difference["low"],
                    "difference_high": difference["high"],
                }
            )
        return pd.DataFrame(rows)

    def curves(self) -> pd.DataFrame:
        """Adoption share by step for each design: mean, 2.5 % and 97.5 % over replicates."""
        frames = []
        for label, runs in (("A", self.a), ("B", self.b)):
            shares = np.stack([r.timeseries["adoption_share"].to_numpy() for r in runs])
            frames.append(
                pd.DataFrame(
                    {
                        "design": label,
                        "step": runs[0].timeseries["step"].to_numpy(),
                        "mean": shares.mean(axis=0),
                        "low": np.quantile(shares, 0.025, axis=0),
                        "high": np.quantile(shares, 0.975, axis=0),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)


def compare(
    a: Scenario,
    b: Scenario,
    replicates: int = 10,
    seed: int | None = None,
    on_run: Callable[[], None] | None = None,
) -> Comparison:
    """Run ``replicates`` replicates of both scenarios with common random numbers.

    Replicate seeds derive from ``seed`` (default: scenario A's seed). When A and B have
    the same network, each replicate's network is built once and serves both designs.
    """
    seeds = replicate_seeds(a.seed if seed is None else seed, replicates)
    results: dict[str, list[RunResult]] = {"a": [], "b": []}
    networks = NetworkCache()
    for replicate_seed in seeds:
        for key, scenario in (("a", a), ("b", b)):
            results[key].append(run(scenario, seed=replicate_seed, networks=networks))
            if on_run is not None:
                on_run()
    return Comparison(a=results["a"], b=results["b"])


def _values(runs: list[RunResult], outcome: str) -> np.ndarray:
    values = [r.summary.get(outcome) for r in runs]
    return np.array([v for v in values if v is not None], dtype=float)


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else float("nan")


def _interval(label: str, outcome: str, values: np.ndarray) -> dict[str, float]:
    """Mean and 95 % confidence interval, keyed A_mean, A_low, A_high (or B_…)."""
    summary = outcome_interval(outcome, values)
    return {f"{label}_{key}": summary[key] for key in ("mean", "low", "high")}
