"""How building a large model goes, told on the progress bar or in plain lines."""

import time

from rich.console import Console
from rich.progress import Progress, TaskID


class BuildReport:
    """The CLI's ``on_build``: the stage on a terminal's bar, or plain lines in a log.

    A terminal sees the stage in the bar's description. Elsewhere (a scheduler's log) a line
    is written at each stage once building has taken ``after`` seconds, and one when it is
    done, so small models build silently. A quiet console writes nothing.
    """

    def __init__(
        self, console: Console, progress: Progress, task: TaskID, name: str, after: float = 1.0
    ) -> None:
        self.console, self.progress, self.task, self.name = console, progress, task, name
        self.after = after
        self.start = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.start
        if self.console.is_terminal:
            building = "" if stage == "ready" else f" (building: {stage})"
            self.progress.update(self.task, description=f"{self.name}{building}")
        elif elapsed >= self.after:
            what = "built" if stage == "ready" else f"building: {stage}"
            self.console.print(
                f"nicsim: {self.name}: {what} ({done}/{total} stages, {elapsed:.1f} s)",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
