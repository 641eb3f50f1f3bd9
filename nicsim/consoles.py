"""Where commands print: tables on stdout, unwrapped when stdout is a file or a pipe."""

from rich.console import Console

UNWRAPPED_WIDTH = 10_000
"""Console width when stdout is not a terminal: a file or pipe has no width to wrap to."""


def stdout_console() -> Console:
    """The console for tables on stdout, as wide as the lines when it is not a terminal."""
    console = Console()
    return console if console.is_terminal else Console(width=UNWRAPPED_WIDTH)
