"""Parameters of PDSA learning (docs/model.md §7.2), their defaults, and whether each is evidence.

Every parameter is a field of a frozen dataclass; its metadata holds a one-line meaning and
a tag: ``E`` documented in the literature, ``E→A`` an assumption set from an empirical
figure, ``A`` a modelling assumption (docs/model.md's tags). docs/model.md, the scenario schema
and the web app read them from here, so there is one source for every default.
"""

from dataclasses import dataclass, field, fields
from typing import Literal, get_args, get_origin

from simulation.errors import InputError


def param(
    default,
    tag: str,
    doc: str,
    low: float | None = None,
    high: float | None = None,
    length: int | None = None,
):
    """A parameter field with its evidence tag, meaning, allowed range (and list length)."""
    metadata = {"tag": tag, "doc": doc, "low": low, "high": high, "length": length}
    return field(default=default, metadata=metadata)


class ParameterGroup:
    """Type and range checks from the fields' annotations and metadata, run on creation."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            name = f"{self.section}.{f.name}"
            if get_origin(f.type) is Literal:
                if value not in get_args(f.type):
                    allowed = ", ".join(get_args(f.type))
                    raise InputError(f"{name}={value!r} is unknown; allowed: {allowed}")
                continue
            is_tuple = get_origin(f.type) is tuple
            element = get_args(f.type)[0] if is_tuple else f.type
            values = value if is_tuple and isinstance(value, tuple) else (value,)
            if (is_tuple and not isinstance(value, tuple)) or not all(
                _is_number(v, element) for v in values
            ):
                kind = "a whole number" if element is int else "a number"
                what = f"a list of {kind}s" if is_tuple else kind
                raise InputError(f"{name}={value!r} must be {what}")
            length = f.metadata.get("length")
            if length is not None and len(values) != length:
                raise InputError(f"{name}={value!r} must list {length} values")
            low, high = f.metadata.get("low"), f.metadata.get("high")
            if any(
                (low is not None and v < low) or (high is not None and v > high) for v in values
            ):
                bounds = f"[{low}, {high}]" if high is not None else f"≥ {low}"
                raise InputError(f"{name}={value} must lie in {bounds}")

    section = "pdsa"


@dataclass(frozen=True)
class SchoolParameters(ParameterGroup):
    """The schools (docs/model.md §2)."""

    section = "schools"
    context_sd: float = param(
        0.08, "A", "spread of school contexts around their cluster centre", 0, 1
    )
    capacity_alpha: float = param(2.0, "E→A", "capacity κ ~ Beta(alpha, beta)", 0.01, 100)
    capacity_beta: float = param(2.0, "E→A", "capacity κ ~ Beta(alpha, beta)", 0.01, 100)
    capacity_baseline_correlation: float = param(
        0.4, "E→A", "correlation of capacity with baseline (Bryk et al. 2010)", -1, 1
    )
    initial_skill: float = param(0.3, "A", "PDSA skill π at the start", 0, 1)
    initial_engagement: float = param(0.7, "A", "engagement at the start", 0, 1)
    engagement_decay: float = param(0.005, "A", "engagement lost each week", 0, 1)
    dormant_below: float = param(0.2, "A", "engagement below which a school starts no tests", 0, 1)
    rogers_shares: tuple[float, ...] = param(
        (0.025, 0.135, 0.34, 0.34, 0.16), "E", "Rogers adopter categories (Rogers 2003)", 0, 1
    )
    rogers_thresholds: tuple[float, ...] = param(
        (0.0, 0.1, 0.25, 0.4, 0.6), "E→A", "share of adopting neighbours needed, by category", 0, 1
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.rogers_shares) != len(self.rogers_thresholds):
            raise InputError(
                f"schools.rogers_shares has {len(self.rogers_shares)} categories but "
                f"schools.rogers_thresholds {len(self.rogers_thresholds)}; give one threshold "
                "per category"
            )
        if sum(self.rogers_shares) <= 0:
            raise InputError("schools.rogers_shares must not all be 0")


@dataclass(frozen=True)
class IdeaParameters(ParameterGroup):
    """The change package (docs/model.md §2)."""

    section = "ideas"
    n_ideas: int = param(6, "A", "change ideas in the package", 1, 100)
    n_drivers: int = param(
        3,
        "A",
        "primary drivers the ideas fall under; each is the work of one role on a school team",
        1,
        100,
    )
    effect_mean: float = param(
        0.10, "E→A", "mean base effect in SD units (median education RCT 0.10 SD)", -1, 1
    )
    effect_sd: float = param(
        0.10, "E→A", "spread of base effects: ~31 % of ideas below 0.05 SD", 0, 1
    )


@dataclass(frozen=True)
class LandscapeParameters(ParameterGroup):
    """The local effect of a variant (docs/model.md §7.2.1)."""

    section = "landscape"
    core_tolerance: float = param(
        0.15, "A", "how far the core may move before integrity is lost", 0.01, 1
    )
    context_dependence: float = param(
        0.35, "A", "σ_f: smaller means ideas transport worse between contexts", 0.01, 2
    )
    ruggedness: float = param(
        0.0, "A", "r: 0 smooth, 1 rugged (Lazer & Friedman 2007); the mean fit is kept", 0, 1
    )
    rugged_frequency: float = param(
        3.0, "A", "wiggles per unit of context in the rugged field", 0, 20
    )
    mangled_cost: float = param(0.02, "A", "harm of a variant with neither integrity nor fit", 0, 1)
    effect_cap: float = param(
        0.20, "E→A", "ceiling of a school's summed effects: cap·(1 − exp(−ΣE/cap))", 0.001, 100
    )
    coverage: tuple[float, ...] = param(
        (0.02, 0.08, 0.30, 1.0), "A", "share of students reached at test scale 1..4", 0, 1, 4
    )
    outcome_noise: float = param(0.05, "A", "week-to-week noise of a school's outcome", 0, 1)


@dataclass(frozen=True)
class CycleParameters(ParameterGroup):
    """One PDSA cycle and the Act decision (docs/model.md §7.2.12)."""

    section = "pdsa"
    prior_mean: float = param(0.05, "A", "belief in an idea a school first hears of", -1, 1)
    prior_sd: float = param(0.15, "A", "uncertainty of that first belief", 0.001, 1)
    min_effect: float = param(0.03, "A", "effect worth having: DB = Φ((μ − this)/s)", -1, 1)
    theta_up: float = param(0.8, "A", "degree of belief to expand or adopt (Langley)", 0, 1)
    theta_down: float = param(0.2, "A", "degree of belief to abandon", 0, 1)
    max_variants: int = param(3, "A", "variants a school tries before it gives up", 1, 1000)
    students: tuple[int, ...] = param(
        (5, 25, 100, 400),
        "E→A",
        "students tested at scale 1..4 (1-1-1, class, grade, school)",
        1,
        None,
        4,
    )
    measurement_noise: float = param(
        0.6, "A", "σ of one student's measured outcome for a novice (measurement quality)", 0, 10
    )
    assumed_measurement_noise: float = param(
        0.6,
        "A",
        "the noise schools believe their measures have (the hot stove when < actual)",
        0.01,
        10,
    )
    skill_growth: float = param(0.02, "A", "share of the skill gap closed by each cycle", 0, 1)
    cycle_hours: float = param(6.0, "E→A", "staff hours of a cycle per unit of complexity", 0)
    implementation_noise: float = param(0.05, "A", "drift of the variant as implemented", 0, 1)
    borrow_probability: float = param(0.3, "A", "chance an adaptation copies a neighbour", 0, 1)
    copy_error: float = param(0.05, "A", "error per dimension when a variant is copied", 0, 1)
    local_step: float = param(0.10, "A", "size of a local adaptation of the periphery", 0, 1)
    initial_variation: float = param(
        0.0, "A", "sd of the periphery of a school's first version of the hub's design", 0, 1
    )
    local_knowledge: float = param(
        0.0,
        "A",
        "share of the way to its own context a fully skilled school's local change moves "
        "(tacit know-how of fit; 0: only tests guide adaptation)",
        0,
        1,
    )
    core_mutation_risk: float = param(
        0.25, "A", "chance an adaptation also moves the core, times (1 − π)(1 − coaching)", 0, 1
    )
    belief_widening: float = param(
        0.05, "A", "sd added to the belief when the variant changes", 0, 1
    )
    policy: Literal["replicate", "integrity", "reinvent"] = param(
        "integrity", "A", "what schools may adapt: nothing, the periphery, or everything"
    )
    keep_change: Literal["always", "if_better"] = param(
        "if_better",
        "A",
        "an adaptation replaces the practice, or only if its test beats it (Langley et al.)",
    )
    keep_margin: float = param(
        1.645,
        "A",
        "standard errors by which a change's result must beat the practice's to be kept",
        0,
        10,
    )

    @property
    def never_adapts(self) -> bool:
        """``replicate``: schools run the hub's version and only adopt or abandon it."""
        return self.policy == "replicate"

    @property
    def adapts_periphery(self) -> bool:
        """``integrity`` and ``reinvent``: schools fit the adaptable part to themselves."""
        return self.policy != "replicate"

    @property
    def adapts_core(self) -> bool:
        """``reinvent``: the mechanism itself may change (Rogers' re-invention)."""
        return self.policy == "reinvent"

    @property
    def judges_changes(self) -> bool:
        """Whether a change is a trial that its test keeps or undoes."""
        return self.keep_change == "if_better"


@dataclass(frozen=True)
class ChoiceParameters(ParameterGroup):
    """Choosing what to work on (docs/model.md §7.2.11)."""

    section = "choice"
    social_weight: float = param(0.3, "E→A", "pull of neighbours' adoption (Frank et al. 2004)", 0)
    endorsement_weight: float = param(0.2, "E→A", "pull of the hub's endorsement", 0)
    complexity_cost: float = param(0.02, "A", "push of an idea's complexity", 0)
    temperature: float = param(0.05, "A", "softmax temperature of the choice", 0.0001)


@dataclass(frozen=True)
class EvidenceParameters(ParameterGroup):
    """Evidence along ties (docs/model.md §7.2.10)."""

    section = "evidence"
    tie_activity: float = param(0.10, "A", "chance a tie of weight 1 is active in a week", 0, 1)
    tie_trust: float = param(0.6, "A", "trust in a report along an ordinary tie", 0, 1)
    context_scale: float = param(0.3, "A", "context distance at which transportability falls", 0.01)
    report_weight: float = param(0.25, "A", "weight of a report against one's own test", 0, 1)
    reawaken_belief: float = param(
        0.5, "A", "degree of belief that re-awakens an abandoned idea", 0, 1
    )
    social_learning: Literal["best_member", "conformity"] = param(
        "best_member",
        "E",
        "copy the best-reporting or the most common variant (Barkoczi & Galesic 2016)",
    )


@dataclass(frozen=True)
class HubParameters(ParameterGroup):
    """The hub's supports (docs/model.md §2.6); each switches off with its interval or
    budget at 0."""

    section = "hub"
    convening_interval: int = param(12, "E", "weeks between convenings (0: none)", 0)
    convening_partners: int = param(3, "E→A", "members each member meets at a convening", 0)
    convening_mix: Literal["random", "job_alike", "cross_cluster"] = param(
        "random", "A", "who meets whom at a convening"
    )
    convening_engagement: float = param(0.05, "A", "engagement gained at a convening", 0, 1)
    analytics_interval: int = param(4, "A", "weeks between pooled analyses (0: none)", 0)
    endorse_belief: float = param(0.8, "A", "pooled degree of belief for an endorsement", 0, 1)
    endorse_min_reports: int = param(3, "A", "schools' results needed before pooling", 1)
    baseline_weeks: int = param(
        12, "E→A", "weeks of a school's outcome series that set its run chart's baseline", 2
    )
    shift_run: int = param(
        6, "E", "consecutive weeks above the baseline median that signal a shift (0: off)", 0
    )
    bright_spot_sigma: float = param(
        3.0, "E", "Shewhart limit above the baseline mean, in sigma (0: off)", 0
    )
    curation_rate: float = param(
        0.3, "E→A", "pull of good variants on the hub's curated variant", 0, 1
    )
    curation_drift: float = param(0.2, "E→A", "pull of the curated variant on members", 0, 1)
    coaching_hours: float = param(0.0, "E→A", "coaching hours a week across the network", 0)
    coaches: int = param(1, "A", "coaches sharing those hours", 1)
    coaching_session: float = param(2.0, "E→A", "hours of one coaching session", 0.1)
    coaching_allocation: Literal["equal", "need", "bright_spots"] = param(
        "equal", "A", "which schools are coached first"
    )
    coaching_skill: float = param(
        0.01, "E→A", "skill growth per hour, × (1 − π)/(1 + load/20) (Kraft et al. 2018)", 0, 1
    )
    coaching_engagement: float = param(0.02, "A", "engagement per coaching hour", 0, 1)
    tie_formation: float = param(
        0.10, "A", "chance a meeting of two same-role members leaves a lasting tie", 0, 1
    )
    cross_role_tie_formation: float = param(
        0.02, "E→A", "chance a meeting of members in different roles leaves one", 0, 1
    )
    walk_interval: int = param(0, "E", "weeks between learning walks (0: none)", 0)
    walk_target: Literal["bright_spot", "similar", "random"] = param(
        "similar", "A", "whom a school visits on a learning walk"
    )
    rd_interval: int = param(13, "E", "weeks between 90-day R&D cycles (0: none)", 0)
    rd_success: float = param(
        0.65, "E→A", "chance a 90-day cycle adds an idea (25–50 % of tests fail)", 0, 1
    )


@dataclass(frozen=True)
class CalendarParameters(ParameterGroup):
    """The school year and sustainability (docs/model.md §2.9, §7.2.13)."""

    section = "calendar"
    school_weeks: int = param(36, "E", "instructional weeks in a school year", 1)
    supported_years: int = param(3, "E→A", "years of hub support before the sustain year", 0)
    depth_rate: float = param(
        1 / 104, "E→A", "share of the missing depth gained per week of use (P8)", 0, 1
    )
    owned_depth_multiplier: float = param(1.5, "E→A", "depth gain of owned variants (Coburn)", 1)
    principal_turnover: float = param(
        0.18, "E", "chance a school's principal leaves in a summer (NCES: about 18 %)", 0, 1
    )
    teacher_turnover: float = param(
        0.16, "E", "chance each teacher on a school team leaves in a summer (NCES: 16 %)", 0, 1
    )
    turnover_depth_kept: float = param(
        0.5, "A", "share of a practice's depth kept when its teacher or the principal leaves", 0, 1
    )
    turnover_belief_widening: float = param(
        0.10, "A", "sd added to a belief when the staff who held it leave", 0, 1
    )
    principal_dip: float = param(
        0.03, "E", "outcome dip after a principal leaves, SD (Bartanen et al. 2019)", 0, 1
    )
    principal_recovery_years: float = param(
        2.0, "E", "years over which the dip after a principal leaves recovers", 0.01
    )


@dataclass(frozen=True)
class PDSAParameters:
    """All parameters of PDSA learning."""

    schools: SchoolParameters = field(default_factory=SchoolParameters)
    ideas: IdeaParameters = field(default_factory=IdeaParameters)
    landscape: LandscapeParameters = field(default_factory=LandscapeParameters)
    pdsa: CycleParameters = field(default_factory=CycleParameters)
    choice: ChoiceParameters = field(default_factory=ChoiceParameters)
    evidence: EvidenceParameters = field(default_factory=EvidenceParameters)
    hub: HubParameters = field(default_factory=HubParameters)
    calendar: CalendarParameters = field(default_factory=CalendarParameters)

    @classmethod
    def from_dict(cls, values: dict) -> "PDSAParameters":
        """Parameters from nested dicts by section name; unknown names are InputErrors."""
        groups = {f.name: f.default_factory for f in fields(cls)}
        built = {}
        for section, entries in values.items():
            if section not in groups:
                raise InputError(
                    f"'{section}' is not a PDSA parameter section; allowed: {', '.join(groups)}"
                )
            group = groups[section]
            if not isinstance(entries, dict):
                raise InputError(f"{section} must be a table of parameters, not {entries!r}")
            names = [f.name for f in fields(group)]
            for key in entries:
                if key not in names:
                    raise InputError(
                        f"{section}.{key} is not a parameter; allowed: {', '.join(names)}"
                    )
            built[section] = group(**{k: _tuple(v) for k, v in entries.items()})
        return cls(**built)


def _is_number(value, kind: type) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind is int else isinstance(value, int | float)


def _tuple(value):
    return tuple(value) if isinstance(value, list) else value
