"""Progress of a sweep on stderr: a bar on a terminal, plain lines everywhere else.

Under a batch scheduler stderr is a file, where a bar would print nothing useful; there a
line such as ``quick: 120 of 900 runs (13 %), 0 failed, 35 s so far, about 3 min 48 s
left`` is printed at once, then every ``interval`` seconds, and once at the end. The time
left is the runs still to do at the rate of this session's finished runs (runs finished
in an earlier session do not count towards the rate).
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

PLAIN_INTERVAL = 10.0
"""Seconds between plain progress lines."""

Update = Callable[[int, int, int], None]


@contextmanager
def sweep_progress(
    console: Console, name: str, interval: float = PLAIN_INTERVAL
) -> Iterator[Update]:
    """An ``update(finished, failed, total)`` callback that shows a sweep's progress.

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
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task(name, total=None, failed=0)

    def update(finished: int, failed: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
            # start from the runs already done, so they do not count as speed
            progress.reset(task, completed=finished, total=total, failed=failed)
        progress.update(task, completed=finished, total=total, failed=failed)

    try:
        yield update
    finally:
        if progress.live.is_started:
            progress.stop()


class PlainLines:
    """Plain progress lines: at the first update, every ``interval`` seconds, at the end."""

    def __init__(self, console: Console, name: str, interval: float) -> None:
        self.console, self.name, self.interval = console, name, interval
        self.state: tuple[int, int, int] | None = None
        self.first: int = 0
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)

    def update(self, finished: int, failed: int, total: int) -> None:
        with self.lock:
            first = self.state is None
            if first:
                self.first, self.started = finished, time.monotonic()
            self.state = (finished, failed, total)
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
        finished, failed, total = self.state
        elapsed = time.monotonic() - self.started
        share = f"{100 * finished / total:.0f} %" if total else "—"
        text = (
            f"{self.name}: {finished} of {total} runs ({share}), {failed} failed, "
            f"{duration(elapsed)} so far"
        )
        done_now = finished - self.first
        if finished >= total:
            return text + ", done"
        if done_now == 0:
            return text + ", estimating the time left"
        left = (total - finished) * elapsed / done_now
        return text + f", about {duration(left)} left"

    def _tick(self) -> None:
        while not self.stopped.wait(self.interval):
            self.print()


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
