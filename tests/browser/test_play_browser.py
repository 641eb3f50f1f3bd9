"""Playing never crashes: a minute at top speed under CPU load, at 20 and at 1,000 schools.

A busy-loop process runs beside the app (the busy machine of a workshop laptop). While the
run plays, the test also moves the speed slider and presses Reset, as a room does. The week
must keep advancing, no error may reach the page or the server's log, and Pause and Step
must still answer at the end.
"""

import re
import subprocess
import sys
import time

import pytest
from browser_support import TIMEOUT, counter, open_page, step, week
from playwright.sync_api import Page, expect

PLAY_SECONDS = 60
CHECK_SECONDS = 10
ERRORS = ("Traceback", "Too many renders", "RuntimeError")


@pytest.fixture
def cpu_load():
    """A busy-loop subprocess for the length of the test."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield busy
    busy.kill()
    busy.wait()


def set_field(page: Page, label: str, value: int) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    expect(field).to_have_value(str(value))


def assert_no_error(page: Page, server_log, since: int) -> None:
    """No error on the page, nor in the server's log after its first ``since`` bytes."""
    text = page.locator("body").inner_text()
    log = server_log.read_bytes()[since:].decode(errors="replace")
    for error in ERRORS:
        assert error not in text, f"{error} on the page"
        assert error not in log, f"{error} in the server log"


@pytest.mark.slow
@pytest.mark.parametrize("schools", [20, 1000])
def test_playing_at_top_speed_under_load_never_errors_and_advances(
    page, app_url, server_log, artifacts, cpu_load, schools
):
    since = server_log.stat().st_size
    open_page(page, app_url)
    set_field(page, "weeks", 5000)
    set_field(page, "n", schools)
    expect(counter(page, "week")).to_have_text("0")
    slider = page.get_by_role("slider", name=re.compile("^Speed"))
    slider.focus()
    page.keyboard.press("End")
    expect(page.get_by_text("Speed: up to 10 weeks/s")).to_be_visible()
    page.get_by_role("button", name="Play").click()
    expect(page.locator(".nicsim-rate")).to_be_visible()
    windows = []  # (week at the start, week at the end) of each check
    start, deadline = 0, time.monotonic() + PLAY_SECONDS
    while time.monotonic() < deadline:
        page.wait_for_timeout(CHECK_SECONDS * 1000)
        assert_no_error(page, server_log, since)
        windows.append((start, week(page)))
        start = windows[-1][1]
        if len(windows) == 2:  # mid-play: slow down, speed up, and start over
            slider.focus()
            page.keyboard.press("Home")
            page.keyboard.press("End")
            page.get_by_role("button", name="Reset", exact=True).click()
            expect(page.get_by_role("button", name="Play")).to_be_visible()
            expect(counter(page, "week")).to_have_text("0")
            page.get_by_role("button", name="Play").click()
            start = 0
    page.screenshot(path=artifacts / f"play-{schools}.png", full_page=True)
    assert all(end > begin for begin, end in windows), f"weeks in each check: {windows}"
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    step(page)
    assert_no_error(page, server_log, since)


@pytest.mark.slow
def test_four_sessions_playing_at_once_all_advance(browser, app_url, server_log):
    """Four laptops press Play together: each keeps advancing, none freezes or errors."""
    since = server_log.stat().st_size
    pages = []
    for _ in range(4):
        page = browser.new_context().new_page()
        page.set_default_timeout(TIMEOUT)
        open_page(page, app_url)
        pages.append(page)
    for page in pages:
        page.get_by_role("button", name="Play").click()
    marks = []
    for _ in range(2):
        pages[0].wait_for_timeout(CHECK_SECONDS * 1000)
        marks.append([week(page) for page in pages])
    for page in pages:
        assert_no_error(page, server_log, since)
        page.get_by_role("button", name="Pause").click()
        expect(page.get_by_role("button", name="Play")).to_be_visible()
        page.context.close()
    assert all(0 < a < b for a, b in zip(*marks, strict=True)), f"weeks at each check: {marks}"
