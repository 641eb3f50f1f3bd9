"""The classic adoption rules of docs/model.md §7.1, by name."""

from simulation.errors import InputError
from simulation.rules.base import ClassicRule
from simulation.rules.bass import Bass
from simulation.rules.complex_contagion import ComplexContagion
from simulation.rules.independent_cascade import IndependentCascade
from simulation.rules.si import SusceptibleInfected
from simulation.rules.threshold import Threshold

CLASSIC_RULES: dict[str, type[ClassicRule]] = {
    rule.name: rule
    for rule in (Threshold, ComplexContagion, IndependentCascade, SusceptibleInfected, Bass)
}


def make_rule(name: str, **params: float) -> ClassicRule:
    """The classic rule called ``name`` with its parameters checked."""
    if name not in CLASSIC_RULES:
        raise InputError(
            f"adoption.rule='{name}' is unknown; allowed: pdsa, {', '.join(CLASSIC_RULES)}"
        )
    rule = CLASSIC_RULES[name]
    unknown = sorted(set(params) - set(rule.parameter_names()))
    if unknown:
        allowed = ", ".join(rule.parameter_names())
        raise InputError(
            f"adoption.{unknown[0]} is not a parameter of rule '{name}'; allowed: {allowed}"
        )
    for key, value in params.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"adoption.{key}={value!r} for rule '{name}' must be a number")
    return rule(**params)


__all__ = ["CLASSIC_RULES", "ClassicRule", "make_rule"]
