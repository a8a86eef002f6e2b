"""Where each bracket and label of the coding-stripes margin goes (pixels, margin coordinates).

The margin has narrow bracket columns next to the text, one per overlap depth, then a lane of
labels. A label sits level with the top of its bracket, or as near below as the labels above
it allow, with a leader line back to the bracket; labels that no longer fit are left out (the
bracket keeps its tooltip and menu). With stripes by coder, a header row names each coder's
block of columns: brackets and labels sit ``top`` pixels lower in the margin, which reaches
that much higher than the text, so that they stay level with their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from PySide6.QtGui import QFontMetrics

    from coding.locations import Utf16Map
    from ui.document.text_edit import VisibleText
    from workbench.queries.codings import DocumentCoding

MAX_COLUMNS = 8  # deeper overlaps share the last column rather than widen the margin further
LABEL_CHARACTERS = 22  # the label lane is this many average characters wide


@dataclass(frozen=True, slots=True)
class StripeGeometry:
    column_width: int
    columns: int
    label_width: int
    label_height: int
    top: int = 0  # the header row above the brackets (stripes by coder), else 0

    @property
    def lane_left(self) -> int:
        return 2 + self.columns * self.column_width + self.column_width // 2

    @property
    def width(self) -> int:
        return self.lane_left + self.label_width + 4


def geometry_for(metrics: QFontMetrics, columns: int, *, by_coder: bool = False) -> StripeGeometry:
    """Sizes that follow the font, so the margin grows and shrinks with the zoom. By coder,
    each coder's block is capped on its own (``coder_columns``), and a header row is added."""
    return StripeGeometry(
        column_width=max(9, metrics.height() // 2 + 3),
        columns=max(1, columns if by_coder else min(columns, MAX_COLUMNS)),
        label_width=metrics.averageCharWidth() * LABEL_CHARACTERS,
        label_height=metrics.height() + 4,
        top=metrics.height() + 6 if by_coder else 0,
    )


@dataclass(frozen=True, slots=True)
class Bracket:
    """One coding as laid out in the margin."""

    coding: DocumentCoding
    column: int
    rect: QRect  # the bracket: ticks and bar
    label: QRect | None  # its name in the label lane, if there was room
    open_top: bool  # the coding starts above the view
    open_bottom: bool  # ... or ends below it

    def contains(self, x: int, y: int) -> bool:
        return self.rect.contains(x, y) or (self.label is not None and self.label.contains(x, y))


def lay_out(
    found: Sequence[DocumentCoding],
    visible: VisibleText,
    utf16: Utf16Map,
    columns: Mapping[int, int],
    geometry: StripeGeometry,
) -> list[Bracket]:
    """Brackets for ``found`` (the codings meeting the visible text, sorted by start)."""
    height = visible.height
    brackets = []
    for coding in found:
        start, end = utf16.to_utf16(coding.start), utf16.to_utf16(coding.end)
        top = visible.line_top(start)
        bottom = visible.line_bottom(max(start, end - 1))
        open_top, open_bottom = top < 0, bottom >= height
        top, bottom = max(top, 0.0), min(bottom, float(height))
        column = min(columns.get(coding.id, 0), geometry.columns - 1)
        rect = QRect(
            2 + column * geometry.column_width,
            int(top) + geometry.top,
            geometry.column_width,
            max(int(bottom) - int(top), 6),
        )
        brackets.append(Bracket(coding, column, rect, None, open_top, open_bottom))
    return _place_labels(brackets, geometry, height + geometry.top)


def _place_labels(brackets: list[Bracket], geometry: StripeGeometry, height: int) -> list[Bracket]:
    """Labels top to bottom, each as high as its bracket and the labels above allow."""
    free_from = geometry.top
    placed = []
    for bracket in sorted(brackets, key=lambda b: (b.rect.top(), b.column)):
        top = max(bracket.rect.top(), free_from)
        label = None
        if top + geometry.label_height <= height:
            label = QRect(geometry.lane_left, top, geometry.label_width, geometry.label_height)
            free_from = top + geometry.label_height + 1
        placed.append(
            Bracket(
                bracket.coding,
                bracket.column,
                bracket.rect,
                label,
                bracket.open_top,
                bracket.open_bottom,
            )
        )
    return placed
