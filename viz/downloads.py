"""Downloads of the current run: its time series (CSV) and its scenario (TOML for the CLI)."""

import solara

import scenarios
from viz.state import Run


@solara.component
def RunDownloads(run: Run):
    """Buttons to download the run's time series and scenario (``nicsim run scenario.toml``)."""
    name = run.scenario.name
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: run.timeseries().to_csv(index=False),
            filename=f"{name}-timeseries.csv",
            label="Time series (CSV)",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: scenarios.to_toml(run.scenario),
            filename=f"{name}.toml",
            label="Scenario (TOML)",
            mime_type="application/toml",
        )
