"""The live network: schools coloured by their status for one idea, sized by gain, in clusters.

Small and medium networks are drawn school by school with a cluster-aware layout (clusters on
a circle, a spring layout inside each); pilot schools have a thick black outline. A
:class:`NetworkView` builds the figure once per model (ties, cluster discs, legend; the
layout is cached per network by the run) and each redraw only recolours and resizes the
schools. Large networks (more than ``state.LARGE_NETWORK`` schools or ``MAX_DRAWN_TIES``
ties) are drawn as one disc per cluster, coloured by its share of adopters, with the ties
between clusters.
"""

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from simulation.pdsa.state import Status
from viz.render import new_figure, png
from viz.state import LARGE_NETWORK, Run

STATUS_COLOURS = {
    Status.UNAWARE: "#d9d9d9",
    Status.AWARE: "#9ecae1",
    Status.TESTING: "#fd8d3c",
    Status.ADOPTED: "#31a354",
    Status.ABANDONED: "#de2d26",
    Status.LAPSED: "#756bb1",
}
PALETTE = np.array([to_rgb(STATUS_COLOURS[s]) for s in Status])
NOT_ADOPTED, ADOPTED = np.array(to_rgb("#d9d9d9")), np.array(to_rgb("#31a354"))
MAX_DRAWN_TIES = 20_000
"""Networks with more ties than this are drawn as clusters (drawing each tie is too slow)."""
PILOT_EDGE, SCHOOL_EDGE = "#000000", "#525252"
"""Outline of a pilot school (thick, black) and of the others."""


def drawn_as_clusters(graph: nx.Graph) -> bool:
    """Whether the network is drawn one disc per cluster: too many schools or ties to draw
    one by one."""
    return graph.number_of_nodes() > LARGE_NETWORK or graph.number_of_edges() > MAX_DRAWN_TIES


def cluster_layout(graph: nx.Graph) -> dict:
    """Positions (n × 2), cluster centres and radius: clusters on a circle, springs inside."""
    n = graph.number_of_nodes()
    cluster = np.array([graph.nodes[i].get("cluster", 0) for i in range(n)])
    labels = np.unique(cluster)
    angle = 2 * np.pi * np.arange(labels.size) / max(labels.size, 1) + np.pi / 2
    ring = 0.0 if labels.size == 1 else 1.0
    centres = np.column_stack([ring * np.cos(angle), ring * np.sin(angle)])
    radius = 0.9 if labels.size == 1 else min(0.9, 0.95 * np.sin(np.pi / labels.size))
    positions = np.zeros((n, 2))
    if not drawn_as_clusters(graph):
        for c, centre in zip(labels, centres, strict=True):
            members = np.flatnonzero(cluster == c)
            inner = nx.spring_layout(graph.subgraph(members), seed=0, iterations=40)
            points = np.array([inner[m] for m in members]).reshape(-1, 2)
            span = np.abs(points).max() or 1.0
            positions[members] = centre + 0.85 * radius * points / span
    return {
        "positions": positions,
        "cluster": cluster,
        "labels": labels,
        "centres": centres,
        "radius": radius,
    }


