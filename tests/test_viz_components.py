"""Component tests of the web app without a browser: render pages, press buttons, read."""

import gc
import json
import time

import ipyvuetify as v
import ipywidgets
import pandas as pd
import pytest
import solara

import analysis
import scenarios
from simulation.errors import InputError
from viz import compare, config, downloads, explore, sweeps, upload, workshop
from viz.config import BASE, preset_document, to_scenario, variants_of
from viz.controls import SeedInput
from viz.server import RUNS_VARIABLE
from viz.session import _LIVES, session_live, use_session_live


@pytest.fixture(autouse=True)
def new_session():
    """Each test is a new browser session (its runs start from their presets)."""
    _LIVES.value.clear()


def button(rc, label: str):
    """The button showing ``label`` (its children hold an icon and the text)."""
    return next(w for w in rc.find(v.Btn).widgets if label in w.children)


def counter(rc, key: str, within=None) -> str:
    """The text of a counter (week, reach, cycles, false, gain)."""
    finder = within or rc
    return finder.find(v.Html, class_=f"nicsim-counter-{key}").widget.children[0].children[0]


def html(rc) -> str:
    """All HTML rendered by solara.HTML so far, as one string."""
    return "\n".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)


def image(rc, name: str) -> bytes:
    """The PNG bytes of the image with class ``name``."""
    return bytes(next(w for w in rc.find(ipywidgets.Image).widgets if name in w._dom_classes).value)


def texts(rc) -> list[str]:
    """Every text shown by solara.Text."""
    spans = rc.find(v.Html, tag="span").widgets
    return [w.children[0] for w in spans if w.children and isinstance(w.children[0], str)]


def type_into(field, text: str) -> None:
    """Type into a text field and leave it (what triggers a non-continuous update)."""
    field.v_model = text
    field.fire_event("keyup.enter", None)


def test_explore_step_changes_week_cycles_and_chart():
    _, rc = solara.render(explore.Page(), handle_error=False)
    assert counter(rc, "week") == "0"
    before = image(rc, "nicsim-chart")
    for _ in range(3):
        button(rc, "Step").click()
    assert counter(rc, "week") == "3"
    assert int(counter(rc, "cycles").replace(",", "")) > 0
    assert image(rc, "nicsim-chart") != before


def test_explore_reset_goes_back_to_week_zero():
    _, rc = solara.render(explore.Page(), handle_error=False)
    button(rc, "Step").click()
    button(rc, "Reset").click()
    assert counter(rc, "week") == "0"


def test_explore_school_story_shows_every_idea():
    _, rc = solara.render(explore.Page(), handle_error=False)
    text = html(rc)
    assert "Maple Elementary" in text and "exit tickets" in text and "belief" in text


def test_seed_input_rejects_text_with_a_message():
    seeds = []
    _, rc = solara.render(SeedInput(1, seeds.append), handle_error=False)
    type_into(rc.find(v.TextField, label="Random seed").widget, "abc")
    assert "not a seed" in rc.find(v.Alert).widget.children[0]
    type_into(rc.find(v.TextField, label="Random seed").widget, "42")
    assert seeds == [42]
    assert not rc.find(v.Alert).widgets


def test_live_apply_reports_invalid_configuration():
    document = preset_document("carnegie_nic")

    @solara.component
    def Probe():
        live = use_session_live("probe", "carnegie_nic")
        broken = {**document, "network": {**document["network"], "p": 2.0}}
        solara.Button("break", on_click=lambda: live.apply(broken))
        solara.Text(live.error.value or "fine")

    _, rc = solara.render(Probe(), handle_error=False)
    button(rc, "break").click()
    assert "p=2.0" in rc.find(v.Html, tag="span").widgets[-1].children[0]


def test_compare_shows_two_panels_a_verdict_and_steps_both():
    _, rc = solara.render(compare.Page(), handle_error=False)
    assert len(rc.find(v.Card).widgets) == 2
    for _ in range(2):
        button(rc, "Step").click()
    weeks = [
        w.children[0].children[0] for w in rc.find(v.Html, class_="nicsim-counter-week").widgets
    ]
    assert weeks == ["2", "2"]
    assert "by week 2" in html(rc)


