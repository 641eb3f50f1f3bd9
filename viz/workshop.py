"""Workshop mode: a clean full-screen view for a projector, with narration and "what if?".

Large type, the preset's plain-language description, the network and the curves, a
narration panel fed by the event log, and one button per preset variant that resets and
reruns so the room can see the difference.
"""

from functools import cache
from html import escape

import solara

import scenarios
from viz import config
from viz.controls import Counters, IdeaPicker, PlayControls
from viz.narration import narrate
from viz.session import use_session_live
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


@cache
def workshop_presets() -> list[str]:
    """The workshop's presets in order, then any others the app can animate."""
    names = [n for n in scenarios.preset_names() if not config.too_big(scenarios.load(n))]
    return [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]


@solara.component
def Page():
    """The projector view of one preset and its "what if?" variants."""
    live = use_session_live("workshop", ORDER[0])
    run, tick = live.run, live.tick.value
    preset, variant = live.preset.value, live.variant.value

    def choose(name: str, variant_name: str = config.BASE) -> None:
        if live.load_preset(name, variant_name):
            live.playing.value = True

    solara.Style(STYLE)
    solara.Title("nicsim · workshop")
    with solara.Column(classes=["nicsim-workshop"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.HTML("h1", preset.replace("_", " "))
            solara.Select("Scenario", values=workshop_presets(), value=preset, on_value=choose)
            with solara.Link("/"):
                solara.Button("Exit", text=True, icon_name="mdi-close", classes=["nicsim-exit"])
        solara.HTML("p", escape(run.scenario.description), classes=["nicsim-description"])
        with solara.Row(style={"flex-wrap": "wrap"}, classes=["nicsim-whatif"]):
            solara.Text("What if?", style={"font-size": "22px", "font-weight": "bold"})
            for name in config.variants_of(preset):
                label = "as described" if name == config.BASE else name.replace("_", " ")
                solara.Button(
                    label,
                    on_click=lambda n=name: choose(preset, n),
                    color="primary" if name == variant else None,
                    outlined=name != variant,
                )
        if live.error.value:
            solara.Error(live.error.value)
        PlayControls(live)
        Counters(run.counters(), large=True)
        with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
            with solara.Column():
                IdeaPicker(live)
                NetworkImage(run, tick, live.idea.value, size=6.5)
            with solara.Column(style={"flex": "1", "min-width": "360px"}):
                solara.Text(
                    "What just happened", style={"font-size": "26px", "font-weight": "bold"}
                )
                lines = narrate(run.events(max(0, run.week - 12)), run.school_name)
                items = (
                    "".join(f"<li>{escape(line)}</li>" for line in lines) or "<li>Press Play.</li>"
                )
                solara.HTML("ul", items, classes=["nicsim-narration"])
        AdoptionImage(run, tick, width=12.0, height=3.4)
