"""The ``nicsim sweep``, ``nicsim report`` and ``nicsim rerun`` commands.

Like the other commands, they import the scientific stack only when they run, report bad
input as InputError (one line, exit code 2) and draw progress on stderr.
"""

import shlex
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from nicsim.consoles import stdout_console
from nicsim.folders import invocation, output_folder
from nicsim.sweep_progress import duration, sweep_progress
from simulation.errors import InputError

EXIT_TERMINATED = 128 + 15
"""Exit code after SIGTERM (the shell's convention: 128 + signal number)."""


@click.command()
@click.argument("sweep_file", metavar="SWEEP")
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    help="Local worker processes [one per core].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://10.0.0.5:8786.",
)
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [runs/sweeps/NAME].")
@click.option("--resume", is_flag=True, help="Finish an interrupted sweep in --out.")
@click.option("--timeseries", is_flag=True, help="Also keep every run's per-step table.")
@click.option("--csv", is_flag=True, help="Also write runs.csv beside runs.parquet.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Check the sweep, time a few runs here and print the run count and a time estimate.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress or tables.")
def sweep(sweep_file, workers, scheduler, out, resume, timeseries, csv, dry_run, quiet) -> None:
    """Run the parameter sweep SWEEP (a sweep file or an example sweep's name).

    Every point is checked before any run starts. Finished runs are saved as they come,
    so an interrupted sweep (Ctrl-C, or SIGTERM from a scheduler) loses none: rerun with
    --resume to compute only the rest. A second interrupt stops at once.

    \b
    Examples:
      nicsim sweep quick --dry-run
      nicsim sweep quick
      nicsim sweep my_sweep.toml --workers 8 --out runs/my_sweep --csv
      nicsim sweep my_sweep.toml --out runs/my_sweep --resume
      nicsim sweep my_sweep.toml --scheduler tcp://login1:8786 --quiet
    """
    from analysis.sweep import Terminated, prepare, run_sweep
    from analysis.sweep_executors import open_executor
    from scenarios.sweep_schema import load_sweep

    if workers is not None and scheduler is not None:
        raise InputError("give --workers or --scheduler, not both")
    loaded = load_sweep(sweep_file)
    points = prepare(loaded)
    out = out or Path("runs") / "sweeps" / loaded.spec.name
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    if dry_run:
        _dry_run(loaded, points, out, resume, workers, scheduler)
        return
    console = Console(stderr=True, quiet=quiet)
    try:
        with (
            sweep_progress(console, loaded.spec.name) as update,
            open_executor(workers, scheduler) as (executor, n, where),
        ):
            report = run_sweep(
                loaded,
                points,
                out,
                executor,
                n,
                resume=resume,
                timeseries=timeseries,
                csv=csv,
                on_progress=update,
                on_interrupt=lambda: console.print(
                    "stopping: saving the runs in progress (interrupt again to stop at once)"
                ),
                description=where,
                command=shlex.join(["nicsim", *sys.argv[1:]]),
            )
    except Terminated:
        click.echo(
            "nicsim: error: terminated (SIGTERM); finished runs are kept, finish with --resume",
            err=True,
        )
        sys.exit(EXIT_TERMINATED)
    if report.failed:
        console.print(
            f"[red]{report.failed} of {report.total} runs failed[/red]: their errors are in "
            "the error column of runs.parquet"
        )
    if not quiet:
        table = Table(title=f"Sweep: {loaded.spec.name}", show_header=False)
        table.add_column(style="bold")
        table.add_column(justify="right")
        table.add_row("runs in the design", str(report.total))
        table.add_row("computed now", str(report.computed))
        table.add_row("failed", str(report.failed))
        table.add_row("time", f"{report.elapsed:.1f} s on {where}")
        stdout_console().print(table)
        stdout_console().print(f"Output written to [bold]{report.folder}[/bold]")


def _dry_run(loaded, points, out: Path, resume: bool, workers, scheduler) -> None:
    """Print the sweep's size and the time it would take, from a few runs timed here."""
    import os

    from analysis.sweep import CALIBRATION_RUNS, time_per_run
    from analysis.sweep_executors import dask_executor
    from analysis.sweep_store import SweepFolder

    spec = loaded.spec
    total = len(points) * spec.replicates
    done = len(SweepFolder(out).done_run_ids()) if resume else 0
    if scheduler is not None:
        with dask_executor(scheduler) as (_, workers):
            where = f"the Dask cluster's {workers} threads"
    else:
        workers = workers or os.cpu_count() or 1
        where = f"{workers} local process{'es' if workers > 1 else ''}"
    seconds = time_per_run(loaded, points)
    timed = min(CALIBRATION_RUNS, len(points))
    click.echo(
        f"{spec.name}: {len(points)} points × {spec.replicates} replicates = {total} runs, "
        f"{total - done} to compute"
    )
    click.echo(f"calibration: {timed} runs here took {seconds:.2f} s each")
    estimate = (total - done) * seconds / workers
    click.echo(f"estimate: about {duration(estimate)} on {where} (nothing was written)")


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print nothing.")
def report(folder, quiet) -> None:
    """Write plots and an HTML report of the sweep in FOLDER to FOLDER/report/.

    \b
    Example:
      nicsim report runs/sweeps/quick
    """
    from analysis.report import write_report

    page, warnings = write_report(folder)
    for warning in warnings:
        click.echo(f"nicsim: warning: {warning}", err=True)
    if not quiet:
        stdout_console().print(f"Report written to [bold]{page}[/bold]")


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.argument("run_id", type=click.IntRange(min=0))
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output folder [FOLDER/reruns/run-RUN_ID]."
)
@click.option("--csv", is_flag=True, help="Also write timeseries.csv.")
@click.option("--force", is_flag=True, help="Replace the output folder if it already exists.")
@click.option("--quiet", "-q", is_flag=True, help="No tables.")
def rerun(folder, run_id, out, csv, force, quiet) -> None:
    """Repeat run RUN_ID of the sweep in FOLDER and write it as a normal run folder.

    The run starts from the sweep's recorded base scenario with its point's values and
    its replicate's seed, so its summary equals the sweep's row for it (and
    scenario.toml in the folder can be run and changed on its own).

    \b
    Example:
      nicsim rerun runs/sweeps/quick 17
    """
    from analysis import run, write_run
    from analysis.sweep_results import load_sweep_results

    scenario = load_sweep_results(folder).scenario(run_id)
    out = output_folder(out or Path(folder) / "reruns" / f"run-{run_id}", "", force)
    result = run(scenario)
    written = write_run(result, out, csv=csv, invocation=invocation())
    if not quiet:
        stdout_console().print(
            f"Run {run_id} of {folder} repeated: written to [bold]{written}[/bold]"
        )