@pytest.mark.slow
def test_workshop_what_if_buttons_rerun_the_variant():
    _, rc = solara.render(workshop.Page(), handle_error=False)
    for name in variants_of("carnegie_nic"):
        label = "as described" if name == BASE else name.replace("_", " ")
        assert button(rc, label)
    assert "hub-led improvement network" in html(rc)
    button(rc, "no hub").click()
    button(rc, "Pause").click()
    assert button(rc, "no hub").color == "primary"
    button(rc, "Reset").click()
    button(rc, "Step").click()
    assert counter(rc, "week") == "1"
    assert "Week 1:" in html(rc)


def test_sweeps_page_says_when_the_runs_folder_has_no_sweeps(tmp_path, monkeypatch):
    monkeypatch.setenv(RUNS_VARIABLE, str(tmp_path / "missing"))
    _, rc = solara.render(sweeps.Page(), handle_error=False)
    assert "No sweeps" in rc.find(v.Alert).widget.children[0]
    assert not rc.find(v.TextField).widgets  # no path to type


def test_sweeps_are_chosen_from_the_runs_folder_and_nothing_else(tmp_path, monkeypatch):
    sweep = tmp_path / "sweeps" / "quick"
    (sweep / "report").mkdir(parents=True)
    pd.DataFrame({"run": [0, 1], "final_reach": [0.4, 0.6]}).to_parquet(sweep / "runs.parquet")
    (sweep / "manifest.json").write_text(json.dumps({"runs": 2}))
    from matplotlib.figure import Figure

    Figure().savefig(sweep / "report" / "reach.png")
    assert sweeps.sweep_names(tmp_path) == ["sweeps/quick"]
    figures, runs, notes = sweeps.read_sweep(tmp_path, "sweeps/quick")
    assert [f.name for f in figures] == ["reach.png"] and len(runs) == 2 and notes == []
    for forged in ("..", "/etc", "sweeps"):
        assert sweeps.read_sweep(tmp_path, forged) == (
            [],
            None,
            [f"{forged}: not a sweep in the runs folder"],
        )
    monkeypatch.setenv(RUNS_VARIABLE, str(tmp_path))
    _, rc = solara.render(sweeps.Page(), handle_error=False)
    select = rc.find(v.Select, label="Sweep").widget
    assert select.items == ["sweeps/quick"]
    select.v_model = "sweeps/quick"
    assert image(rc, "solara-image")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("network.csv", b"from,to\n1,2\n", "network.csv"),
        ("network.graphml", b"<graphml><oops", "network.graphml"),
        ("network.txt", b"1 2\n", "not a network file"),
    ],
)
def test_upload_rejects_malformed_files_with_the_cli_message(name, data, message):
    with pytest.raises(InputError, match=message) as caught:
        upload.save_upload(name, len(data), data)
    assert "nicsim-upload-" not in str(caught.value)


def test_upload_rejects_files_over_the_size_limit():
    with pytest.raises(InputError, match="5 MB"):
        upload.save_upload("big.csv", upload.MAX_BYTES + 1, b"")


def test_upload_accepts_an_edge_list_and_the_run_uses_it():
    data = b"source,target\na,b\nb,c\nc,d\nd,a\n"
    saved = upload.save_upload("mine.csv", len(data), data)
    document = {**preset_document("carnegie_nic"), "network": {"file": str(saved.path)}}
    assert to_scenario(document).network.file == saved.path
    assert saved.path.name == "mine.csv" and saved.warning is None


def test_upload_component_renders_a_drop_zone():
    _, rc = solara.render(upload.NetworkUpload(lambda saved: None), handle_error=False)
    assert "5 MB" in rc.find(upload.NetworkDropZone).widget.label


def test_play_computes_a_week_only_after_the_last_one_was_shown():
    """A redraw slower than the speed setting slows the play down: no week is skipped."""
    shown = []

    @solara.component
    def SlowPage():
        live = use_session_live("probe", "carnegie_nic")
        shown.append(live.run.week)
        time.sleep(0.15)  # a redraw slower than 1/TOP_SPEED seconds
        solara.Button("play", on_click=lambda: live.playing.set(True))
        solara.Button("pause", on_click=lambda: live.playing.set(False))
        solara.Text(f"{live.rate:.1f}")

    _, rc = solara.render(SlowPage(), handle_error=False)
    button(rc, "play").click()
    deadline = time.monotonic() + 30
    while max(shown) < 8 and time.monotonic() < deadline:
        time.sleep(0.1)
    button(rc, "pause").click()
    weeks = sorted(set(shown))
    assert weeks[-1] >= 8
    assert weeks == list(range(weeks[-1] + 1)), f"weeks skipped: {weeks}"


