"""The scenario: one validated description of a run.

A scenario names the network (a builder and its parameters, or a file), the adoption rule
and its parameters, the initial adopters, the number of steps and the random seed. Every
field is typed and bounded; builder parameter names are checked against the builder's own
signature when the scenario loads (their values when the network is built), and rule
parameters by constructing the rule.
"""

import inspect
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scenarios.messages import did_you_mean
from simulation.errors import InputError
from simulation.model import PDSA
from simulation.networks import BUILDERS
from simulation.pdsa.parameters import PDSAParameters
from simulation.rules import make_rule


class NetworkSpec(BaseModel):
    """The school network: a builder with its parameters, or a graph file."""

    model_config = ConfigDict(extra="allow")

    builder: str = Field("district_clusters", description="Network builder (MODEL.md §11).")
    file: Path | None = Field(None, description="GraphML, GEXF or edge-list CSV of the network.")
    attributes: Path | None = Field(None, description="Node-attribute CSV for a network file.")

    @property
    def params(self) -> dict[str, Any]:
        """The builder's parameters (every key besides builder, file and attributes)."""
        return dict(self.model_extra or {})

    @model_validator(mode="after")
    def _check_builder(self) -> Self:
        if self.file is not None:
            if self.params:
                raise ValueError(
                    f"network.file is given, so builder parameters {sorted(self.params)} "
                    "do not apply; remove them"
                )
            return self
        if self.builder not in BUILDERS:
            raise ValueError(
                f"unknown builder '{self.builder}'{did_you_mean(self.builder, list(BUILDERS))}; "
                f"allowed: {', '.join(BUILDERS)}"
            )
        allowed = [p for p in inspect.signature(BUILDERS[self.builder]).parameters if p != "rng"]
        for key in self.params:
            if key not in allowed:
                raise ValueError(
                    f"'{key}' is not a parameter of builder '{self.builder}'"
                    f"{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}"
                )
        return self


class AdoptionSpec(BaseModel):
    """The adoption rule (MODEL.md §10) and its parameters."""

    model_config = ConfigDict(extra="allow")

    rule: str = Field(
        "threshold", description="pdsa, threshold, complex, independent_cascade, si or bass"
    )

    @property
    def params(self) -> dict[str, Any]:
        """The rule's parameters (every key besides rule)."""
        return dict(self.model_extra or {})

    @model_validator(mode="after")
    def _check_rule(self) -> Self:
        try:
            if self.rule == PDSA:
                PDSAParameters.from_dict(self.params)
            else:
                make_rule(self.rule, **self.params)
        except InputError as error:
            raise ValueError(str(error)) from None
        return self


class SeedingSpec(BaseModel):
    """The initial adopters: a count or a share of the schools, chosen at random."""

    model_config = ConfigDict(extra="forbid")

    count: int | None = Field(None, ge=0, description="Number of initial adopters.")
    share: float | None = Field(None, ge=0, le=1, description="Share of schools seeded.")

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.count is not None and self.share is not None:
            raise ValueError("give seeding.count or seeding.share, not both")
        if self.count is None and self.share is None:
            self.share = 0.05
        return self


class Scenario(BaseModel):
    """A complete, validated description of one run."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("scenario", description="Short name, used for output folders.")
    description: str = Field("", description="Plain-language description of the scenario.")
    steps: int = Field(52, ge=1, le=100_000, description="Weeks to simulate.")
    seed: int = Field(0, ge=0, description="Random seed: same seed, same results.")
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    adoption: AdoptionSpec = Field(default_factory=AdoptionSpec)
    seeding: SeedingSpec = Field(default_factory=SeedingSpec)
