"""Shared look of the charts: sizes for an A4 text column, fonts, palette, hatches, labels."""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from workbench.ops.codes import PALETTE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.typing import ColorType

# A portrait A4 page with 2.5 cm margins leaves a 16 cm (6.3 in) text column.
COLUMN_WIDTH_IN = 6.3
MAX_HEIGHT_IN = 9.25  # an A4 text column is 9.7 in tall: this leaves room for the caption
DPI = 150

# Point sizes at the final printed size: nothing below 9 pt.
TICK_PT = 9.0
LABEL_PT = 10.0
TITLE_PT = 11.0

INK = "#000000"
MUTED = "#595959"  # 7:1 contrast on white
GRID = "#BFBFBF"

# Okabe-Ito without black, so hatch lines and outlines stay visible on every fill.
SERIES_COLOURS = tuple(colour for colour in PALETTE if colour != "#000000")
# One hatch per series, so a greyscale print still tells the series apart.
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---", "ooo", "+++")

MAX_SERIES = len(SERIES_COLOURS)
BAR_IN = 0.17  # one bar of a group: room for a 9 pt number beside it and a visible hatch
GAP_IN = 0.16  # between two groups of bars

LABEL_CHARS = 36  # characters per line of a category label: about 2.5 in at 9 pt
LABEL_LINES = 2


def luminance(colour: ColorType) -> float:
    """WCAG relative luminance of a matplotlib colour."""
    from matplotlib.colors import to_rgb

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ink_on(colour: ColorType) -> str:
    """Black or white, whichever contrasts more with ``colour`` (WCAG contrast ratio)."""
    lum = luminance(colour)
    return "#FFFFFF" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else INK


def series_style(index: int) -> dict[str, Any]:
    """Fill, hatch and hatch colour of the ``index``-th series; each pair is unique."""
    colour = SERIES_COLOURS[index % MAX_SERIES]
    return {
        "facecolor": colour,
        "hatch": HATCHES[index % len(HATCHES)],
        "hatchcolor": ink_on(colour),  # matplotlib >= 3.10
        "edgecolor": INK,
        "linewidth": 0.6,
    }


def short_label(name: str, chars: int = LABEL_CHARS, lines: int = LABEL_LINES) -> str:
    """Wrap a long name onto at most ``lines`` lines, ending in an ellipsis if cut."""
    clean = " ".join(name.split()) or "(unnamed)"
    return "\n".join(textwrap.wrap(clean, chars, max_lines=lines, placeholder=" …"))


def distinct_labels(names: Sequence[str], chars: int = LABEL_CHARS) -> list[str]:
    """Short labels; names that would shorten to the same label keep their endings instead."""
    labels = [short_label(name, chars) for name in names]
    seen = Counter(labels)
    for index, (name, label) in enumerate(zip(names, labels, strict=True)):
        if seen[label] > 1:
            clean = " ".join(name.split())
            labels[index] = f"{clean[: chars - 1]}…\n…{clean[-(chars - 1) :]}"
    return labels


def label_lines(labels: Sequence[str]) -> int:
    return max((label.count("\n") + 1 for label in labels), default=1)


def row_height(labels: Sequence[str]) -> float:
    """Inches per row: room for each label and a gap to its neighbours.

    A two-line label can borrow room from one-line neighbours, so rows only need the full
    two-line height where two wrapped labels sit next to each other.
    """
    wrapped = [label.count("\n") > 0 for label in labels]
    if not any(wrapped):
        return 0.22
    if any(a and b for a, b in pairwise(wrapped)):
        return 0.36
    return 0.27


def rows_that_fit(row_in: float, extra_in: float) -> int:
    return max(1, int((MAX_HEIGHT_IN - extra_in) / row_in))


def fit_height(rows: float, row_in: float, extra_in: float, minimum: float = 2.0) -> float:
    """Figure height growing with the rows, capped at a page, rounded up to a quarter inch."""
    wanted = min(max(rows * row_in + extra_in, minimum), MAX_HEIGHT_IN)
    return math.ceil(wanted * 4) / 4


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
