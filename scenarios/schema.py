"""The scenario: one validated description of a run (plain TOML, checked before anything runs).

Sections: the network (a builder and its parameters, or a file; plus added bridges), the
adoption rule (PDSA learning or a classic rule and its parameters), the scale-up strategy
(seeding and rollout), the hub (an intensity and any overrides), the PDSA parameter groups
(schools, ideas, landscape, pdsa, choice, evidence, calendar), and outputs. Every field is
typed, bounded and documented; defaults come from docs/model.md (§7.3) through the model's own
parameter definitions. A scenario that validates builds: builder parameter names are
checked against the builder's signature and rule parameters by constructing the rule.
"""

import inspect
import re
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from scenarios.messages import did_you_mean
from scenarios.sections import PDSA_GROUPS, section_model
from simulation.errors import InputError
from simulation.model import PDSA
from simulation.networks import BUILDERS
from simulation.pdsa.parameters import (
    CalendarParameters,
    ChoiceParameters,
    CycleParameters,
    EvidenceParameters,
    HubParameters,
    IdeaParameters,
    LandscapeParameters,
    SchoolParameters,
)
from simulation.rollout import HUB_INTENSITIES, ROLLOUTS
from simulation.rules import CLASSIC_RULES, make_rule
from simulation.strategies import SEEDING_STRATEGIES

Seeding = Literal[SEEDING_STRATEGIES]  # type: ignore[valid-type]
Rollout = Literal[ROLLOUTS]  # type: ignore[valid-type]
Intensity = Literal[HUB_INTENSITIES]  # type: ignore[valid-type]
NAME_PATTERN = r"^[^/\\\x00-\x1f]*[^/\\.\x00-\x1f][^/\\\x00-\x1f]*$"
"""A name that is one folder inside runs/: no slashes or control characters, not . or .."""


class NetworkSpec(BaseModel):
    """The school network: a builder with its parameters (any other key), or a graph file."""

    model_config = ConfigDict(extra="allow")

    builder: str = Field("district_clusters", description="Network builder (docs/model.md §2.7).")
    file: Path | None = Field(None, description="GraphML, GEXF or edge-list CSV of the network.")
    attributes: Path | None = Field(None, description="Node-attribute CSV for a network file.")
    add_bridges: StrictInt = Field(
        0, ge=0, description="Network alteration: new ties between clusters (Fang et al. 2010)."
    )

    @property
    def params(self) -> dict[str, Any]:
        """The builder's parameters (every key besides those above)."""
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
    """The adoption rule (docs/model.md §7.1) and, for a classic rule, its parameters."""

    model_config = ConfigDict(extra="allow")

    rule: str = Field(
        PDSA, description="pdsa (PDSA learning) or a classic rule: " + ", ".join(CLASSIC_RULES)
    )

    @property
    def params(self) -> dict[str, Any]:
        """A classic rule's parameters (every key besides rule)."""
        return dict(self.model_extra or {})

    @model_validator(mode="after")
    def _check_rule(self) -> Self:
        if self.rule == PDSA:
            if self.params:
                raise ValueError(
                    f"adoption.{next(iter(self.params))}: rule 'pdsa' takes its parameters "
                    "from the sections [pdsa], [hub], [landscape] …, not from [adoption]"
                )
            return self
        try:
            make_rule(self.rule, **self.params)
        except InputError as error:
            raise ValueError(str(error)) from None
        return self


class StrategySpec(BaseModel):
    """The scale-up strategy (docs/model.md §2.7): who starts, how many, and when others join."""

    model_config = ConfigDict(extra="forbid")

    seeding: Seeding = Field("random", description="Which schools start (pilots).")
    count: StrictInt | None = Field(None, ge=0, description="Number of initial adopters or pilots.")
    share: StrictFloat | None = Field(
        None, ge=0, le=1, description="Share of schools that start; default 0.2 [A]."
    )
    explicit: list[StrictInt] | None = Field(
        None, description="School ids that start, for seeding = 'explicit'."
    )
    rollout: Rollout = Field("all_at_once", description="When schools join the work.")

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.seeding == "explicit":
            if not self.explicit:
                raise ValueError("seeding = 'explicit' needs strategy.explicit = [school ids]")
            if self.count is not None or self.share is not None:
                raise ValueError(
                    "seeding = 'explicit' takes its schools from strategy.explicit; "
                    "remove strategy.count and strategy.share"
                )
            return self
        if self.explicit is not None:
            raise ValueError("strategy.explicit applies only to seeding = 'explicit'")
        if self.count is not None and self.share is not None:
            raise ValueError("give strategy.count or strategy.share, not both")
        if self.count is None and self.share is None:
            self.share = 0.2
        return self


