"""Serving the app: Solara's server as a subprocess, offline, bound to loopback by default."""

import os
import subprocess
import sys
from pathlib import Path

APP = "viz.app"
RUNS_VARIABLE = "NICSIM_RUNS"
"""The environment variable that tells the app server its runs folder."""


def server_environment(runs: Path) -> dict[str, str]:
    """The environment for the server: no telemetry, one BLAS thread per process, and the
    runs folder whose sweeps the app shows."""
    return {
        **os.environ,
        RUNS_VARIABLE: str(runs.resolve()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_THEME_VARIANT": "light",
        "OPENBLAS_NUM_THREADS": "1",
    }


def server_command(host: str, port: int) -> list[str]:
    """The command line that serves the app in production mode (assets from solara-assets)."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def serve(host: str, port: int, runs: Path = Path("runs")) -> int:
    """Run the server until it stops (or Ctrl-C); its exit code."""
    process = subprocess.Popen(server_command(host, port), env=server_environment(runs))
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
