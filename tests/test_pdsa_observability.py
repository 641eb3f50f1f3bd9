"""The observability rule (docs/model.md §4): a school decides only from what it could
observe — its own measured results, its context, the reports it hears and the hub's
messages. Hidden quantities (true effects, fit, integrity, the landscape and the ideas'
base effects) are read only where outcomes are measured.

The check reads the source of every module whose functions make decisions and fails if
a function reads a hidden array outside the few that measure outcomes, which are listed
here with their reasons.
"""

import ast
import importlib
import inspect

import pytest

DECISION_MODULES = (
    "simulation.pdsa.adaptation",
    "simulation.pdsa.awareness",
    "simulation.pdsa.belief",
    "simulation.pdsa.choice",
    "simulation.pdsa.cycle",
    "simulation.pdsa.evidence",
    "simulation.pdsa.hub",
    "simulation.pdsa.run_charts",
    "simulation.pdsa.similarity",
    "simulation.pdsa.state",
    "simulation.pdsa.sustainability",
)
HIDDEN = {"effects", "integrity", "fit", "drift", "landscape", "assess", "assess_all", "effect"}
"""Attributes that hold or compute hidden truth: the model's true local effects, integrity,
fit and periphery drift of every pair, the landscape, and the ideas' base effects."""
MEASUREMENTS = {
    ("simulation.pdsa.cycle", "do_and_study"): "Study measures ŷ = E + noise: the one "
    "place a school's cycle meets the true effect",
    ("simulation.pdsa.cycle", "count_premature_scaleups"): "an outcome (§8.2), not a decision",
    ("simulation.pdsa.hub", "supports"): "the event log records a new idea's base effect",
}


def hidden_reads(source: str) -> set[tuple[str, str]]:
    """(function, attribute) for every read of a hidden attribute inside a function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and inner.attr in HIDDEN:
                    found.add((node.name, inner.attr))
    return found


def test_the_check_finds_a_hidden_read():
    """The check has power: a decision that reads the true effects or the fit is found,
    also inside a nested expression."""
    source = "def act(net, pairs):\n    return take(net.effects, pairs) > net.fit.mean()\n"
    assert hidden_reads(source) == {("act", "effects"), ("act", "fit")}
    assert hidden_reads("def f(net):\n    return net.schools.context\n") == set()


@pytest.mark.parametrize("module_name", DECISION_MODULES)
def test_decisions_read_no_hidden_array(module_name):
    """docs/model.md §4 (observability): outside the measurement functions listed in
    MEASUREMENTS, no function of a decision module reads a hidden attribute."""
    source = inspect.getsource(importlib.import_module(module_name))
    reads = {
        (function, attribute)
        for function, attribute in hidden_reads(source)
        if (module_name, function) not in MEASUREMENTS
    }
    assert not reads, f"{module_name} reads hidden truth: {sorted(reads)}"
