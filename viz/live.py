"""The per-session hook that owns a run: its configuration, stepping, playing and redraws.

:func:`use_live` is called inside a page component, so every browser session (and every
panel) gets its own :class:`~viz.state.Run`. Mutating the model does not re-render by itself;
each change bumps ``tick``, which the views depend on.
"""

import threading
from dataclasses import dataclass
from typing import Any

import solara

from simulation.errors import InputError
from viz.config import to_scenario
from viz.state import Run


@dataclass
class Live:
    """A run and its reactive controls, as returned by :func:`use_live`."""

    run: Run
    document: solara.Reactive
    tick: solara.Reactive
    playing: solara.Reactive
    speed: solara.Reactive
    error: solara.Reactive

    def apply(self, document: dict[str, Any]) -> bool:
        """Load a new configuration (from week 0); False and a message if it is invalid."""
        self.document.value = document
        try:
            scenario = to_scenario(document)
            self.run.load(scenario)
        except InputError as problem:
            self.error.value = str(problem)
            return False
        self.error.value = None
        self.playing.value = False
        self.tick.value += 1
        return True

    def step(self, weeks: int = 1) -> None:
        """Advance the run and redraw."""
        self.run.step(weeks)
        self.tick.value += 1

    def reset(self) -> None:
        """Back to week 0 with the same configuration."""
        self.playing.value = False
        self.run.reset()
        self.tick.value += 1

    def finished(self) -> bool:
        return self.run.week >= self.run.scenario.steps


def use_live(initial: dict[str, Any], play: bool = True) -> Live:
    """A session's run of ``initial`` (a valid scenario document), with its own play loop
    unless ``play`` is False (runs stepped together call :func:`use_play_loop` themselves)."""
    run = solara.use_memo(lambda: Run(to_scenario(initial)), [])
    live = Live(
        run=run,
        document=solara.use_reactive(initial),
        tick=solara.use_reactive(0),
        playing=solara.use_reactive(False),
        speed=solara.use_reactive(4),
        error=solara.use_reactive(None),
    )
    if play:
        use_play_loop([live])
    return live


def use_play_loop(lives: list[Live]) -> None:
    """While the first run plays, step every run in ``lives`` together, ``speed`` a second."""
    leader = lives[0]

    def loop(cancel: threading.Event) -> None:
        while leader.playing.value and not cancel.is_set():
            if leader.finished():
                leader.playing.value = False
                return
            for live in lives:
                live.run.step()
            leader.tick.value += 1
            cancel.wait(1 / max(1, leader.speed.value))

    solara.use_thread(loop, dependencies=[leader.playing.value], intrusive_cancel=False)
