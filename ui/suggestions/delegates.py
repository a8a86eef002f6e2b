"""How two cells of the suggestion table are painted: the code as a coloured chip, the passage
as a keyword-in-context line with the keyword in bold and kept in view.

Both draw with the view's font (so they follow the zoom) and the palette's text colours,
except inside the chip, whose text colour the model picks to read on the code's colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.suggestions.model import KWIC_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter

    Index = QModelIndex | QPersistentModelIndex

_MIDDLE_LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
BEFORE_SHARE = 0.4  # of the room left beside the keyword, at most this much goes before it


def _elided(metrics: QFontMetrics, text: str, mode: Qt.TextElideMode, width: int) -> str:
    # elidedText cuts a text that fits exactly when it ends in a space ("The ward "): not here.
    if metrics.horizontalAdvance(text) <= width:
        return text
    return metrics.elidedText(text, mode, max(0, width))


def _padding(metrics: QFontMetrics) -> int:
    return max(2, metrics.averageCharWidth() // 2)


def _text_colour(option: QStyleOptionViewItem) -> QColor:
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    return option.palette.color(role)


class _CellDelegate(QStyledItemDelegate):
    def _background(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> tuple[QRect, QColor, str]:
        """Paint background, selection and focus; the text's rectangle, colour and text."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        opt.backgroundBrush = QBrush()  # only the chip carries the code's colour
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        return rect, _text_colour(option), text


class CodeChipDelegate(_CellDelegate):
    """The code's name on a rounded chip of its colour, in black or white as reads best."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * _padding(option.fontMetrics) + 2, hint.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect, colour, text = self._background(painter, option, index)
        fill = index.data(Qt.ItemDataRole.BackgroundRole)
        ink = index.data(Qt.ItemDataRole.ForegroundRole)
        metrics = option.fontMetrics
        painter.save()
        if not isinstance(fill, QColor) or not isinstance(ink, QColor):  # no colour: plain text
            painter.setPen(colour)
            shown = _elided(metrics, text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, _MIDDLE_LEFT, shown)
            painter.restore()
            return
        pad = _padding(metrics)
        shown = _elided(metrics, text, Qt.TextElideMode.ElideRight, rect.width() - 2 * pad)
        height = min(rect.height(), metrics.height() + pad)
        chip = QRect(rect.left(), rect.center().y() - height // 2 + 1, 0, height)
        chip.setWidth(min(rect.width(), metrics.horizontalAdvance(shown) + 2 * pad))
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        # An edge in the palette's Mid colour: a pale chip still stands out from the row.
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(fill)
        radius = pad
        painter.drawRoundedRect(chip, radius, radius)
        painter.setPen(ink)
        painter.drawText(chip.adjusted(pad, 0, -pad, 0), _MIDDLE_LEFT, shown)
        painter.restore()


class KwicDelegate(_CellDelegate):
    """Before | **keyword** | after, on one line: the keyword stays in view, the context on
    either side is elided (before it at the left, after it at the right)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect, colour, text = self._background(painter, option, index)
        parts = index.data(KWIC_ROLE)
        before, focus, after = parts if isinstance(parts, tuple) else ("", "", text)
        normal = option.fontMetrics
        bold_font = QFont(option.font)
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        width = rect.width()
        focus_shown = _elided(bold, focus, Qt.TextElideMode.ElideRight, width)
        room = width - bold.horizontalAdvance(focus_shown)
        before_room = max(int(room * BEFORE_SHARE), room - normal.horizontalAdvance(after))
        before_shown = _elided(normal, before, Qt.TextElideMode.ElideLeft, before_room)
        painter.save()
        painter.setPen(colour)
        x = rect.left()
        pieces = ((before_shown, option.font, normal), (focus_shown, bold_font, bold))
        for piece, font, metrics in pieces:
            if piece:
                painter.setFont(font)
                painter.drawText(self._from(x, rect), _MIDDLE_LEFT, piece)
                x += metrics.horizontalAdvance(piece)
        painter.setFont(option.font)
        after_shown = _elided(normal, after, Qt.TextElideMode.ElideRight, rect.right() - x + 1)
        painter.drawText(self._from(x, rect), _MIDDLE_LEFT, after_shown)
        painter.restore()

    @staticmethod
    def _from(x: int, rect: QRect) -> QRect:
        return QRect(x, rect.top(), max(0, rect.right() - x + 1), rect.height())
