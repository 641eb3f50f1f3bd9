"""Controls shared by the pages: preset picker, configuration form, seed, playback, counters."""

from collections.abc import Callable
from typing import Any, get_args

import solara

import scenarios
from simulation.networks import BUILDERS
from simulation.rollout import HUB_INTENSITIES
from simulation.strategies import SEEDING_STRATEGIES
from viz import config
from viz.live import Live

SEEDINGS = [s for s in SEEDING_STRATEGIES if s != "explicit"]


@solara.component
def PresetPicker(live: Live, preset: solara.Reactive, variant: solara.Reactive):
    """Pick a preset and one of its variants; loads it into the run."""

    def pick(name: str, variant_name: str = config.BASE) -> None:
        preset.value, variant.value = name, variant_name
        live.apply(config.preset_document(name, variant_name))

    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Select(
            "Preset",
            values=scenarios.preset_names(),
            value=preset.value,
            on_value=pick,
            classes=["nicsim-preset"],
        )
        solara.Select(
            "Variant (what if?)",
            values=config.variants_of(preset.value),
            value=variant.value,
            on_value=lambda v: pick(preset.value, v),
            classes=["nicsim-variant"],
        )


@solara.component
def SeedInput(seed: int, on_seed: Callable[[int], None], label: str = "Random seed"):
    """An integer seed field that rejects anything but a whole number with a message."""
    text, set_text = solara.use_state(str(seed))
    problem, set_problem = solara.use_state(None)

    def submit(value: str) -> None:
        set_text(value)
        parsed, message = config.parse_seed(value)
        set_problem(message)
        if parsed is not None:
            on_seed(parsed)

    solara.InputText(
        label, value=text, on_value=submit, continuous_update=False, classes=["nicsim-seed"]
    )
    if problem:
        solara.Error(problem, dense=True, classes=["nicsim-seed-error"])


@solara.component
def NumberField(live: Live, path: str, value: Any, label: str, tooltip: str = ""):
    """A number in the configuration (int or float by its current value)."""
    kind = (
        solara.InputInt
        if isinstance(value, int) and not isinstance(value, bool)
        else (solara.InputFloat)
    )

    def set_value(new) -> None:
        if new is not None:
            live.apply(config.with_value(live.document.value, path, new))

    field = kind(label, value=value, on_value=set_value, continuous_update=False)
    if tooltip:
        solara.Tooltip(tooltip, children=[field])


@solara.component
def ConfigForm(live: Live):
    """Build a configuration: network, seeding, hub, policy and the PDSA parameters."""
    document = live.document.value
    n = live.run.model.n_schools
    network = document.get("network", {})
    with solara.Details("Network", expand=True):
        if "file" in network:
            solara.Text(f"Uploaded network: {network['file'].rsplit('/', 1)[-1]}")
        else:
            builder = network.get("builder", "district_clusters")
            solara.Select(
                "Structure",
                values=list(BUILDERS),
                value=builder,
                on_value=lambda b: live.apply(config.with_builder(live.document.value, b)),
            )
            defaults = config.builder_defaults(builder)
            for name, default in defaults.items():
                NumberField(live, f"network.{name}", network.get(name, default), name)
    with solara.Details("Strategy", expand=True):
        strategy = document.get("strategy", {})
        solara.Select(
            "Seeding",
            values=SEEDINGS,
            value=strategy.get("seeding", "random"),
            on_value=lambda s: live.apply(
                config.with_value(live.document.value, "strategy.seeding", s)
            ),
        )
        share = strategy.get("share")
        share = share if share is not None else strategy.get("count", 0) / max(n, 1)
        solara.SliderFloat(
            "Seed share",
            value=round(share, 2),
            min=0.0,
            max=1.0,
            step=0.05,
            on_value=lambda s: live.apply(config.with_share(live.document.value, s)),
        )
    if document.get("adoption", {}).get("rule", "pdsa") != "pdsa":
        solara.Info("This preset uses a classic adoption rule: hub and PDSA settings do not apply.")
        return
    with solara.Details("Hub"):
        solara.Select(
            "Hub intensity",
            values=list(HUB_INTENSITIES),
            value=config.get(document, "hub.intensity", "none"),
            on_value=lambda v: live.apply(
                config.with_value(live.document.value, "hub.intensity", v)
            ),
        )
        for path in config.HUB_SUPPORTS:
            value = config.parameter_value(document, path, n)
            NumberField(live, path, value, config.label(path), config.parameter(path)["doc"])
    with solara.Details("PDSA and landscape ([E] evidence, [A] assumption)"):
        for path in config.KEY_PARAMETERS:
            info = config.parameter(path)
            value = config.parameter_value(document, path, n)
            if get_args(info["type"]):
                solara.Select(
                    config.label(path),
                    values=list(get_args(info["type"])),
                    value=value,
                    on_value=lambda v, p=path: live.apply(
                        config.with_value(live.document.value, p, v)
                    ),
                )
            else:
                NumberField(live, path, value, config.label(path), info["doc"])


@solara.component
def PlayControls(
    playing: solara.Reactive,
    speed: solara.Reactive,
    on_step: Callable[[], None],
    on_reset: Callable[[], None],
    disabled: bool = False,
):
    """Play or pause, step, reset and speed for a run (or for runs stepped together)."""
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
        solara.SliderInt("Speed (weeks/s)", value=speed, min=1, max=10)


@solara.component
def Counters(counters: dict[str, float], large: bool = False):
    """The headline numbers: week, reach, PDSA cycles, false adoptions, mean gain."""
    size = "2.4em" if large else "1.4em"
    items = [
        ("Week", f"{counters['week']}", "week"),
        ("Reach", f"{counters['reach']:.0%}", "reach"),
        ("PDSA cycles", f"{counters['cycles']:,}", "cycles"),
        ("False adoptions", f"{counters['false_adoptions']:.0%}", "false"),
        ("Mean gain", f"{counters['mean_gain']:+.3f} SD", "gain"),
    ]
    with solara.Row(style={"flex-wrap": "wrap", "gap": "24px"}, classes=["nicsim-counters"]):
        for label, value, key in items:
            with solara.Column(gap="0px"):
                solara.Text(label, style={"color": "#636363"})
                with solara.Div(classes=[f"nicsim-counter-{key}"]):
                    solara.Text(value, style={"font-size": size, "font-weight": "bold"})
