"""Workshop mode: a clean full-screen view for a projector, with narration and "what if?".

Large type, the preset's plain-language description, the network and the curves, a
narration panel fed by the event log, and one button per preset variant that resets and
reruns so the room can see the difference.
"""

from html import escape

import solara

import scenarios
from viz import config
from viz.controls import Counters, PlayControls
from viz.live import use_live
from viz.narration import narrate
from viz.views import AdoptionImage, NetworkImage

ORDER = (
    "carnegie_nic",
    "seeding_strategies",
    "fidelity_vs_adaptation",
    "district_rollout",
    "nw_rise_rural",
    "leader_cohort",
)
"""The presets of a session, in the order docs/workshop.md shows them."""
STYLE = """
.nicsim-workshop, .nicsim-workshop .v-btn { font-size: 20px !important; }
.nicsim-workshop h1 { font-size: 40px; margin: 0; }
.nicsim-description, .nicsim-description p { font-size: 24px !important; line-height: 1.4; }
.nicsim-narration li { font-size: 20px; margin-bottom: 6px; }
"""


def workshop_presets() -> list[str]:
    """The workshop's presets in order, then any others."""
    names = scenarios.preset_names()
    return [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]


@solara.component
def Page():
    """The projector view of one preset and its "what if?" variants."""
    preset = solara.use_reactive(ORDER[0])
    variant = solara.use_reactive(config.BASE)
    initial = solara.use_memo(lambda: config.preset_document(ORDER[0]), [])
    live = use_live(initial)
    run, tick = live.run, live.tick.value

    def choose(name: str, variant_name: str = config.BASE) -> None:
        preset.value, variant.value = name, variant_name
        live.apply(config.preset_document(name, variant_name))
        live.playing.value = True

    solara.Style(STYLE)
    solara.Title("nicsim · workshop")
    with solara.Column(classes=["nicsim-workshop"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.HTML("h1", preset.value.replace("_", " "))
            solara.Select(
                "Scenario", values=workshop_presets(), value=preset.value, on_value=choose
            )
            solara.Button("Exit", href="/", text=True, icon_name="mdi-close")
        solara.HTML("p", escape(run.scenario.description), classes=["nicsim-description"])
        with solara.Row(style={"flex-wrap": "wrap"}, classes=["nicsim-whatif"]):
            solara.Text("What if?", style={"font-size": "22px", "font-weight": "bold"})
            for name in config.variants_of(preset.value):
                label = "as described" if name == config.BASE else name.replace("_", " ")
                solara.Button(
                    label,
                    on_click=lambda n=name: choose(preset.value, n),
                    color="primary" if name == variant.value else None,
                    outlined=name != variant.value,
                )
        PlayControls(live.playing, live.speed, on_step=live.step, on_reset=live.reset)
        Counters(run.counters(), large=True)
        with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
            NetworkImage(run, tick, size=6.5)
            with solara.Column(style={"flex": "1", "min-width": "360px"}):
                solara.Text(
                    "What just happened", style={"font-size": "26px", "font-weight": "bold"}
                )
                lines = narrate(run.events(max(0, run.week - 12)))
                items = (
                    "".join(f"<li>{escape(line)}</li>" for line in lines) or "<li>Press Play.</li>"
                )
                solara.HTML("ul", items, classes=["nicsim-narration"])
        AdoptionImage(run, tick, width=12.0, height=3.4)
