"""Choosing the initial adopters: how many, and which schools.

The scale-up strategies of docs/model.md §2.7 choose *which* schools; this module resolves a
count or a share into a number of schools and draws them at random.
"""

import numpy as np

from simulation.errors import InputError


def seed_count(n_schools: int, count: int | None, share: float | None) -> int:
    """Number of initial adopters from an explicit ``count`` or a ``share`` of the schools.

    A share is rounded to the nearest whole school, with at least one school when the
    share is positive.
    """
    if (count is None) == (share is None):
        raise InputError("strategy: give exactly one of strategy.count or strategy.share")
    if count is not None:
        if not 0 <= count <= n_schools:
            raise InputError(
                f"strategy.count={count}: {count} initial adopters requested "
                f"but the network has {n_schools} schools"
            )
        return int(count)
    if not 0.0 <= share <= 1.0:
        raise InputError(f"strategy.share={share} must lie in [0, 1]")
    return max(int(round(share * n_schools)), 1 if share > 0 else 0)


def random_schools(n_schools: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` distinct schools drawn uniformly at random, as sorted indices."""
    return np.sort(rng.choice(n_schools, size=count, replace=False))
