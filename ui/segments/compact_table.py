"""A table view whose rows are one line of the current font high, even after a zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

ROW_PADDING = 8  # pixels above and below the text, as Fusion pads a line edit


class CompactTableView(QTableView):
    """Row-selecting, one-line rows, no row numbers; Tab leaves the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab moves on to the next control, arrows move inside
        self.setCornerButtonEnabled(False)  # "select all" means nothing in these tables
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()

    @classmethod
    def for_model(
        cls, model: QAbstractItemModel, *, object_name: str, accessible_name: str
    ) -> CompactTableView:
        """A read-only, single-selection table on ``model`` whose last column stretches."""
        view = cls()
        view.setObjectName(object_name)
        view.set_accessible_names(accessible_name)
        view.setModel(model)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return view

    def set_accessible_names(self, name: str) -> None:
        """Name the table and the headers Qt builds for it, for screen readers."""
        self.setAccessibleName(name)
        self.horizontalHeader().setAccessibleName(f"Columns of {name.lower()}")
        self.verticalHeader().setAccessibleName(f"Rows of {name.lower()}")
        corner = self.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName("Select all rows")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)


class ElideDelegate(QStyledItemDelegate):
    """Elides a column's text at the start or in the middle (the view elides at the end).

    The start, for context before a search hit; the middle, for names whose end tells
    them apart ("careers_survey, R01").
    """

    def __init__(self, mode: Qt.TextElideMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = mode

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self._mode
