"""Browser-test fixtures: the real ``nicsim app`` server and a real Chromium.

``browser_type_launch_args`` moves pytest-playwright (and Solara's own browser fixtures) onto
the Chromium that ``chromium.py`` names (NICSIM_CHROMIUM, default Debian's, else
Playwright's own), headless and quiet. ``app_url`` starts ``nicsim app`` on a free loopback
port, waits until it answers, and stops it (by its process id) at the end of the session.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from chromium import launch_args

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STARTUP_SECONDS = 90


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return launch_args()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    port = free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    command = [sys.executable, "-m", "nicsim", "app", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, server)
        yield url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"nicsim app exited early:\n{server.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"nicsim app did not answer at {url} within {STARTUP_SECONDS} s")
