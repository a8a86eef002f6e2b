"""What the codebook dock can do: new, rename, delete, add a template codebook, pin to keys.

Each action asks what it must (a name, a confirmation) through the static ``QInputDialog``
and ``QMessageBox`` calls and then runs one workbench command through the session.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QToolButton

from coding.codebook import CodebookError, load_template, template_keys
from ui.codebook.model import NAME
from workbench.codebooks import LoadCodebook
from workbench.ops.codes import CreateCode, DeleteCode

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint

    from ui.codebook.dock import CodebookDock


class CodebookActions(QObject):
    memo_requested = Signal(str, int, str)  # "code", code id, a title for a new memo

    def __init__(self, dock: CodebookDock) -> None:
        super().__init__(dock)
        self.dock = dock
        self.session = dock.session
        self.new_code = self._action("&New code…", "new_code", self.create_code, "Ins")
        self.new_code.setToolTip("Create a code under the selected code (Insert)")
        self.new_top_level = self._action(
            "New &top-level code…", "new_top_level_code", lambda: self.create_code(top=True)
        )
        self.delete_code = self._action("&Delete code…", "delete_code", self.remove_code, "Del")
        self.delete_code.setToolTip("Delete the selected code, its sub-codes and codings (Del)")
        self.rename = self._action("&Rename", "rename_code", self.rename_current, "F2")
        self.apply = self._action(
            "&Apply to the selected passage", "apply_code", self._apply, "Return", "Enter"
        )
        self.apply.setToolTip("Apply this code to the passage selected in the document (Enter)")
        self.memo = self._action("Code &memo…", "code_memo", self._memo)
        self.memo.setToolTip("Write or open the memo of this code")
        self.codebook_menu = QMenu("Add codebook", dock)
        self.codebook_menu.setObjectName("add_codebook_menu")
        self.codebook_menu.aboutToShow.connect(self.populate_codebooks)
        self.codebook_button = QToolButton()
        self.codebook_button.setObjectName("add_codebook_button")
        self.codebook_button.setText("Add codebook")
        self.codebook_button.setAccessibleName("Add codebook")
        self.codebook_button.setToolTip("Add a framework codebook: NASSS, CFIR, TDF, COM-B…")
        self.codebook_button.setMenu(self.codebook_menu)
        self.codebook_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.codebook_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.update_enabled()

    def _action(self, text: str, name: str, slot: Callable[[], object], *keys: str) -> QAction:
        action = QAction(text, self.dock)
        action.setObjectName(name)
        if keys:  # only while the tree has the focus: Del must still delete text elsewhere
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.dock.view.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def all(self) -> list[QAction]:
        return [self.apply, self.rename, self.memo, self.new_code, self.new_top_level,
                self.delete_code]  # fmt: skip

    def update_enabled(self) -> None:
        writable = not self.session.read_only
        code = self.dock.model.code(self.dock.current_code_id or -1)
        self.new_code.setEnabled(writable)
        self.new_top_level.setEnabled(writable)
        self.codebook_button.setEnabled(writable)
        self.delete_code.setEnabled(writable and code is not None)
        self.rename.setEnabled(writable and code is not None)
        self.apply.setEnabled(writable and code is not None and code.is_codable)
        self.memo.setEnabled(code is not None)  # read-only projects still show memos

    # ------------------------------------------------------------------ codes
    def create_code(self, *, top: bool = False) -> int | None:
        """Ask for a name and create a code under the current one (or at the top level)."""
        parent = None if top else self.dock.current_code_id
        parent_code = self.dock.model.code(parent) if parent is not None else None
        where = f" under “{parent_code.name}”" if parent_code else ""
        name, ok = QInputDialog.getText(self.dock, "New code", f"Name of the new code{where}:")
        if not ok or not name.strip():
            return None
        command = CreateCode(name=name, parent_id=parent_code.id if parent_code else None)
        if not self.session.run(command):
            return None
        self.dock.select_code(command.code_id)
        return command.code_id

    def remove_code(self) -> bool:
        """Confirm, then delete the current code with its sub-codes and codings."""
        model = self.dock.model
        code = model.code(self.dock.current_code_id or -1)
        if code is None:
            return False
        below = model.descendants(code.id)
        codings = sum(c.codings for c in map(model.code, below) if c is not None)
        parts = [f"{len(below) - 1} sub-codes"] if len(below) > 1 else []
        parts += [f"{codings} codings"] if codings else []
        extra = f" with its {' and '.join(parts)}" if parts else ""
        answer = QMessageBox.question(
            self.dock,
            "Delete code",
            f"Delete “{code.name}”{extra}?\n\nYou can undo this with Edit › Undo (Ctrl+Z).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.dock.select_code(code.parent_id)  # move off first: one change of current code
        if not self.session.run(DeleteCode(code.id)):
            self.dock.select_code(code.id)
            return False
        return True

    def rename_current(self) -> None:
        view = self.dock.view
        index = view.currentIndex()
        if index.isValid():
            view.edit(index.siblingAtColumn(NAME))

    def _apply(self) -> None:
        code = self.dock.model.code(self.dock.current_code_id or -1)
        if code is not None and code.is_codable:
            self.dock.code_activated.emit(code.id)

    # ------------------------------------------------------------------ codebooks
    def populate_codebooks(self) -> None:
        """Fill the Add codebook menu once, when it is first opened (not at start-up)."""
        if self.codebook_menu.actions():
            return
        for key in template_keys():
            try:
                name = load_template(key).name
            except CodebookError:
                continue
            action = self.codebook_menu.addAction(name)
            action.setObjectName(f"add_codebook_{key}")
            action.setData(key)
            action.triggered.connect(partial(self.load_codebook, key))

    def load_codebook(self, key: str, _checked: bool = False) -> bool:
        try:
            command = LoadCodebook(key, user_id=self.session.user_id)
        except CodebookError as exc:
            self.session.failed.emit(str(exc))
            return False
        if not self.session.run(command):
            return False
        if command.created:
            self.dock.select_code(command.created[0])
        return True

    def _memo(self) -> None:
        code = self.dock.model.code(self.dock.current_code_id or -1)
        if code is not None:
            self.memo_requested.emit("code", code.id, code.name)

    # ------------------------------------------------------------------ context menu
    def context_menu(self, code_id: int | None) -> QMenu:
        menu = QMenu(self.dock.view)
        menu.setObjectName("code_context_menu")
        if code_id is not None:
            menu.addActions([self.apply, self.rename, self.memo, self.new_code, self.delete_code])
            menu.addSeparator()
            self._pin_menu(menu, code_id)
            menu.addSeparator()
        menu.addAction(self.new_top_level)
        menu.addMenu(self.codebook_menu)
        return menu

    def _pin_menu(self, menu: QMenu, code_id: int) -> None:
        code = self.dock.model.code(code_id)
        pins = menu.addMenu("&Pin to key")
        pins.setObjectName("pin_menu")
        pins.setEnabled(code is not None and code.is_codable)
        for key in range(1, 10):
            holder = self.dock.model.code(self.dock.pinned.get(key, -1))
            action = pins.addAction(f"&{key}   {holder.name if holder else '(free)'}")
            action.setObjectName(f"pin_key_{key}")
            action.triggered.connect(partial(self._pin, key, code_id))
        unpin = menu.addAction("&Unpin")
        unpin.setObjectName("unpin_code")
        unpin.setEnabled(code_id in self.dock.pinned.values())
        unpin.triggered.connect(lambda _checked=False: self.dock.unpin(code_id))

    def _pin(self, key: int, code_id: int, _checked: bool = False) -> None:
        self.dock.pin(key, code_id)

    def show_context_menu(self, position: QPoint) -> None:
        view = self.dock.view
        index = view.indexAt(position)
        if not index.isValid():
            index = view.currentIndex()
        code_id = self.dock.model.code_id(self.dock.proxy.mapToSource(index))
        menu = self.context_menu(code_id)
        menu.exec(view.viewport().mapToGlobal(position))
        menu.deleteLater()
