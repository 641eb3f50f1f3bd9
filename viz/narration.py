"""Narration: events of the log told as friendly sentences for the room."""

from collections.abc import Callable

import pandas as pd

from viz.names import idea_name, school_name

SCALES = {
    1: "a one-student test",
    2: "a noisy small test",
    3: "a grade-wide test",
    4: "a whole-school test",
}
TOLD = (
    "started",
    "adopted",
    "abandoned",
    "lapsed",
    "bright_spot",
    "convening",
    "endorsed",
    "idea_added",
)
"""Kinds worth telling (expansions and adaptations are too frequent to narrate)."""


def sentence(
    kind: str,
    step: int,
    school: int,
    idea: int,
    value: float,
    name: Callable[[int], str] = school_name,
) -> str:
    """One event as a sentence, e.g. "Week 12: Maple Elementary abandoned ‘exit tickets’ …"
    (``name`` names a school by its index)."""
    who = name(school) if school >= 0 else "The hub"
    what = f"‘{idea_name(idea)}’" if idea >= 0 else ""
    scale = SCALES.get(int(value), "a test") if value == value else "a test"
    text = {
        "started": f"{who} started testing {what}",
        "adopted": f"{who} adopted {what}, {value:.0%} sure it works",
        "abandoned": f"{who} abandoned {what} after {scale}",
        "lapsed": f"{who} let {what} lapse after staff left",
        "bright_spot": f"The hub flagged {who} as a bright spot (gain {value:+.2f} SD)",
        "convening": f"The hub convened the network ({int(value)} schools came)",
        "endorsed": f"The hub endorsed {what} (pooled effect {value:+.2f} SD)",
        "idea_added": f"A 90-day R&D cycle added {what} to the change package",
    }.get(kind, f"{who}: {kind} {what}")
    return f"Week {step}: {text}"


def narrate(
    events: pd.DataFrame, name: Callable[[int], str] = school_name, limit: int = 8
) -> list[str]:
    """The latest ``limit`` tellable events, newest first (``name`` names the schools)."""
    if events.empty:
        return []
    told = events[events["kind"].astype(str).isin(TOLD)].tail(limit)
    return [
        sentence(
            str(row.kind), int(row.step), int(row.school), int(row.idea), float(row.value), name
        )
        for row in told.itertuples()
    ][::-1]
