"""What the navigator offers on its rows: open, rename, move to a folder, write a memo.

Folders live in their documents (a document's ``folder``), as in a MAXQDA document group:
"Move to folder…" with a new name creates one, and a folder empties away with its last
document. Each action asks through the static ``QInputDialog`` calls and runs one command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from workbench.errors import OperationError
from workbench.ops.documents import MoveDocuments, RenameDocument, RenameFolder

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint

    from ui.navigator.dock import NavigatorDock
    from workbench.commands import Command

NO_FOLDER = "(No folder)"


class NavigatorActions(QObject):
    # kind ("document" / "case"), target id, a title for a new memo
    memo_requested = Signal(str, int, str)

    def __init__(self, dock: NavigatorDock) -> None:
        super().__init__(dock)
        self.dock = dock
        self.session = dock.session
        self.open = self._action("&Open", "open_document", self._open)
        self.rename = self._action("&Rename…", "rename_document", self.rename_current, "F2")
        self.move = self._action("&Move to folder…", "move_to_folder", self.move_selected)
        self.memo = self._action("Document &memo…", "document_memo", self._memo)
        self.rename_folder = self._action("Rename &folder…", "rename_folder", self._rename_folder)
        self.case_memo = self._action("Case &memo…", "case_memo", self._memo)
        self.menu_key = self._action("Menu", "navigator_menu_key", self.show_menu_at_current)
        self.menu_key.setShortcuts([QKeySequence("Shift+F10")])

    def _action(self, text: str, name: str, slot: Callable[[], object], *keys: str) -> QAction:
        action = QAction(text, self.dock.view)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.dock.view.addAction(action)
        return action

    # ------------------------------------------------------------------ menu
    def context_menu(self) -> QMenu:
        """The menu for the current row: documents, a folder or a case."""
        menu = QMenu(self.dock.view)
        menu.setObjectName("navigator_context_menu")
        writable = not self.session.read_only
        if self.dock.current_document_id() is not None:
            menu.addActions([self.open, self.rename, self.move, self.memo])
            for action in (self.rename, self.move):  # memos still open read-only
                action.setEnabled(writable)
        elif self.dock.current_folder() is not None:
            menu.addAction(self.rename_folder)
            self.rename_folder.setEnabled(writable)
        elif self.dock.current_case_id() is not None:
            menu.addAction(self.case_memo)
        return menu

    def show_context_menu(self, position: QPoint) -> None:
        view = self.dock.view
        index = view.indexAt(position)
        if index.isValid() and index != view.currentIndex():
            view.setCurrentIndex(index)
        menu = self.context_menu()
        if not menu.isEmpty():
            menu.popup(view.viewport().mapToGlobal(position))

    def show_menu_at_current(self) -> None:
        view = self.dock.view
        rect = view.visualRect(view.currentIndex())
        self.show_context_menu(rect.center() if rect.isValid() else view.rect().topLeft())

    # ------------------------------------------------------------------ slots
    def _open(self) -> None:
        document_id = self.dock.current_document_id()
        if document_id is not None:
            self.dock.document_activated.emit(document_id)

    def rename_current(self) -> None:
        document_id = self.dock.current_document_id()
        info = self.dock.model.document_info(document_id) if document_id is not None else None
        if info is None:
            folder = self.dock.current_folder()
            if folder is not None:
                self._rename_folder()
            return
        name, ok = QInputDialog.getText(
            self.dock, "Rename document", "New name:", QLineEdit.EchoMode.Normal, info.name
        )
        if ok and name.strip() and name.strip() != info.name:
            self._run(lambda: RenameDocument(info.id, name))

    def move_selected(self) -> None:
        ids = self.dock.selected_document_ids()
        if not ids:
            return
        folders = sorted({f for f in self.dock.model.folders() if f})
        current = self.dock.model.document_info(ids[0])
        choices = [NO_FOLDER, *folders]
        start = choices.index(current.folder) if current and current.folder in folders else 0
        what = "1 document" if len(ids) == 1 else f"{len(ids)} documents"
        folder, ok = QInputDialog.getItem(
            self.dock,
            "Move to folder",
            f"Move {what} to the folder (type a new name to make one):",
            choices,
            start,
            True,
        )
        if ok:
            target = "" if folder == NO_FOLDER else folder
            self._run(lambda: MoveDocuments(ids, target))

    def _rename_folder(self) -> None:
        old = self.dock.current_folder()
        if not old:
            return
        new, ok = QInputDialog.getText(
            self.dock, "Rename folder", "New folder name:", QLineEdit.EchoMode.Normal, old
        )
        if ok and new.strip() and new.strip() != old:
            self._run(lambda: RenameFolder(old, new))

    def _memo(self) -> None:
        document_id = self.dock.current_document_id()
        if document_id is not None:
            info = self.dock.model.document_info(document_id)
            self.memo_requested.emit("document", document_id, info.name if info else "")
            return
        case_id = self.dock.current_case_id()
        if case_id is not None:
            self.memo_requested.emit("case", case_id, self.dock.model.case_name(case_id))

    def _run(self, make: Callable[[], Command]) -> None:
        try:
            command = make()
        except OperationError as exc:  # refused before it ran (a name too long, say)
            self.session.failed.emit(str(exc))
            return
        self.session.run(command)
