"""The points of a sweep: drawn from its parameters by its design, each validated as a scenario.

Sampling designs work on the unit hypercube, one coordinate per parameter, and map each
coordinate to a value: a range linearly (or logarithmically), whole-number ranges uniformly
over their integers, a list of values by equal slices of [0, 1]. The unit coordinates are
kept (``DesignPoints.unit``) because Sobol and Morris analyses read them, so indices are per
unit of each parameter's range (comparable across parameters). Samplers are SALib's
(Herman & Usher 2017): Latin hypercube (McKay, Beckman & Conover 1979), Saltelli's scheme for
Sobol indices (Saltelli 2002; Saltelli et al. 2010) and Morris trajectories (Morris 1991).

A point's values are kept as written, each with its own type (an integer stays an integer
beside a real number), and go into the scenario unchanged. In tables a parameter's column
holds its values where they are scalars of one kind (numbers, strings or booleans), and
otherwise their readable labels (:func:`level_label`), e.g. ``small_world(n=60, k=4)``
for a whole ``[network]`` table.
"""

import itertools
from dataclasses import dataclass
from functools import cached_property
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from scenarios import validate
from scenarios.sweep_schema import Range, Sweep, SweepFile, level_label, point_document
from simulation.errors import InputError

BUILDER_HINT = (
    "builders take different parameters, so vary the whole network table instead, e.g. "
    '"network" = [{ builder = "small_world", n = 60, k = 4 }, { builder = "ring", n = 60 }]'
)


@dataclass(frozen=True)
class DesignPoints:
    """A sweep's points: ``rows`` holds each point's values as written (one per parameter,
    in the sweep file's order); ``unit`` the sampler's coordinates in [0, 1] (None for a
    factorial design); ``labelled`` the parameters shown by their labels in tables."""

    parameters: list[str]
    rows: list[tuple]
    unit: np.ndarray | None
    labelled: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.rows)

    def assignments(self, point: int) -> dict[str, Any]:
        """The ``"key.path": value`` settings of one point, exactly as the sweep gives them."""
        return dict(zip(self.parameters, self.rows[point], strict=True))

    def levels(self, point: int) -> dict[str, Any]:
        """One point's entries in the tables: its values, or their labels where labelled."""
        return {
            name: level_label(value) if name in self.labelled else value
            for name, value in self.assignments(point).items()
        }

    @cached_property
    def values(self) -> pd.DataFrame:
        """One row per point: ``point`` and each parameter's table entry."""
        frame = pd.DataFrame(
            [self.levels(point) for point in range(len(self))], columns=self.parameters
        )
        frame.insert(0, "point", np.arange(len(self), dtype=np.int64))
        return frame


def problem(spec: SweepFile) -> dict[str, Any]:
    """The SALib problem of a sweep: its parameters over the unit hypercube."""
    names = list(spec.parameters)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def design_points(spec: SweepFile) -> DesignPoints:
    """The points a sweep's design draws from its parameters (deterministic given its seed)."""
    design, names = spec.design, list(spec.parameters)
    labelled = frozenset(name for name, p in spec.parameters.items() if _shown_by_label(p))
    if design.method == "factorial":
        levels = [_levels(p) for p in spec.parameters.values()]
        return DesignPoints(names, list(itertools.product(*levels)), None, labelled)
    salib_problem, n = problem(spec), design.samples
    if design.method == "random":
        unit = np.random.default_rng(spec.seed).random((n, len(names)))
    elif design.method == "latin_hypercube":
        unit = latin.sample(salib_problem, n, seed=spec.seed)
    elif design.method == "sobol":
        unit = sobol.sample(salib_problem, n, calc_second_order=design.second_order, seed=spec.seed)
    else:
        unit = morris.sample(salib_problem, n, num_levels=design.levels, seed=spec.seed)
    specs = list(spec.parameters.values())
    rows = [tuple(_value(p, u) for p, u in zip(specs, row, strict=True)) for row in unit]
    return DesignPoints(names, rows, unit, labelled)


def level_order(spec: list[Any] | Range) -> list[Any] | None:
    """The table entries of a list parameter in the sweep's order (None for a range, whose
    values are ordered as numbers)."""
    if not isinstance(spec, list):
        return None
    return [level_label(v) for v in spec] if _shown_by_label(spec) else list(spec)


def validate_points(sweep: Sweep, points: DesignPoints) -> None:
    """Check every point as a scenario before anything runs; InputError names the point."""
    for point in range(len(points)):
        assignments = points.assignments(point)
        shown = ", ".join(f"{k}={level_label(v)}" for k, v in assignments.items())
        document = point_document(sweep.base_document, assignments)
        try:
            validate(document, f"{sweep.origin}: point {point} ({shown})")
        except InputError as error:
            if "network.builder" not in assignments:
                raise
            raise InputError(f"{error}; {BUILDER_HINT}") from None


def _shown_by_label(spec: list[Any] | Range) -> bool:
    """Whether a parameter's values are not scalars of one kind (numbers, strings, booleans)."""
    if isinstance(spec, Range):
        return False
    kinds = {_kind(value) for value in spec}
    return len(kinds) > 1 or None in kinds


def _kind(value: Any) -> type | None:
    if isinstance(value, bool | str):
        return type(value)
    return Real if isinstance(value, Real) else None


def _levels(spec: list[Any] | Range) -> list[Any]:
    if isinstance(spec, list):
        return spec
    space = np.geomspace if spec.scale == "log" else np.linspace
    grid = space(spec.low, spec.high, spec.num)
    if spec.integer:
        return sorted({int(round(x)) for x in grid})
    return [float(x) for x in grid]


def _value(spec: list[Any] | Range, u: float) -> Any:
    """The value at unit coordinate ``u`` of a parameter."""
    if isinstance(spec, list):
        return spec[min(int(u * len(spec)), len(spec) - 1)]
    if spec.integer:
        return min(int(spec.low + np.floor(u * (spec.high - spec.low + 1))), spec.high)
    if spec.scale == "log":
        return float(np.exp(np.log(spec.low) + u * (np.log(spec.high) - np.log(spec.low))))
    return float(spec.low + u * (spec.high - spec.low))
