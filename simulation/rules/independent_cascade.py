"""The independent cascade model of Kempe, Kleinberg & Tardos (2003)."""

from dataclasses import dataclass

import numpy as np

from simulation.adjacency import Adjacency
from simulation.rules.base import ClassicRule, independent_tries, require_probability


@dataclass
class IndependentCascade(ClassicRule):
    """Each newly adopting school gets one chance to convert each non-adopting neighbour.

    When school v adopts at step t it tries once, at step t + 1, to convert each
    neighbour w that has not adopted, succeeding with probability p independently of all
    other tries; it never tries again. A non-adopter with c newly adopting neighbours
    therefore adopts with probability 1 − (1 − p)^c, which is how the rule is drawn here
    (one random number per exposed school, the same distribution as one per tie).
    The initial adopters count as newly adopted at step 0.

    References
    ----------
    Kempe, D., Kleinberg, J. & Tardos, É. (2003). Maximizing the spread of influence
    through a social network. KDD '03, 137–146.
    """

    name = "independent_cascade"
    p: float = 0.1

    def __post_init__(self) -> None:
        require_probability(self.name, "p", self.p)

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        return independent_tries(adjacency, adopted, newly_adopted, self.p, rng)
