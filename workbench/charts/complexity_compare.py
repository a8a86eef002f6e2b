"""Several cases' NASSS complexity profiles side by side: a group of bars per domain.

Each case has a colour and a hatch pattern (as in the legend); each bar's rating is written at its
end, so the chart reads in greyscale and without the legend's colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.charts.chart import Chart, bottom_legend, new_figure, no_data_figure, render
from workbench.charts.chart import set_title as title_figure
from workbench.charts.complexity import (
    LABEL_CHARS,
    Level,
    bold_domains,
    check_levels,
    domain_label,
    draw_rating,
    rating_name,
    style_scale,
)
from workbench.charts.style import (
    DPI,
    GAP_IN,
    MAX_SERIES,
    distinct_labels,
    fit_height,
    row_height,
    rows_that_fit,
    series_style,
    short_label,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

COMPARISON_TITLE = "Complexity profiles compared"
_EXTRA_IN = 1.9  # title, axis label and the legend under the plot
_BAR_IN = 0.2  # a little taller than in other charts: "Not assessed" sits inside an outline


def _domains(profiles: Mapping[str, Sequence[Level]]) -> list[tuple[str, str]]:
    """Every domain any case has, in the order first met."""
    seen: dict[str, str] = {}
    for levels in profiles.values():
        for key, name, _level in levels:
            seen.setdefault(key, name)
    return list(seen.items())


def _ratings(levels: Sequence[Level]) -> dict[str, int | None]:
    return {key: level for key, _name, level in levels}


def _legend_patches(cases: Sequence[str]) -> list[Artist]:
    from matplotlib.patches import Patch

    return [
        Patch(label=short_label(case, 28), **series_style(index))
        for index, case in enumerate(cases)
    ]


def complexity_comparison_figure(
    profiles: Mapping[str, Sequence[Level]], *, title: str = COMPARISON_TITLE
) -> Figure:
    for levels in profiles.values():
        check_levels(levels)
    domains = _domains(profiles)
    if not domains:
        return no_data_figure(title)
    cases = list(profiles)[:MAX_SERIES]
    labels = distinct_labels([domain_label(key, name) for key, name in domains], LABEL_CHARS)
    row_in = max(len(cases) * _BAR_IN + GAP_IN, row_height(labels))
    shown = labels[: rows_that_fit(row_in, _EXTRA_IN)]
    figure = new_figure(fit_height(len(shown), row_in, _EXTRA_IN, minimum=2.5))
    axes = figure.add_subplot()
    height = _BAR_IN / row_in
    for index, case in enumerate(cases):
        ratings = _ratings(profiles[case])
        style = series_style(index)
        offset = (index - (len(cases) - 1) / 2) * height
        for row, (key, _name) in enumerate(domains[: len(shown)]):
            level = ratings.get(key)
            # A shorter outline keeps two neighbouring "Not assessed" outlines apart.
            draw_rating(axes, row + offset, level, height * (0.85 if level is None else 1), style)
    axes.set_yticks(range(len(shown)), shown)
    axes.set_ylim(len(shown) - 0.5, -0.5)
    style_scale(axes)
    bold_domains(axes, [key for key, _name in domains[: len(shown)]])
    bottom_legend(figure, axes, "Case", _legend_patches(cases))
    notes = []
    if len(cases) < len(profiles):
        notes.append(f"the first {len(cases)} of {len(profiles)} cases")
    if len(shown) < len(domains):
        notes.append(f"the first {len(shown)} of {len(domains)} domains")
    note = ("Showing " + " and ".join(notes)) if notes else ""
    title_figure(figure, axes, title, note)
    return figure


def comparison_alt_text(profiles: Mapping[str, Sequence[Level]]) -> str:
    domains = _domains(profiles)
    if not domains:
        return "Comparison of NASSS complexity profiles. No data: no case has a profile."
    cases = list(profiles)
    parts = []
    for key, name in domains:
        by_case = ", ".join(
            f"{case} {rating_name(_ratings(profiles[case]).get(key)).lower()}" for case in cases
        )
        parts.append(f"{domain_label(key, name)}: {by_case}")
    return (
        f"Grouped bar chart comparing the NASSS complexity of {len(cases)} cases "
        f"({', '.join(cases)}) across {len(domains)} domains. " + "; ".join(parts) + "."
    )


def complexity_profile_comparison(
    profiles: Mapping[str, Sequence[Level]], *, title: str = COMPARISON_TITLE, dpi: int = DPI
) -> Chart:
    """Profiles of several cases: ``profiles[case]`` is (domain key, name, 1-3 or None)."""
    figure = complexity_comparison_figure(profiles, title=title)
    return render(figure, title, comparison_alt_text(profiles), dpi)
