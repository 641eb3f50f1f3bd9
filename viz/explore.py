"""The explore page: pick or build a configuration, run it, and watch the network learn."""

import solara

from viz import config
from viz.controls import ConfigForm, Counters, PlayControls, PresetPicker, SeedInput
from viz.downloads import RunDownloads
from viz.live import use_live
from viz.names import idea_name
from viz.story import SchoolPicker, StoryPanel
from viz.upload import NetworkUpload
from viz.views import AdoptionImage, NetworkImage

DEFAULT_PRESET = "carnegie_nic"


@solara.component
def Page():
    """Explore: configuration on the left; playback, counters, network, story and chart."""
    preset = solara.use_reactive(DEFAULT_PRESET)
    variant = solara.use_reactive(config.BASE)
    initial = solara.use_memo(lambda: config.preset_document(DEFAULT_PRESET), [])
    live = use_live(initial)
    idea = solara.use_reactive(0)
    school = solara.use_reactive(0)
    run, tick = live.run, live.tick.value
    solara.Title("nicsim · explore")
    with solara.Columns([1, 3]):
        with solara.Column():
            PresetPicker(live, preset, variant)
            SeedInput(
                int(live.document.value.get("seed", 0)),
                lambda s: live.apply(config.with_value(live.document.value, "seed", s)),
            )
            ConfigForm(live)
            with solara.Details("Bring your own network"):
                NetworkUpload(
                    lambda path: live.apply(config.with_graph_file(live.document.value, path))
                )
            RunDownloads(run)
        with solara.Column():
            if live.error.value:
                solara.Error(live.error.value, classes=["nicsim-config-error"])
            PlayControls(
                live.playing,
                live.speed,
                on_step=live.step,
                on_reset=live.reset,
                disabled=live.error.value is not None,
            )
            Counters(run.counters())
            with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
                with solara.Column(style={"max-width": "460px"}):
                    if run.is_pdsa:
                        solara.Select(
                            "Colour schools by their status for idea",
                            values=[idea_name(i) for i in range(run.n_ideas)],
                            value=idea_name(min(idea.value, run.n_ideas - 1)),
                            on_value=lambda name: idea.set(
                                [idea_name(i) for i in range(run.n_ideas)].index(name)
                            ),
                        )
                    NetworkImage(run, tick, min(idea.value, run.n_ideas - 1), school.value)
                with solara.Column(style={"flex": "1", "min-width": "320px"}):
                    SchoolPicker(run, school)
                    StoryPanel(run, school.value, tick)
            AdoptionImage(run, tick)
