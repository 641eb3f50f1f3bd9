"""The Chromium the browser tests drive, and ``make test``'s check that one launches.

``NICSIM_CHROMIUM`` names a Chromium binary (default ``/usr/bin/chromium``, Debian's
package). If that file is missing, the tests use Playwright's own Chromium, which
``python -m playwright install chromium`` downloads when the machine is online.

Run as a script (``make test`` does, before the suite), this exits 0 once a browser
launches, downloading Playwright's if it must; if none can be had it prints one line saying
how to get one and exits 2, so the suite never fails halfway for want of a browser.
"""

import os
import subprocess
import sys
from pathlib import Path

DEFAULT = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_SECONDS = 600


def named_chromium() -> str:
    """The Chromium binary named by NICSIM_CHROMIUM, or the default."""
    return os.environ.get("NICSIM_CHROMIUM") or DEFAULT


def launch_args() -> dict:
    """pytest-playwright's launch arguments: the named Chromium if it exists, else
    Playwright's own; headless and quiet."""
    path = named_chromium()
    named = {"executable_path": path} if Path(path).is_file() else {}
    return {"args": ARGS, "headless": True, **named}


def launch_error() -> str | None:
    """None if the browser the tests would use starts, else why it does not (one line)."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            playwright.chromium.launch(**launch_args()).close()
    except Error as error:
        return " ".join(str(error).split())[:200]
    return None


def main() -> int:
    if launch_error() is None:
        return 0
    install = [sys.executable, "-m", "playwright", "install", "chromium"]
    try:
        subprocess.run(install, capture_output=True, timeout=INSTALL_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        pass
    if launch_error() is None:
        return 0
    named = named_chromium()
    problem = "does not start" if Path(named).is_file() else "does not exist"
    print(
        f"nicsim: no browser for the browser tests ({named} {problem} and Playwright could "
        "not download its own Chromium): install one with apt-get install chromium, or set "
        "NICSIM_CHROMIUM=/path/to/chromium",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
