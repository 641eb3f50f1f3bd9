"""Controls shared by the pages: preset picker, configuration form, seed, playback, counters."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import solara

import scenarios
from simulation.networks import BUILDERS
from simulation.rollout import HUB_INTENSITIES
from simulation.strategies import SEEDING_STRATEGIES
from viz import config
from viz.live import TOP_SPEED, Live
from viz.names import idea_name

SEEDINGS = [s for s in SEEDING_STRATEGIES if s != "explicit"]
DEFAULT_PILOT_SHARE = 0.2
"""The share of pilot schools when a configuration names neither a count nor a share
(``SchoolNetworkModel``'s default)."""


@solara.component
def PresetSelect(live: Live):
    """The preset choice. A refused preset leaves it on the run's preset: the browser's
    select is told again, as it still shows the refused choice while the value the app gave
    it never changed."""

    def pick(name: str) -> None:
        if name != live.preset.value:
            live.load_preset(name)

    picker = solara.v.Select(
        label="Preset",
        items=scenarios.preset_names(),
        v_model=live.preset.value,
        on_v_model=pick,
        class_="nicsim-preset",
    )

    def show_the_runs_preset() -> None:
        widget = solara.get_widget(picker)
        if widget.v_model != live.preset.value:
            widget.v_model = live.preset.value

    solara.use_effect(show_the_runs_preset, [live.refusals.value])
    return picker


@solara.component
def PresetPicker(live: Live):
    """Pick a preset and one of its variants; loads it into the run as it is."""
    with solara.Row(style={"flex-wrap": "wrap"}):
        PresetSelect(live)
        solara.Select(
            "Variant (what if?)",
            values=config.variants_of(live.preset.value),
            value=live.variant.value,
            on_value=lambda v: live.load_preset(live.preset.value, v),
            classes=["nicsim-variant"],
        )


@solara.component
def SeedInput(seed: int, on_seed: Callable[[int], None], label: str = "Random seed"):
    """An integer seed field that rejects anything but a whole number with a message; it
    shows ``seed`` again whenever the run's seed changes."""
    text, set_text = solara.use_state(str(seed))
    problem, set_problem = solara.use_state(None)

    def follow() -> None:
        set_text(str(seed))
        set_problem(None)

    solara.use_effect(follow, [seed])

    def submit(value: str) -> None:
        set_text(value)
        parsed, message = config.parse_seed(value)
        set_problem(message)
        if parsed is not None and parsed != seed:
            on_seed(parsed)

    solara.InputText(
        label, value=text, on_value=submit, continuous_update=False, classes=["nicsim-seed"]
    )
    if problem:
        solara.Error(problem, dense=True, classes=["nicsim-seed-error"])


@solara.component
def NumberField(live: Live, path: str, value: Any, label: str, tooltip: str = ""):
    """A number of the configuration showing ``value``, the one the run uses (int or float
    by that value); only a changed number changes the run."""
    kind = (
        solara.InputInt
        if isinstance(value, int) and not isinstance(value, bool)
        else (solara.InputFloat)
    )

    def set_value(new) -> None:
        if new is not None and new != value:
            live.apply(config.with_value(live.document.value, path, new))

    field = kind(label, value=value, on_value=set_value, continuous_update=False)
    if tooltip:
        solara.Tooltip(tooltip, children=[field])


@solara.component
def ChoiceField(live: Live, path: str, values: list, value: Any, label: str):
    """A choice of the configuration showing ``value``, the one the run uses."""
    shown = values if value in values or value is None else [*values, value]
    solara.Select(label, values=shown, value=value, on_value=lambda v: live.set(path, v))


@solara.component
def ConfigForm(live: Live):
    """Build a configuration: weeks, network, pilots, hub, policy and the PDSA parameters.

    Every field shows the value the run uses; loading a preset changes nothing.
    """
    document, run = live.document.value, live.run
    n = run.model.n_schools
    network = document.get("network", {})
    NumberField(live, "steps", run.scenario.steps, "weeks")
    with solara.Details("Network", expand=True):
        if "file" in network:
            solara.Text(f"Uploaded network: {Path(network['file']).name}")
        else:
            builder = network.get("builder", "district_clusters")
            solara.Select(
                "Structure",
                values=list(BUILDERS),
                value=builder,
                on_value=lambda b: live.apply(config.with_builder(live.document.value, b)),
            )
            for name, default in config.builder_defaults(builder).items():
                NumberField(live, f"network.{name}", network.get(name, default), name)
    with solara.Details("Pilot schools", expand=True):
        PilotFields(live)
    if not run.is_pdsa:
        solara.Info("This preset uses a classic adoption rule: hub and PDSA settings do not apply.")
        return
    with solara.Details("Hub"):
        ChoiceField(
            live,
            "hub.intensity",
            list(HUB_INTENSITIES),
            config.get(document, "hub.intensity"),
            "Hub intensity",
        )
        for path in config.HUB_SUPPORTS:
            value = config.parameter_value(document, path, n)
            NumberField(live, path, value, config.label(path), config.parameter(path)["doc"])
    with solara.Details("PDSA and landscape ([E] evidence, [A] assumption)"):
        for path in config.KEY_PARAMETERS:
            info = config.parameter(path)
            value = config.parameter_value(document, path, n)
            if get_args(info["type"]):
                ChoiceField(live, path, list(get_args(info["type"])), value, config.label(path))
            else:
                NumberField(live, path, value, config.label(path), info["doc"])


@solara.component
def PilotFields(live: Live):
    """Who starts: the seeding strategy and how many (a count, or a share of the schools,
    whichever the configuration gives), and how many pilots the run has."""
    strategy = live.document.value.get("strategy", {})
    ChoiceField(live, "strategy.seeding", SEEDINGS, strategy.get("seeding", "random"), "Seeding")
    if "count" in strategy:
        NumberField(live, "strategy.count", strategy["count"], "pilot schools (count)")
    elif "explicit" not in strategy:
        share = strategy.get("share", DEFAULT_PILOT_SHARE)
        NumberField(live, "strategy.share", float(share), "pilot share of schools")
    pilots = len(live.run.model.pilots())
    solara.Text(f"{pilots} of {live.run.model.n_schools:,} schools start as pilots")


@solara.component
def IdeaPicker(live: Live):
    """Which change idea colours the network (PDSA runs; a classic rule has one)."""
    run = live.run
    if not run.is_pdsa:
        return
    names = [idea_name(i) for i in range(run.n_ideas)]
    solara.Select(
        "Colour schools by their status for idea",
        values=names,
        value=names[min(live.idea.value, run.n_ideas - 1)],
        on_value=lambda name: live.idea.set(names.index(name)),
        classes=["nicsim-idea"],
    )


@solara.component
def PlayControls(
    live: Live,
    on_step: Callable[[], None] | None = None,
    on_reset: Callable[[], None] | None = None,
    disabled: bool = False,
):
    """Play or pause, step, reset and speed for a run (or, with ``on_step`` and
    ``on_reset``, for runs stepped together).

    The speed is an upper bound; while playing, the rate the page really shows is written
    beside it.
    """
    playing, speed, rate = live.playing, live.speed, live.rate
    on_step, on_reset = on_step or live.step, on_reset or live.reset
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        if playing.value:
            solara.Button("Pause", icon_name="mdi-pause", on_click=lambda: playing.set(False))
        else:
            solara.Button(
                "Play",
                icon_name="mdi-play",
                on_click=lambda: playing.set(True),
                disabled=disabled,
                color="primary",
            )
        solara.Button("Step", icon_name="mdi-step-forward", on_click=on_step, disabled=disabled)
        solara.Button("Reset", icon_name="mdi-restore", on_click=on_reset)
        with solara.Column(gap="0px", style={"min-width": "220px"}):
            solara.SliderInt(
                f"Speed: up to {speed.value} weeks/s",
                value=speed,
                min=1,
                max=TOP_SPEED,
                thumb_label="always",
            )
            if playing.value:
                now = f"playing at {rate:.1f} weeks/s" if rate else "playing …"
                solara.Text(now, classes=["nicsim-rate"])


COUNTERS = {
    "week": ("Week", "{:d}"),
    "reach": ("Reach", "{:.0%}"),
    "cycles": ("PDSA cycles", "{:,d}"),
    "false": ("False adoptions", "{:.0%}"),
    "gain": ("Mean gain", "{:+.3f} SD"),
    "adopted": ("Adopted", "{:.0%}"),
    "adopters": ("Adopters", "{:,d}"),
    "new": ("New this week", "{:,d}"),
}
"""Each headline number's label and format, by its key in ``Run.counters``."""


@solara.component
def Counters(counters: dict[str, float], large: bool = False):
    """The headline numbers of the run's mode (``Run.counters``), e.g. week, reach, PDSA
    cycles, false adoptions and mean gain."""
    size = "2.4em" if large else "1.4em"
    with solara.Row(style={"flex-wrap": "wrap", "gap": "24px"}, classes=["nicsim-counters"]):
        for key, number in counters.items():
            label, form = COUNTERS[key]
            with solara.Column(gap="0px"):
                solara.Text(label, style={"color": "#636363"})
                with solara.Div(classes=[f"nicsim-counter-{key}"]):
                    solara.Text(
                        form.format(number), style={"font-size": size, "font-weight": "bold"}
                    )
