"""The rendered chart value, and the figure plumbing every chart shares.

Figures are built with ``matplotlib.figure.Figure`` on the Agg canvas, never pyplot: no global
state, so a worker thread can render while the GUI thread does other work.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from workbench.charts.style import (
    COLUMN_WIDTH_IN,
    DPI,
    GRID,
    INK,
    LABEL_PT,
    MUTED,
    TICK_PT,
    TITLE_PT,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NO_DATA = "No data"


@dataclass(frozen=True)
class Chart:
    """A chart drawn once as PNG, shown in the app and placed in the Word report."""

    png: bytes
    title: str
    alt_text: str  # plain-words description for screen readers and the Word figure
    width_in: float
    height_in: float
    dpi: int = DPI

    @property
    def pixel_size(self) -> tuple[int, int]:
        return int(self.width_in * self.dpi), int(self.height_in * self.dpi)


def new_figure(height_in: float, width_in: float = COLUMN_WIDTH_IN) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    # Constrained layout fits labels, titles and the legend inside the figure without clipping.
    layout = ConstrainedLayoutEngine(w_pad=0.06, h_pad=0.06)
    figure = Figure(figsize=(width_in, height_in), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def set_title(figure: Figure, axes: Axes, title: str, note: str = "") -> None:
    """Title at the top left; a muted note under it says what was left out, if anything."""
    figure.suptitle(title, x=0.01, ha="left", fontsize=TITLE_PT, fontweight="bold")
    if note:
        axes.set_title(note, loc="left", fontsize=TICK_PT, color=MUTED, pad=6)


def no_data_figure(title: str) -> Figure:
    figure = new_figure(1.5)
    axes: Axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, NO_DATA, ha="center", va="center", fontsize=LABEL_PT + 2, color=MUTED)
    figure.suptitle(title, x=0.01, ha="left", fontsize=TITLE_PT, fontweight="bold")
    return figure


def render(figure: Figure, title: str, alt_text: str, dpi: int = DPI) -> Chart:
    """PNG bytes without a timestamp or version in the metadata, so equal data give equal bytes."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None},
        pil_kwargs={"compress_level": 1},  # a third of the encoding time; files stay small
    )  # fmt: skip
    width, height = figure.get_size_inches()
    return Chart(buffer.getvalue(), title, alt_text, float(width), float(height), dpi)


def style_axes(axes: Axes, *, value_axis: Literal["x", "y"] = "x") -> None:
    """Plain axes: no box, light grid along the value axis, 9 pt ticks."""
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=TICK_PT, colors=INK)
    axes.grid(axis=value_axis, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def integer_ticks(axes: Axes, axis: str = "x") -> None:
    from matplotlib.ticker import MaxNLocator

    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_locator(MaxNLocator(integer=True))


def listing(items: Sequence[tuple[str, int]]) -> str:
    return "; ".join(f"{name} ({count})" for name, count in items)


def bottom_legend(
    figure: Figure, axes: Axes, title: str, handles: Sequence[Artist] = (), max_cols: int = 4
) -> None:
    """Legend under the plot, filled row by row so it reads in the same order as the bars."""
    if handles:
        labels = [str(handle.get_label()) for handle in handles]
    else:
        handles, labels = axes.get_legend_handles_labels()
    cols = min(len(handles), max_cols)
    order = [i for start in range(cols) for i in range(start, len(handles), cols)]
    figure.legend(
        [handles[i] for i in order], [labels[i] for i in order], loc="outside lower center",
        ncols=cols, title=title, fontsize=TICK_PT, title_fontsize=TICK_PT, frameon=False,
        handlelength=2.6, handleheight=1.6,
    )  # fmt: skip
