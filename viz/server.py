"""Serving the app: Solara's server as a subprocess, offline, bound to loopback by default."""

import os
import subprocess
import sys

APP = "viz.app"


def server_environment() -> dict[str, str]:
    """The environment for the server: no telemetry, one BLAS thread per process."""
    return {
        **os.environ,
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


def serve(host: str, port: int) -> int:
    """Run the server until it stops (or Ctrl-C); its exit code."""
    process = subprocess.Popen(server_command(host, port), env=server_environment())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
