"""What every classic adoption rule shares: the step contract and parameter checks.

A classic rule (docs/model.md §7.1) follows one change idea through the network with a textbook
adoption rule instead of PDSA learning. Adoption is permanent in all of them, so the
state is a boolean per school plus the set of schools that adopted in the last step.
"""

from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from simulation.adjacency import Adjacency
from simulation.errors import InputError


@dataclass
class ClassicRule:
    """Base of the classic rules: subclasses define ``name`` and ``new_adopters``."""

    name: ClassVar[str] = ""

    def prepare(self, n_schools: int, rng: np.random.Generator) -> None:
        """Draw whatever each school needs before the first step (default: nothing)."""

    def new_adopters(
        self,
        adjacency: Adjacency,
        adopted: np.ndarray,
        newly_adopted: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Boolean mask of schools that adopt in this step, given the state before it.

        Every school decides from the same state (synchronous update); the caller then
        adds the new adopters to ``adopted``.
        """
        raise NotImplementedError

    @classmethod
    def parameter_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def require_probability(rule: str, name: str, value: float) -> None:
    """Raise InputError unless ``value`` is a probability."""
    if not 0.0 <= value <= 1.0:
        raise InputError(f"adoption.{name}={value} for rule '{rule}' must lie in [0, 1]")


def convert_with_probability(
    candidates: np.ndarray, probability: np.ndarray | float, rng: np.random.Generator
) -> np.ndarray:
    """Mask of candidate schools that convert, each independently with its probability.

    Draws one uniform number per candidate school, in school order, so the stream of
    random numbers depends only on the state: same seed, same result.
    """
    converted = np.zeros(candidates.shape, dtype=bool)
    where = np.flatnonzero(candidates)
    p = probability[where] if np.ndim(probability) else probability
    converted[where] = rng.random(where.size) < p
    return converted


def independent_tries(
    adjacency: Adjacency,
    adopted: np.ndarray,
    trying: np.ndarray,
    p: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Non-adopters converted when each ``trying`` neighbour tries once with chance ``p``."""
    attempts = adjacency.count_neighbours(trying)
    exposed = ~adopted & (attempts > 0)
    return convert_with_probability(exposed, probability_any_of(attempts, p), rng)


def probability_any_of(attempts: np.ndarray, p: float) -> np.ndarray:
    """Probability that at least one of ``attempts`` independent tries with chance p succeeds."""
    return -np.expm1(attempts * np.log1p(-p)) if p < 1.0 else (attempts > 0).astype(float)
