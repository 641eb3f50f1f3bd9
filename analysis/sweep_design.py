"""The points of a sweep: drawn from its parameters by its design, each validated as a scenario.

Sampling designs work on the unit hypercube, one coordinate per parameter, and map each
coordinate to a value: a range linearly (or logarithmically), whole-number ranges uniformly
over their integers, a list of values by equal slices of [0, 1]. The unit coordinates are
kept (``DesignPoints.unit``) because Sobol and Morris analyses read them, so indices are per
unit of each parameter's range (comparable across parameters). Samplers are SALib's
(Herman & Usher 2017): Latin hypercube (McKay, Beckman & Conover 1979), Saltelli's scheme for
Sobol indices (Saltelli 2002; Saltelli et al. 2010) and Morris trajectories (Morris 1991).
"""

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from scenarios import validate
from scenarios.sweep_schema import Range, Sweep, SweepFile, point_document


@dataclass(frozen=True)
class DesignPoints:
    """A sweep's points: ``values`` has a ``point`` column and one column per parameter;
    ``unit`` holds the sampler's coordinates in [0, 1] (None for a factorial design)."""

    values: pd.DataFrame
    unit: np.ndarray | None

    @property
    def parameters(self) -> list[str]:
        """The varied key paths, in the sweep file's order."""
        return [c for c in self.values.columns if c != "point"]

    def assignments(self, point: int) -> dict[str, Any]:
        """The ``"key.path": value`` settings of one point, as plain Python values."""
        row = self.values.iloc[point]
        return {name: _plain(row[name]) for name in self.parameters}


def problem(spec: SweepFile) -> dict[str, Any]:
    """The SALib problem of a sweep: its parameters over the unit hypercube."""
    names = list(spec.parameters)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def design_points(spec: SweepFile) -> DesignPoints:
    """The points a sweep's design draws from its parameters (deterministic given its seed)."""
    design = spec.design
    if design.method == "factorial":
        levels = [_levels(p) for p in spec.parameters.values()]
        rows = list(itertools.product(*levels))
        return DesignPoints(_frame(spec, rows), None)
    salib_problem, n = problem(spec), design.samples
    if design.method == "random":
        unit = np.random.default_rng(spec.seed).random((n, len(spec.parameters)))
    elif design.method == "latin_hypercube":
        unit = latin.sample(salib_problem, n, seed=spec.seed)
    elif design.method == "sobol":
        unit = sobol.sample(salib_problem, n, calc_second_order=design.second_order, seed=spec.seed)
    else:
        unit = morris.sample(salib_problem, n, num_levels=design.levels, seed=spec.seed)
    specs = list(spec.parameters.values())
    rows = [tuple(_value(p, u) for p, u in zip(specs, row, strict=True)) for row in unit]
    return DesignPoints(_frame(spec, rows), unit)


def validate_points(sweep: Sweep, points: DesignPoints) -> None:
    """Check every point as a scenario before anything runs; InputError names the point."""
    for point in range(len(points.values)):
        assignments = points.assignments(point)
        shown = ", ".join(f"{k}={v!r}" for k, v in assignments.items())
        document = point_document(sweep.base_document, assignments)
        validate(document, f"{sweep.origin}: point {point} ({shown})")


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


def _frame(spec: SweepFile, rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(spec.parameters))
    frame.insert(0, "point", np.arange(len(rows), dtype=np.int64))
    return frame


def _plain(value: Any) -> Any:
    """NumPy scalars as Python ones (so documents validate and print as written)."""
    return value.item() if isinstance(value, np.generic) else value
