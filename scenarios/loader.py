"""Loading scenarios from presets or TOML files, with ``--set key.path=value`` overrides.

A scenario may name variants of itself (``[variants.NAME]`` tables of ``"key.path" =
value`` overrides): ``SOURCE:NAME`` loads the variant, e.g. ``district_rollout:top_down``.
"""

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from scenarios.messages import describe, did_you_mean, one_line
from scenarios.schema import Scenario
from scenarios.toml_files import check_depth, parse_toml, read_text, too_deep
from simulation.errors import InputError

PRESET_PACKAGE = "scenarios.presets"


def preset_names() -> list[str]:
    """Names of the scenarios shipped with nicsim."""
    files = resources.files(PRESET_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def load(source: str | Path, overrides: list[str] | None = None) -> Scenario:
    """A validated scenario from a preset name or a TOML file, with overrides applied.

    ``overrides`` are ``key.path=value`` strings; values are read as TOML (numbers, booleans,
    quoted strings, arrays) and bare words as strings. Relative graph-file paths are taken
    relative to the scenario file.
    """
    document, origin, base_dir = read_document(source)
    for override in overrides or []:
        _apply_override(document, override)
    scenario = validate(document, origin)
    for name in scenario.variants:
        validate(_variant(document, name, origin), f"{origin}:{name}")
    network = scenario.network
    for field in ("file", "attributes"):
        path = getattr(network, field)
        if path is not None and not path.is_absolute():
            setattr(network, field, base_dir / path)
    return scenario


def read_document(source: str | Path) -> tuple[dict[str, Any], str, Path]:
    """A scenario document as written (defaults not filled in), its origin and folder.

    ``source`` is a preset name, a TOML file, or either with ``:VARIANT``, whose overrides
    are applied. The folder is where relative graph-file paths start from.
    """
    source, variant = _split_variant(source)
    document, origin, base_dir = _read(source)
    if variant is not None:
        document = _variant(document, variant, origin)
        origin = f"{origin}:{variant}"
    return document, origin, base_dir


def validate(document: dict[str, Any], origin: str = "scenario") -> Scenario:
    """The Scenario described by a parsed TOML document; InputError if it is invalid."""
    try:
        return Scenario.model_validate(document)
    except ValidationError as error:
        raise InputError(describe(error, Scenario, origin)) from None


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text that loads back to the same scenario."""
    return tomli_w.dumps(scenario.model_dump(mode="json", exclude_none=True))


def preset_text(name: str) -> str:
    """The TOML text of a preset."""
    names = preset_names()
    if name not in names:
        raise InputError(
            f"{name!r} is not a preset{did_you_mean(name, names)}; presets: {', '.join(names)}"
        )
    return resources.files(PRESET_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def _read(source: str | Path) -> tuple[dict[str, Any], str, Path]:
    path = Path(source)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            problem = "is not a file" if path.exists() else "does not exist"
            raise InputError(f"scenario file {path} {problem}")
        document = parse_toml(read_text(path, "scenario file"), str(path))
        if not document:
            raise InputError(
                f"scenario file {path} is empty; start from a preset, "
                f"e.g. nicsim show quickstart > {path.name}"
            )
        return document, str(path), path.parent
    name = str(source)
    names = preset_names()
    if name not in names:
        raise InputError(
            f"{name!r} is neither a scenario file nor a preset{did_you_mean(name, names)}; "
            f"presets: {', '.join(names)}"
        )
    return parse_toml(preset_text(name), f"preset {name}"), f"preset {name}", Path.cwd()


def _split_variant(source: str | Path) -> tuple[str | Path, str | None]:
    """``SOURCE:VARIANT`` → (SOURCE, VARIANT); anything else → (source, None)."""
    text = str(source)
    base, sep, variant = text.rpartition(":")
    if not sep or not base or Path(text).exists() or "/" in variant or "\\" in variant:
        return source, None
    return base, variant


def _variant(document: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    """The document with variant ``name``'s overrides applied (and no variants of its own)."""
    variants = document.get("variants", {})
    if not isinstance(variants, dict):
        raise InputError(
            f'{origin}: variants must be tables of "key.path" = value overrides, '
            "e.g. [variants.NAME]"
        )
    if name not in variants:
        names = ", ".join(variants) or "none"
        raise InputError(
            one_line(
                f"{origin} has no variant {name!r}{did_you_mean(name, list(variants))}; "
                f"variants: {names}"
            )
        )
    result = copy.deepcopy({k: v for k, v in document.items() if k != "variants"})
    result["name"] = f"{document.get('name', 'scenario')}-{name}"
    overrides = variants[name]
    if not isinstance(overrides, dict):
        raise InputError(
            f'{origin}: variants.{name} must be a table of "key.path" = value overrides'
        )
    for key, value in overrides.items():
        set_path(result, key, value, f"variants.{name}")
    return result


def _apply_override(document: dict[str, Any], override: str) -> None:
    key, sep, raw = override.partition("=")
    if not sep or not key.strip():
        raise InputError(f"--set {override!r} must look like key.path=value, e.g. steps=100")
    value = _parse_value(raw.strip(), f"--set {key.strip()}")
    set_path(document, key.strip(), value, "--set")


def set_path(document: dict[str, Any], key: str, value: Any, where: str) -> None:
    """Set the dotted ``key`` of a nested document, creating tables as needed."""
    *parents, leaf = key.split(".")
    node = document
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InputError(f"{where} {key!r}: {part!r} is a value, not a table")
        node = child
    node[leaf] = value


def _parse_value(raw: str, origin: str) -> Any:
    """``raw`` read as a TOML value, or as the bare string if it is not one."""
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        return raw
    except RecursionError:  # the parser's own recursion on arrays nested ~1000 deep
        raise InputError(too_deep(origin)) from None
    check_depth(value, origin)
    return value
