"""The codebook dock: filter box, code tree (drag to nest, F2 to rename) and code editor.

The dock keeps the view steady across reloads: which codes are expanded and which one is
current are remembered by code id, so a rename, a move or an undo never collapses the tree
or loses the user's place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.codebook.actions import CodebookActions
from ui.codebook.editor import CodeEditor
from ui.codebook.model import CODINGS, DOCUMENTS, NAME, CodeTreeModel

if TYPE_CHECKING:
    from ui.session import ProjectSession

PIN_KEYS = range(1, 10)


class CodeTreeView(QTreeView):
    """The tree asks for room for a framework key, a name and both counts, and indents in
    step with the font, so zooming keeps the names as roomy as before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._indent()

    def _indent(self) -> None:
        self.setIndentation(self.fontMetrics().horizontalAdvance("M") * 3 // 2)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._indent()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().horizontalAdvance("M")
        return QSize(em * 30, self.fontMetrics().lineSpacing() * 20)


class CodebookDock(QDockWidget):
    code_activated = Signal(int)  # apply this code to the current selection
    current_code_changed = Signal(object)  # code id or None
    pins_changed = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Codebook", parent)
        self.session = session
        self.setObjectName("codebook_dock")
        self.pinned: dict[int, int] = {}  # key 1-9 -> code id
        self.current_code_id: int | None = None
        self._expanded: set[int] = set()
        self._known: set[int] = set()
        self._hold_expansion = False  # expanding for a filter or a restore is not the user's
        self.model = CodeTreeModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("code_filter_proxy")
        self.proxy.setRecursiveFilteringEnabled(True)  # parents of matches stay visible
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(NAME)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.view = CodeTreeView()
        self.editor = CodeEditor(session, self.model)
        self.description_button = QToolButton()
        self.commands = CodebookActions(self)
        self._build()
        self._connect()
        self._first_expansion()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.filter.setObjectName("code_filter")
        self.filter.setPlaceholderText("Filter codes")
        self.filter.setAccessibleName("Filter codes")
        self.filter.setToolTip("Show only codes whose name or framework key contains this text")
        self.filter.setClearButtonEnabled(True)
        self._build_view()
        toggle = self.description_button
        toggle.setObjectName("show_code_description")
        toggle.setText("Description")
        toggle.setAccessibleName("Show the code description")
        toggle.setToolTip("Show or hide the definition, inclusion and exclusion of the code")
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        toggle.toggled.connect(self.editor.setVisible)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for action in (self.commands.new_code, self.commands.delete_code):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"{action.objectName()}_button")
            button.setAccessibleName(action.text().replace("…", "").replace("&", ""))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(button)
        buttons.addWidget(self.commands.codebook_button)
        buttons.addStretch(1)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(self.filter, 1)
        filter_row.addWidget(self.description_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("codebook_splitter")
        splitter.addWidget(self.view)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])  # proportions: the tree gets the larger share
        splitter.setChildrenCollapsible(False)
        body = QWidget()
        body.setObjectName("codebook_body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        self.setWidget(body)

    def _build_view(self) -> None:
        view = self.view
        view.setObjectName("code_tree")
        view.setAccessibleName("Codes")
        view.setModel(self.proxy)
        view.setUniformRowHeights(True)
        view.setAllColumnsShowFocus(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        view.setExpandsOnDoubleClick(False)  # double-click applies the code
        writable = not self.session.read_only
        view.setDragEnabled(writable)
        view.setAcceptDrops(writable)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = view.header()
        header.setAccessibleName("Code tree columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (CODINGS, DOCUMENTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _connect(self) -> None:
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.returnPressed.connect(self._go_to_first_match)
        self.view.doubleClicked.connect(self._activated)
        self.view.expanded.connect(lambda index: self._remember_expansion(index, True))
        self.view.collapsed.connect(lambda index: self._remember_expansion(index, False))
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.customContextMenuRequested.connect(self.commands.show_context_menu)
        # Connected after the proxy's own handlers, so the view has reset when these run.
        self.model.modelReset.connect(self._restore_view)

    def _first_expansion(self) -> None:
        """Start with the top-level codes open, so a template's domains are in sight."""
        self._known = {code.id for code in self.model.codes()}
        self._expanded = set(self.model.children_of(None))
        self._restore_view()

    # ------------------------------------------------------------------ current code
    def selected_code(self) -> int | None:
        return self.current_code_id

    def select_code(self, code_id: int | None) -> None:
        """Make ``code_id`` current (opening its parents); None clears the selection."""
        index = QModelIndex()
        if code_id is not None:
            index = self._proxy_index(code_id)
            if not index.isValid() and self.model.code(code_id) and self.filter.text():
                self.filter.clear()  # the code is hidden by the filter: show everything again
                index = self._proxy_index(code_id)
        if not index.isValid():
            self.view.selectionModel().clearSelection()
            self._set_current(None)
            return
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _proxy_index(self, code_id: int) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(code_id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current)
        self._set_current(self.model.code_id(source))

    def _set_current(self, code_id: int | None) -> None:
        if code_id == self.current_code_id:
            return
        self.current_code_id = code_id
        self.editor.set_code(code_id)
        self.commands.update_enabled()
        self.current_code_changed.emit(code_id)

    def _activated(self, index: QModelIndex) -> None:
        code = self.model.code(self.model.code_id(self.proxy.mapToSource(index)) or -1)
        if code is not None and code.is_codable:
            self.code_activated.emit(code.id)

    # ------------------------------------------------------------------ expansion
    def _remember_expansion(self, index: QModelIndex, expanded: bool) -> None:
        if self._hold_expansion or self.filter.text().strip():
            return
        code_id = self.model.code_id(self.proxy.mapToSource(index))
        if code_id is not None:
            if expanded:
                self._expanded.add(code_id)
            else:
                self._expanded.discard(code_id)

    def expanded_codes(self) -> set[int]:
        """Codes the user has open (kept by id across reloads and filtering)."""
        return set(self._expanded)

    def _restore_view(self) -> None:
        """After a reload: reopen what was open, keep the current code, forget lost pins."""
        codes = {code.id for code in self.model.codes()}
        new_top = set(self.model.children_of(None)) - self._known
        self._known = codes
        self._expanded = (self._expanded & codes) | new_top  # a new codebook opens
        self._hold_expansion = True
        try:
            if self.filter.text().strip():
                self.view.expandAll()
            else:
                for code_id in self._expanded:
                    self.view.expand(self._proxy_index(code_id))
        finally:
            self._hold_expansion = False
        self.select_code(self.current_code_id if self.current_code_id in codes else None)
        lost = {key for key, code_id in self.pinned.items() if code_id not in codes}
        if lost:
            for key in lost:
                del self.pinned[key]
            self.pins_changed.emit()

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._hold_expansion = True
        try:
            if text.strip():
                self.view.expandAll()
            else:
                self.view.collapseAll()
                for code_id in self._expanded:
                    self.view.expand(self._proxy_index(code_id))
        finally:
            self._hold_expansion = False
        if self.current_code_id is not None:
            self.view.scrollTo(self._proxy_index(self.current_code_id))

    def _go_to_first_match(self) -> None:
        """Enter in the filter box: on to the first matching code, ready for Enter to apply."""
        index = self._first_match(QModelIndex(), self.filter.text().strip().casefold())
        if index.isValid():
            self.select_code(self.model.code_id(self.proxy.mapToSource(index)))
        self.view.setFocus(Qt.FocusReason.TabFocusReason)

    def _first_match(self, parent: QModelIndex, text: str) -> QModelIndex:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, NAME, parent)
            if text in str(index.data()).casefold():
                return index
            below = self._first_match(index, text)
            if below.isValid():
                return below
        return QModelIndex()

    # ------------------------------------------------------------------ pins
    def pin(self, key: int, code_id: int) -> None:
        """Put ``code_id`` on key ``key`` (1-9); a code sits on one key at most."""
        if key not in PIN_KEYS:
            raise ValueError(f"pin keys are 1 to 9, not {key}")
        for other, pinned in list(self.pinned.items()):
            if pinned == code_id:
                del self.pinned[other]
        self.pinned[key] = code_id
        self.pins_changed.emit()

    def unpin(self, code_id: int) -> None:
        keys = [key for key, pinned in self.pinned.items() if pinned == code_id]
        for key in keys:
            del self.pinned[key]
        if keys:
            self.pins_changed.emit()

    def pin_codes(self) -> list[int]:
        """The first nine codable codes in tree order (a default for keys 1-9)."""
        return [code.id for code in self.model.codes() if code.is_codable][: len(PIN_KEYS)]
