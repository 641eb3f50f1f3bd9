"""The susceptible–infected (SI) contagion on a network."""

from dataclasses import dataclass

import numpy as np

from simulation.adjacency import Adjacency
from simulation.rules.base import ClassicRule, independent_tries, require_probability


@dataclass
class SusceptibleInfected(ClassicRule):
    """Every step each adopter converts each non-adopting neighbour with probability β.

    All tries are independent, so a non-adopter with a adopting neighbours adopts with
    probability 1 − (1 − β)^a in a step (drawn as one random number per exposed school,
    the same distribution as one per tie). Adopters never recover: the SI model of
    epidemiology on a network (Kermack & McKendrick 1927; Pastor-Satorras et al. 2015).

    References
    ----------
    Pastor-Satorras, R., Castellano, C., Van Mieghem, P. & Vespignani, A. (2015).
    Epidemic processes in complex networks. Rev. Mod. Phys. 87, 925–979.
    """

    name = "si"
    beta: float = 0.05

    def __post_init__(self) -> None:
        require_probability(self.name, "beta", self.beta)

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        return independent_tries(adjacency, adopted, adopted, self.beta, rng)
