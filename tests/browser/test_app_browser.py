"""The real app in a real browser: offline, stepping, compare, upload errors, isolation.

Each test drives Chromium (see conftest.py) against ``nicsim app`` started for the session,
and saves a screenshot of the page to test-artifacts/.
"""

from urllib.request import urlopen

import pandas as pd
import pytest
from browser_support import TIMEOUT, choose, counter, open_page, step, week
from matplotlib.figure import Figure
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow


def test_explore_page_loads_offline(page, app_url, artifacts):
    open_page(page, app_url)
    expect(page.locator("img.nicsim-network")).to_be_visible()
    expect(page.locator("img.nicsim-chart")).to_be_visible()
    expect(counter(page, "week")).to_have_text("0")
    page.wait_for_timeout(1500)  # let the page finish fading in before the screenshot
    page.screenshot(path=artifacts / "explore.png", full_page=True)


def test_choosing_a_preset_and_stepping_changes_counters_and_chart(page, app_url, artifacts):
    open_page(page, app_url)
    choose(page, "nicsim-preset", "leader_cohort")
    expect(page.locator(".nicsim-school")).to_contain_text("Maple")
    expect(page.get_by_label("n", exact=True)).to_have_value("24")
    chart = page.locator("img.nicsim-chart")
    before = chart.get_attribute("src")
    cycles = counter(page, "cycles").inner_text()
    step(page, 3)
    expect(counter(page, "week")).to_have_text("3")
    expect(counter(page, "cycles")).not_to_have_text(cycles)
    expect(chart).not_to_have_attribute("src", before)
    page.screenshot(path=artifacts / "explore-stepped.png", full_page=True)


def test_compare_page_shows_two_panels_and_a_verdict(page, app_url, artifacts):
    open_page(page, app_url + "compare")
    expect(page.locator(".nicsim-panel-a")).to_be_visible()
    expect(page.locator(".nicsim-panel-b")).to_be_visible()
    step(page, 2)
    expect(counter(page, "week")).to_have_text(["2", "2"])
    expect(page.locator(".nicsim-verdict")).to_contain_text("by week 2")
    expect(page.locator("img.nicsim-compare-chart")).to_be_visible()
    page.screenshot(path=artifacts / "compare.png", full_page=True)


def upload(page: Page, name: str, text: str) -> None:
    """Choose a file in the upload's file chooser."""
    chooser = page.locator("input.nicsim-file-input")
    chooser.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])


def test_malformed_upload_shows_an_error_and_the_server_stays_up(page, app_url, artifacts):
    open_page(page, app_url)
    page.get_by_text("Bring your own network").click()
    expect(page.locator(".solara-file-drop")).to_be_visible()
    upload(page, "broken.csv", "this,is\nnot a network\n")
    error = page.locator(".nicsim-upload-error")
    expect(error).to_contain_text("broken.csv")
    error.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "upload-error.png", full_page=True)
    with urlopen(app_url, timeout=10) as response:
        assert response.status == 200
    step(page)
    upload(page, "ring.csv", "source,target\na,b\nb,c\nc,d\nd,a\n")
    expect(page.locator(".nicsim-upload-ok")).to_contain_text("ring.csv")
    expect(counter(page, "week")).to_have_text("0")
    step(page)


def test_two_browser_sessions_step_independently(browser, app_url):
    pages = []
    for _ in range(2):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        open_page(page, app_url)
        pages.append(page)
    step(pages[0], 3)
    step(pages[1], 1)
    expect(counter(pages[0], "week")).to_have_text("3")
    expect(counter(pages[1], "week")).to_have_text("1")
    for page in pages:
        page.context.close()


def test_workshop_page_plays_a_what_if(page, app_url, artifacts):
    open_page(page, app_url + "workshop")
    expect(page.locator(".nicsim-nav")).to_have_count(0)
    page.get_by_role("button", name="no hub").click()
    expect(page.locator(".nicsim-narration li").first).to_contain_text("Week")
    page.get_by_role("button", name="Pause").click()
    page.screenshot(path=artifacts / "workshop.png", full_page=True)


def test_every_page_is_reachable_by_clicking_and_a_run_survives(page, app_url, runs_folder):
    sweep = runs_folder / "sweeps" / "quick"
    (sweep / "report").mkdir(parents=True)
    pd.DataFrame({"seeding": ["random", "bridges"], "final_reach": [0.4, 0.6]}).to_parquet(
        sweep / "runs.parquet"
    )
    figure = Figure(figsize=(4, 3))
    figure.subplots().bar(["random", "bridges"], [0.4, 0.6])
    figure.savefig(sweep / "report" / "final_reach.png")
    open_page(page, app_url)
    step(page, 2)
    page.get_by_role("button", name="Play").click()
    expect(counter(page, "week")).not_to_have_text("2")
    page.locator(".nicsim-nav-compare").click()  # while playing
    expect(page.locator(".nicsim-panel-b")).to_be_visible()
    page.locator(".nicsim-nav-sweeps").click()
    choose(page, "nicsim-sweep", "sweeps/quick")
    expect(page.get_by_text("runs.parquet: 2 runs")).to_be_visible()
    expect(page.get_by_text("final_reach.png")).to_be_visible()
    page.locator(".nicsim-nav-workshop").click()
    expect(page.locator(".nicsim-narration")).to_be_visible()
    page.locator(".nicsim-exit").click()
    expect(page.locator(".nicsim-nav")).to_be_visible()
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # paused when it left
    left_at = week(page)
    page.wait_for_timeout(1000)
    assert left_at > 2 and week(page) == left_at  # the explore run, where it was left
    assert page.url.rstrip("/") == app_url.rstrip("/")