class NetworkView:
    """A network figure built once; :meth:`png` redraws the schools' state."""

    def __init__(self, run: Run, size: float = 5.5) -> None:
        self.run = run
        self.layout = run.layout(cluster_layout)
        self.figure, self.axes = new_figure(size, size)
        self.figure.subplots_adjust(left=0.01, right=0.99, bottom=0.09, top=0.97)
        self.axes.set_axis_off()
        self.axes.set_aspect("equal")
        self.aggregated = drawn_as_clusters(run.model.graph)
        if self.aggregated:
            self._build_clusters()
        else:
            self._build_schools()
        self._legend()

    def png(self, idea: int, selected: int | None = None) -> bytes:
        """The network coloured for ``idea``, ``selected`` school ringed, as PNG bytes."""
        statuses = self.run.statuses(idea)
        if self.aggregated:
            self._update_clusters(statuses)
        else:
            self._update_schools(statuses, selected)
        return png(self.figure)

    def _legend(self) -> None:
        handles = [
            Line2D([], [], marker="o", ls="", color=colour, label=status.name.lower())
            for status, colour in STATUS_COLOURS.items()
        ]
        if not self.aggregated:
            handles.append(
                Line2D([], [], marker="o", ls="", mfc="white", mec=PILOT_EDGE, mew=2, label="pilot")
            )
        self.axes.legend(
            handles=handles,
            loc="upper center",
            ncol=7 if self.figure.get_figwidth() >= 5.5 else 4,
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.5, 0.0),
            handletextpad=0.1,
            columnspacing=0.8,
        )

    def _build_schools(self) -> None:
        layout, axes = self.layout, self.axes
        labels = layout["labels"]
        for c, centre in zip(labels, layout["centres"], strict=True):
            axes.add_patch(Circle(centre, layout["radius"], color="#f3f3f3", zorder=0))
            if 1 < labels.size <= 12:
                axes.text(
                    centre[0],
                    centre[1] + layout["radius"] * 1.02,
                    f"cluster {c + 1}",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color="#636363",
                )
        positions = layout["positions"]
        edges = np.array(self.run.model.graph.edges(), dtype=int).reshape(-1, 2)
        if edges.size:
            axes.add_collection(
                LineCollection(
                    positions[edges], colors="#bdbdbd", linewidths=0.4, alpha=0.6, zorder=1
                )
            )
        pilot = np.isin(np.arange(len(positions)), self.run.pilots())
        self.dots = axes.scatter(
            *positions.T,
            s=25,
            edgecolors=np.where(pilot, PILOT_EDGE, SCHOOL_EDGE),
            linewidths=np.where(pilot, 2.0, 0.4),
        )
        self.ring = axes.scatter([], [], s=200, facecolors="none", edgecolors="k", linewidths=2)
        extent = 1.0 + layout["radius"] + 0.1 if labels.size > 1 else 1.0
        axes.set_xlim(-extent, extent)
        axes.set_ylim(-extent, extent)

    def _update_schools(self, statuses: np.ndarray, selected: int | None) -> None:
        scale = (40 / max(40, self.run.model.n_schools)) ** 0.5
        sizes = (25 + 900 * np.clip(self.run.gains() + 0.05, 0, 0.4)) * scale
        self.dots.set_facecolors(PALETTE[statuses])
        self.dots.set_sizes(sizes)
        positions = self.layout["positions"]
        if selected is not None and 0 <= selected < len(positions):
            self.ring.set_offsets(positions[selected : selected + 1])
            self.ring.set_sizes([sizes[selected] + 160])
        else:
            self.ring.set_offsets(np.empty((0, 2)))

    def _build_clusters(self) -> None:
        layout, axes = self.layout, self.axes
        self.index = np.searchsorted(layout["labels"], layout["cluster"])
        centres = layout["centres"]
        edges = np.array(self.run.model.graph.edges(), dtype=int).reshape(-1, 2)
        a, b = self.index[edges[:, 0]], self.index[edges[:, 1]]
        pairs = np.sort(np.column_stack([a, b])[a != b], axis=1)
        if pairs.size:
            pairs, counts = np.unique(pairs, axis=0, return_counts=True)
            widths = 0.5 + 4 * counts / counts.max()
            axes.add_collection(LineCollection(centres[pairs], colors="#bdbdbd", linewidths=widths))
        self.sizes = np.bincount(self.index, minlength=centres.shape[0])
        radii = layout["radius"] * np.sqrt(self.sizes / self.sizes.max())
        self.discs = [
            axes.add_patch(Circle(centre, r, ec="#525252", lw=0.5))
            for centre, r in zip(centres, radii, strict=True)
        ]
        show = len(centres) <= 40
        self.texts = [
            axes.text(*centre, "", ha="center", va="center", fontsize=7, visible=show)
            for centre in centres
        ]
        axes.set_title(
            f"{self.run.model.n_schools:,} schools: one disc per cluster, share adopted",
            fontsize=9,
        )
        axes.set_xlim(-1.6, 1.6)
        axes.set_ylim(-1.6, 1.6)

    def _update_clusters(self, statuses: np.ndarray) -> None:
        adopted = np.bincount(
            self.index, weights=statuses == Status.ADOPTED, minlength=self.sizes.size
        )
        shares = adopted / np.maximum(self.sizes, 1)
        for disc, text, share, count in zip(
            self.discs, self.texts, shares, self.sizes, strict=True
        ):
            disc.set_facecolor(NOT_ADOPTED * (1 - share) + ADOPTED * share)
            text.set_text(f"{share:.0%}\n{count}")
