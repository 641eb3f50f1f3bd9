"""Changes on trial: a school keeps a change only if its test shows an improvement.

With ``keep_change = "if_better"`` an adaptation (a local step or a borrowed variant) is a
trial of a change to the school's practice, not a replacement of it. The cycle that tests
it ends in a comparison: if the measured result is below the last result of the practice,
the school goes back to its practice; otherwise the change becomes the practice. This is
the second question of the Model for Improvement, "How will we know that a change is an
improvement?" (Langley et al. 2009), and the search rule of Lazer & Friedman's (2007)
agents, which keep a local change only if it scores better. What a school reports to its
peers is its practice and the practice's last result, and a school borrows a peer's
variant only if that result beats its own [A].

With ``keep_change = "always"`` (the default, MODEL.md §5) a change replaces the practice
whatever its result, and copying is judged by beliefs about the idea.
"""

import numpy as np

from simulation.events import Event
from simulation.pdsa.state import flat, take


def judges_changes(net) -> bool:
    """Whether schools keep a change only if it tested better than their practice."""
    return net.params.pdsa.keep_change == "if_better"


def start_trials(net, pairs: np.ndarray) -> None:
    """The variants of ``pairs`` are about to change: keep their practice to return to.

    Adaptation follows the judgement of the cycle just ended, so no pair is on trial yet.
    """
    work = net.work
    flat(work.practice)[pairs] = take(work.variant, pairs)
    flat(work.on_trial)[pairs] = True


def judge_trials(net, s: np.ndarray, j: np.ndarray, observed: np.ndarray, step: int) -> None:
    """After the cycles of pairs (s, j) measured ``observed``: keep or revert their changes.

    A change that did not measure above the practice's last result is undone; otherwise
    the result becomes the practice's result (for a pair not on trial, the practice was
    measured again).
    """
    work = net.work
    pairs = work.pairs(s, j)
    worse = take(work.on_trial, pairs) & (observed <= take(work.result, pairs))
    flat(work.result)[pairs[~worse]] = observed[~worse]
    net.set_variants(s[worse], j[worse], take(work.practice, pairs[worse]))
    flat(work.on_trial)[pairs] = False
    net.events.record(step, Event.REVERTED, s[worse], j[worse], observed[worse])


def practices(work, pairs: np.ndarray) -> np.ndarray:
    """The practice of each pair: the variant it would keep, which for a change on trial
    is the one it may go back to."""
    on_trial = take(work.on_trial, pairs)
    return np.where(on_trial[:, None], take(work.practice, pairs), take(work.variant, pairs))


def reported_practice(net, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the schools of ``pairs`` tell peers under trials: their practice and its result."""
    return practices(net.work, pairs), take(net.work.result, pairs)
