"""Helpers of the browser tests: open a page, read a counter, step, choose from a select."""

from playwright.sync_api import Page, expect

TIMEOUT = 60_000
"""Milliseconds a browser test waits for the app (a loaded machine renders slowly)."""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
expect.set_options(timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("button", name="Step")).to_be_visible(timeout=TIMEOUT)


def counter(page: Page, key: str):
    return page.locator(f".nicsim-counter-{key}")


def week(page: Page) -> int:
    return int(counter(page, "week").first.inner_text())


def step(page: Page, times: int = 1) -> None:
    for _ in range(times):
        before = week(page)
        page.get_by_role("button", name="Step").click()
        expect(counter(page, "week").first).to_have_text(str(before + 1))


def choose(page: Page, select_class: str, option: str) -> None:
    page.locator(f".{select_class}").first.click()
    page.locator(".menuable__content__active .v-list-item", has_text=option).first.click()
