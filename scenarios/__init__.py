"""Scenarios: the validated description of a run, loaded from presets or TOML files."""

from scenarios.loader import load, preset_names, preset_text, to_toml, validate
from scenarios.schema import Scenario

__all__ = ["Scenario", "load", "preset_names", "preset_text", "to_toml", "validate"]

from scenarios.sweep_schema import load_sweep, sweep_names  # noqa: E402

__all__ += ["load_sweep", "sweep_names"]
