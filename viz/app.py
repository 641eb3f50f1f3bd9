"""The nicsim web app: routes and the layout (the workshop view hides the navigation).

Run with ``nicsim app`` (or ``solara run viz.app``). Every page keeps its models in its own
component state, so each browser session has its own runs.
"""

import solara

from viz import compare, explore, sweeps, workshop


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    """The app bar with page tabs, or the bare full-screen workshop view."""
    route, _ = solara.use_route()
    if route is not None and route.path == "workshop":
        return solara.Column(children=children, style={"padding": "12px 24px"})
    return solara.AppLayout(children=children, title="nicsim: improvement networks")


routes = [
    solara.Route(path="/", component=explore.Page, label="Explore", layout=Layout),
    solara.Route(path="compare", component=compare.Page, label="Compare"),
    solara.Route(path="workshop", component=workshop.Page, label="Workshop"),
    solara.Route(path="sweeps", component=sweeps.Page, label="Sweep results"),
]
