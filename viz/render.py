"""Rendering matplotlib figures to PNG bytes without pyplot (thread-safe, no GUI backend)."""

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

DPI = 80


def new_figure(width: float, height: float, **subplots) -> tuple[Figure, object]:
    """A figure of ``width`` × ``height`` inches and its axes (``subplots`` as for subplots).

    Margins are fixed rather than computed (constrained layout costs ~100 ms a redraw) and
    axes get few ticks (every tick is an artist drawn on every redraw).
    """
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.07, right=0.93, bottom=0.16, top=0.88, wspace=0.25)
    axes = figure.subplots(**subplots)
    for ax in figure.axes:
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(4))
    return figure, axes


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes (fast, lightly compressed)."""
    canvas = figure.canvas
    canvas.draw()
    buffer = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
        buffer, format="png", compress_level=1
    )
    return buffer.getvalue()
