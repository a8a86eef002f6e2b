"""Code frequency: one horizontal bar per code, most frequent first, the count at each bar end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.charts.chart import (
    Chart,
    integer_ticks,
    listing,
    new_figure,
    no_data_figure,
    render,
    set_title,
    style_axes,
)
from workbench.charts.style import (
    DPI,
    INK,
    LABEL_PT,
    SERIES_COLOURS,
    TICK_PT,
    distinct_labels,
    fit_height,
    plural,
    row_height,
    rows_that_fit,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.figure import Figure

FREQUENCY_TITLE = "How often each code was applied"
MAX_BARS = 30  # more bars than this would not fit a page at a readable size
_BAR_COLOUR = SERIES_COLOURS[0]
_EXTRA_IN = 1.3  # title, note and axis label


def ranked(counts: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Most frequent first; ties in name order so the same data always draw the same chart."""
    return sorted(counts, key=lambda item: (-item[1], item[0].casefold(), item[0]))


def _shown(ordered: list[tuple[str, int]], max_bars: int) -> tuple[list[str], float]:
    """Labels of the bars that fit on one page at a readable size, and the row height."""
    labels = distinct_labels([name for name, _ in ordered[:max_bars]])
    row_in = row_height(labels)
    return labels[: rows_that_fit(row_in, _EXTRA_IN)], row_in


def code_frequency_figure(
    counts: Sequence[tuple[str, int]], *, title: str = FREQUENCY_TITLE, max_bars: int = MAX_BARS
) -> Figure:
    ordered = ranked(counts)
    if not any(count for _, count in ordered):
        return no_data_figure(title)
    labels, row_in = _shown(ordered, max_bars)
    values = [count for _, count in ordered[: len(labels)]]
    figure = new_figure(fit_height(len(labels), row_in, _EXTRA_IN))
    axes = figure.add_subplot()
    positions = range(len(labels))
    bars = axes.barh(positions, values, height=0.7, color=_BAR_COLOUR, edgecolor=INK, linewidth=0.5)
    # The number at each bar end carries the value, so the chart reads without colour.
    axes.bar_label(bars, padding=3, fontsize=TICK_PT, color=INK)
    axes.set_yticks(list(positions), labels)
    axes.set_ylim(len(labels) - 0.5, -0.5)  # first row at the top
    axes.margins(x=0.1)
    integer_ticks(axes)
    style_axes(axes)
    axes.set_xlabel("Number of codings", fontsize=LABEL_PT)
    note = ""
    if len(ordered) > len(labels):
        note = f"The {len(labels)} most frequent of {len(ordered)} codes"
    set_title(figure, axes, title, note)
    return figure


def frequency_alt_text(counts: Sequence[tuple[str, int]], max_bars: int = MAX_BARS) -> str:
    ordered = ranked(counts)
    if not any(count for _, count in ordered):
        return "Bar chart of how often each code was applied. No data: no code has been applied."
    total = sum(count for _, count in ordered)
    text = (
        f"Horizontal bar chart of how often each of {plural(len(ordered), 'code')} was applied, "
        f"most frequent first; {plural(total, 'coding')} in all. "
    )
    if len(ordered) <= 8:
        return text + f"Counts: {listing(ordered)}."
    fewest = [item for item in ordered if item[1] == ordered[-1][1]]
    text += f"Most frequent: {listing(ordered[:5])}. Least frequent: {listing(fewest[:3])}"
    text += f" and {len(fewest) - 3} more." if len(fewest) > 3 else "."
    shown = len(_shown(ordered, max_bars)[0])
    if len(ordered) > shown:
        text += f" The chart shows the {shown} most frequent codes."
    return text


def code_frequency_chart(
    counts: Sequence[tuple[str, int]],
    *,
    title: str = FREQUENCY_TITLE,
    max_bars: int = MAX_BARS,
    dpi: int = DPI,
) -> Chart:
    """Bar chart of coding counts per code: ``counts`` is (code name, number of codings)."""
    figure = code_frequency_figure(counts, title=title, max_bars=max_bars)
    return render(figure, title, frequency_alt_text(counts, max_bars), dpi)
