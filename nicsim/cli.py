"""The ``nicsim`` command: a thin layer over scenarios, simulation and analysis.

Bad input (InputError, or a usage error) ends with a one-line message on stderr and exit
code 2; anything else is a bug and keeps its traceback. The scientific stack takes seconds
to import, so commands import it when they need it and `nicsim --help` answers at once.
"""

import json
import os
import shlex
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from nicsim.build_progress import BuildReport
from simulation.errors import InputError

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EXIT_BAD_INPUT = 2
SUMMARY_ROWS = (
    ("n_schools", "schools"),
    ("n_ties", "ties"),
    ("mean_degree", "mean degree (ties per school)"),
    ("steps", "weeks simulated"),
    ("adoption_rule", "adoption rule"),
    ("initial_adopters", "initial adopters"),
    ("final_adopters", "adopters at the end"),
    ("final_adoption_share", "adoption share (school × idea)"),
    ("final_reach", "reach (schools with an adopted idea)"),
    ("time_to_25", "weeks to 25 % adoption"),
    ("time_to_50", "weeks to 50 % adoption"),
    ("time_to_80", "weeks to 80 % adoption"),
    ("mean_gain", "mean gain (SD)"),
    ("equity_gap", "equity gap (top − bottom quartile)"),
    ("false_adoption_rate", "false adoption rate"),
    ("false_abandonment_rate", "false abandonment rate"),
    ("pdsa_cycles", "PDSA cycles"),
    ("staff_hours", "staff hours"),
    ("coaching_hours", "coaching hours"),
    ("sustain_year_retention", "sustain-year retention"),
)
SET_OPTION = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a scenario field, e.g. --set pdsa.policy=reinvent (repeatable).",
)
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="No progress bar or tables.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """nicsim: simulate how improvement practices spread through networks of schools.

    \b
    Examples:
      nicsim list                          the presets shipped with nicsim
      nicsim run carnegie_nic              run a preset and write runs/carnegie_nic/
      nicsim run my.toml --set steps=100   run a scenario file with an override
      nicsim compare a.toml b.toml         two designs side by side
    """


@cli.command()
@click.argument("scenario")
@SET_OPTION
@click.option("--steps", type=click.IntRange(min=1), help="Weeks to simulate.")
@click.option("--seed", type=click.IntRange(min=0), help="Random seed.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [runs/NAME].")
@click.option("--csv", is_flag=True, help="Also write timeseries.csv.")
@QUIET_OPTION
def run(scenario, overrides, steps, seed, out, csv, quiet) -> None:
    """Run SCENARIO (a preset name or a TOML file) and write its output folder.

    \b
    Examples:
      nicsim run quickstart
      nicsim run carnegie_nic --steps 100 --seed 3 --out runs/nic3
      nicsim run my_network.toml --set strategy.seeding=clustered_pilot --csv
    """
    import scenarios
    from analysis import run as run_scenario
    from analysis import write_run

    loaded = scenarios.load(scenario, list(overrides))
    _warn_about_network(loaded)
    out = _output_folder(out, loaded.name)
    console = Console(stderr=True, quiet=quiet)
    with _progress(console, "weeks") as progress:
        task = progress.add_task(loaded.name, total=steps or loaded.steps)
        result = run_scenario(
            loaded,
            steps=steps,
            seed=seed,
            on_step=lambda _: progress.advance(task),
            on_build=BuildReport(console, progress, task, loaded.name),
        )
    folder = write_run(result, out, csv=csv or loaded.outputs.csv, command=_command())
    if not quiet:
        Console().print(_summary_table(result.summary, loaded.name))
        Console().print(f"Output written to [bold]{folder}[/bold]")


@cli.command()
@click.argument("scenario_a")
@click.argument("scenario_b")
@SET_OPTION
@click.option(
    "--set-a",
    "overrides_a",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a field of design A only (repeatable).",
)
@click.option(
    "--set-b",
    "overrides_b",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a field of design B only (repeatable).",
)
@click.option(
    "--replicates",
    "-r",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="Replicate runs of each design (same seeds for both).",
)
@click.option("--steps", type=click.IntRange(min=1), help="Weeks to simulate (both designs).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed the replicates derive from.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [runs/A-vs-B].")
@QUIET_OPTION
def compare(
    scenario_a,
    scenario_b,
    overrides,
    overrides_a,
    overrides_b,
    replicates,
    steps,
    seed,
    out,
    quiet,
) -> None:
    """Compare two designs: SCENARIO_A and SCENARIO_B with common random numbers.

    Both run the same replicate seeds; the table gives each outcome's mean and 95 %
    confidence interval, and compare.png both adoption curves.

    \b
    Examples:
      nicsim compare a.toml b.toml --replicates 20 --out runs/a-vs-b
      nicsim compare carnegie_nic carnegie_nic --set-b strategy.seeding=clustered_pilot
    """
    import scenarios
    from analysis import compare as compare_designs
    from analysis import write_comparison
    from analysis.runner import load_with

    a = scenarios.load(scenario_a, [*overrides, *overrides_a])
    b = scenarios.load(scenario_b, [*overrides, *overrides_b])
    _warn_about_network(a, b)
    if steps is not None:
        a, b = load_with(a, {"steps": steps}), load_with(b, {"steps": steps})
    out = _output_folder(out, f"{a.name}-vs-{b.name}")
    console = Console(stderr=True, quiet=quiet)
    with _progress(console, "runs") as progress:
        task = progress.add_task(f"{a.name} vs {b.name}", total=2 * replicates)
        comparison = compare_designs(a, b, replicates, seed, on_run=lambda: progress.advance(task))
    labels = {
        "A": " ".join([f"A: {a.name}", *overrides_a]),
        "B": " ".join([f"B: {b.name}", *overrides_b]),
    }
    folder = write_comparison(comparison, labels, out, command=_command())
    if not quiet:
        Console().print(_comparison_table(comparison.table(), labels, replicates))
        Console().print(f"Output written to [bold]{folder}[/bold]")


@cli.command(name="list")
def list_presets() -> None:
    """List the presets shipped with nicsim, with what each shows."""
    import scenarios

    table = Table("preset", "rule", "what it shows", box=None)
    for name in scenarios.preset_names():
        preset = scenarios.load(name)
        table.add_row(name, preset.adoption.rule, preset.description.split(". ")[0].strip())
    Console().print(table)


@cli.command()
@click.argument("preset")
def show(preset) -> None:
    """Print PRESET's TOML, to copy and change.

    \b
    Example:
      nicsim show carnegie_nic > my_nic.toml
    """
    import scenarios

    click.echo(scenarios.preset_text(preset), nl=False)


@cli.command()
@click.argument("file")
@SET_OPTION
def validate(file, overrides) -> None:
    """Check a scenario FILE without running it: load it and build its network and model.

    \b
    Example:
      nicsim validate my_network.toml --set network.n=500
    """
    import scenarios
    from analysis import build_model

    loaded = scenarios.load(file, list(overrides))
    _warn_about_network(loaded)
    model = build_model(loaded)
    click.echo(
        f"{file}: valid scenario '{loaded.name}' ({model.n_schools} schools, "
        f"{loaded.steps} weeks, rule {loaded.adoption.rule})"
    )


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), help="Write to a file, not stdout.")
def schema(out) -> None:
    """Print the JSON Schema of scenario files (for editors' completion and checks).

    \b
    Example:
      nicsim schema --out scenario.schema.json
    """
    import scenarios

    text = json.dumps(scenarios.Scenario.model_json_schema(), indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text)


def _warn_about_network(*loaded) -> None:
    """A one-line warning on stderr for each network file that falls apart into components."""
    from scenarios.graph_files import disconnection_warning

    files = dict.fromkeys((s.network.file, s.network.attributes) for s in loaded)
    for file, attributes in files:
        warning = None if file is None else disconnection_warning(file, attributes)
        if warning is not None:
            click.echo(f"nicsim: warning: {warning}", err=True)


def _output_folder(out: Path | None, name: str) -> Path:
    out = out or Path("runs") / name
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    return out


def _command() -> str:
    return shlex.join(["nicsim", *sys.argv[1:]])


@contextmanager
def _progress(console: Console, unit: str):
    # off when stderr is not a terminal: a stopped bar would leave a blank line in front of
    # an error message, and logs need no bar
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        yield progress


def _format(value) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _summary_table(summary: dict, title: str) -> Table:
    table = Table(title=f"Summary: {title}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for key, label in SUMMARY_ROWS:
        if key in summary:
            value = summary[key]
            never = value is None and key.startswith("time_to")
            table.add_row(label, "never" if never else _format(value))
    return table


def _comparison_table(table, labels: dict[str, str], replicates: int) -> Table:
    out = Table(title=f"Two designs, {replicates} replicates each (mean [95 % CI])")
    out.add_column("outcome", style="bold")
    out.add_column(labels["A"], justify="right")
    out.add_column(labels["B"], justify="right")
    out.add_column("B − A (paired)", justify="right")
    for row in table.itertuples():
        out.add_row(
            row.outcome,
            f"{row.A_mean:.3f} [{row.A_low:.3f}, {row.A_high:.3f}]",
            f"{row.B_mean:.3f} [{row.B_low:.3f}, {row.B_high:.3f}]",
            f"{row.difference:+.3f} [{row.difference_low:+.3f}, {row.difference_high:+.3f}]",
        )
    return out


from nicsim.sweep_command import report, rerun, sweep  # noqa: E402

cli.add_command(sweep)
cli.add_command(report)
cli.add_command(rerun)

from nicsim.app_command import app  # noqa: E402

cli.add_command(app)


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
