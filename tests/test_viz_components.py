"""Component tests of the web app without a browser: render pages, press buttons, read."""

import json

import ipyvuetify as v
import ipywidgets
import pandas as pd
import pytest
import solara

from simulation.errors import InputError
from viz import compare, explore, sweeps, upload, workshop
from viz.config import BASE, preset_document, to_scenario, variants_of
from viz.controls import SeedInput
from viz.live import use_live


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
        live = use_live(document)
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


def test_sweeps_page_handles_a_missing_folder(tmp_path):
    figures, runs, notes = sweeps.read_sweep(str(tmp_path / "missing"))
    assert figures == [] and runs is None and "no such folder" in notes[0]
    _, rc = solara.render(sweeps.Page(), handle_error=False)
    type_into(rc.find(v.TextField).widget, str(tmp_path / "missing"))
    assert any("no such folder" in w.children[0] for w in rc.find(v.Alert).widgets)


def test_sweeps_page_shows_runs_and_figures(tmp_path):
    pd.DataFrame({"run": [0, 1], "final_reach": [0.4, 0.6]}).to_parquet(tmp_path / "runs.parquet")
    (tmp_path / "manifest.json").write_text(json.dumps({"runs": 2}))
    (tmp_path / "report").mkdir()
    from matplotlib.figure import Figure

    Figure().savefig(tmp_path / "report" / "reach.png")
    figures, runs, notes = sweeps.read_sweep(str(tmp_path))
    assert [f.name for f in figures] == ["reach.png"] and len(runs) == 2 and notes == []
    _, rc = solara.render(sweeps.Page(), handle_error=False)
    type_into(rc.find(v.TextField).widget, str(tmp_path))
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
    path = upload.save_upload("mine.csv", len(data), data)
    document = {**preset_document("carnegie_nic"), "network": {"file": str(path)}}
    assert to_scenario(document).network.file == path


def test_upload_component_renders_a_drop_zone():
    _, rc = solara.render(upload.NetworkUpload(lambda path: None), handle_error=False)
    assert "5 MB" in rc.find(upload.NetworkDropZone).widget.label
