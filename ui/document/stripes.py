"""The coding-stripes margin: one labelled bracket per coding beside the text (NVivo, MAXQDA).

Each coding gets a column for the whole document (see ``assign_columns``), so brackets do not
jump sideways while scrolling and overlapping codings never collide. Only the codings that
meet the visible text are laid out and painted. Each bracket has a label with the code name in
the lane beside the columns (``stripe_layout``), so codings are told apart without colour.
A click selects the coded passage; right-click, the Menu key or Shift+F10 offers uncode,
recode and memo; Up/Down walk the visible brackets from the keyboard. Given
:class:`~ui.document.coder_columns.CoderColumns`, the margin shows the stripes by coder: a block
of columns per coder under a header row of initials, and each label names its coder.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from ui.document.coder_columns import CoderColumns, initials_of
from ui.document.coder_header import columns_for_initials, group_at, paint_header
from ui.document.columns import StripeColumns
from ui.document.highlights import CodingIndex, code_colour, readable_on
from ui.document.stripe_layout import Bracket, StripeGeometry, geometry_for, lay_out

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPaintEvent

    from coding.locations import Utf16Map
    from ui.document.text_edit import DocumentTextEdit
    from workbench.queries.codings import DocumentCoding

_TICK, _BAR = 4, 4  # pixels: bracket end ticks and bar width


class StripesMargin(QWidget):
    coding_clicked = Signal(int)  # coding id

    def __init__(self, editor: DocumentTextEdit) -> None:
        super().__init__(editor)
        self.setObjectName("coding_stripes")
        self.setAccessibleName("Coding stripes")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._editor = editor
        self._index = CodingIndex([])
        self._columns: StripeColumns | CoderColumns = StripeColumns([])
        self._utf16: Utf16Map | None = None
        self._current: int | None = None  # the coding the keyboard is on
        self.menu_for: Callable[[int, QMenu], None] | None = None
        self._elided: dict[tuple[str, int], str] = {}  # label texts, until the font changes
        self.setToolTip(
            "Coding stripes: click a bracket to select its passage; "
            "right-click it to remove, recode or write a memo"
        )
        self._describe()
        editor.margin = self

    def set_codings(
        self, index: CodingIndex, columns: StripeColumns | CoderColumns, utf16: Utf16Map
    ) -> None:
        """Show ``index`` with ``columns`` (called again when they changed in place); with
        :class:`CoderColumns`, by coder."""
        self._index, self._columns, self._utf16 = index, columns, utf16
        self._fit_initials()
        if self._current not in index.by_id:
            self._current = None
        self._describe()
        self._editor.place_margin()
        self.update()

    def _fit_initials(self) -> None:
        if isinstance(self._columns, CoderColumns):
            self._columns.fit(columns_for_initials(self._columns.groups, self.fontMetrics()))

    @property
    def by_coder(self) -> bool:
        return isinstance(self._columns, CoderColumns)

    def _describe(self) -> None:
        count = len(self._index)
        description = f"Coding stripes: {count} coding{'s' * (count != 1)}"
        if isinstance(self._columns, CoderColumns):
            coders = ", ".join(f"{g.initials} ({g.name})" for g in self._columns.groups)
            description += f", by coder, left to right: {coders}" if coders else ", by coder"
        if description != self.accessibleDescription():  # a memo or a recode keeps the count
            self.setAccessibleDescription(description)

    def stripe_geometry(self) -> StripeGeometry:
        return geometry_for(self.fontMetrics(), self._columns.depth, by_coder=self.by_coder)

    def preferred_width(self) -> int:
        return self.stripe_geometry().width

    def header_height(self) -> int:
        """The header row above the text (stripes by coder), else 0."""
        return self.stripe_geometry().top

    def label_text(self, coding: DocumentCoding) -> str:
        """What a bracket's label says: the code, after its coder's initials when by coder."""
        if self.by_coder:
            return f"{initials_of(coding)}: {coding.code_name}"
        return coding.code_name

    def brackets(self) -> list[Bracket]:
        """The brackets of the codings that meet the visible text, top to bottom."""
        visible = self._editor.visible_text()
        if self._utf16 is None or not visible.positions:
            return []
        utf16 = self._utf16
        found = self._index.overlapping(
            utf16.from_utf16(visible.start), utf16.from_utf16(visible.end)
        )
        return lay_out(found, visible, utf16, self._columns, self.stripe_geometry())

    def bracket_at(self, point: QPoint) -> Bracket | None:
        """The bracket (or label) under ``point``; the shortest bracket wins where two touch."""
        hits = [b for b in self.brackets() if b.contains(point.x(), point.y())]
        return min(hits, key=lambda b: b.rect.height()) if hits else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Window)
        painter.fillRect(self.rect(), background)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, 0, 0, self.height())
        dark = background.lightness() < 128
        if isinstance(self._columns, CoderColumns):
            geometry = self.stripe_geometry()
            paint_header(painter, self._columns.groups, geometry, palette, self.fontMetrics())
        brackets = self.brackets()
        for bracket in brackets:  # bars are pixel-aligned: no antialiasing needed
            colour = code_colour(bracket.coding.colour)
            self._paint_bracket(painter, bracket, colour, _edge(colour, dark))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for bracket in brackets:
            if bracket.label is not None:
                colour = code_colour(bracket.coding.colour)
                self._paint_label(painter, bracket, colour, _edge(colour, dark))
        current = [b for b in brackets if b.coding.id == self._current]
        if self.hasFocus() and current:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in (current[0].rect, current[0].label):
                if rect is not None:
                    painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    @staticmethod
    def _paint_bracket(painter: QPainter, bracket: Bracket, colour: QColor, edge: QColor) -> None:
        """A bar in the code colour with ticks where the coding starts and ends."""
        rect = bracket.rect
        bar = QRect(rect.left() + _TICK, rect.top() + 1, _BAR, max(rect.height() - 2, 2))
        painter.fillRect(bar, edge)
        painter.fillRect(bar.adjusted(1, 1, -1, -1), colour)
        if not bracket.open_top:
            painter.fillRect(QRect(rect.left() + 1, bar.top(), _TICK, 2), edge)
        if not bracket.open_bottom:
            painter.fillRect(QRect(rect.left() + 1, bar.bottom() - 1, _TICK, 2), edge)

    def _paint_label(
        self, painter: QPainter, bracket: Bracket, colour: QColor, edge: QColor
    ) -> None:
        """A chip in the code colour with the code name, joined to its bracket by a line."""
        label = bracket.label
        assert label is not None
        painter.setPen(QPen(edge, 1))
        bar_right = bracket.rect.left() + _TICK + _BAR
        painter.drawLine(
            QPointF(bar_right, bracket.rect.top() + 1.5),
            QPointF(label.left(), label.top() + label.height() / 2),
        )
        chip = QRectF(label).adjusted(0.5, 1.5, -0.5, -1.5)
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, 3, 3)
        painter.setPen(readable_on(colour))
        name = self.label_text(bracket.coding)
        text = self._elided.get((name, label.width()))
        if text is None:
            metrics = self.fontMetrics()
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label.width() - 8)
            self._elided[(name, label.width())] = text
        painter.drawText(chip.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bracket = self.bracket_at(event.position().toPoint())
        if bracket is not None and event.button() == Qt.MouseButton.LeftButton:
            self._current = bracket.coding.id
            self.coding_clicked.emit(bracket.coding.id)
            self.update()
            return
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            bracket = self.bracket_at(event.pos())
        else:
            bracket = self._current_bracket()
        if bracket is None:
            return
        menu = self.menu_for_coding(bracket.coding.id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def menu_for_coding(self, coding_id: int) -> QMenu:
        """The remove / recode / memo menu of one coding (what right-click shows)."""
        menu = QMenu(self)
        menu.setObjectName("coding_menu")
        if self.menu_for is not None:
            self.menu_for(coding_id, menu)
        return menu

    def _current_bracket(self) -> Bracket | None:
        brackets = self.brackets()
        current = [b for b in brackets if b.coding.id == self._current]
        return current[0] if current else (brackets[0] if brackets else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        brackets = self.brackets()
        ids = [b.coding.id for b in brackets]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and ids:
            step = -1 if key == Qt.Key.Key_Up else 1
            here = ids.index(self._current) if self._current in ids else -step
            self._current = ids[max(0, min(len(ids) - 1, here + step))]
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and ids:
            bracket = self._current_bracket()
            if bracket is not None:
                self._current = bracket.coding.id
                self.coding_clicked.emit(bracket.coding.id)
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        ):
            bracket = self._current_bracket()
            if bracket is not None:
                self._current = bracket.coding.id
                reason = QContextMenuEvent.Reason.Keyboard
                where = bracket.rect.center()
                self.contextMenuEvent(QContextMenuEvent(reason, where, self.mapToGlobal(where)))
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self._tooltip_at(event.pos()), self)
            return True
        if event.type() == QEvent.Type.FontChange:
            self._elided.clear()
            self._fit_initials()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._editor.place_margin()
            self.update()
        return super().event(event)

    def _tooltip_at(self, point: QPoint) -> str:
        bracket = self.bracket_at(point)
        if bracket is not None:
            return bracket_tooltip(bracket.coding)
        geometry = self.stripe_geometry()
        if isinstance(self._columns, CoderColumns) and point.y() < geometry.top:
            group = group_at(self._columns.groups, geometry, point.x())
            if group is not None:
                return f"Codings by {escape(group.name)} ({escape(group.initials)})"
        return self.toolTip()


def bracket_tooltip(coding: DocumentCoding) -> str:
    lines = [f"<b>{escape(coding.code_name)}</b>", f"Coded by {escape(coding.coder or 'unknown')}"]
    if coding.memo:
        lines.append(f"Memo: {escape(coding.memo[:200])}")
    return "<br>".join(lines)


def _edge(colour: QColor, dark: bool) -> QColor:
    """Outline of a bracket or chip: darker than its colour, or lighter on a dark margin."""
    return colour.lighter(150) if dark else colour.darker(170)
