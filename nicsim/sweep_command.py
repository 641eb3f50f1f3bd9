"""The ``nicsim sweep`` and ``nicsim report`` commands.

Like the other commands, they import the scientific stack only when they run, report bad
input as InputError (one line, exit code 2) and draw progress on stderr.
"""

import shlex
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from simulation.errors import InputError


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
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or tables.")
def sweep(sweep_file, workers, scheduler, out, resume, timeseries, quiet) -> None:
    """Run the parameter sweep SWEEP (a sweep file or an example sweep's name).

    Every point is checked before any run starts. Finished runs are saved as they come,
    so an interrupted sweep loses none: rerun with --resume to compute only the rest.

    \b
    Examples:
      nicsim sweep quick
      nicsim sweep my_sweep.toml --workers 8 --out runs/my_sweep
      nicsim sweep my_sweep.toml --out runs/my_sweep --resume
      nicsim sweep my_sweep.toml --scheduler tcp://login1:8786 --quiet
    """
    from analysis.sweep import open_executor, prepare, run_sweep
    from scenarios.sweep_schema import load_sweep

    if workers is not None and scheduler is not None:
        raise InputError("give --workers or --scheduler, not both")
    loaded = load_sweep(sweep_file)
    points = prepare(loaded)
    out = out or Path("runs") / "sweeps" / loaded.spec.name
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    console = Console(stderr=True, quiet=quiet)
    progress = _progress(console)
    task = progress.add_task(loaded.spec.name, total=None, failed=0)

    def update(finished: int, failed: int, total: int) -> None:
        if not progress.live.is_started:  # once the folder is accepted: refusals stay one line
            progress.start()
        progress.update(task, completed=finished, total=total, failed=failed)

    with open_executor(workers, scheduler) as (executor, n, where):
        try:
            report = run_sweep(
                loaded,
                points,
                out,
                executor,
                n,
                resume=resume,
                timeseries=timeseries,
                on_progress=update,
                description=where,
                command=shlex.join(["nicsim", *sys.argv[1:]]),
            )
        finally:
            if progress.live.is_started:
                progress.stop()
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
        Console().print(table)
        Console().print(f"Output written to [bold]{report.folder}[/bold]")


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

    page = write_report(folder)
    if not quiet:
        Console().print(f"Report written to [bold]{page}[/bold]")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
