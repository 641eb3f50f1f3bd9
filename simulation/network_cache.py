"""Networks already built, handed to the next model that would build the same network.

Replicates and compared designs often run on the same network: two designs compared with
common random numbers draw the same network for the same seed, and a ring, a complete graph
or a network file is the same for every seed. Rebuilding it costs more than a short run.

A network is a pure function of its builder, its parameters, the bridges added and the state
of the model's generator when drawing starts (``simulation.networks``). The cache keys on all
four and keeps the generator's state after drawing, so a model that takes a network from the
cache goes on with exactly the random numbers it would have drawn after building it: its
results are identical to those of a fresh build. A network whose drawing used no random
numbers is kept under its description alone and serves every seed.
"""

import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from simulation.adjacency import Adjacency
from simulation.school_graph import SchoolGraph

Built = tuple[SchoolGraph, Adjacency]


class NetworkCache:
    """The last ``size`` networks built, with their CSR ties (least recently used dropped).

    Parameters
    ----------
    size : int, default 2
        Networks kept; a network of 100,000 schools with mean degree 6 takes about 20 MB.
    """

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._built: OrderedDict[tuple, tuple[Built, dict | None]] = OrderedDict()
        self.hits = 0
        """Networks served from the cache (for tests and benchmarks)."""

    def network(
        self, description: Mapping[str, Any], rng: np.random.Generator, build: Callable[[], Built]
    ) -> Built:
        """The network ``build()`` would draw from ``rng`` now, built or taken from the cache.

        ``description`` names everything besides ``rng`` that the network depends on. On a
        hit, ``rng`` is moved to the state in which building would have left it.
        """
        spec = json.dumps(description, sort_keys=True, default=str)
        before = _state(rng)
        for key in ((spec, None), (spec, before)):
            if key in self._built:
                self._built.move_to_end(key)
                built, after = self._built[key]
                if after is not None:
                    rng.bit_generator.state = json.loads(after)
                self.hits += 1
                return built
        built = build()
        after = _state(rng)
        if after == before:
            self._keep((spec, None), built, None)
        else:
            self._keep((spec, before), built, after)
        return built

    def _keep(self, key: tuple, built: Built, after: str | None) -> None:
        self._built[key] = (built, after)
        while len(self._built) > self.size:
            self._built.popitem(last=False)


def _state(rng: np.random.Generator) -> str:
    """The generator's full state as text (hashable, comparable)."""
    return json.dumps(rng.bit_generator.state, sort_keys=True)
