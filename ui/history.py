"""The undo history: every step that Undo can take back, newest at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QListWidget, QWidget

if TYPE_CHECKING:
    from ui.session import ProjectSession


class HistoryDock(QDockWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Undo history", parent)
        self.setObjectName("history_dock")
        self.session = session
        self.list = QListWidget()
        self.list.setObjectName("history_list")
        self.list.setAccessibleName("Undo history")
        self.list.setToolTip("Changes you can undo, the most recent last")
        self.setWidget(self.list)
        session.undo_state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        history = self.session.project.undo_stack.history()
        self.list.addItems(history or ["No changes yet"])
        self.list.scrollToBottom()
