"""``nicsim app``: serve the web app (explore, compare, workshop, sweep results)."""

from pathlib import Path

import click


@click.command("app")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--runs",
    default="runs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder whose sweeps the Sweep results page offers.",
)
def app(host: str, port: int, runs: Path) -> None:
    """Serve the web app; works offline. Binds to loopback unless --host says otherwise."""
    from viz.server import serve

    shown = "localhost" if host in ("127.0.0.1", "::1", "localhost") else host
    click.echo(f"nicsim app: open http://{shown}:{port}/ in a browser (Ctrl-C to stop)")
    code = serve(host, port, runs)
    if code not in (0, -2, 130):
        raise click.ClickException(f"the app server stopped with exit code {code}")
