"""The forms never change a run by being loaded or opened.

Each preset is chosen in the browser, every part of the form is opened, and the scenario the
app downloads must be the preset `nicsim show` prints; on Compare, opening Design A's form
must leave its run where it was.
"""

import subprocess
import sys

import pytest
from browser_support import choose, counter, open_page, step
from playwright.sync_api import Page, expect

import scenarios
from viz.config import too_big

SECTIONS = ("Hub", "PDSA and landscape")
"""The closed parts of the configuration form (network and pilots start open)."""


def open_sections(page: Page) -> None:
    for section in SECTIONS:
        header = page.get_by_text(section, exact=False).first
        if header.count():
            header.click()


def shown_preset(name: str, folder) -> scenarios.Scenario:
    """The scenario `nicsim show NAME` prints, loaded."""
    text = subprocess.run(
        [sys.executable, "-m", "nicsim", "show", name], capture_output=True, check=True, text=True
    ).stdout
    path = folder / f"{name}-shown.toml"
    path.write_text(text)
    return scenarios.load(path)


@pytest.mark.slow
@pytest.mark.parametrize("name", scenarios.preset_names())
def test_loading_a_preset_leaves_the_run_equal_to_nicsim_show(page, app_url, tmp_path, name):
    open_page(page, app_url)
    choose(page, "nicsim-preset", name)
    if too_big(scenarios.load(name)):
        expect(page.locator(".nicsim-config-error")).to_contain_text("more than the app animates")
        expect(page.locator(".nicsim-preset")).to_contain_text("carnegie_nic")  # the run's
        return
    expect(page.locator(".nicsim-preset")).to_contain_text(name)
    expect(counter(page, "week")).to_have_text("0")
    expect(page.get_by_label("Random seed")).to_have_value(str(scenarios.load(name).seed))
    open_sections(page)
    page.wait_for_timeout(1000)  # let opened fields settle (a slider once wrote back here)
    with page.expect_download() as download:
        page.get_by_text("Scenario (TOML)").click()
    path = tmp_path / "downloaded.toml"
    download.value.save_as(path)
    assert scenarios.load(path) == shown_preset(name, tmp_path)


def test_opening_design_as_form_on_compare_keeps_its_run(page, app_url):
    open_page(page, app_url + "compare")
    step(page, 2)
    panel = page.locator(".nicsim-panel-a")
    panel.get_by_text("Build a configuration").click()
    expect(panel.get_by_text("4 of 20 schools start as pilots")).to_be_visible()
    panel.get_by_text("Hub").first.click()
    page.wait_for_timeout(1000)
    expect(counter(page, "week")).to_have_text(["2", "2"])
    expect(panel.get_by_label("pilot schools (count)")).to_have_value("4")
