"""Replicate seeds: independent random streams derived from one seed (reproducible).

Each replicate's seed comes from ``numpy.random.SeedSequence(seed).spawn``, so replicate
r gets the same seed whoever runs it, in whatever order, on however many workers.
Comparing two scenarios with the same replicate seeds uses common random numbers.
"""

import numpy as np


def replicate_seeds(seed: int, count: int) -> list[int]:
    """``count`` seeds for the replicates of a run with this ``seed``."""
    children = np.random.SeedSequence(seed).spawn(count)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]
