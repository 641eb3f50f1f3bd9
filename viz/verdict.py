"""The one-line verdict of a comparison: reach and gain per school of B against A."""

import math

import pandas as pd

SIMILAR_GAIN = 0.01
"""Gains per school within this many SD units of each other read as similar."""


def verdict(a: pd.DataFrame, b: pd.DataFrame) -> str:
    """E.g. "B reached 31 % more schools by week 60, with a similar gain per school"."""
    week = int(min(a["step"].iloc[-1], b["step"].iloc[-1]))
    if week == 0:
        return "Step or play to compare A and B week by week."
    column = "reach" if "reach" in a and "reach" in b else "adoption_share"
    reach_a, reach_b = (float(s.loc[s["step"] == week, column].iloc[0]) for s in (a, b))
    if math.isclose(reach_a, reach_b, abs_tol=1e-9):
        reach = f"B and A reached the same share of schools ({reach_a:.0%}) by week {week}"
    elif reach_a == 0:
        reach = f"B reached {reach_b:.0%} of schools by week {week}, A none"
    else:
        change = (reach_b - reach_a) / reach_a
        more = "more" if change > 0 else "fewer"
        reach = f"B reached {abs(change):.0%} {more} schools than A by week {week}"
        reach = reach.replace("%", " %", 1)
    if "mean_gain" not in a or "mean_gain" not in b:
        return reach
    gain_a, gain_b = (
        float(s.loc[s["step"] == week, "mean_gain"].fillna(0).iloc[0]) for s in (a, b)
    )
    difference = gain_b - gain_a
    if abs(difference) < SIMILAR_GAIN:
        gain = "a similar gain per school"
    else:
        higher = "higher" if difference > 0 else "lower"
        gain = f"a {higher} gain per school ({gain_b:+.3f} vs {gain_a:+.3f} SD)"
    return f"{reach}, with {gain}"