class OutputSpec(BaseModel):
    """What a run writes besides summary.json, timeseries.parquet and scenario.toml."""

    model_config = ConfigDict(extra="forbid")

    events: StrictBool = Field(
        True, description="Keep the event log (events.parquet); off for sweeps."
    )
    csv: StrictBool = Field(False, description="Also write timeseries.csv.")


HubOverrides = section_model(HubParameters, optional=True)


class HubSpec(HubOverrides):
    """The hub (docs/model.md §2.6): an intensity level, and any of its settings overridden."""

    intensity: Intensity | None = Field(
        None, description="none, light, standard or intensive (docs/model.md §2.7)"
    )


SchoolsSection = section_model(SchoolParameters)
IdeasSection = section_model(IdeaParameters)
LandscapeSection = section_model(LandscapeParameters)
PDSASection = section_model(CycleParameters)
ChoiceSection = section_model(ChoiceParameters)
EvidenceSection = section_model(EvidenceParameters)
CalendarSection = section_model(CalendarParameters)


def _pdsa_only(section: type[BaseModel]) -> str:
    return f"{section.__doc__} For adoption.rule = 'pdsa' only."


class Scenario(BaseModel):
    """A complete, validated description of one run."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        "scenario",
        description="Short name, used for output folders (runs/NAME): no slashes, not '.' or '..'.",
        json_schema_extra={"pattern": NAME_PATTERN},
    )
    description: str = Field("", description="Plain-language description of the scenario.")
    grounding: str = Field("", description="What the scenario is grounded in (sources).")
    steps: StrictInt = Field(
        148, ge=1, le=100_000, description="Weeks to simulate (3 years + 1: 148)."
    )
    seed: StrictInt = Field(0, ge=0, description="Random seed: same seed, same results.")
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    adoption: AdoptionSpec = Field(default_factory=AdoptionSpec)
    strategy: StrategySpec = Field(default_factory=StrategySpec)
    hub: HubSpec | None = Field(None, description=_pdsa_only(HubSpec))
    schools: SchoolsSection | None = Field(None, description=_pdsa_only(SchoolsSection))
    ideas: IdeasSection | None = Field(None, description=_pdsa_only(IdeasSection))
    landscape: LandscapeSection | None = Field(None, description=_pdsa_only(LandscapeSection))
    pdsa: PDSASection | None = Field(None, description=_pdsa_only(PDSASection))
    choice: ChoiceSection | None = Field(None, description=_pdsa_only(ChoiceSection))
    evidence: EvidenceSection | None = Field(None, description=_pdsa_only(EvidenceSection))
    calendar: CalendarSection | None = Field(None, description=_pdsa_only(CalendarSection))
    outputs: OutputSpec = Field(default_factory=OutputSpec)
    variants: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='Named variants: tables of "key.path" = value overrides (SOURCE:NAME).',
    )

    @field_validator("name")
    @classmethod
    def _one_folder(cls, name: str) -> str:
        if not re.search(NAME_PATTERN, name):
            raise ValueError(
                f"name={name!r} must be usable as one folder name (runs/NAME): not empty, "
                "'.' or '..', without slashes or control characters"
            )
        return name

    @model_validator(mode="after")
    def _pdsa_sections_need_pdsa(self) -> Self:
        if self.adoption.rule != PDSA:
            given = [name for name in PDSA_GROUPS if getattr(self, name) is not None]
            if given:
                raise ValueError(
                    f"section [{given[0]}] applies to adoption.rule = 'pdsa' only, "
                    f"not to '{self.adoption.rule}'; remove it or set adoption.rule = 'pdsa'"
                )
        return self

    def pdsa_parameters(self) -> dict[str, dict[str, Any]]:
        """The PDSA sections as the model takes them (unset hub entries left out)."""
        sections = {
            name: getattr(self, name).model_dump()
            for name in PDSA_GROUPS
            if name != "hub" and getattr(self, name) is not None
        }
        if self.hub is not None:
            sections["hub"] = self.hub.model_dump(exclude_none=True)
        return sections
