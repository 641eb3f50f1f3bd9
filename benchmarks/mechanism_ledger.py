"""The mechanism ledger (docs/validation.md): each mechanism's paired effect on two presets.

Runs every mechanism of ``analysis.mechanisms.MECHANISMS`` on and off, with common random
numbers, on ``district_rollout`` and ``carnegie_nic`` (30 replicates each by default), and
prints the ledger as Markdown; ``benchmarks/validation_report.py`` puts it in
docs/validation.md.

    OPENBLAS_NUM_THREADS=1 python benchmarks/mechanism_ledger.py [--replicates 30] [--workers 2]
"""

import argparse
import sys
import time

import pandas as pd

from analysis.mechanisms import LEDGER_OUTCOMES, MECHANISMS, mechanism_effects, verdict
from analysis.sweep_executors import local_executor

PRESETS = ("district_rollout", "carnegie_nic")
SHORT = {
    "mean_gain": "gain",
    "final_reach": "reach",
    "false_adoption_rate": "false adoption",
    "sustain_year_retention": "retention",
    "isolation": "isolation",
}


def ledger(replicates: int, workers: int, presets=PRESETS) -> pd.DataFrame:
    """Measure the ledger, printing progress to stderr."""
    done = 0
    start = time.perf_counter()

    def progress() -> None:
        nonlocal done
        done += 1
        if done % 50 == 0:
            print(f"  {done} runs, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    with local_executor(workers) as executor:
        return mechanism_effects(presets, replicates, executor, on_run=progress)


def ledger_markdown(table: pd.DataFrame) -> str:
    """The ledger as Markdown: per preset, a row per mechanism, a column per outcome."""
    replicates = int(table["runs"].max()) if len(table) else 0
    lines = [
        "Each cell is the paired effect of switching the mechanism on (on − off: the same "
        f"replicate seeds in both arms, {replicates} replicates), as mean [95 % CI], and "
        'the verdict read off the interval. "Expected" is the direction of the effect on '
        'gain that the sources lead one to expect; "as expected" compares it with the '
        "measured verdict on gain.",
        "",
    ]
    expected = {m.name: m for m in MECHANISMS}
    for preset, rows in table.groupby("preset", sort=False):
        lines += [f"#### `{preset}`", ""]
        header = ["mechanism", *(SHORT[o] for o in LEDGER_OUTCOMES), "expected", "as expected"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for name, group in rows.groupby("mechanism", sort=False):
            by_outcome = group.set_index("outcome")
            cells = [_cell(by_outcome.loc[o], o) for o in LEDGER_OUTCOMES]
            m = expected[name]
            gain = by_outcome.loc["mean_gain"]
            found = verdict(gain["low"], gain["high"], "mean_gain")
            lines.append(
                "| "
                + " | ".join([name, *cells, _direction(m.expected), _agrees(m.expected, found)])
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


def _cell(row: pd.Series, outcome: str) -> str:
    if row["runs"] < 2:
        return "—"
    return (
        f"{row['effect']:+.3f} [{row['low']:+.3f}, {row['high']:+.3f}] "
        f"{verdict(row['low'], row['high'], outcome)}"
    )


def _direction(expected: int) -> str:
    return {1: "helps", -1: "hurts", 0: "no claim"}[expected]


def _agrees(expected: int, found: str) -> str:
    if expected == 0:
        return "—"
    return "yes" if found == _direction(expected) else f"no ({found})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(ledger_markdown(ledger(args.replicates, args.workers)))


if __name__ == "__main__":
    main()
