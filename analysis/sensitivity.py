"""Global sensitivity analysis of a sweep: Sobol indices and Morris elementary effects.

Both use SALib (Herman & Usher 2017) on the design's unit coordinates, so indices refer to
each parameter's whole swept range and are comparable across parameters. Sobol first-order
(S1) and total (ST) indices follow Saltelli (2002) and Saltelli et al. (2010) and need a
``sobol`` design; Morris μ* (mean absolute elementary effect) and σ (their spread, a sign
of interactions or non-linearity) follow Morris (1991) with Campolongo et al. (2007)'s μ*
and need a ``morris`` design.

Each point's outcome is its mean over replicates, so the indices describe the model's
expected outcome and replicate noise is averaged out before it can pose as an effect
(with one replicate per point noise can push ST above 1). Whether the indices have
converged is judged by the statistic of Sarrazin, Pianosi & Wagener (2016): the widest
95 % bootstrap interval among the parameters (for Morris, of μ* divided by the largest
μ*). Above ``CONVERGED_WIDTH`` :func:`convergence_warnings` says the indices have not
converged.
"""

import numpy as np
import pandas as pd
from SALib.analyze import morris, sobol

from analysis.sweep_results import SweepResults
from simulation.errors import InputError

BOOTSTRAP_SEED = 0
"""Seed of the bootstrap behind the confidence intervals (so reports are reproducible).
It reaches SALib as a Generator: SALib's Sobol analysis ignores a seed of 0 (``if seed:``)."""
CONVERGED_WIDTH = 0.1
"""Widest 95 % interval of converged indices [A]: Sarrazin et al. (2016) ask 0.05 for
screening; 0.1 keeps rankings apart without the ~10⁴ runs per parameter 0.05 needs."""


def sobol_indices(problem: dict, y: np.ndarray, second_order: bool = False) -> pd.DataFrame:
    """First-order and total Sobol indices of outputs ``y`` of a Saltelli sample.

    Returns one row per parameter: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (half-widths
    of 95 % bootstrap intervals).
    """
    result = sobol.analyze(
        problem, np.asarray(y, dtype=float), second_order, seed=_bootstrap_generator()
    )
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "S1": result["S1"],
            "S1_conf": result["S1_conf"],
            "ST": result["ST"],
            "ST_conf": result["ST_conf"],
        }
    )


def morris_indices(problem: dict, x: np.ndarray, y: np.ndarray, levels: int) -> pd.DataFrame:
    """Morris μ, μ*, its 95 % bootstrap half-width and σ for outputs ``y`` at sample ``x``."""
    result = morris.analyze(
        problem,
        np.asarray(x),
        np.asarray(y, dtype=float),
        num_levels=levels,
        seed=_bootstrap_generator(),
    )
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "mu": result["mu"],
            "mu_star": result["mu_star"],
            "mu_star_conf": result["mu_star_conf"],
            "sigma": result["sigma"],
        }
    )


def sweep_sensitivity(results: SweepResults, outcomes: list[str]) -> pd.DataFrame:
    """Sobol or Morris indices of each outcome of a ``sobol`` or ``morris`` sweep, computed
    on each point's mean over its replicates.

    Rows: ``outcome``, ``parameter`` and the indices. A point whose runs all failed, or an
    outcome missing at some point (e.g. a level never reached), makes that outcome's
    indices NaN: the designs need every point.
    """
    method = results.method
    if method not in ("sobol", "morris"):
        raise InputError(f"sensitivity indices need a sobol or morris design, not '{method}'")
    names = results.parameters
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    means = replicate_means(results, outcomes)
    frames = []
    for outcome in outcomes:
        y = means[outcome].to_numpy(dtype=float)
        if np.isnan(y).any():
            table = pd.DataFrame({"parameter": names})
        elif method == "sobol":
            design = results.manifest["design"]
            table = sobol_indices(problem, y, design["second_order"])
        else:
            levels = results.manifest["design"]["levels"]
            table = morris_indices(problem, results.unit[names].to_numpy(), y, levels)
        frames.append(table.assign(outcome=outcome))
    table = pd.concat(frames, ignore_index=True)
    return table[["outcome", *[c for c in table.columns if c != "outcome"]]]


def replicate_means(results: SweepResults, outcomes: list[str]) -> pd.DataFrame:
    """Each point's outcomes averaged over its successful replicates, in point order."""
    ok = results.runs[results.runs["error"].isna()]
    return ok.groupby("point")[outcomes].mean().reindex(results.points["point"])


def convergence_warnings(indices: pd.DataFrame) -> list[str]:
    """One sentence per outcome whose indices have not converged (see the module's notes)."""
    sobol_table = "ST" in indices.columns
    warnings = []
    for outcome, rows in indices.groupby("outcome", sort=False):
        if sobol_table:
            widths = 2 * rows[["S1_conf", "ST_conf"]].max(axis=1)
            name = "Sobol indices"
        else:
            widths = 2 * rows["mu_star_conf"] / rows["mu_star"].max()
            name = "Morris μ* (relative to the largest)"
        if widths.isna().all() or widths.max() <= CONVERGED_WIDTH:
            continue
        widest = rows["parameter"].to_numpy()[int(np.nanargmax(widths.to_numpy()))]
        text = (
            f"{outcome}: {name} have not converged: the widest 95 % interval ({widest}) "
            f"spans {widths.max():.2f}, more than {CONVERGED_WIDTH}"
        )
        if sobol_table and (rows["ST"] > 1).any():
            text += ", and an ST above 1 is noise"
        warnings.append(text + "; run more samples or replicates")
    return warnings


def _bootstrap_generator() -> np.random.Generator:
    return np.random.default_rng(BOOTSTRAP_SEED)
