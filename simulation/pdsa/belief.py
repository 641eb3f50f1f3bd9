"""Beliefs about an idea's effect: normal distributions updated by conjugate rules.

A school's belief in an idea is N(μ, s²). Evidence of mean y and precision τ (its own test
of n students, a neighbour's report, the hub's pooled estimate) updates it by the conjugate
normal rule: precision adds, the mean is precision-weighted (Gelman et al. 2013, §2.5).
"""

import numpy as np
from scipy.special import ndtr


def combine(
    mu: np.ndarray, sd: np.ndarray, evidence_mean: np.ndarray, evidence_precision: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and sd after evidence of the given mean and precision."""
    prior_precision = 1.0 / (sd * sd)
    precision = prior_precision + evidence_precision
    mean = (prior_precision * mu + evidence_precision * evidence_mean) / precision
    return mean, 1.0 / np.sqrt(precision)


def degree_of_belief(mu: np.ndarray, sd: np.ndarray, min_effect: float) -> np.ndarray:
    """DB = Φ((μ − min_effect)/s): how sure the school is that the idea is worth having.

    Langley et al. (2009) scale tests by the degree of belief that a change will lead to
    improvement; docs/model.md §7.2.12 reads it as the probability that the effect exceeds
    ``min_effect``.
    """
    return ndtr((mu - min_effect) / sd)
