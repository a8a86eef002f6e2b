"""Both coders' codings of one code side by side: one lane per coder across the whole document.

Each lane runs from the document's start (left) to its end (right); a coded passage is a bar
in the code's colour, and a passage only that coder coded is outlined, so where the coders
part shows without relying on colour. The disagreement chosen in the list is framed on both
lanes. The same facts are in the accessible description, in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.document.highlights import code_colour
from workbench.agreement_disagreements import one_coder_runs

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from coding.agreement.units import Interval
    from ui.team.comparison_data import StripData

LANE_GAP = 4  # pixels between lanes
MIN_BAR = 2  # pixels: a passage of a few characters in a long document stays visible
EMPTY_TEXT = "Choose a disagreement to see both coders' codings of its code here."


def passages(count: int) -> str:
    return f"{count} passage{'s' if count != 1 else ''}"


class CoderStrip(QWidget):
    """Two lanes (coder A above coder B) for one document and code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison_strip")
        self.setAccessibleName("Both coders' codings side by side")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.data: StripData | None = None
        self.names: tuple[str, str] = ("", "")
        self.current: Interval | None = None
        self._alone: list[tuple[int, int, int]] = []
        self.setAccessibleDescription(EMPTY_TEXT)

    def show_strip(
        self, data: StripData | None, names: tuple[str, str], current: Interval | None
    ) -> None:
        self.data, self.names, self.current = data, names, current
        self._alone = one_coder_runs(data.first, data.second) if data is not None else []
        self.setAccessibleDescription(self.description())
        self.updateGeometry()
        self.update()

    def description(self) -> str:
        data = self.data
        if data is None:
            return EMPTY_TEXT
        first, second = self.names
        return (
            f"{first} coded {passages(len(data.first))}, {second} {passages(len(data.second))}; "
            f"{passages(len(self._alone))} coded by one of them only."
        )

    # ------------------------------------------------------------------ geometry
    def _lane_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(n) for n in self.names), default=0) + 12

    def sizeHint(self) -> QSize:
        return QSize(400, 2 * self._lane_height() + LANE_GAP + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        lane, left = self._lane_height(), self._label_width()
        width = max(self.width() - left - 4, 1)
        data = self.data
        text = palette.color(QPalette.ColorRole.WindowText)
        for row, name in enumerate(self.names):
            top = 2 + row * (lane + LANE_GAP)
            painter.setPen(text)
            painter.drawText(QRectF(0, top, left - 6, lane), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.drawRect(QRectF(left, top, width, lane - 1))
            if data is None or data.length <= 0:
                continue
            scale = width / data.length
            self._paint_lane(painter, data, row, QRectF(left, top, width, lane - 1), scale)
        if data is not None and self.current is not None and data.length > 0:
            scale = width / data.length
            start, end = self.current
            frame = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(frame)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            x, w = left + start * scale, max((end - start) * scale, MIN_BAR)
            painter.drawRect(QRectF(x - 2, 1, w + 4, 2 * lane + LANE_GAP))
        painter.end()

    def _paint_lane(
        self, painter: QPainter, data: StripData, row: int, box: QRectF, scale: float
    ) -> None:
        fill = code_colour(data.colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        for start, end in data.second if row else data.first:
            painter.drawRect(self._bar(box, start, end, scale))
        outline = QPen(self.palette().color(QPalette.ColorRole.WindowText), 1)
        outline.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        bit = 2 if row else 1
        for start, end, who in self._alone:
            if who == bit:
                painter.drawRect(self._bar(box, start, end, scale).adjusted(0, 1, 0, -1))

    @staticmethod
    def _bar(box: QRectF, start: int, end: int, scale: float) -> QRectF:
        return QRectF(box.left() + start * scale, box.top(), max((end - start) * scale, MIN_BAR),
                      box.height())  # fmt: skip
