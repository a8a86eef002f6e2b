"""Codes by attribute: a group of bars per code, one bar per attribute value.

Each value has both an Okabe-Ito colour and its own hatch pattern, so the values stay apart for
readers with a colour-vision deficiency and on a greyscale print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.charts.chart import (
    Chart,
    bottom_legend,
    integer_ticks,
    listing,
    new_figure,
    no_data_figure,
    render,
    set_title,
    style_axes,
)
from workbench.charts.style import (
    BAR_IN,
    DPI,
    GAP_IN,
    INK,
    LABEL_PT,
    MAX_SERIES,
    TICK_PT,
    distinct_labels,
    fit_height,
    plural,
    row_height,
    rows_that_fit,
    series_style,
    short_label,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_EXTRA_IN = 1.9  # title, axis label and the legend under the plot
OTHER_VALUES = "Other values"


def _fold_values(
    codes: Sequence[str], values: Sequence[str], counts: Mapping[tuple[str, str], int]
) -> tuple[list[str], dict[tuple[str, str], int]]:
    """Keep at most MAX_SERIES values; add the rest together as one "Other values" bar."""
    if len(values) <= MAX_SERIES:
        return list(values), dict(counts)
    kept = list(values[: MAX_SERIES - 1])
    folded = {(code, value): counts.get((code, value), 0) for code in codes for value in kept}
    rest = values[MAX_SERIES - 1 :]
    for code in codes:
        folded[(code, OTHER_VALUES)] = sum(counts.get((code, value), 0) for value in rest)
    return [*kept, OTHER_VALUES], folded


def _row_in(labels: Sequence[str], values: int) -> float:
    return max(values * BAR_IN + GAP_IN, row_height(labels))


def _rows_shown(codes: Sequence[str], values: int) -> int:
    """How many codes' groups fit on one page."""
    return min(len(codes), rows_that_fit(_row_in(distinct_labels(codes), values), _EXTRA_IN))


def _draw_groups(
    axes: Axes, codes: Sequence[str], values: Sequence[str], counts: Mapping[tuple[str, str], int]
) -> None:
    step = len(values) * BAR_IN + GAP_IN  # inches per code group, used as one data unit
    height = BAR_IN / step
    for index, value in enumerate(values):
        positions = [row + (index - (len(values) - 1) / 2) * height for row in range(len(codes))]
        widths = [counts.get((code, value), 0) for code in codes]
        bars = axes.barh(
            positions, widths, height=height, label=short_label(value, 28), **series_style(index)
        )
        axes.bar_label(bars, padding=2, fontsize=TICK_PT, color=INK)


def codes_by_attribute_figure(
    codes: Sequence[str],
    values: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    *,
    attribute: str,
    title: str = "",
) -> Figure:
    title = title or f"Codings of each code by {attribute}"
    if not codes or not values or not any(counts.values()):
        return no_data_figure(title)
    values, counts = _fold_values(codes, values, counts)
    labels = distinct_labels(codes)
    row_in = _row_in(labels, len(values))
    shown = labels[: _rows_shown(codes, len(values))]
    figure = new_figure(fit_height(len(shown), row_in, _EXTRA_IN, minimum=2.5))
    axes = figure.add_subplot()
    _draw_groups(axes, codes[: len(shown)], values, counts)
    axes.set_yticks(range(len(shown)), shown)
    axes.set_ylim(len(shown) - 0.5, -0.5)
    axes.margins(x=0.1)
    integer_ticks(axes)
    style_axes(axes)
    axes.tick_params(axis="y", length=0)
    axes.set_xlabel("Number of codings", fontsize=LABEL_PT)
    bottom_legend(figure, axes, attribute)
    note = f"The first {len(shown)} of {len(codes)} codes" if len(shown) < len(codes) else ""
    set_title(figure, axes, title, note)
    return figure


def attribute_alt_text(
    codes: Sequence[str],
    values: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    attribute: str,
) -> str:
    cells = [
        (f"{code}, {value}", counts.get((code, value), 0)) for code in codes for value in values
    ]
    largest = sorted((c for c in cells if c[1] > 0), key=lambda c: -c[1])
    head = f"Grouped bar chart of codings of {plural(len(codes), 'code')} by {attribute}"
    if not largest:
        return f"{head}. No data: none of these codes has been applied."
    text = (
        f"{head}, one bar for each of {plural(len(values), 'value')} "
        f"({', '.join(values)}). Largest: {listing(largest[:5])}."
    )
    if len(values) > MAX_SERIES:
        text += f" The chart adds the last {len(values) - MAX_SERIES + 1} values together."
    shown = _rows_shown(codes, len(_fold_values(codes, values, counts)[0]))
    if shown < len(codes):
        text += f" The chart shows the first {shown} codes."
    return text


def codes_by_attribute_chart(
    codes: Sequence[str],
    values: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    *,
    attribute: str,
    title: str = "",
    dpi: int = DPI,
) -> Chart:
    """Grouped bars: ``counts[(code, value)]`` codings of each code for each attribute value."""
    figure = codes_by_attribute_figure(codes, values, counts, attribute=attribute, title=title)
    text = attribute_alt_text(codes, values, counts, attribute)
    return render(figure, figure.get_suptitle(), text, dpi)
