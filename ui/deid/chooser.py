"""Which documents to de-identify: a checkable list, the navigator's selection ticked first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.deid.map_editor import button, named

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from workbench.dto import DocumentInfo

_ID = Qt.ItemDataRole.UserRole


class DocumentChooser(QWidget):
    """The documents to look in; ``look_requested`` when the person asks to look (again)."""

    look_requested = Signal()
    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deid_documents_pane")
        self.list = QListWidget()
        named(self.list, "deid_documents", "Documents to de-identify",
              "Tick the documents to look in (Space ticks the current one)")  # fmt: skip
        self.all = button("Tick a&ll", "deid_all_documents", "Tick all documents",
                          "Tick every document of the project")  # fmt: skip
        self.none = button("Untic&k all", "deid_no_documents", "Untick all documents",
                           "Untick every document")  # fmt: skip
        self.look = button("L&ook for identifying details", "deid_look",
                           "Look for identifying details",
                           "Look for names, places, dates and identifiers in the ticked "
                           "documents (F5)")  # fmt: skip
        caption = QLabel("&Documents:")
        caption.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.all)
        ticks.addWidget(self.none)
        layout.addLayout(ticks)
        layout.addWidget(self.look)

    def add_below(self, widget: QWidget) -> None:
        """Put ``widget`` under the Look button (the add-a-name box: it is project-wide)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(widget)
        self.all.clicked.connect(lambda: self._tick_all(checked=True))
        self.none.clicked.connect(lambda: self._tick_all(checked=False))
        self.look.clicked.connect(self.look_requested)
        self.list.itemChanged.connect(lambda _item: self._changed())

    def set_documents(self, documents: Sequence[DocumentInfo], chosen: Collection[int]) -> None:
        """List ``documents``, ticking ``chosen`` (all of them when none is chosen)."""
        wanted = set(chosen) or {d.id for d in documents}
        self.list.blockSignals(True)
        self.list.clear()
        for info in documents:
            name = f"{info.folder}/{info.name}" if info.folder else info.name
            item = QListWidgetItem(name)
            item.setData(_ID, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = info.id in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setToolTip(f"{info.name}: {info.words:,} words, {info.codings:,} codings")
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._changed()

    def chosen_ids(self) -> list[int]:
        return [
            int(item.data(_ID))
            for row in range(self.list.count())
            if (item := self.list.item(row)).checkState() == Qt.CheckState.Checked
        ]

    def _tick_all(self, *, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)
        self.list.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self.look.setEnabled(bool(self.chosen_ids()))
        self.choice_changed.emit()
