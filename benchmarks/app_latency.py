"""Web-app latency: redraw per step, time to interactive, and step latency under 20 sessions.

Run: ``OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/app_latency.py`` (starts its own
``nicsim app`` on a free loopback port and stops it at the end). Prints:

1. time per step including the redraw (network view + chart PNGs) at 200 and 1,000 schools,
   in process, as the server does it (target ≤ 200 ms at 200 schools);
1b. the rate Play reaches at top speed on the explore page (in process, through the
   handshake that waits for each week to be shown) at 20 and 1,000 schools, beside the
   rate one step + redraw alone would allow;
2. time for the explore page to become interactive (navigation until Step is visible);
3. step latency with 20 concurrent browser sessions on loopback (click Step in every
   session at once; time until each session's week counter changes).
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from chromium import launch_args  # noqa: E402

import scenarios  # noqa: E402
from viz.charts import AdoptionChart  # noqa: E402
from viz.network_view import NetworkView  # noqa: E402
from viz.state import Run  # noqa: E402

SESSIONS = 20
STEPS = 20
PLAY_SECONDS = 10


def redraw_latency(schools_per_district: int) -> tuple[int, float, float]:
    """(schools, median ms per step + redraw, first draw ms incl. layout) for district_rollout."""
    scenario = scenarios.load(
        "district_rollout", overrides=[f"network.schools_per_district={schools_per_district}"]
    )
    run = Run(scenario)
    start = time.perf_counter()
    view, chart = NetworkView(run), AdoptionChart(run.is_pdsa)
    view.png(0)
    chart.png(run.timeseries())
    first = time.perf_counter() - start
    times = []
    for _ in range(STEPS):
        start = time.perf_counter()
        run.step()
        view.png(0, selected=0)
        chart.png(run.timeseries())
        times.append(time.perf_counter() - start)
    return run.model.n_schools, 1000 * statistics.median(times), 1000 * first


def play_rate(schools: int, seconds: float = PLAY_SECONDS) -> tuple[float, float]:
    """(weeks a second Play reaches at top speed, weeks a second one step + redraw of the
    same run allows) for carnegie_nic with ``schools`` schools, on the rendered explore page."""
    import solara

    from viz import explore
    from viz.live import TOP_SPEED
    from viz.session import session_live

    live = session_live("explore", "carnegie_nic")
    live.set("network.n", schools)
    live.set("steps", 100_000)
    live.speed.value = TOP_SPEED
    _, rc = solara.render(explore.Page(), handle_error=False)
    live.playing.value = True
    time.sleep(seconds)
    live.playing.value = False
    rate = live.run.week / seconds
    view, chart, times = NetworkView(live.run), AdoptionChart(live.run.is_pdsa), []
    for _ in range(STEPS):
        start = time.perf_counter()
        live.run.step()
        view.png(0, selected=0)
        chart.png(live.run.timeseries())
        times.append(time.perf_counter() - start)
    rc.close()
    return rate, 1 / statistics.median(times)


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    server = subprocess.Popen(
        [sys.executable, "-m", "nicsim", "app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(180):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return server, url
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the app server did not start")


def browser_latency(url: str) -> tuple[float, list[float], list[float]]:
    """(seconds to interactive, per-session step latencies in ms, per-session load seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_args())
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.get_by_role("button", name="Step").wait_for(timeout=120_000)
        interactive = time.perf_counter() - start
        page.context.close()
        pages, loads = [], []
        for _ in range(SESSIONS):
            page = browser.new_context().new_page()
            start = time.perf_counter()
            page.goto(url)
            page.get_by_role("button", name="Step").wait_for(timeout=120_000)
            loads.append(time.perf_counter() - start)
            pages.append(page)
        latencies = []
        for round_ in range(3):
            starts = []
            for page in pages:
                starts.append(time.perf_counter())
                page.get_by_role("button", name="Step").click(no_wait_after=True)
            for page, begun in zip(pages, starts, strict=True):
                page.locator(".nicsim-counter-week").get_by_text(str(round_ + 1)).wait_for(
                    timeout=120_000
                )
                latencies.append(1000 * (time.perf_counter() - begun))
        browser.close()
    return interactive, latencies, loads


def main() -> None:
    for per_district in (50, 250):
        n, step_ms, first_ms = redraw_latency(per_district)
        print(
            f"step + redraw, {n:>5} schools: median {step_ms:6.1f} ms "
            f"(first draw {first_ms:.0f} ms)"
        )
    for schools in (20, 1000):
        rate, alone = play_rate(schools)
        print(
            f"play at top speed, {schools:>5} schools: {rate:5.1f} weeks/s "
            f"(step + redraw alone: {alone:5.1f}/s; ratio {rate / alone:.2f})"
        )
    server, url = start_server()
    try:
        interactive, latencies, loads = browser_latency(url)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print(f"explore page interactive after {interactive:.2f} s (first session)")
    print(
        f"{SESSIONS} sessions loaded: median {statistics.median(loads):.2f} s, "
        f"max {max(loads):.2f} s"
    )
    print(
        f"step latency with {SESSIONS} sessions stepping at once (3 rounds): "
        f"median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms"
    )


if __name__ == "__main__":
    main()
