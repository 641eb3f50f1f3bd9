"""The explore page: pick or build a configuration, run it, and watch the network learn."""

import solara

from viz import config
from viz.controls import ConfigForm, Counters, IdeaPicker, PlayControls, PresetPicker, SeedInput
from viz.downloads import RunDownloads
from viz.session import use_session_live
from viz.story import SchoolPicker, StoryPanel
from viz.upload import NetworkUpload
from viz.views import AdoptionImage, NetworkImage

DEFAULT_PRESET = "carnegie_nic"


@solara.component
def Page():
    """Explore: configuration on the left; playback, counters, network, story and chart."""
    live = use_session_live("explore", DEFAULT_PRESET)
    run, tick = live.run, live.tick.value
    solara.Title("nicsim · explore")
    with solara.Columns([1, 3]):
        with solara.Column():
            PresetPicker(live)
            SeedInput(
                run.scenario.seed,
                lambda s: live.apply(config.with_value(live.document.value, "seed", s)),
            )
            ConfigForm(live)
            with solara.Details("Bring your own network"):
                NetworkUpload(live.use_upload)
            RunDownloads(live)
        with solara.Column():
            if live.error.value:
                solara.Error(live.error.value, classes=["nicsim-config-error"])
            PlayControls(live, disabled=live.error.value is not None)
            Counters(run.counters())
            with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
                with solara.Column(style={"max-width": "460px"}):
                    IdeaPicker(live)
                    NetworkImage(run, tick, live.idea.value, live.school.value)
                with solara.Column(style={"flex": "1", "min-width": "320px"}):
                    SchoolPicker(run, live.school)
                    StoryPanel(run, live.school.value, tick)
            AdoptionImage(run, tick)
