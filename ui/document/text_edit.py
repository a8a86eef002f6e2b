"""The read-only text of a document, telling the view what part of it is on screen.

QPlainTextEdit lays out only the blocks it shows, which keeps 100,000-word documents smooth;
this subclass adds what the highlights and the stripes margin need: the visible range and the
height of a position within it, and paints the coding tints under the visible text. Tooltips
and context menus are handed back to the view through two hooks, so that all knowledge of
codings stays there. A dragged selection carries its document and code-point range, so that
dropping it on a code codes it; being read-only, the text only ever offers a copy.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QPainter, QPalette, QPen, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from ui.codebook.mime import selection_mime_data
from ui.document.content import DocumentContent
from ui.document.tint_layer import Highlight, TintLayer

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import (
        QKeyEvent,
        QPaintEvent,
        QResizeEvent,
        QTextDocument,
        QTextLayout,
        QTextLine,
    )

    from ui.document.stripes import StripesMargin


@dataclass(frozen=True, slots=True)
class VisibleText:
    """The blocks on screen: their UTF-16 positions, layouts and top edges (viewport pixels)."""

    positions: list[int]
    lengths: list[int]
    tops: list[float]
    layouts: list[QTextLayout]
    height: int
    left: float = 0.0  # horizontal content offset
    width: int = 0  # of the viewport: the line breaks follow it

    @property
    def layout_key(self) -> tuple[object, ...]:
        """Equal for two views of the text whose lines sit in the same places on screen (with
        the same font and document)."""
        return tuple(self.positions), tuple(self.tops), self.left, self.width, self.height

    @property
    def start(self) -> int:
        return self.positions[0] if self.positions else 0

    @property
    def end(self) -> int:
        return self.positions[-1] + self.lengths[-1] if self.positions else 0

    def line_top(self, units: int) -> float:
        """Top of the line holding ``units``; -1 above the view, the height below it."""
        if units < self.start:
            return -1.0
        if units >= self.end:
            return float(self.height)
        return self._line(units)[0]

    def line_bottom(self, units: int) -> float:
        """Bottom of the line holding ``units``; -1 above the view, the height below it."""
        if units < self.start:
            return -1.0
        if units >= self.end:
            return float(self.height)
        return self._line(units)[1]

    def rects(self, start: int, end: int) -> list[QRectF]:
        """The line boxes that the text ``[start, end)`` (UTF-16) covers on screen."""
        found = []
        first = max(bisect_right(self.positions, start) - 1, 0)
        for index in range(first, len(self.positions)):
            position = self.positions[index]
            if position >= end:
                break
            layout = self.layouts[index]
            origin = layout.position()
            low, high = start - position, min(end - position, self.lengths[index] - 1)
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                line_start = line.textStart()
                line_end = line_start + line.textLength()
                if line_end <= low or line_start >= high:
                    continue
                x1 = _x_of(line, max(line_start, low))
                x2 = _x_of(line, min(line_end, high))
                top = self.tops[index] + origin.y() + line.y()
                found.append(QRectF(self.left + origin.x() + x1, top, x2 - x1, line.height()))
        return found

    def _line(self, units: int) -> tuple[float, float]:
        index = bisect_right(self.positions, units) - 1
        layout = self.layouts[index]
        line = layout.lineForTextPosition(units - self.positions[index])
        if not line.isValid():
            line = layout.lineAt(layout.lineCount() - 1)
        top = self.tops[index] + layout.position().y() + line.y()
        return top, top + line.height()


def _x_of(line: QTextLine, position: int) -> float:
    """Where ``position`` is along ``line`` (PySide returns ``(x, position)``)."""
    found = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)  # type: ignore[arg-type]


class DocumentTextEdit(QPlainTextEdit):
    """Read-only, selectable by mouse and keyboard; reports what is visible."""

    visible_range_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setObjectName("document_text")
        self.setAccessibleName("Document text")
        self.margin: StripesMargin | None = None
        self.tints = TintLayer()
        self.tooltip_for: Callable[[int], str] | None = None
        self.menu_for: Callable[[int, QMenu], None] | None = None
        self._visible_key: tuple[int, int, int] | None = None
        self.verticalScrollBar().valueChanged.connect(self.check_visible)
        self.updateRequest.connect(self._on_update_request)

    def visible_text(self) -> VisibleText:
        positions, lengths, tops, layouts = [], [], [], []
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid() and top <= height:
            if block.isVisible():
                positions.append(block.position())
                lengths.append(block.length())
                tops.append(top)
                layouts.append(block.layout())
            top += self.blockBoundingRect(block).height()
            block = block.next()
        left, width = self.contentOffset().x(), self.viewport().width()
        return VisibleText(positions, lengths, tops, layouts, height, left, width)

    @property
    def highlights(self) -> list[Highlight]:
        """(start, end) in UTF-16 units, tint, overlapped: drawn under the text."""
        return self.tints.highlights

    def set_highlights(
        self, highlights: list[Highlight], visible: VisibleText | None = None
    ) -> None:
        """Draw ``highlights`` (measured in ``visible``, the text on screen now), repainting
        only where they changed."""
        if visible is None:
            visible = self.visible_text()
        region = self.tints.set(highlights, visible)
        if region is None:
            self.viewport().update()
        elif not region.isEmpty():
            self.viewport().update(region)

    def setDocument(self, document: QTextDocument) -> None:
        super().setDocument(document)
        self.tints.forget_layout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.tints.forget_layout()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Tints under the text, then the text itself. Painting them here rather than as extra
        selections keeps the text drawn once: a third of the cost on a busy page."""
        if self.highlights:
            painter = QPainter(self.viewport())
            painter.setClipRect(event.rect())
            dotted = QPen(self.palette().color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DotLine)
            painter.setPen(dotted)
            self.tints.paint(painter, self.visible_text())
            painter.end()
        super().paintEvent(event)

    def check_visible(self) -> None:
        """Tell the view when the visible blocks change (scroll, resize, relayout)."""
        visible = self.visible_text()
        key = (visible.start, visible.end, visible.height)
        if key != self._visible_key:
            self._visible_key = key
            self.visible_range_changed.emit()

    def forget_visible(self) -> None:
        self._visible_key = None

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy or rect.contains(self.viewport().rect()):
            self.check_visible()
            if self.margin is not None:
                self.margin.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_margin()
        self.check_visible()

    def place_margin(self) -> None:
        """The stripes beside the text; their header row (stripes by coder) above it."""
        if self.margin is None:
            return
        width, top = self.margin.preferred_width(), self.margin.header_height()
        margins = self.viewportMargins()
        if (margins.right(), margins.top()) != (width, top):
            self.setViewportMargins(0, top, width, 0)
        area = self.viewport().geometry()
        self.margin.setGeometry(
            QRect(area.right() + 1, area.top() - top, width, area.height() + top)
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = ""
            if self.tooltip_for is not None:
                text = self.tooltip_for(self.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            units = self.cursorForPosition(event.pos()).position()
        else:
            units = self.textCursor().position()
        menu = self.build_context_menu(units, event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def build_context_menu(self, units: int, pos: QPoint | None = None) -> QMenu:
        """The standard copy/select menu, with the actions for the codings at ``units`` first."""
        menu = self.createStandardContextMenu(pos or QPoint())
        if self.menu_for is not None:
            self.menu_for(units, menu)
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shift_f10 = (
            event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        if shift_f10 or event.key() == Qt.Key.Key_Menu:
            where = self.cursorRect().center()
            self.contextMenuEvent(
                QContextMenuEvent(
                    QContextMenuEvent.Reason.Keyboard, where, self.viewport().mapToGlobal(where)
                )
            )
            return
        super().keyPressEvent(event)

    def createMimeDataFromSelection(self) -> QMimeData:
        """What a drag (and Copy) of the selection carries: Qt starts the drag with this and,
        the text not being editable, allows only a copy, so the text can never be moved."""
        data = self.selection_mime_data()
        return data if data is not None else super().createMimeDataFromSelection()

    def selection_mime_data(self) -> QMimeData | None:
        """The selected passage: its document, ``[start, end)`` in code points and its text."""
        content = getattr(self.parentWidget(), "content", None)  # the owning view's document
        cursor = self.textCursor()
        if not isinstance(content, DocumentContent) or not cursor.hasSelection():
            return None
        start = content.utf16.from_utf16(cursor.selectionStart())
        end = content.utf16.from_utf16(cursor.selectionEnd())
        return selection_mime_data(content.document_id, start, end, content.text[start:end])

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting UTF-16 positions ``start`` to ``end``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor
