"""Configurations as editable scenario documents, and what the form knows about each field.

The web app edits a scenario as its plain document (the dict a TOML file parses to) and
validates it with :func:`scenarios.validate`, so a configuration built in the browser is
exactly a scenario the CLI can run. Parameter meanings and evidence tags come from
``simulation.pdsa.parameters`` (one source for every default).
"""

import copy
import inspect
from dataclasses import fields
from typing import Any

import scenarios
from scenarios import Scenario
from simulation.networks import BUILDERS
from simulation.pdsa.parameters import PDSAParameters
from simulation.rollout import hub_intensity

BASE = "(base)"
"""The variant name shown for a preset without variant overrides."""
KEY_PARAMETERS = (
    "pdsa.policy",
    "pdsa.measurement_noise",
    "pdsa.theta_up",
    "pdsa.theta_down",
    "landscape.context_dependence",
    "landscape.ruggedness",
    "choice.social_weight",
    "evidence.tie_activity",
    "ideas.n_ideas",
)
"""The PDSA and landscape parameters offered in the form (those that matter most)."""
HUB_SUPPORTS = (
    "hub.convening_interval",
    "hub.analytics_interval",
    "hub.coaching_hours",
    "hub.walk_interval",
    "hub.rd_interval",
)
"""Each hub support, switched off by setting it to 0."""
MAX_TIES = 200_000
"""The most ties the app animates: a bigger network takes minutes to build and to draw (a
complete network of 2,000 schools has 1,999,000); run it with the CLI instead."""
_GROUPS = {f.name: f.default_factory for f in fields(PDSAParameters)}


def preset_document(name: str, variant: str = BASE) -> dict[str, Any]:
    """The document of a preset (or one of its variants)."""
    source = name if variant == BASE else f"{name}:{variant}"
    return document_of(scenarios.load(source))


def document_of(scenario: Scenario) -> dict[str, Any]:
    """A scenario as an editable document."""
    return scenario.model_dump(mode="json", exclude_none=True)


def to_scenario(document: dict[str, Any]) -> Scenario:
    """The validated scenario of a document (InputError with a one-line message if not)."""
    return scenarios.validate(copy.deepcopy(document), "configuration")


def too_big(scenario: Scenario) -> str | None:
    """Why the app will not animate a scenario, or None. Only the complete network's ties
    are known before it is built (n(n-1)/2); the other structures are sparse."""
    network = scenario.network
    if network.builder != "complete":
        return None
    n = int(network.params.get("n", builder_defaults("complete")["n"]))
    ties = n * (n - 1) // 2
    if ties <= MAX_TIES:
        return None
    return (
        f"{scenario.name}: a complete network of {n:,} schools has {ties:,} ties, more than "
        f"the app animates ({MAX_TIES:,}); run it with `nicsim run`, or lower n"
    )


def variants_of(preset: str) -> list[str]:
    """The preset's named variants, after the base."""
    return [BASE, *scenarios.load(preset).variants]


def get(document: dict[str, Any], path: str, default: Any = None) -> Any:
    """The value at a dotted path, or ``default``."""
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def with_value(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of the document with the dotted path set to ``value``."""
    result = copy.deepcopy(document)
    *parents, leaf = path.split(".")
    node = result
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return result


def with_builder(document: dict[str, Any], builder: str) -> dict[str, Any]:
    """A copy with the network built by ``builder`` at its default parameters."""
    network = {"builder": builder, **builder_defaults(builder)}
    bridges = get(document, "network.add_bridges", 0)
    if bridges:
        network["add_bridges"] = bridges
    return {**copy.deepcopy(document), "network": network}


def with_graph_file(document: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy whose network is read from a graph file."""
    return {**copy.deepcopy(document), "network": {"file": path}}


def with_share(document: dict[str, Any], share: float) -> dict[str, Any]:
    """A copy in which a share of schools (rather than a count) starts."""
    result = copy.deepcopy(document)
    strategy = result.setdefault("strategy", {})
    strategy.pop("count", None)
    strategy["share"] = share
    return result


def builder_defaults(builder: str) -> dict[str, Any]:
    """A network builder's parameters and their defaults."""
    signature = inspect.signature(BUILDERS[builder])
    return {name: p.default for name, p in signature.parameters.items() if name != "rng"}


def parameter(path: str) -> dict[str, Any]:
    """A PDSA parameter's default, evidence tag, meaning, bounds and type (by dotted path)."""
    section, name = path.split(".")
    field = next(f for f in fields(_GROUPS[section]) if f.name == name)
    return {**field.metadata, "default": field.default, "type": field.type}


def parameter_value(document: dict[str, Any], path: str, n_schools: int) -> Any:
    """The value the model will use: the document's, else the hub level's, else the default."""
    value = get(document, path)
    if value is not None:
        return value
    intensity = get(document, "hub.intensity")
    if path.startswith("hub.") and intensity:
        level = hub_intensity(intensity, n_schools)
        if path.removeprefix("hub.") in level:
            return level[path.removeprefix("hub.")]
    return parameter(path)["default"]


def label(path: str) -> str:
    """A form label: the name in words and its evidence tag, e.g. "ruggedness [A]"."""
    name = path.split(".")[1].replace("_", " ")
    return f"{name} [{parameter(path)['tag']}]"


def parse_seed(text: str) -> tuple[int | None, str | None]:
    """A random seed from text: (seed, None), or (None, message) when it is not one."""
    text = text.strip()
    if not text.isdigit():
        return None, f"'{text}' is not a seed: enter a whole number (0 or more), e.g. 42"
    return int(text), None
