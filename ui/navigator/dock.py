"""The navigator dock: the project's documents and cases; files dropped on it are imported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.file_drops import FileDropMixin
from ui.navigator.actions import NavigatorActions
from ui.navigator.model import (
    CASE_ID_ROLE,
    DOCUMENT_ID_ROLE,
    GROUP_KEY_ROLE,
    NavigatorModel,
)
from workbench.queries.documents import list_cases, list_documents

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes

_Index = QModelIndex | QPersistentModelIndex


class NavigatorTree(FileDropMixin, QTreeView):
    """The tree, accepting files dragged from the desktop (the main window imports them)."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(False)


class NavigatorDock(QDockWidget):
    document_activated = Signal(int)
    case_activated = Signal(int)
    files_dropped = Signal(list)  # list[Path]

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Navigator", parent)
        self.setObjectName("navigator_dock")
        self.session = session
        self.model = NavigatorModel(self)
        self.view = NavigatorTree()
        self.view.setObjectName("navigator_tree")
        self.view.setAccessibleName("Documents and cases")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setAccessibleName("Navigator columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.hint = QLabel("No documents yet: drag files here, or use File › Import.")
        self.hint.setObjectName("navigator_hint")
        self.hint.setWordWrap(True)
        self.hint.setMargin(6)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)
        self.setWidget(body)
        self._seen_keys: set[str] = set()
        self.commands = NavigatorActions(self)
        self._connect()
        self.refresh()

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.view.activated.connect(self._activate)
        self.view.files_dropped.connect(self.files_dropped)
        self.view.customContextMenuRequested.connect(self.commands.show_context_menu)

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        """Reload documents and cases, keeping what the user had expanded."""
        self._reload(documents=True, cases=True)

    def _on_changed(self, changes: Changes) -> None:
        documents = bool(changes.documents or changes.codings or changes.code_tree)
        # Codings touch documents too, but leave cases alone: imports and renames do not.
        imported = bool(changes.documents) and not changes.codings
        cases = bool(changes.cases or changes.attributes or imported)
        if documents or cases:
            self._reload(documents=documents, cases=cases)

    def _reload(self, *, documents: bool, cases: bool) -> None:
        expanded = self._expanded_keys()
        project = self.session.project
        if documents:
            self.model.set_documents(list_documents(project))
        if cases:
            self.model.set_cases(list_cases(project))
        self._restore_expanded(expanded)
        self.hint.setVisible(self.model.document_count == 0)

    def _expanded_keys(self) -> set[str]:
        return {
            key
            for index in self._walk(QModelIndex())
            if self.view.isExpanded(index) and (key := _key(index))
        }

    def _restore_expanded(self, expanded: set[str]) -> None:
        for index in self._walk(QModelIndex()):
            key = _key(index)
            if not key:
                continue
            # New document groups open, so imported files are in sight at once.
            is_new_group = key not in self._seen_keys and key.startswith("kind:")
            if key in expanded or is_new_group:
                self.view.expand(index)
            self._seen_keys.add(key)

    def _walk(self, parent: QModelIndex) -> list[QModelIndex]:
        found = []
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if self.model.hasChildren(index):
                found.append(index)
                found.extend(self._walk(index))
        return found

    # ------------------------------------------------------------------ selection
    def _activate(self, index: QModelIndex) -> None:
        document_id, case_id = _id(index, DOCUMENT_ID_ROLE), _id(index, CASE_ID_ROLE)
        if document_id is not None:
            self.document_activated.emit(document_id)
        elif case_id is not None:
            self.case_activated.emit(case_id)

    def current_document_id(self) -> int | None:
        return _id(self.view.currentIndex(), DOCUMENT_ID_ROLE)

    def current_case_id(self) -> int | None:
        return _id(self.view.currentIndex(), CASE_ID_ROLE)

    def current_folder(self) -> str | None:
        """The user folder of the current row when it is a folder row."""
        key = _key(self.view.currentIndex())
        return key.split(":", 2)[2] if key.startswith("folder:") else None

    def selected_document_ids(self) -> list[int]:
        """Selected documents in tree order (the current one when nothing else is)."""
        rows = self.view.selectionModel().selectedRows(0)
        ids = [i for index in rows if (i := _id(index, DOCUMENT_ID_ROLE)) is not None]
        current = self.current_document_id()
        if not ids and current is not None:
            ids = [current]
        return list(dict.fromkeys(ids))

    def select_document(self, document_id: int) -> None:
        """Make ``document_id`` the current row (when a document is opened elsewhere)."""
        item = self.model.document_item(document_id)
        if item is not None:
            index = item.index()
            self.view.scrollTo(index)
            self.view.setCurrentIndex(index)


def _id(index: _Index, role: int) -> int | None:
    value = index.data(role) if index.isValid() else None
    return int(value) if value is not None else None


def _key(index: _Index) -> str:
    key = index.data(GROUP_KEY_ROLE)
    if key:
        return str(key)
    case_id = _id(index, CASE_ID_ROLE)
    return f"case:{case_id}" if case_id is not None else ""
