"""Code co-occurrence heat map: how often two codes were applied to overlapping text.

A single-hue sequential colour map whose lightness rises steadily, so more co-occurrence is
darker in colour and in grey; the count is written in every non-zero cell, so no one has to
read a number off a colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.charts.chart import Chart, listing, new_figure, no_data_figure, render, set_title
from workbench.charts.style import (
    COLUMN_WIDTH_IN,
    DPI,
    LABEL_PT,
    TICK_PT,
    distinct_labels,
    fit_height,
    ink_on,
    label_lines,
    plural,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import ColorType

HEATMAP_TITLE = "Codes applied to overlapping text"
COLOUR_MAP = "Blues"  # ColorBrewer sequential: one hue, lightness monotonic, white at zero
MAX_CODES = 14  # beyond this a cell is too small for a 9 pt count in a 6.3 in column
_LABEL_CHARS = 24
_ROW_LABELS_IN = 2.1  # room for the row labels at the left


def _check(codes: Sequence[str], matrix: Sequence[Sequence[int]]) -> None:
    if len(matrix) != len(codes) or any(len(row) != len(codes) for row in matrix):
        raise ValueError(f"The matrix must be {len(codes)} x {len(codes)}, one row per code")


def strongest(codes: Sequence[str], matrix: Sequence[Sequence[int]], max_codes: int) -> list[int]:
    """Indexes of the codes with the most co-occurrence, kept in the order given."""
    totals = [sum(row) - row[index] for index, row in enumerate(matrix)]
    ranked = sorted(range(len(codes)), key=lambda i: (-totals[i], i))
    return sorted(ranked[:max_codes])


def _room_below(labels: Sequence[str]) -> float:
    """Inches under the cells for the column labels, slanted at 45 degrees, and the axis label."""
    longest = max(len(line) for label in labels for line in label.splitlines())
    return 0.075 * longest * 0.71 + 0.15 * (label_lines(labels) - 1) + 0.5


def _annotate(axes: Axes, counts: list[list[int]], colours: list[list[ColorType]]) -> None:
    for row, values in enumerate(counts):
        for column, count in enumerate(values):
            if count:
                colour = ink_on(colours[row][column])
                axes.text(
                    column, row, str(count), ha="center", va="center", fontsize=TICK_PT,
                    color=colour,
                )  # fmt: skip


def cooccurrence_figure(
    codes: Sequence[str],
    matrix: Sequence[Sequence[int]],
    *,
    title: str = HEATMAP_TITLE,
    max_codes: int = MAX_CODES,
) -> Figure:
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    _check(codes, matrix)
    if not any(any(row) for row in matrix):
        return no_data_figure(title)
    keep = strongest(codes, matrix, max_codes)
    counts = [[int(matrix[r][c]) for c in keep] for r in keep]
    labels = distinct_labels([codes[i] for i in keep], _LABEL_CHARS)
    cell_in = min(0.45, (COLUMN_WIDTH_IN - _ROW_LABELS_IN - 0.2) / len(keep))
    figure = new_figure(fit_height(len(keep), cell_in, _room_below(labels) + 0.9, minimum=3.0))
    axes = figure.add_subplot()
    norm = Normalize(vmin=0, vmax=max(max(row) for row in counts))
    cmap = colormaps[COLOUR_MAP]
    axes.imshow(counts, cmap=cmap, norm=norm, aspect="equal", interpolation="nearest")
    _annotate(axes, counts, [[cmap(norm(v)) for v in row] for row in counts])
    positions = range(len(keep))
    axes.set_xticks(positions, labels, rotation=45, ha="right", rotation_mode="anchor")
    axes.set_yticks(positions, labels)
    axes.tick_params(labelsize=TICK_PT, length=0)
    axes.set_xticks([p - 0.5 for p in range(1, len(keep))], minor=True)
    axes.set_yticks([p - 0.5 for p in range(1, len(keep))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.0)
    axes.tick_params(which="minor", length=0)
    axes.set_xlabel("Code", fontsize=LABEL_PT)
    axes.set_ylabel("Code", fontsize=LABEL_PT)
    note = "Number of overlapping codings of each pair of codes"
    if len(keep) < len(codes):
        note += f"\nShowing the {len(keep)} of {len(codes)} codes that overlap most"
    set_title(figure, axes, title, note)
    return figure


def cooccurrence_alt_text(codes: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    pairs = [
        (f"{codes[r]} with {codes[c]}", int(max(matrix[r][c], matrix[c][r])))
        for r in range(len(codes))
        for c in range(r)
        if matrix[r][c] or matrix[c][r]
    ]
    head = f"Heat map of how often {plural(len(codes), 'code')} were applied to overlapping text"
    if not pairs:
        return f"{head}. No data: no two codes overlap."
    pairs.sort(key=lambda pair: -pair[1])
    return (
        f"{head}, darker cells for more overlaps; {plural(len(pairs), 'pair')} of codes overlap. "
        f"Most often: {listing(pairs[:5])}."
    )


def cooccurrence_heatmap(
    codes: Sequence[str],
    matrix: Sequence[Sequence[int]],
    *,
    title: str = HEATMAP_TITLE,
    max_codes: int = MAX_CODES,
    dpi: int = DPI,
) -> Chart:
    """Heat map of a symmetric code x code matrix of co-occurrence counts (rows as ``codes``)."""
    figure = cooccurrence_figure(codes, matrix, title=title, max_codes=max_codes)
    return render(figure, title, cooccurrence_alt_text(codes, matrix), dpi)
