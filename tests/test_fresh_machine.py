"""A fresh machine: `make test` gets a browser for the browser tests or stops before the
suite with one line saying how to get one (it never fails halfway through)."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_make_test_without_a_browser_stops_before_the_suite_with_one_line(tmp_path):
    env = {
        **os.environ,
        "NICSIM_CHROMIUM": str(tmp_path / "no-chromium"),  # no such file
        "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers"),  # no browser downloaded yet
        "PLAYWRIGHT_DOWNLOAD_HOST": "http://127.0.0.1:9",  # and none can be: nothing listens
    }
    # -o: take the installed environment as it is (never reinstall from a test)
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 2
    ours = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1, done.stderr
    assert ours[0].startswith("nicsim: no browser for the browser tests")
    assert f"{tmp_path / 'no-chromium'} does not exist" in ours[0]
    assert "apt-get install chromium" in ours[0] and "NICSIM_CHROMIUM=" in ours[0]
    assert "pytest" not in done.stdout and "test session starts" not in done.stdout
