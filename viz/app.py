"""The nicsim web app: routes and the layout, with a navigation bar on every page but the
workshop's projector view (which has its own Exit link).

Run with ``nicsim app`` (or ``solara run viz.app``). Each browser session keeps its runs in
``viz.session``, so a run survives moving between pages and no two sessions share one.
"""

import solara

from viz import compare, explore, sweeps, workshop


@solara.component
def Navigation(current: solara.Route | None, routes: list[solara.Route]):
    """One link per page; the current page's is highlighted."""
    with solara.Row(classes=["nicsim-nav"], style={"align-items": "center"}):
        for route in routes:
            with solara.Link(solara.resolve_path(route)):
                solara.Button(
                    route.label,
                    text=route is not current,
                    color="primary" if route is current else None,
                    classes=[f"nicsim-nav-{route.path.strip('/') or 'explore'}"],
                )


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    """The app bar with the navigation, or the bare full-screen workshop view."""
    route, routes = solara.use_route()
    if route is not None and route.path == "workshop":
        return solara.Column(children=children, style={"padding": "12px 24px"})
    with solara.AppLayout(title="nicsim: improvement networks", navigation=False) as main:
        with solara.AppBar():
            Navigation(route, routes)
        solara.Column(children=children)
    return main


routes = [
    solara.Route(path="/", component=explore.Page, label="Explore", layout=Layout),
    solara.Route(path="compare", component=compare.Page, label="Compare"),
    solara.Route(path="workshop", component=workshop.Page, label="Workshop"),
    solara.Route(path="sweeps", component=sweeps.Page, label="Sweep results"),
]
