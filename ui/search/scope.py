"""Where the search dock looks: every document, or ticked documents, cases or codes.

The kind is chosen in a combo box ("Look in"); for any kind but "All documents" a list of
checkable names appears beside the results (Space ticks the current one, as in any Qt list).
What the ticks mean is decided in ``workbench.queries.search_scope``: a case is its documents,
spans and speakers' turns; a code is the passages coded with it or any code below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_cases, list_documents
from workbench.queries.search_scope import SearchScope

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes

ALL, DOCUMENTS, CASES, CODES = "all", "documents", "cases", "codes"
KINDS = (
    (ALL, "All documents"),
    (DOCUMENTS, "Chosen documents"),
    (CASES, "Chosen cases"),
    (CODES, "Passages coded with…"),
)
_LIST_NAMES = {
    DOCUMENTS: ("Documents to search in", "Tick the documents to search in"),
    CASES: ("Cases to search in", "Tick the cases: their documents and their speakers' words"),
    CODES: ("Codes to search within", "Tick the codes: only passages coded with them or below"),
}
_NOUNS = {DOCUMENTS: "document", CASES: "case", CODES: "code"}
LIST_CHARS = 34  # width of the list, in average characters


class ScopeChooser(QWidget):
    """The "Look in" combo (placed by the dock) and the list of names to tick."""

    scope_changed = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_scope_panel")
        self.session = session
        self._checked: dict[str, set[int]] = {kind: set() for kind in _NOUNS}
        self._listed = ""  # the kind of names in the list
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("search_scope_kind")
        self.kind_box.setAccessibleName("Look in")
        self.kind_box.setToolTip("Search every document, or only ticked documents, cases or codes")
        for kind, label in KINDS:
            self.kind_box.addItem(label, kind)
        self.heading = QLabel()
        self.heading.setObjectName("search_scope_heading")
        self.list = QListWidget()
        self.list.setObjectName("search_scope_list")
        self.list.setAccessibleName("Where to search")  # renamed for each kind
        self.list.setUniformItemSizes(True)
        # Ticks are the only state: a highlighted row would look chosen when it is not.
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.heading.setBuddy(self.list)
        self.clear_button = QPushButton("Untick all")
        self.clear_button.setObjectName("search_scope_clear")
        self.clear_button.setAccessibleName("Untick all")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        self.setVisible(False)
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self.list.itemChanged.connect(self._ticked)
        self.clear_button.clicked.connect(self.untick_all)
        self.session.changed.connect(self._on_changed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return hint.expandedTo(QSize(self.fontMetrics().averageCharWidth() * LIST_CHARS, 0))

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))

    def checked_ids(self) -> frozenset[int]:
        return frozenset(self._checked.get(self.kind, ()))

    def scope(self) -> SearchScope:
        """The scope chosen now (everything for "All documents")."""
        ids = self.checked_ids()
        if self.kind == DOCUMENTS:
            return SearchScope(documents=ids)
        if self.kind == CASES:
            return SearchScope(cases=ids)
        if self.kind == CODES:
            return SearchScope(codes=ids)
        return SearchScope()

    def missing(self) -> str | None:
        """Why the chosen scope cannot be searched (nothing ticked), or None."""
        if self.kind in _NOUNS and not self.checked_ids():
            return f"Tick at least one {_NOUNS[self.kind]} in the list to search in."
        return None

    def describe(self) -> str:
        """Where the search looked, for the result line: "" or "within 2 chosen cases"."""
        count = len(self.checked_ids())
        if self.kind not in _NOUNS:
            return ""
        noun = _NOUNS[self.kind] + ("" if count == 1 else "s")
        if self.kind == CODES:
            return f"in passages coded with {count:,} chosen {noun}"
        return f"within {count:,} chosen {noun}"

    def check(self, ids: set[int]) -> None:
        """Tick exactly ``ids`` in the list shown (tests and scripted use)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            tick = int(item.data(Qt.ItemDataRole.UserRole)) in ids
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)

    def untick_all(self) -> None:
        self.check(set())

    # ------------------------------------------------------------------ filling the list
    def _kind_chosen(self) -> None:
        kind = self.kind
        self.setVisible(kind in _NOUNS)
        if kind in _NOUNS:
            name, heading = _LIST_NAMES[kind]
            self.list.setAccessibleName(name)
            self.list.setToolTip(f"{heading} (Space ticks the current one)")
            self.heading.setText(f"{name}:")
            self.heading.setToolTip(heading)
            self._fill()
        self.scope_changed.emit()

    def _entries(self) -> list[tuple[int, str]]:
        project = self.session.project
        if self.kind == DOCUMENTS:
            return [(d.id, d.name) for d in list_documents(project)]
        if self.kind == CASES:
            return [(c.id, c.name) for c in list_cases(project)]
        codes = list_codes(project)
        paths = code_paths(codes)
        return [(c.id, paths[c.id]) for c in codes]

    def _fill(self) -> None:
        entries = self._entries()
        known = {entry_id for entry_id, _ in entries}
        checked = self._checked[self.kind] = self._checked[self.kind] & known
        current = self.list.currentItem() if self._listed == self.kind else None
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self._listed = self.kind
        self.list.blockSignals(True)
        self.list.clear()
        for entry_id, name in entries:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, entry_id)
            item.setToolTip(name)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            ticked = entry_id in checked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = [row for row, (entry_id, _) in enumerate(entries) if entry_id == keep]
        if self.list.count():
            self.list.setCurrentRow(rows[0] if rows else 0)

    def _ticked(self, item: QListWidgetItem) -> None:
        entry_id = int(item.data(Qt.ItemDataRole.UserRole))
        checked = self._checked[self.kind]
        if item.checkState() == Qt.CheckState.Checked:
            checked.add(entry_id)
        else:
            checked.discard(entry_id)
        self.scope_changed.emit()

    def _on_changed(self, changes: Changes) -> None:
        kind = self.kind
        stale = (
            (kind == DOCUMENTS and changes.documents and not changes.codings)
            or (kind == CASES and changes.cases)
            or (kind == CODES and (changes.code_tree or (changes.codes and not changes.codings)))
        )
        if stale:
            self._fill()
