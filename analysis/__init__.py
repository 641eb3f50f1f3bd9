"""Running scenarios and reading their results."""

import importlib

from analysis.compare import Comparison, compare
from analysis.output import write_comparison, write_run
from analysis.runner import RunResult, build_model, run

__all__ = [
    "Comparison",
    "RunResult",
    "build_model",
    "compare",
    "run",
    "write_comparison",
    "write_run",
]

_SWEEPS = {
    "prepare": "analysis.sweep",
    "run_sweep": "analysis.sweep",
    "load_sweep_results": "analysis.sweep_results",
    "outcome_table": "analysis.sweep_results",
}
"""Sweep functions, imported on first use: their statistics libraries take seconds to load,
which a single run should not wait for."""

__all__ += list(_SWEEPS)


def __getattr__(name: str):
    if name in _SWEEPS:
        return getattr(importlib.import_module(_SWEEPS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
