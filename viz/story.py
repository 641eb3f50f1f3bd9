"""A school's story: its context, capacity and, for each idea, status, belief, variant, scale."""

from html import escape

import solara

from viz.names import idea_name
from viz.state import Run

TABLE_STYLE = "border-collapse: collapse; margin-top: 8px; font-size: 14px; text-align: left"


@solara.component
def SchoolPicker(run: Run, school: solara.Reactive):
    """Choose a school by name (the network image is not clickable)."""
    n = run.model.n_schools
    if n > 500:
        solara.InputInt(f"School number (0–{n - 1})", value=school, continuous_update=False)
        return
    pilots = set(run.pilots().tolist())
    names = [f"{i}: {run.school_name(i)}{' (pilot)' * (i in pilots)}" for i in range(n)]
    current = names[min(max(school.value, 0), n - 1)]
    solara.Select(
        "School",
        values=names,
        value=current,
        on_value=lambda label: school.set(int(label.split(":")[0])),
        classes=["nicsim-school"],
    )


@solara.component
def StoryPanel(run: Run, school: int, tick: int):
    """The chosen school's story as a short header and one row per idea."""
    if not 0 <= school < run.model.n_schools:
        solara.Warning(f"There is no school {school}.")
        return
    story = run.story(school)
    context = ", ".join(f"{c:.2f}" for c in story["context"])
    solara.HTML(
        "div",
        f"<b>{escape(run.school_name(school))}</b>{' · pilot school' * story['pilot']} "
        f"(school {school}, cluster {story['cluster'] + 1})"
        f" · capacity {story['capacity']:.2f} · context ({context}) · "
        f"gain {story['gain']:+.3f} SD · week {tick and run.week}",
        classes=["nicsim-story"],
    )
    if not run.is_pdsa:
        solara.Text("Classic adoption rule: no ideas, beliefs or variants to show.")
        return
    if not story["ideas"]:
        solara.Text("It has not heard of any change idea yet.")
        return
    header = ("idea", "status", "belief (mean ± sd)", "scale", "cycles", "variant (first 3)")
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for idea in story["ideas"]:
        cells = (
            escape(idea_name(idea["idea"])),
            idea["status"],
            f"{idea['belief_mean']:+.3f} ± {idea['belief_sd']:.3f}",
            idea["scale"],
            idea["cycles"],
            ", ".join(f"{v:.2f}" for v in idea["variant"][:3]),
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    solara.HTML("table", "".join(rows), classes=["nicsim-story-table"], style=TABLE_STYLE)
