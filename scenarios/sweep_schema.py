"""Sweep files: a base scenario, the parameters to vary, a design and replicates (TOML).

A sweep file names a base scenario (a preset, a TOML path, or ``SOURCE:VARIANT``), inline
``"key.path" = value`` overrides of it, and ``[parameters]``: scenario key paths mapped to
a list of values or a range ``{low, high, num, scale}``. ``[design]`` says how points are
drawn from them (full factorial, random, Latin hypercube, Sobol/Saltelli or Morris), and
``replicates`` how often each point runs. The file is checked like a scenario: unknown
keys, bad values and empty ranges end in one-line :class:`InputError` messages.

Example::

    base = "quickstart"
    replicates = 3
    [overrides]
    steps = 30
    [parameters]
    "strategy.seeding" = ["random", "most_connected"]
    "network.p_out" = { low = 0.0, high = 0.02, num = 3 }
"""

import copy
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from scenarios.loader import read_document, set_path, validate
from scenarios.messages import describe, did_you_mean
from scenarios.toml_files import parse_toml, read_text
from simulation.errors import InputError

SWEEP_PACKAGE = "scenarios.sweeps"
DESIGNS = ("factorial", "random", "latin_hypercube", "sobol", "morris")
RESERVED = ("seed", "name", "description", "grounding", "variants")
"""Scenario keys a sweep does not vary: seeds come from the sweep seed and replicates."""


class Range(BaseModel):
    """Values between ``low`` and ``high``: ``num`` grid points for a factorial design, or
    the bounds a sampling design draws from. Whole-number bounds give whole numbers."""

    model_config = ConfigDict(extra="forbid")

    low: int | float
    high: int | float
    num: int | None = Field(None, ge=2, description="Grid points (factorial designs).")
    scale: Literal["linear", "log"] = "linear"

    @property
    def integer(self) -> bool:
        """Whether values are whole numbers (both bounds written as integers)."""
        return isinstance(self.low, int) and isinstance(self.high, int)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if self.scale == "log" and self.low <= 0:
            raise ValueError(f"scale = 'log' needs low > 0, not {self.low}")
        return self


class Design(BaseModel):
    """How sweep points are drawn from the parameters.

    ``factorial``: every combination of the listed values and range grids. ``random``:
    ``samples`` independent uniform draws. ``latin_hypercube``: ``samples`` stratified draws
    (McKay, Beckman & Conover 1979). ``sobol``: Saltelli's scheme for Sobol indices with
    ``samples`` = N, a power of 2, giving N(D+2) points, N(2D+2) with ``second_order``
    (Saltelli 2002; Saltelli et al. 2010). ``morris``: ``samples`` elementary-effect
    trajectories on a ``levels``-level grid, N(D+1) points (Morris 1991). The samplers are
    SALib's (Herman & Usher 2017).
    """

    model_config = ConfigDict(extra="forbid")

    method: Literal[DESIGNS] = "factorial"  # type: ignore[valid-type]
    samples: int | None = Field(None, ge=1, description="Draws, base N or trajectories.")
    levels: int = Field(4, ge=2, description="Grid levels of a Morris design.")
    second_order: bool = Field(False, description="Sobol: also second-order indices.")


class SweepFile(BaseModel):
    """A complete, validated sweep description."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("sweep", description="Short name, used for output folders.")
    description: str = ""
    base: str = Field(description="Base scenario: preset name, TOML path or SOURCE:VARIANT.")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description='"key.path" = value changes to the base scenario.'
    )
    seed: int = Field(0, ge=0, description="Seed of the design and of every run's seed.")
    replicates: int = Field(1, ge=1, description="Runs of each point (different seeds).")
    timeseries: bool = Field(False, description="Keep every run's per-step table.")
    design: Design = Field(default_factory=Design)
    parameters: dict[str, list[Any] | Range] = Field(
        description="Scenario key paths to vary: a list of values or a range."
    )

    @field_validator("parameters", mode="before")
    @classmethod
    def _specs(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {key: _parameter(key, spec) for key, spec in value.items()}

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.parameters:
            raise ValueError("[parameters] is empty; name at least one key path to vary")
        for key, spec in self.parameters.items():
            if key.split(".")[0] in RESERVED:
                raise ValueError(
                    f"parameters: '{key}' cannot be swept (seeds come from the sweep seed "
                    f"and replicates); reserved: {', '.join(RESERVED)}"
                )
            if isinstance(spec, list) and not spec:
                raise ValueError(f"parameters.{key}: the list of values is empty")
            if isinstance(spec, list):
                _check_distinct(key, spec)
        method, samples = self.design.method, self.design.samples
        if method == "factorial":
            for key, spec in self.parameters.items():
                if isinstance(spec, Range) and spec.num is None:
                    raise ValueError(
                        f"parameters.{key}: a factorial design needs num (grid points) in "
                        "the range, e.g. { low = 0, high = 1, num = 5 }"
                    )
        elif samples is None:
            raise ValueError(f"design.method = '{method}' needs design.samples")
        if method == "sobol" and samples & (samples - 1):
            raise ValueError(
                f"design.samples={samples}: a Sobol design needs a power of 2, "
                f"e.g. {2 ** round(math.log2(samples))}"
            )
        return self


def _parameter(key: str, spec: Any) -> list[Any] | Range:
    """A parameter's values: a list as it is, a table as a Range (with a one-line error)."""
    if isinstance(spec, list):
        return spec
    if isinstance(spec, dict):
        try:
            return Range.model_validate(spec)
        except ValidationError as error:
            raise ValueError(describe(error, Range, f"parameters.{key}")) from None
    raise ValueError(
        f"parameters.{key}={spec!r}: give a list of values or a range "
        "{ low = ..., high = ..., num = ... }"
    )


