"""Scenarios: the validated description of a run, loaded from presets or TOML files."""

from scenarios.loader import load, preset_names, preset_text, to_toml, validate
from scenarios.schema import Scenario

__all__ = ["Scenario", "load", "preset_names", "preset_text", "to_toml", "validate"]
