"""The detected text drawn inside its words: in the table (keyword in context) and in the
passage pane below it, where a person can also select a passage nothing detected.

The mark is a fill in a colour chosen per theme (amber on light and dark, cyan on high contrast
so it stands apart from the yellow selection) with black or white text by luminance, and the
detected words are bold, so the mark never depends on colour alone. A rejected detection gets
a dashed outline instead of a fill: it stays as written.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QStyle, QStyledItemDelegate, QTextEdit

from coding.locations import Utf16Map
from ui.deid.model import CONTEXT_ROLE, DETECTION_ROLE
from ui.theme import readable_text_on
from workbench.deid import ACCEPTED

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

    from workbench.deid import Detection

MATCH_AT = 0.4  # where the detected words start, as a share of the cell: the marks line up
PANE_CHARS = 600  # characters of the document the passage pane shows each side
_PAD = 3  # pixels between the mark's edge and its words


def mark_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The mark's fill and the text drawn on it, for the palette's theme."""
    base = palette.color(QPalette.ColorRole.Base)
    if base.lightness() >= 128:
        fill = QColor("#ffd54f")
    elif base.value() == 0:  # the high-contrast theme: pure black, a yellow selection
        fill = QColor("#00e5ff")
    else:
        fill = QColor("#e6b422")
    return fill, QColor(readable_text_on(fill.name()))


class ContextDelegate(QStyledItemDelegate):
    """Paints "…before **detected** after…" with the detected words marked."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        parts = index.data(CONTEXT_ROLE)
        detection = index.data(DETECTION_ROLE)
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        if not parts or detection is None:
            return
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(option.rect)
        accepted = detection.verdict == ACCEPTED
        _paint_parts(painter, rect, option, parts, accepted, option.palette.color(role))
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        return QSize(metrics.averageCharWidth() * 60, max(size.height(), metrics.height() + 6))


def _paint_parts(
    painter: QPainter,
    rect: QRect,
    option: QStyleOptionViewItem,
    parts: tuple[str, str, str],
    accepted: bool,
    ink: QColor,
) -> None:
    """Before (elided at its start), the mark at :data:`MATCH_AT`, after (elided at its end)."""
    font = option.font
    before, words, after = parts
    bold = QFont(font)
    bold.setBold(True)
    plain_metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
    width = rect.width()
    # Measured in fractions and rounded up: a mark one pixel short elides its own words.
    needed = ceil(QFontMetricsF(bold).horizontalAdvance(words)) + 2 * _PAD + 2
    mark_width = min(needed, width)
    left = rect.left() + max(0, min(int(width * MATCH_AT), width - mark_width))
    middle = Qt.AlignmentFlag.AlignVCenter
    painter.setPen(ink)
    painter.setFont(font)
    room = left - rect.left() - _PAD
    shown = plain_metrics.elidedText(before, Qt.TextElideMode.ElideLeft, max(room, 0))
    painter.drawText(QRect(rect.left(), rect.top(), room, rect.height()),
                     middle | Qt.AlignmentFlag.AlignRight, shown)  # fmt: skip
    mark = QRect(left, rect.top() + 1, mark_width, rect.height() - 2)
    fill, on_fill = mark_colours(option.palette)
    if accepted:
        painter.fillRect(mark, fill)
        painter.setPen(on_fill)
    else:
        painter.setPen(QPen(ink, 1, Qt.PenStyle.DashLine))
        painter.drawRect(mark.adjusted(0, 0, -1, -1))
        painter.setPen(ink)
    painter.setFont(bold)
    inner = mark.adjusted(_PAD, 0, -_PAD, 0)
    elided = bold_metrics.elidedText(words, Qt.TextElideMode.ElideMiddle, inner.width() + 1)
    painter.drawText(inner, middle | Qt.AlignmentFlag.AlignLeft, elided)
    painter.setFont(font)
    painter.setPen(ink)
    start = mark.right() + 1 + _PAD
    rest = QRect(start, rect.top(), rect.right() - start, rect.height())
    tail = plain_metrics.elidedText(after, Qt.TextElideMode.ElideRight, max(rest.width(), 0))
    painter.drawText(rest, middle | Qt.AlignmentFlag.AlignLeft, tail)


class PassagePane(QPlainTextEdit):
    """The lines around the current detection, read-only; a selection here is a passage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deid_passage")
        self.setAccessibleName("The detection in its passage")
        self.setReadOnly(True)
        flags = Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip("Select words here and press Ctrl+M to mark them as a passage to replace")
        self.document_id: int | None = None
        self._offset = 0
        self._window = ""
        self._utf16 = Utf16Map("")

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 5 + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().lineSpacing() * 3 + 12)

    def show_detection(
        self, detection: Detection | None, text: str, others: Sequence[Detection]
    ) -> None:
        """Show ``detection`` inside its lines of ``text``, with ``others`` of that stretch."""
        if detection is None:
            self.document_id = None
            self.setPlainText("")
            self.setExtraSelections([])
            return
        first = text.rfind("\n", 0, max(detection.start - PANE_CHARS, 0)) + 1
        last = text.find("\n", min(detection.end + PANE_CHARS, len(text)))
        last = len(text) if last < 0 else last
        window = text[first:last]
        self.document_id, self._offset, self._window = detection.document_id, first, window
        self._utf16 = Utf16Map(window)
        self.setPlainText(window.replace("\r\n", " \n"))  # one unit per unit, as the view does
        marks = [self._mark(d, current=d == detection) for d in others if first <= d.start < last]
        self.setExtraSelections([m for m in marks if m is not None])
        cursor = self.textCursor()
        cursor.setPosition(self._utf16.to_utf16(detection.start - first))
        self.setTextCursor(cursor)
        self.centerCursor()

    def _mark(self, detection: Detection, *, current: bool) -> QTextEdit.ExtraSelection | None:
        if detection.verdict != ACCEPTED and not current:
            return None
        fill, ink = mark_colours(self.palette())
        style = QTextCharFormat()
        if detection.verdict == ACCEPTED:
            style.setBackground(fill)
            style.setForeground(ink)
        else:
            style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            style.setFontUnderline(True)
        if current:  # a plain-text view draws no bold over its layout: underline instead
            style.setFontUnderline(True)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._utf16.to_utf16(detection.start - self._offset))
        end = min(detection.end - self._offset, len(self._window))
        cursor.setPosition(self._utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = style
        return selection

    def selected_span(self) -> tuple[int, int, int] | None:
        """The selection as ``(document_id, start, end)`` in the document, spaces trimmed."""
        cursor = self.textCursor()
        if self.document_id is None or not cursor.hasSelection():
            return None
        start = self._utf16.from_utf16(cursor.selectionStart())
        end = self._utf16.from_utf16(cursor.selectionEnd())
        while start < end and self._window[start].isspace():
            start += 1
        while end > start and self._window[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        return self.document_id, self._offset + start, self._offset + end
