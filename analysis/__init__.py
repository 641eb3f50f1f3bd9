"""Running scenarios and reading their results."""

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

from analysis.sweep import prepare, run_sweep  # noqa: E402
from analysis.sweep_results import load_sweep_results, outcome_table  # noqa: E402

__all__ += ["load_sweep_results", "outcome_table", "prepare", "run_sweep"]
