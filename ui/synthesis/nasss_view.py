"""The NASSS grid's table view: equal columns wide enough for "Complicated", case names at left.

Sizes come from the view's font, so a zoom (the application font) grows the grid with the text.
Arrow keys move from cell to cell; Tab leaves the grid; Enter is the view's ``activated``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.synthesis.nasss_model import cell_text
from workbench.nasss import RATINGS

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

CELL_PADDING = 16  # pixels beside the widest rating word
ROW_PADDING = 8  # pixels above and below the text
FRAME = 3  # pixels: the frame that marks a selected cell


class RatingCellDelegate(QStyledItemDelegate):
    """Keeps a selected cell's rating colour and marks the selection with a frame instead.

    The usual selection fill would hide the colour (and Fusion's blue is close to the
    "complicated" blue). The frame is the highlight colour with a thin line inside in the
    highlighted-text colour, so it shows on the lightest and the darkest rating alike.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, plain, index)
        if not selected:
            return
        painter.save()
        outer = option.rect.adjusted(FRAME // 2, FRAME // 2, -(FRAME // 2 + 1), -(FRAME // 2 + 1))
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), FRAME))
        painter.drawRect(outer)
        inner = outer.adjusted(FRAME - 1, FRAME - 1, -(FRAME - 1), -(FRAME - 1))
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.HighlightedText), 1))
        painter.drawRect(inner)
        painter.restore()


class NasssGridView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nasss_grid")
        self.setAccessibleName("NASSS complexity grid")
        self.setToolTip(
            "Cases by NASSS domains. Arrow keys move between cells, Enter edits the rating; "
            "Shift+arrows or clicking case names selects cases to compare"
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab moves on to the editor; arrows move inside
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setItemDelegate(RatingCellDelegate(self))
        self.horizontalHeader().setAccessibleName("NASSS domains")
        self.verticalHeader().setAccessibleName("Assessed cases")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_to_font()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def _fit_to_font(self) -> None:
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(cell_text(rating)) for rating in RATINGS)
        self.horizontalHeader().setDefaultSectionSize(widest + CELL_PADDING)
        self.horizontalHeader().setMinimumSectionSize(metrics.horizontalAdvance("7B") + 8)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + ROW_PADDING)
        for column in range(self.horizontalHeader().count()):
            self.setColumnWidth(column, widest + CELL_PADDING)
