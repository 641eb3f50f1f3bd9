"""The live views of a run, redrawn when its tick changes: network image and adoption chart."""

import solara

from viz.charts import AdoptionChart
from viz.network_view import NetworkView
from viz.render import DPI
from viz.state import Run


@solara.component
def NetworkImage(run: Run, tick: int, idea: int = 0, selected: int | None = None, size=5.5):
    """The network for one idea (built once per model, redrawn per tick)."""
    view = solara.use_memo(lambda: NetworkView(run, size), [run, run.generation, size])
    image = solara.use_memo(lambda: view.png(idea, selected), [view, tick, idea, selected])
    solara.Image(image, width=f"{int(size * DPI)}px", classes=["nicsim-network"])


@solara.component
def AdoptionImage(run: Run, tick: int, width: float = 9.0, height: float = 3.0):
    """Adoption curves by status, mean gain and equity gap over time."""
    chart = solara.use_memo(
        lambda: AdoptionChart(run.is_pdsa, width, height), [run, run.generation]
    )
    image = solara.use_memo(lambda: chart.png(run.timeseries()), [chart, tick])
    solara.Image(image, width=f"{int(width * DPI)}px", classes=["nicsim-chart"])
