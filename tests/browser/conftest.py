"""Browser-test fixtures: the real ``nicsim app`` server and a real Chromium.

``browser_type_launch_args`` moves pytest-playwright (and Solara's own browser fixtures) onto
the Chromium that ``chromium.py`` names (NICSIM_CHROMIUM, default Debian's, else
Playwright's own), headless and quiet. ``app_url`` starts ``nicsim app`` on a free loopback
port, waits until it answers, and stops it (by its process id) at the end of the session;
its output goes to ``server_log``.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import LOCAL_HOSTS, TIMEOUT
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
def server_log(artifacts) -> Path:
    """The app server's output (a file, so a chatty server never blocks on a full pipe)."""
    return artifacts / "app-server.log"


@pytest.fixture(scope="session")
def runs_folder(tmp_path_factory) -> Path:
    """The app's runs folder (its Sweep results page offers the sweeps in it)."""
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="session")
def app_url(server_log, runs_folder):
    port = free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    command = [sys.executable, "-m", "nicsim", "app", "--port", str(port), "--runs", runs_folder]
    with server_log.open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, server, server_log)
        yield url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"nicsim app exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"nicsim app did not answer at {url} within {STARTUP_SECONDS} s")


@pytest.fixture
def page(context, app_url):
    """A page whose every request to anywhere but this machine is blocked (no internet); the
    test fails if the app asked for anything elsewhere."""
    blocked = []

    def offline(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT)
    yield page
    assert blocked == [], f"requests left this machine: {blocked[:3]}"
