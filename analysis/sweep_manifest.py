"""A sweep's manifest: what the experiment is, so that a resume never mixes two experiments.

The experiment is what decides the runs: the resolved base scenario (the base with the
sweep's overrides, as every run starts from it) and the parsed sweep (parameters, design,
seed, replicates), not the sweep file's text, so a comment or a reformatted line changes
nothing while an edited base scenario does. Its SHA-256 is stored beside it; a resume
compares the two and names what changed.
"""

import json
import platform
from hashlib import sha256
from importlib import metadata
from typing import Any

from scenarios.sweep_schema import Sweep

MANIFEST_PACKAGES = (
    "nicsim",
    "mesa",
    "numpy",
    "scipy",
    "networkx",
    "pandas",
    "pyarrow",
    "salib",
    "distributed",
)
NOT_THE_EXPERIMENT = ("name", "description", "timeseries")
"""Sweep keys that change no run: its labels, and what is kept beside the runs."""
SHOWN_CHANGES = 3


def new_manifest(sweep: Sweep, seeds: list[int], points: int, timeseries: bool) -> dict:
    """The manifest of a sweep about to start (its sessions are added as they run)."""
    spec = sweep.spec
    experiment = experiment_of(sweep)
    return {
        "sweep": {
            "name": spec.name,
            "origin": sweep.origin,
            "parsed": spec.model_dump(mode="json"),
            "text": sweep.text,
        },
        "base_scenario": sweep.base_document,
        "experiment_sha256": fingerprint(experiment),
        "seed": spec.seed,
        "replicates": spec.replicates,
        "replicate_seeds": seeds,
        "design": spec.design.model_dump(),
        "parameters": list(spec.parameters),
        "points": points,
        "runs": points * spec.replicates,
        "timeseries": timeseries,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": {name: metadata.version(name) for name in MANIFEST_PACKAGES},
        "sessions": [],
    }


def experiment_of(sweep: Sweep) -> dict[str, Any]:
    """The resolved base scenario and the parsed sweep, as plain JSON values."""
    parsed = sweep.spec.model_dump(mode="json", exclude=set(NOT_THE_EXPERIMENT))
    return _plain({"base scenario": sweep.base_document, "sweep": parsed})


def recorded_experiment(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The experiment a manifest records (None if an older nicsim wrote it)."""
    if "base_scenario" not in manifest or "parsed" not in manifest["sweep"]:
        return None
    parsed = {k: v for k, v in manifest["sweep"]["parsed"].items() if k not in NOT_THE_EXPERIMENT}
    return {"base scenario": manifest["base_scenario"], "sweep": parsed}


def fingerprint(experiment: dict[str, Any]) -> str:
    """SHA-256 of an experiment's canonical JSON (sorted keys)."""
    text = json.dumps(experiment, sort_keys=True, separators=(",", ":"))
    return sha256(text.encode()).hexdigest()


def changes(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What differs between two experiments, e.g. ``sweep replicates: 3 → 5; base scenario
    hub.coaching_hours: 10 → 20`` (the first few, and how many more)."""
    before, after = _flat(old), _flat(new)
    keys = sorted(before.keys() | after.keys(), key=lambda path: (path[0] != "sweep", path))
    changed = [k for k in keys if before.get(k, _ABSENT) != after.get(k, _ABSENT)]
    shown = [
        f"{path[0]} {'.'.join(path[1:])}: "
        f"{_shown(before.get(path, _ABSENT))} → {_shown(after.get(path, _ABSENT))}"
        for path in changed[:SHOWN_CHANGES]
    ]
    more = len(changed) - SHOWN_CHANGES
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


_ABSENT = object()


def _flat(document: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple, Any]:
    """Key paths (as tuples) to values."""
    flat = {}
    for key, value in document.items():
        path = (*prefix, str(key))
        if isinstance(value, dict) and value:
            flat.update(_flat(value, path))
        else:
            flat[path] = value
    return flat


def _shown(value: Any) -> str:
    return "(none)" if value is _ABSENT else json.dumps(value)


def _plain(value: Any) -> Any:
    """``value`` as JSON would read it back (tuples as lists, paths as strings)."""
    return json.loads(json.dumps(value, default=str))
