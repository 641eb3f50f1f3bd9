"""Running scenarios and reading their results."""

from analysis.output import write_run
from analysis.runner import RunResult, build_model, run

__all__ = ["RunResult", "build_model", "run", "write_run"]
