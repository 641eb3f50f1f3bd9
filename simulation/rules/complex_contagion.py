"""Complex contagion with an absolute threshold, after Centola & Macy (2007)."""

from dataclasses import dataclass

import numpy as np

from simulation.adjacency import Adjacency
from simulation.errors import InputError
from simulation.rules.base import ClassicRule


@dataclass
class ComplexContagion(ClassicRule):
    """A school adopts once at least ``m`` of its neighbours have adopted.

    Centola & Macy (2007) call a contagion complex when it needs affirmation from
    multiple sources: here a fixed number m ≥ 1 of adopting neighbours, whatever the
    school's degree (m = 1 is simple contagion with certain transmission). Synchronous
    update; adoption is permanent.

    References
    ----------
    Centola, D. & Macy, M. (2007). Complex contagions and the weakness of long ties.
    AJS 113(3), 702–734.
    """

    name = "complex"
    m: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.m, bool) or int(self.m) != self.m or self.m < 1:
            raise InputError(
                f"adoption.m={self.m} must be a whole number ≥ 1 (adopting neighbours)"
            )
        self.m = int(self.m)

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        return ~adopted & (adjacency.count_neighbours(adopted) >= self.m)
