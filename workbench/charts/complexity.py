"""NASSS complexity profile: one bar per domain on a simple / complicated / complex scale.

The bar's length and the rating written at its end carry the rating; colour only repeats it,
light to dark in one hue so a greyscale print keeps the order. A domain not assessed is an empty
dashed outline labelled "Not assessed", never a zero-length bar that could pass for a gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.charts.chart import Chart, new_figure, no_data_figure, render, set_title
from workbench.charts.style import (
    DPI,
    GRID,
    INK,
    LABEL_PT,
    MUTED,
    TICK_PT,
    distinct_labels,
    fit_height,
    row_height,
    rows_that_fit,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Level = tuple[str, str, int | None]  # domain key, domain name, 1-3 or None for not assessed

LEVEL_NAMES = {1: "Simple", 2: "Complicated", 3: "Complex"}
NOT_ASSESSED = "Not assessed"
# One blue hue, light to dark: more complex reads darker, in colour and in grey.
LEVEL_COLOURS = {1: "#A9CCE8", 2: "#4A90C8", 3: "#0B4A7D"}
RATING_PT = TICK_PT
X_MAX = 3.95  # room right of "Complex" for its written rating
_EXTRA_IN = 1.1  # title, scale and axis label
LABEL_CHARS = 46  # the 0-3 scale needs less room than counts: one NASSS name wraps
_SUMMARY_WORDS = ("complex", "complicated", "simple", "not assessed")


def domain_label(key: str, name: str) -> str:
    return name if not key or name.startswith(key) else f"{key} {name}"


def check_levels(levels: Sequence[Level]) -> None:
    for key, _name, level in levels:
        if level is not None and level not in LEVEL_NAMES:
            raise ValueError(f"Rating of domain {key} must be 1, 2, 3 or None, not {level!r}")


def rating_name(level: int | None) -> str:
    return NOT_ASSESSED if level is None else LEVEL_NAMES[level]


def draw_rating(
    axes: Axes, row: float, level: int | None, height: float, style: Mapping[str, Any] | None = None
) -> None:
    """One bar with its rating written beside it (or inside the outline when not assessed)."""
    if level is None:
        # White inside hides the grid, so the outline reads as an empty, unrated bar.
        axes.barh(
            row, 3, height=height, color="white", edgecolor=MUTED, linestyle=(0, (4, 3)),
            linewidth=0.9,
        )  # fmt: skip
        axes.text(1.5, row, NOT_ASSESSED, ha="center", va="center", fontsize=RATING_PT, color=INK)
        return
    fill = style or {"color": LEVEL_COLOURS[level], "edgecolor": INK, "linewidth": 0.6}
    axes.barh(row, level, height=height, **fill)
    axes.text(
        level + 0.06, row, LEVEL_NAMES[level], ha="left", va="center", fontsize=RATING_PT,
        color=INK,
    )  # fmt: skip


def style_scale(axes: Axes) -> None:
    """The 0-3 scale: ticks named in words, a light line at each level."""
    axes.set_xlim(0, X_MAX)
    axes.set_xticks([1, 2, 3], [LEVEL_NAMES[1], LEVEL_NAMES[2], LEVEL_NAMES[3]])
    axes.tick_params(labelsize=TICK_PT, colors=INK)
    axes.tick_params(axis="y", length=0)
    for level in (1, 2, 3):
        axes.axvline(level, color=GRID, linewidth=0.6, zorder=0.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_xlabel("Complexity", fontsize=LABEL_PT)


def bold_domains(axes: Axes, keys: Sequence[str]) -> None:
    """Where sub-domains (4A, 4B) are listed too, the domain rows (4) stand out in bold."""
    if all(key.isdigit() for key in keys):
        return
    for key, label in zip(keys, axes.get_yticklabels(), strict=True):
        if key.isdigit():
            label.set_fontweight("bold")


def complexity_profile_figure(case: str, levels: Sequence[Level], *, title: str = "") -> Figure:
    check_levels(levels)
    title = title or f"Complexity profile: {case}"
    if not levels:
        return no_data_figure(title)
    labels = distinct_labels([domain_label(key, name) for key, name, _ in levels], LABEL_CHARS)
    row_in = max(row_height(labels), 0.26)  # all 30 NASSS domains and sub-domains fit a page
    shown = labels[: rows_that_fit(row_in, _EXTRA_IN)]
    figure = new_figure(fit_height(len(shown), row_in, _EXTRA_IN))
    axes = figure.add_subplot()
    for row, (_key, _name, level) in enumerate(levels[: len(shown)]):
        draw_rating(axes, row, level, height=0.62)
    axes.set_yticks(range(len(shown)), shown)
    axes.set_ylim(len(shown) - 0.5, -0.5)
    style_scale(axes)
    bold_domains(axes, [key for key, _name, _level in levels[: len(shown)]])
    note = f"The first {len(shown)} of {len(levels)} domains" if len(shown) < len(levels) else ""
    if all(level is None for *_, level in levels):
        note = "No domain has been rated yet"
    set_title(figure, axes, title, note)
    return figure


def profile_alt_text(case: str, levels: Sequence[Level]) -> str:
    if not levels:
        return f"Complexity profile of {case}. No data: no NASSS domain to show."
    ratings = "; ".join(
        f"{domain_label(key, name)}: {rating_name(level).lower()}" for key, name, level in levels
    )
    counts = [sum(1 for *_, level in levels if level == wanted) for wanted in (3, 2, 1, None)]
    summary = ", ".join(
        f"{count} {word}" for count, word in zip(counts, _SUMMARY_WORDS, strict=True) if count
    )
    return (
        f"Bar chart of the NASSS complexity profile of {case} across {len(levels)} domains, "
        f"each rated simple, complicated or complex ({summary}). {ratings}."
    )


def complexity_profile_chart(
    case: str, levels: Sequence[Level], *, title: str = "", dpi: int = DPI
) -> Chart:
    """Profile of one case: ``levels`` is (domain key, domain name, 1-3 or None) per domain."""
    figure = complexity_profile_figure(case, levels, title=title)
    return render(figure, figure.get_suptitle(), profile_alt_text(case, levels), dpi)
