"""Downloads of the current run: its time series (CSV), its scenario (TOML for the CLI) and,
for an uploaded network, the network file the TOML names beside it."""

from pathlib import Path

import solara

import scenarios
from scenarios import Scenario
from viz.live import Live


def portable(scenario: Scenario) -> Scenario:
    """The scenario with an uploaded network named by its file name alone, so the TOML runs
    wherever it is saved next to the network file (relative paths start at the TOML)."""
    if scenario.network.file is None:
        return scenario
    network = scenario.network.model_copy(update={"file": Path(scenario.network.file.name)})
    return scenario.model_copy(update={"network": network})


@solara.component
def RunDownloads(live: Live):
    """Buttons to download the run's time series and scenario (``nicsim run scenario.toml``)."""
    run = live.run
    name = run.scenario.name
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: run.timeseries().to_csv(index=False),
            filename=f"{name}-timeseries.csv",
            label="Time series (CSV)",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: scenarios.to_toml(portable(run.scenario)),
            filename=f"{name}.toml",
            label="Scenario (TOML)",
            mime_type="application/toml",
        )
        upload = run.scenario.network.file
        if upload is not None and live.upload is not None and upload == live.upload.path:
            solara.FileDownload(
                live.upload.path.read_bytes,
                filename=live.upload.name,
                label=f"Network ({live.upload.name}, save beside the TOML)",
            )
