"""The coding tints under the visible text: where each one lies on screen, and what to repaint.

Finding the boxes of a tint (one per line it covers) asks the text layout for the x of every
line end, the dearest part of painting a busy page. The boxes are kept while the visible
layout stays the same, so applying or removing a code measures only the tints that changed,
and only the part of the viewport under them is repainted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtGui import QColor, QRegion

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    from ui.document.text_edit import VisibleText

# (start, end) in UTF-16 units, tint, overlapped by another coding
Highlight: TypeAlias = tuple[int, int, QColor, bool]
_Span: TypeAlias = tuple[int, int]


class TintLayer:
    """The highlights drawn now and their boxes for the visible layout they were measured in."""

    def __init__(self) -> None:
        self.highlights: list[Highlight] = []
        self._boxes: dict[_Span, list[QRectF]] = {}
        self._layout: tuple[object, ...] | None = None

    def forget_layout(self) -> None:
        """The text was laid out anew in a way the visible blocks do not show (a new font or a
        new document): measure again before the next paint."""
        self._layout = None

    def set(self, highlights: list[Highlight], visible: VisibleText) -> QRegion | None:
        """Draw ``highlights`` from now on; the viewport region to repaint, or None for all."""
        same_layout = visible.layout_key == self._layout
        before, old_boxes = self.highlights, self._boxes if same_layout else {}
        self.highlights = highlights
        self._measure(visible, old_boxes)
        if not same_layout:
            return None
        region = QRegion()
        for start, end, *_ in {_drawn(h) for h in before} ^ {_drawn(h) for h in highlights}:
            span = (start, end)
            for box in old_boxes.get(span) or self._boxes.get(span) or ():
                # a pixel more each way: the dotted underline of an overlap sits on the edge
                region = region.united(box.toAlignedRect().adjusted(-1, -1, 1, 1))
        return region

    def paint(self, painter: QPainter, visible: VisibleText) -> None:
        """Fill the tints; underline where codings overlap (told apart without colour too),
        with the painter's pen."""
        if visible.layout_key != self._layout:  # scrolled or laid out again since measured
            self._measure(visible, {})
        for start, end, colour, overlapped in self.highlights:
            for box in self._boxes[(start, end)]:
                painter.fillRect(box, colour)
                if overlapped:
                    painter.drawLine(box.bottomLeft(), box.bottomRight())

    def _measure(self, visible: VisibleText, known: dict[_Span, list[QRectF]]) -> None:
        """Boxes of every highlight, taking those in ``known`` as they are."""
        boxes = {}
        for start, end, *_ in self.highlights:
            found = known.get((start, end))
            boxes[(start, end)] = visible.rects(start, end) if found is None else found
        self._boxes, self._layout = boxes, visible.layout_key


def _drawn(highlight: Highlight) -> tuple[int, int, int, bool]:
    """What a highlight looks like, comparable and hashable (a QColor is not hashable)."""
    start, end, colour, overlapped = highlight
    return start, end, colour.rgba(), overlapped
