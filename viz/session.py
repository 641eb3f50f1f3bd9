"""A browser session's runs, kept while the session moves between pages.

Each page asks for its run by a slot name ("explore", "compare-a" …). The runs live in a
store with one value per browser session (a Solara kernel), so two laptops never share a
run, while one laptop finds its run again, at the week it left, when it comes back to a
page. The store goes with the session; so do the uploads its runs hold.
"""

import solara
from solara.toestand import Singleton

from viz.config import BASE
from viz.live import Live, use_play_loop

_LIVES: Singleton[dict[str, Live]] = Singleton(dict, key=f"{__name__}:lives")
"""Slot name → run, one dict per browser session."""


def session_live(slot: str, preset: str, variant: str = BASE) -> Live:
    """The session's run in ``slot``; the preset's, the first time it is asked for."""
    lives = _LIVES.value
    if slot not in lives:
        lives[slot] = Live(preset, variant)
    return lives[slot]


def use_session_live(slot: str, preset: str, variant: str = BASE, play: bool = True) -> Live:
    """:func:`session_live` for a page, with its play loop unless ``play`` is False (runs
    stepped together call :func:`~viz.live.use_play_loop` themselves); the run pauses when
    the page goes."""
    live = solara.use_memo(lambda: session_live(slot, preset, variant), [slot])
    if play:
        use_play_loop([live])
    return live
