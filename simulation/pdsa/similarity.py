"""How alike two schools' contexts are: the context part of transportability.

docs/model.md §7.2.10: a report from a school of context x_a counts for a school of
context x_b with the weight exp(−‖x_a − x_b‖² / (2 · context_scale²)) [A, after Bryk et
al.'s "what works, for whom, under what conditions"]; a variant is a candidate for
borrowing only from a school similar enough, with that weight at least SIMILAR_CONTEXT.
Contexts are observable: a school knows its own and its peers'.
"""

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from simulation.pdsa.learning import PDSALearning

SIMILAR_CONTEXT = 0.5
"""Context similarity above which a school's variant is a candidate for borrowing [A]."""


def context_similarity(net: "PDSALearning", schools: np.ndarray, others: np.ndarray) -> np.ndarray:
    """exp(−‖x_school − x_other‖² / (2 · context_scale²)) for each school and the context
    ``others`` (one row per school)."""
    difference = net.schools.context[schools] - others
    distance2 = np.einsum("ij,ij->i", difference, difference)
    return np.exp(-distance2 / (2 * net.params.evidence.context_scale**2))


def similar_context(net: "PDSALearning", schools: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether each school's context is similar enough to ``others`` to borrow from it."""
    return context_similarity(net, schools, others) >= SIMILAR_CONTEXT
