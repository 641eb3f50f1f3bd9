"""Friendly, deterministic names for schools and change ideas (for narration and the UI)."""

TREES = (
    "Maple",
    "Oak",
    "Cedar",
    "Willow",
    "Birch",
    "Aspen",
    "Pine",
    "Elm",
    "Juniper",
    "Hawthorn",
    "Magnolia",
    "Cypress",
    "Linden",
    "Sycamore",
    "Alder",
    "Chestnut",
    "Redwood",
    "Laurel",
    "Hazel",
    "Poplar",
    "Spruce",
    "Walnut",
    "Rowan",
    "Holly",
)
PLACES = (
    "Valley",
    "Ridge",
    "Lake",
    "River",
    "Hill",
    "Park",
    "Creek",
    "Meadow",
    "Harbor",
    "Summit",
    "Prairie",
    "Grove",
    "Brook",
    "Canyon",
    "Mesa",
)
KINDS = ("Elementary", "Middle School", "High School", "Academy", "K-8", "Primary")
IDEAS = (
    "exit tickets",
    "warm calling",
    "data walls",
    "peer observation",
    "student conferences",
    "attendance nudges",
    "reading buddies",
    "math talks",
    "advisory circles",
    "family check-ins",
    "think-pair-share",
    "feedback protocols",
    "goal-setting sheets",
    "small-group tutoring",
    "restorative circles",
    "vocabulary routines",
)


def school_name(index: int) -> str:
    """A stable name for school ``index``: "Maple Elementary", "Oak Valley Middle School" …"""
    tree = TREES[index % len(TREES)]
    kind = KINDS[(index // len(TREES)) % len(KINDS)]
    round_ = index // (len(TREES) * len(KINDS))
    if round_ == 0:
        return f"{tree} {kind}"
    place = PLACES[(round_ - 1) % len(PLACES)]
    suffix = "" if round_ <= len(PLACES) else f" {round_ // len(PLACES) + 1}"
    return f"{tree} {place} {kind}{suffix}"


def idea_name(index: int) -> str:
    """A stable name for change idea ``index`` ("exit tickets", …; numbered past the list)."""
    name = IDEAS[index % len(IDEAS)]
    round_ = index // len(IDEAS)
    return name if round_ == 0 else f"{name} {round_ + 1}"
