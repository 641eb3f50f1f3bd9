"""The Bass (1969) diffusion model on a network."""

from dataclasses import dataclass

import numpy as np

from simulation.adjacency import Adjacency
from simulation.rules.base import ClassicRule, convert_with_probability, require_probability


@dataclass
class Bass(ClassicRule):
    """Each step a non-adopter adopts with probability p + q × (share of neighbours adopted).

    p is external influence (innovation: the hub, the media, a district mandate) and q
    imitation of the school's own neighbours. On a complete graph the share of adopting
    neighbours is the population's adoption share F, and the expected share follows the
    discrete Bass equation F(t+1) = F(t) + (p + q F(t)) (1 − F(t)), whose continuous
    solution is F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}).
    Isolated schools feel only p.

    References
    ----------
    Bass, F. M. (1969). A new product growth for model consumer durables. Management
    Science 15(5), 215–227.
    """

    name = "bass"
    p: float = 0.03
    q: float = 0.38

    def __post_init__(self) -> None:
        require_probability(self.name, "p", self.p)
        require_probability(self.name, "q", self.q)

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        probability = np.minimum(self.p + self.q * adjacency.share_of_neighbours(adopted), 1.0)
        return convert_with_probability(~adopted, probability, rng)
