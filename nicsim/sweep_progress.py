"""Progress of a sweep on stderr: a bar on a terminal, plain lines everywhere else.

Under a batch scheduler stderr is a file, where a bar would print nothing useful; there a
line such as ``quick: 120 of 900 runs (13 %), 0 failed, 35 s so far, about 3 min 48 s
left`` is printed at once, then every ``interval`` seconds, and once at the end. Both show
the sweep's own estimate of the time left (``analysis.sweep.time_left``).
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

PLAIN_INTERVAL = 10.0
"""Seconds between plain progress lines."""

Update = Callable[[int, int, int, float | None], None]


@contextmanager
def sweep_progress(
    console: Console, name: str, interval: float = PLAIN_INTERVAL
) -> Iterator[Update]:
    """An ``update(finished, failed, total, seconds_left)`` callback that shows a sweep's
    progress.

    Nothing shows before the first update (so a refusal stays one line) or with a quiet
    console.
    """
    if console.quiet:
        yield lambda *_: None
    elif console.is_terminal:
        with _bar(console, name) as update:
            yield update
    else:
        lines = PlainLines(console, name, interval)
        try:
            yield lines.update
        finally:
            lines.stop()


@contextmanager
def _bar(console: Console, name: str) -> Iterator[Update]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TextColumn("{task.fields[left]}"),
        console=console,
        transient=True,
    )
    task = progress.add_task(name, total=None, failed=0, left="")

    def update(finished: int, failed: int, total: int, left: float | None) -> None:
        if not progress.live.is_started:
            progress.start()
        shown = _left(finished, total, left)
        progress.update(
            task, completed=finished, total=total, failed=failed, left=shown, refresh=True
        )

    try:
        yield update
    finally:
        if progress.live.is_started:
            progress.stop()


class PlainLines:
    """Plain progress lines: at the first update, every ``interval`` seconds, at the end."""

    def __init__(self, console: Console, name: str, interval: float) -> None:
        self.console, self.name, self.interval = console, name, interval
        self.state: tuple[int, int, int, float | None] | None = None
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)

    def update(self, finished: int, failed: int, total: int, left: float | None) -> None:
        with self.lock:
            first = self.state is None
            if first:
                self.started = time.monotonic()
            self.state = (finished, failed, total, left)
        if first:
            self.print()
            self.ticker.start()

    def stop(self) -> None:
        if self.ticker.is_alive():
            self.stopped.set()
            self.ticker.join()
            self.print()

    def print(self) -> None:
        with self.lock:
            line = self.line()
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def line(self) -> str:
        finished, failed, total, left = self.state
        elapsed = time.monotonic() - self.started
        share = f"{100 * finished / total:.0f} %" if total else "—"
        return (
            f"{self.name}: {finished} of {total} runs ({share}), {failed} failed, "
            f"{duration(elapsed)} so far, {_left(finished, total, left)}"
        )

    def _tick(self) -> None:
        while not self.stopped.wait(self.interval):
            self.print()


def _left(finished: int, total: int, left: float | None) -> str:
    if finished >= total:
        return "done"
    if left is None:
        return "estimating the time left"
    return f"about {duration(left)} left"


def duration(seconds: float) -> str:
    """A duration for people: ``12 s``, ``3 min 48 s``, ``2 h 05 min``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
