"""A run and its controls, and the play loop that never outruns the page.

A :class:`Live` holds one :class:`~viz.state.Run` with its reactive controls. Mutating the
model does not re-render by itself; each change bumps ``tick``, which the views depend on.

Playing is a handshake (:func:`use_play_loop`): the loop computes a week, bumps ``tick``
and waits until the page has rendered that frame (an effect of the page acknowledges it)
before it computes the next. A slow redraw therefore slows the play down instead of piling
up frames, and the speed setting is an upper bound: the measured rate is shown beside it.
"""

import itertools
import threading
import time
from typing import Any

import solara

from simulation.errors import InputError
from viz.config import (
    BASE,
    get,
    preset_document,
    to_scenario,
    too_big,
    with_graph_file,
    with_value,
)
from viz.state import Run
from viz.upload import Upload

DEFAULT_SPEED = 4
"""Weeks a second a run plays at unless the room asks for another speed."""
TOP_SPEED = 10
"""The fastest setting of the speed slider (weeks a second)."""
RATE_SMOOTHING = 0.3
"""Weight of the latest frame in the measured play rate (an exponential moving average)."""
POLL_SECONDS = 0.1
"""How often a waiting play loop looks whether it was paused or cancelled."""
_NUMBERS = itertools.count()
"""Numbers the runs of this server process (each run's reactive values have their own keys)."""


class Live:
    """A run with the preset it came from, its configuration, redraw counter, playing flag,
    speed and error message."""

    def __init__(self, preset: str, variant: str = BASE) -> None:
        document = preset_document(preset, variant)
        self.run = Run(to_scenario(document))
        number = next(_NUMBERS)

        def reactive(name: str, value: Any) -> solara.Reactive:
            # a key of its own: Solara's generated keys may repeat another store's
            return solara.reactive(value, key=f"{__name__}:{number}:{name}")

        self.preset = reactive("preset", preset)
        self.variant = reactive("variant", variant)
        self.document = reactive("document", document)
        self.tick = reactive("tick", 0)
        self.playing = reactive("playing", False)
        self.speed = reactive("speed", DEFAULT_SPEED)
        self.error = reactive("error", None)
        self.idea = reactive("idea", 0)
        """The change idea that colours the network."""
        self.school = reactive("school", 0)
        """The school whose story is shown."""
        self.refusals = reactive("refusals", 0)
        """Presets refused so far (the picker is redrawn to show the run's preset again)."""
        self.upload: Upload | None = None
        """The uploaded network file the configuration may use (kept while the run lives)."""
        self.rate = 0.0
        """Weeks a second the run actually played at, lately (0 when it has not played)."""
        self._frames_shown = 0
        self._shown = threading.Condition()
        self._bump = threading.Lock()

    def load_preset(self, preset: str, variant: str = BASE) -> bool:
        """Load a preset (or one of its variants) exactly as ``nicsim show`` prints it; if
        it is refused, the run and the form keep the last one (the message says why)."""
        kept = self.preset.value, self.variant.value, self.document.value
        self.preset.value, self.variant.value = preset, variant
        if self.apply(preset_document(preset, variant)):
            return True
        self.preset.value, self.variant.value, self.document.value = kept
        self.refusals.value += 1
        return False

    def set(self, path: str, value: Any) -> None:
        """Change one value of the configuration (a dotted path); nothing if it is the same."""
        if get(self.document.value, path) != value:
            self.apply(with_value(self.document.value, path, value))

    def apply(self, document: dict[str, Any]) -> bool:
        """Load a new configuration (from week 0); False and a message if it is invalid or
        too big to animate (the run keeps its last valid configuration)."""
        self.document.value = document
        try:
            scenario = to_scenario(document)
            refusal = too_big(scenario)
            if refusal:
                raise InputError(refusal)
            self.playing.value = False
            self.run.load(scenario)
        except InputError as problem:
            self.error.value = str(problem)
            return False
        self.error.value = None
        if self.idea.value >= self.run.n_ideas:
            self.idea.value = 0
        if self.school.value >= self.run.model.n_schools:
            self.school.value = 0
        self.redraw()
        return True

    def use_upload(self, upload: Upload) -> bool:
        """Run on an uploaded network (the previous upload's folder is removed)."""
        previous, self.upload = self.upload, upload
        if previous is not None:
            previous.remove()
        return self.apply(with_graph_file(self.document.value, str(upload.path)))

    def step(self, weeks: int = 1) -> None:
        """Advance the run and redraw."""
        self.run.step(weeks)
        self.redraw()

    def reset(self) -> None:
        """Back to week 0 with the same configuration."""
        self.playing.value = False
        self.run.reset()
        self.redraw()

    def finished(self) -> bool:
        return self.run.week >= self.run.scenario.steps

    def redraw(self) -> None:
        """Ask the views to show the run's current state (bump ``tick``)."""
        with self._bump:
            self.tick.value += 1

    def frame_shown(self) -> None:
        """The page rendered a new ``tick`` (called by the page's effect)."""
        with self._shown:
            self._frames_shown += 1
            self._shown.notify_all()

    def frames_shown(self) -> int:
        with self._shown:
            return self._frames_shown

    def wait_shown(self, frames_before: int, cancel: threading.Event) -> bool:
        """Wait until a frame after ``frames_before`` is shown; False if paused or cancelled."""
        with self._shown:
            while self._frames_shown <= frames_before:
                if cancel.is_set() or not self.playing.value:
                    return False
                self._shown.wait(POLL_SECONDS)
        return True

    def measured(self, seconds: float) -> None:
        """Fold one frame's duration into the measured play rate."""
        rate = 1 / max(seconds, 1e-6)
        self.rate = (
            rate if self.rate == 0 else (1 - RATE_SMOOTHING) * self.rate + (RATE_SMOOTHING * rate)
        )


def use_play_loop(lives: list[Live]) -> None:
    """While the first run plays, step every run in ``lives`` together, at most ``speed``
    weeks a second and never faster than the page shows them.

    Call it in the component that shows the runs: its effect acknowledges each rendered
    frame, and the loop stops when playing stops or the component goes (a page change,
    which pauses the run).
    """
    leader = lives[0]
    solara.use_effect(leader.frame_shown, [leader.tick.value])
    solara.use_effect(lambda: lambda: leader.playing.set(False), [])  # pause when it goes

    def loop(cancel: threading.Event) -> None:
        leader.rate = 0.0
        last = time.monotonic()
        while leader.playing.value and not cancel.is_set():
            if leader.finished():
                leader.playing.value = False
                return
            for live in lives:
                live.run.step()
            shown = leader.frames_shown()
            leader.redraw()
            if not leader.wait_shown(shown, cancel):
                return
            pause = 1 / max(1, leader.speed.value) - (time.monotonic() - last)
            if pause > 0 and cancel.wait(pause):
                return
            now = time.monotonic()
            leader.measured(now - last)
            last = now

    solara.use_thread(loop, dependencies=[leader.playing.value], intrusive_cancel=False)
