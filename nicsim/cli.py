"""The ``nicsim`` command: a thin layer over scenarios, simulation and analysis.

Bad input (InputError, a usage error, or an OSError such as a missing folder or a full
disk) ends with a one-line message on stderr and exit code 2; anything else is a bug and
keeps its traceback. The scientific stack takes seconds to import, so commands import it
when they need it and `nicsim --help` answers at once.
"""

import json
import os
import re
import shlex
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from nicsim.build_progress import BuildReport
from nicsim.consoles import stdout_console
from nicsim.folders import invocation, output_folder
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
FORCE_OPTION = click.option(
    "--force", is_flag=True, help="Replace the output folder if it already exists."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nicsim", prog_name="nicsim", message="%(prog)s %(version)s")
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
@FORCE_OPTION
@QUIET_OPTION
def run(scenario, overrides, steps, seed, out, csv, force, quiet) -> None:
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
    out = output_folder(out, loaded.name, force)
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
    folder = write_run(result, out, csv=csv or loaded.outputs.csv, invocation=invocation())
    if not quiet:
        stdout_console().print(_summary_table(result.summary, loaded.name))
        stdout_console().print(f"Output written to [bold]{folder}[/bold]")


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
@FORCE_OPTION
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
    force,
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
    out = output_folder(out, f"{a.name}-vs-{b.name}", force)
    console = Console(stderr=True, quiet=quiet)
    with _progress(console, "runs") as progress:
        task = progress.add_task(f"{a.name} vs {b.name}", total=2 * replicates)
        comparison = compare_designs(a, b, replicates, seed, on_run=lambda: progress.advance(task))
    labels = {
        "A": " ".join([f"A: {a.name}", *overrides_a]),
        "B": " ".join([f"B: {b.name}", *overrides_b]),
    }
    folder = write_comparison(comparison, labels, out, invocation=invocation())
    if not quiet:
        stdout_console().print(_comparison_table(comparison.table(), labels, replicates))
        stdout_console().print(f"Output written to [bold]{folder}[/bold]")


@cli.command(name="list")
def list_presets() -> None:
    """List the presets shipped with nicsim (with their variants) and the example sweeps.

    \b
    Run a variant as PRESET:VARIANT, e.g. nicsim run carnegie_nic:no_hub;
    run an example sweep with nicsim sweep NAME.
    """
    import scenarios

    presets = Table("preset", "variants", "rule", "what it shows", title="Presets", box=None)
    for name in scenarios.preset_names():
        preset = scenarios.load(name)
        variants = ", ".join(preset.variants) or "—"
        presets.add_row(name, variants, preset.adoption.rule, _first_sentence(preset.description))
    sweeps = Table("sweep", "design", "what it asks", title="Example sweeps", box=None)
    for name in scenarios.sweep_names():
        spec = scenarios.load_sweep(name).spec
        sweeps.add_row(name, spec.design.method, _first_sentence(spec.description))
    console = stdout_console()
    console.print(presets)
    console.print()
    console.print(sweeps)


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
        out.write_text(text, encoding="utf-8")


def _warn_about_network(*loaded) -> None:
    """A one-line warning on stderr for each network file that falls apart into components."""
    from scenarios.graph_files import disconnection_warning

    files = dict.fromkeys((s.network.file, s.network.attributes) for s in loaded)
    for file, attributes in files:
        warning = None if file is None else disconnection_warning(file, attributes)
        if warning is not None:
            click.echo(f"nicsim: warning: {warning}", err=True)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s", text.strip(), maxsplit=1)[0].removesuffix(".")


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
    argv = sys.argv[1:] if argv is None else argv
    # the fields of analysis.provenance.Invocation, without importing analysis yet
    invocation = {
        "command": shlex.join(["nicsim", *argv]),
        "started": datetime.now(UTC),
        "clock": time.perf_counter(),
    }
    try:
        cli.main(args=argv, prog_name="nicsim", standalone_mode=False, obj=invocation)
    except InputError as error:
        _fail(str(error))
    except OSError as error:  # a missing folder, no permission, a full disk …
        _fail(_os_message(error))
    except click.UsageError as error:
        _fail(error.format_message())
    except (click.exceptions.Abort, KeyboardInterrupt):
        _fail("interrupted", code=130)
    except click.ClickException as error:
        _fail(error.format_message(), code=error.exit_code)


def _os_message(error: OSError) -> str:
    """'PATH: reason' (or 'PATH → PATH2: reason' for a rename) for an OSError."""
    paths = [str(p) for p in (error.filename, error.filename2) if p is not None]
    reason = error.strerror or str(error)
    return f"{' → '.join(paths)}: {reason}" if paths else reason


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"nicsim: error: {' '.join(message.split())}", err=True)
    sys.exit(code)
