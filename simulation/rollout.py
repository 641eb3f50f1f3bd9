"""How a network's work reaches its schools: rollout waves and hub intensity (docs/model.md §2.7).

- **Rollout** decides when each school joins the network's work. ``all_at_once``: every
  school from week 0. ``three_waves``: a third of the schools at the start of each of the
  first three school years, in random order. ``capacity_gated``: the same waves, the
  schools of highest capacity first (a district's "ready schools first" [A]). Pilot
  schools (the initial adopters) always join in the first wave.
- **Hub intensity** sets the hub's supports (docs/model.md §2.6) to one of four levels:
  ``none``; ``light`` (convenings about twice a year, as NW RISE's job-alike meetings);
  ``standard`` (convenings every 12 weeks, analytics, coaching 2 hours per school every
  4 weeks: the Improving Schools and Carnegie NICs); ``intensive`` (convenings every 8
  weeks, analytics, coaching 2 hours per school every 2 weeks, learning walks every 8
  weeks: Schools That Lead, BTEN). One coach serves 20 schools [A]. ``none`` and
  ``light`` run no 90-day R&D cycles; ``standard`` and ``intensive`` keep the hub's
  default (every 13 weeks, docs/model.md §7.2.9).
"""

import math

import numpy as np

from simulation.errors import InputError

ROLLOUTS = ("all_at_once", "three_waves", "capacity_gated")
HUB_INTENSITIES = ("none", "light", "standard", "intensive")
SCHOOLS_PER_COACH = 20


def joining_weeks(
    rollout: str,
    capacity: np.ndarray,
    pilots: np.ndarray,
    year_length: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """The week at which each school joins the network's work."""
    if rollout not in ROLLOUTS:
        raise InputError(f"strategy.rollout='{rollout}' is unknown; allowed: {', '.join(ROLLOUTS)}")
    n = capacity.size
    weeks = np.zeros(n, dtype=np.int64)
    if rollout == "all_at_once":
        return weeks
    if rollout == "three_waves":
        order = rng.permutation(n)
    else:  # capacity_gated: highest capacity first, ties at random
        order = np.lexsort((rng.random(n), -capacity))
    wave = np.empty(n, dtype=np.int64)
    wave[order] = np.arange(n) * 3 // n
    weeks = wave * year_length
    weeks[pilots] = 0
    return weeks


def hub_intensity(level: str, n_schools: int) -> dict[str, float | int | str]:
    """The hub settings (HubParameters fields) of an intensity level for a network."""
    if level not in HUB_INTENSITIES:
        raise InputError(
            f"hub.intensity='{level}' is unknown; allowed: {', '.join(HUB_INTENSITIES)}"
        )
    off = {
        "convening_interval": 0,
        "analytics_interval": 0,
        "coaching_hours": 0.0,
        "walk_interval": 0,
    }
    coaches = max(1, math.ceil(n_schools / SCHOOLS_PER_COACH))
    levels = {
        "none": {**off, "rd_interval": 0},
        "light": {**off, "convening_interval": 18, "rd_interval": 0},
        "standard": {
            **off,
            "convening_interval": 12,
            "analytics_interval": 4,
            "coaching_hours": 2.0 * n_schools / 4,
            "coaches": coaches,
        },
        "intensive": {
            **off,
            "convening_interval": 8,
            "analytics_interval": 4,
            "coaching_hours": 2.0 * n_schools / 2,
            "coaches": coaches,
            "walk_interval": 8,
        },
    }
    return levels[level]
