"""The ``nicsim`` command: a thin layer over scenarios, simulation and analysis.

Bad input (InputError, or a usage error) ends with a one-line message on stderr and exit
code 2; anything else is a bug and keeps its traceback.
"""

import os
import shlex
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from simulation.errors import InputError

# The scientific stack takes seconds to import; commands import it when they need it, so
# that `nicsim --help` answers at once.

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EXIT_BAD_INPUT = 2
SUMMARY_ROWS = (
    ("n_schools", "schools"),
    ("steps", "weeks simulated"),
    ("adoption_rule", "adoption rule"),
    ("initial_adopters", "initial adopters"),
    ("final_adopters", "adopters at the end"),
    ("final_adoption_share", "final adoption share"),
    ("time_to_25", "weeks to 25 % adoption"),
    ("time_to_50", "weeks to 50 % adoption"),
    ("time_to_80", "weeks to 80 % adoption"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """nicsim: simulate how improvement practices spread through networks of schools.

    \b
    Examples:
      nicsim run quickstart              run a preset and write runs/quickstart/
      nicsim run my.toml --set steps=100 run a scenario file with an override
      nicsim list                        the presets shipped with nicsim
    """


@cli.command()
@click.argument("scenario")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a scenario field, e.g. --set adoption.phi=0.2 (repeatable).",
)
@click.option("--steps", type=click.IntRange(min=1), help="Weeks to simulate.")
@click.option("--seed", type=click.IntRange(min=0), help="Random seed.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [runs/NAME].")
@click.option("--csv", is_flag=True, help="Also write timeseries.csv.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary table.")
def run(scenario, overrides, steps, seed, out, csv, quiet) -> None:
    """Run SCENARIO (a preset name or a TOML file) and write its output folder.

    \b
    Examples:
      nicsim run quickstart
      nicsim run quickstart --steps 100 --seed 3 --out runs/qs3
      nicsim run my_network.toml --set adoption.rule=complex --set adoption.m=2 --csv
    """
    import scenarios
    from analysis import run as run_scenario
    from analysis import write_run

    loaded = scenarios.load(scenario, list(overrides))
    out = out or Path("runs") / loaded.name
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    console = Console(stderr=True, quiet=quiet)
    with _progress(console) as progress:
        task = progress.add_task(loaded.name, total=steps or loaded.steps)
        result = run_scenario(
            loaded, steps=steps, seed=seed, on_step=lambda _: progress.advance(task)
        )
    folder = write_run(result, out, csv=csv, command=shlex.join(["nicsim", *sys.argv[1:]]))
    if not quiet:
        Console().print(_summary_table(result.summary, loaded.name))
        Console().print(f"Output written to [bold]{folder}[/bold]")


@cli.command(name="list")
def list_presets() -> None:
    """List the presets shipped with nicsim."""
    import scenarios

    table = Table("preset", "description", box=None)
    for name in scenarios.preset_names():
        description = scenarios.load(name).description
        table.add_row(name, description.split(". ")[0].strip())
    Console().print(table)


@cli.command()
@click.argument("file")
def validate(file) -> None:
    """Check a scenario FILE without running it: load it and build its network and model.

    \b
    Example:
      nicsim validate my_network.toml
    """
    import scenarios
    from analysis import build_model

    loaded = scenarios.load(file)
    build_model(loaded)
    click.echo(f"{file}: valid scenario '{loaded.name}' ({loaded.steps} steps)")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("weeks"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _summary_table(summary: dict, title: str) -> Table:
    table = Table(title=f"Summary: {title}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for key, label in SUMMARY_ROWS:
        value = summary[key]
        text = (
            "never" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        )
        table.add_row(label, text)
    return table


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning bad input into a one-line error and exit code 2."""
    try:
        cli.main(args=argv, prog_name="nicsim", standalone_mode=False)
    except InputError as error:
        _fail(str(error))
    except click.UsageError as error:
        _fail(error.format_message())
    except (click.exceptions.Abort, KeyboardInterrupt):
        _fail("interrupted", code=130)
    except click.ClickException as error:
        _fail(error.format_message(), code=error.exit_code)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"nicsim: error: {' '.join(message.split())}", err=True)
    sys.exit(code)