def test_a_run_survives_moving_between_pages():
    _, rc = solara.render(explore.Page(), handle_error=False)
    for _ in range(3):
        button(rc, "Step").click()
    rc.close()
    _, rc = solara.render(compare.Page(), handle_error=False)
    rc.close()
    _, rc = solara.render(explore.Page(), handle_error=False)
    assert counter(rc, "week") == "3"


@pytest.mark.parametrize("name", scenarios.preset_names())
def test_loading_a_preset_runs_it_exactly_as_nicsim_show_prints_it(name):
    live = session_live("explore", "carnegie_nic")
    loaded = live.load_preset(name)
    if config.too_big(scenarios.load(name)):
        assert not loaded and "more than the app animates" in live.error.value
        assert live.run.scenario == scenarios.load("carnegie_nic")
        assert live.preset.value == "carnegie_nic"
        assert to_scenario(live.document.value) == live.run.scenario
        return
    assert loaded and live.run.scenario == scenarios.load(name)
    assert scenarios.to_toml(live.run.scenario) == scenarios.to_toml(scenarios.load(name))
    _, rc = solara.render(explore.Page(), handle_error=False)  # every field, shown
    assert live.run.scenario == scenarios.load(name)


def test_classic_rules_show_only_their_own_counters():
    live = session_live("explore", "carnegie_nic")
    live.load_preset("quickstart")
    _, rc = solara.render(explore.Page(), handle_error=False)
    classes = {w.class_ for w in rc.find(v.Html).widgets if w.class_}
    counters = {c.removeprefix("nicsim-counter-") for c in classes if "nicsim-counter-" in c}
    assert counters == {"week", "adopted", "adopters", "new"}
    assert counter(rc, "adopters") == "4"  # quickstart's 4 pilots, not a rounded share
    assert "4 of 200 schools start as pilots" in texts(rc)


def florentine_upload(live) -> upload.Upload:
    data = b"source,target\nMedici,Strozzi\nStrozzi,Pazzi\nPazzi,Medici\nBardi,Guadagni\n"
    saved = upload.save_upload("florentine families.csv", len(data), data)
    assert live.use_upload(saved)
    return saved


def test_an_upload_keeps_its_node_names_and_warns_when_disconnected():
    live = session_live("explore", "carnegie_nic")
    saved = florentine_upload(live)
    assert saved.name == "florentine_families.csv"
    assert [live.run.school_name(i) for i in range(5)] == [
        "Medici",
        "Strozzi",
        "Pazzi",
        "Bardi",
        "Guadagni",
    ]
    assert "florentine families.csv has 2 components" in saved.warning
    assert str(saved.path) not in saved.warning


def test_an_uploads_toml_is_portable_and_reproduces_nicsim_run(tmp_path):
    live = session_live("explore", "carnegie_nic")
    saved = florentine_upload(live)
    live.step(5)
    toml = scenarios.to_toml(downloads.portable(live.run.scenario))
    assert str(saved.path.parent) not in toml and 'file = "florentine_families.csv"' in toml
    (tmp_path / "run.toml").write_text(toml)
    (tmp_path / saved.name).write_bytes(saved.path.read_bytes())
    result = analysis.run(tmp_path / "run.toml", steps=5)
    pd.testing.assert_frame_equal(result.timeseries, live.run.timeseries())


def test_uploads_are_removed_when_replaced_or_forgotten():
    live = session_live("explore", "carnegie_nic")
    first = florentine_upload(live).path.parent
    second = florentine_upload(live).path.parent
    assert not first.exists() and second.exists()
    _LIVES.value.clear()  # the session ends
    del live
    gc.collect()
    assert not second.exists()


def test_a_refused_preset_leaves_the_picker_on_the_runs_preset():
    _, rc = solara.render(explore.Page(), handle_error=False)
    rc.find(v.Select, label="Preset").widget.v_model = "bass_complete"
    assert rc.find(v.Select, label="Preset").widget.v_model == "carnegie_nic"
    assert "more than the app animates" in rc.find(v.Alert).widgets[0].children[0]
    assert counter(rc, "week") == "0"
