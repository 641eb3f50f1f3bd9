"""The fractional threshold rule of Granovetter (1978) and Watts (2002)."""

from dataclasses import dataclass

import numpy as np

from simulation.adjacency import Adjacency
from simulation.errors import InputError
from simulation.rules.base import ClassicRule, require_probability


@dataclass
class Threshold(ClassicRule):
    """A school adopts once the fraction of its neighbours that adopted reaches its threshold φ.

    Each school i with k_i > 0 neighbours, a_i of them adopters, adopts in step t + 1 when
    a_i / k_i ≥ φ_i (Watts 2002, eq. 1); schools without neighbours never adopt through
    the rule. All schools decide from the state at step t (synchronous update); since
    adoption is permanent the final cascade is the same under any update order.

    Thresholds are the constant ``phi`` when ``phi_sd`` is 0; otherwise each school draws
    φ_i ~ Normal(phi, phi_sd²) once, clipped to [0, 1] (Watts 2002 studies normally
    distributed thresholds; the clipping is nicsim's assumption).

    References
    ----------
    Granovetter, M. (1978). Threshold models of collective behavior. AJS 83(6), 1420–1443.
    Watts, D. J. (2002). A simple model of global cascades on random networks. PNAS 99(9),
    5766–5771.
    """

    name = "threshold"
    phi: float = 0.18
    phi_sd: float = 0.0

    def __post_init__(self) -> None:
        require_probability(self.name, "phi", self.phi)
        if self.phi_sd < 0:
            raise InputError(f"adoption.phi_sd={self.phi_sd} must be ≥ 0 (0 = every school φ)")
        self.thresholds: np.ndarray | float = self.phi

    def prepare(self, n_schools: int, rng: np.random.Generator) -> None:
        if self.phi_sd > 0:
            self.thresholds = np.clip(rng.normal(self.phi, self.phi_sd, n_schools), 0.0, 1.0)

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        share = adjacency.share_of_neighbours(adopted)
        return ~adopted & (adjacency.degree > 0) & (share >= self.thresholds)
