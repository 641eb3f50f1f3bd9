"""Provenance of an output folder: what made it, when, where, and from which code.

``provenance.json`` records the command as typed and the folder it ran in, the start time
(UTC) and wall time, the host, Python and platform, the versions of the main packages, and
the code revision: ``git describe`` when nicsim runs from a git checkout (with ``-dirty``
for uncommitted changes), else a SHA-256 over the installed package's files, so two
installs of the same code give the same hash.
"""

import os
import platform
import socket
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from importlib import metadata
from pathlib import Path

PACKAGES = ("nicsim", "mesa", "numpy", "scipy", "networkx", "pandas")
CODE_PACKAGES = ("nicsim", "simulation", "scenarios", "analysis", "viz")
"""The packages nicsim ships (pyproject's wheel targets), hashed when there is no git."""
CODE_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Invocation:
    """One use of nicsim: the command as typed, when it started and a clock for wall time."""

    command: str = ""
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    clock: float = field(default_factory=time.perf_counter)


def provenance(invocation: Invocation) -> dict:
    """The provenance record of an output written now by ``invocation``."""
    return {
        "command": invocation.command,
        "working_directory": os.getcwd(),
        "started": invocation.started.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - invocation.clock, 3),
        "host": socket.gethostname(),
        "code_revision": code_revision(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": {name: metadata.version(name) for name in PACKAGES},
    }


def code_revision(root: Path = CODE_ROOT) -> str:
    """``git:DESCRIPTION`` from ``git describe --always --dirty`` when ``root`` (where nicsim's
    packages live) is in a git checkout, else ``sha256:HASH`` of the package files."""
    try:
        described = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):  # no git on this machine
        described = None
    if described is not None and described.returncode == 0:
        return f"git:{described.stdout.strip()}"
    return f"sha256:{package_hash(root)}"


def package_hash(root: Path = CODE_ROOT) -> str:
    """SHA-256 over the relative path and bytes of every file of nicsim's packages under
    ``root`` (compiled caches excluded), in sorted order."""
    digest = sha256()
    files = sorted(
        path
        for package in CODE_PACKAGES
        for path in (root / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
