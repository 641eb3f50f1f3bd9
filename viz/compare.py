"""The compare page: designs A and B side by side, same seed, stepped together, one verdict.

Both runs share the seed (common random numbers: the same draws wherever the two designs
make the same random choices), so differences come from the designs, not from luck.
"""

import solara

from viz.charts import compare_png
from viz.controls import ConfigForm, Counters, IdeaPicker, PlayControls, PresetPicker, SeedInput
from viz.live import Live, use_play_loop
from viz.session import use_session_live
from viz.verdict import verdict
from viz.views import NetworkImage

PRESET = "carnegie_nic"
B_VARIANT = "no_hub"


@solara.component
def Panel(live: Live, title: str, tick: int):
    """One design: its picker, form, counters and network."""
    with solara.Card(title, classes=[f"nicsim-panel-{title[-1].lower()}"]):
        PresetPicker(live)
        if live.error.value:
            solara.Error(live.error.value)
        Counters(live.run.counters())
        IdeaPicker(live)
        NetworkImage(live.run, tick, live.idea.value, size=4.2)
        with solara.Details("Build a configuration"):
            ConfigForm(live)


@solara.component
def Page():
    """Compare: two panels, one seed, shared playback, verdict and both curves."""
    a = use_session_live("compare-a", PRESET, play=False)
    b = use_session_live("compare-b", PRESET, B_VARIANT, play=False)
    use_play_loop([a, b])
    tick = a.tick.value + b.tick.value
    seed = a.run.scenario.seed

    def same_seed(value: int) -> None:
        for live in (a, b):
            live.set("seed", value)

    def step() -> None:
        b.run.step()
        a.step()

    def reset() -> None:
        b.reset()
        a.reset()

    def follow_seed() -> None:
        if b.run.scenario.seed != seed and not b.error.value:
            b.set("seed", seed)

    solara.use_effect(follow_seed, [seed, b.run.generation])
    solara.Title("nicsim · compare")
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        SeedInput(seed, same_seed, label="Seed shared by A and B")
        PlayControls(a, on_step=step, on_reset=reset, disabled=bool(a.error.value or b.error.value))
    series_a, series_b = a.run.timeseries(), b.run.timeseries()
    solara.HTML("h3", verdict(series_a, series_b), classes=["nicsim-verdict"])
    with solara.Columns([1, 1]):
        Panel(a, "Design A", tick)
        Panel(b, "Design B", tick)
    image = solara.use_memo(lambda: compare_png(series_a, series_b), [tick, a.run.week])
    solara.Image(image, width="800px", classes=["nicsim-compare-chart"])