def _check_distinct(key: str, values: list[Any]) -> None:
    """Each value of a list once, and told apart by its label in tables and reports."""
    labels = [level_label(v) for v in values]
    for i, label in enumerate(labels):
        if label in labels[:i]:
            raise ValueError(
                f"parameters.{key}: the value {label} is listed twice (or two values look "
                "the same); list each value once"
            )


def level_label(value: Any) -> str:
    """A value as a short readable label: a table with a ``builder`` as ``builder(k=v, …)``
    (a whole ``[network]`` table), other tables as ``{k=v, …}``, lists as ``[a, b]``."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k}={level_label(v)}" for k, v in value.items() if k != "builder")
        return f"{value['builder']}({inner})" if "builder" in value else f"{{{inner}}}"
    if isinstance(value, list):
        return f"[{', '.join(level_label(v) for v in value)}]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@dataclass(frozen=True)
class Sweep:
    """A sweep file, validated, with its text (for the manifest) and resolved base scenario.

    ``base_document`` is the base scenario with the overrides applied, as a plain
    document that validates (``scenarios.validate``); per-run event logs are off.
    """

    spec: SweepFile
    text: str
    origin: str
    base_document: dict[str, Any]


def sweep_names() -> list[str]:
    """Names of the example sweeps shipped with nicsim."""
    files = resources.files(SWEEP_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def sweep_text(name: str) -> str:
    """The TOML text of an example sweep."""
    names = sweep_names()
    if name not in names:
        raise InputError(
            f"'{name}' is not an example sweep{did_you_mean(name, names)}; "
            f"sweeps: {', '.join(names)}"
        )
    return resources.files(SWEEP_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def load_sweep(source: str | Path) -> Sweep:
    """A validated sweep from a TOML file or the name of an example sweep.

    A relative base scenario path is taken relative to the sweep file.
    """
    path = Path(source)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise InputError(f"sweep file {path} does not exist")
        text, origin, base_dir = read_text(path, "sweep file"), str(path), path.parent
    elif str(source) in sweep_names():
        text, origin, base_dir = sweep_text(str(source)), f"sweep {source}", None
    else:
        names = sweep_names()
        raise InputError(
            f"'{source}' is neither a sweep file nor an example sweep"
            f"{did_you_mean(str(source), names)}; sweeps: {', '.join(names)}"
        )
    return parse_sweep(text, origin, base_dir)


def parse_sweep(text: str, origin: str, base_dir: Path | None = None) -> Sweep:
    """The Sweep described by TOML ``text`` (``origin`` names it in messages)."""
    document = parse_toml(text, origin)
    try:
        spec = SweepFile.model_validate(document)
    except ValidationError as error:
        raise InputError(describe(error, SweepFile, origin)) from None
    base = spec.base
    if base_dir is not None and (base_dir / base.split(":")[0]).suffix == ".toml":
        base = str(base_dir / base)
    document = base_document(base, spec.overrides, f"{origin}: overrides")
    validate(document, f"{origin}: base {spec.base}")
    return Sweep(spec=spec, text=text, origin=origin, base_document=document)


def base_document(source: str, overrides: dict[str, Any], where: str) -> dict[str, Any]:
    """The document of scenario ``source`` (preset, path or SOURCE:VARIANT) with ``overrides``.

    The document is kept as written (defaults unfilled), so a point may set any key, e.g.
    ``strategy.count`` over a base that leaves the default ``share``. Per-run event logs are
    off; a relative network file is resolved against the scenario's folder.
    """
    document, _, folder = read_document(source)
    document.pop("variants", None)
    document = point_document(document, overrides, where)
    network = document.get("network", {})
    for field in ("file", "attributes"):
        if field in network and not Path(network[field]).is_absolute():
            network[field] = str(folder / network[field])
    document.setdefault("outputs", {})["events"] = False
    return document


def point_document(
    document: dict[str, Any], assignments: dict[str, Any], where: str = "parameters"
) -> dict[str, Any]:
    """A copy of a scenario document with ``"key.path": value`` assignments applied."""
    result = copy.deepcopy(document)
    for key, value in assignments.items():
        set_path(result, key, value, where)
    return result
