"""The cases dock: a table of cases and their attributes, edited in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.cases.delegate import CaseValueDelegate
from ui.cases.feedback import run_with_feedback
from ui.cases.model import CASE_ID_ROLE, CaseTableModel
from ui.cases.speakers import SpeakersPanel
from ui.segments.compact_table import CompactTableView
from workbench.ops.cases import (
    ATTRIBUTE_TYPES,
    CreateAttribute,
    CreateCase,
    LinkDocumentToCase,
)
from workbench.queries.documents import list_cases, list_documents
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.commands import Command

MAX_COLUMN_CHARS = 30  # long values are elided; the full value is the cell's tooltip
HINT = "Double-click a cell (or press F2) to edit it; an empty value clears it."


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    return button


class CasesDock(QDockWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Cases", parent)
        self.setObjectName("cases_dock")
        self.session = session
        self._document_id: int | None = None
        self._document_names: dict[int, str] = {}
        self._fitted_columns = -1
        self.model = CaseTableModel(self._run, self)
        self.model.editable = not session.read_only
        self.view = self._make_view()
        self.add_case_button = _button("Add &case…", "cases_add_case", "Add case")
        self.add_attribute_button = _button(
            "Add &attribute…", "cases_add_attribute", "Add attribute"
        )
        self.link_button = _button(
            "&Link current document", "cases_link_document", "Link current document to case"
        )
        self.message = QLabel(HINT)
        self.message.setObjectName("cases_message")
        self.message.setWordWrap(True)
        self.speakers = SpeakersPanel(session)
        self.setWidget(self._layout())
        self._connect()
        self.refresh()

    def _make_view(self) -> CompactTableView:
        view = CompactTableView.for_model(
            self.model, object_name="cases_table", accessible_name="Cases and attributes"
        )
        view.setItemDelegate(CaseValueDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        return view

    def _layout(self) -> QWidget:
        body = QWidget()
        buttons = QHBoxLayout()
        for button in (self.add_case_button, self.add_attribute_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.speakers)
        return body

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.add_case_button.clicked.connect(self.add_case)
        self.add_attribute_button.clicked.connect(self.add_attribute)
        self.link_button.clicked.connect(self.link_current_document)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    # ------------------------------------------------------------------ contents
    def refresh(self) -> None:
        project = self.session.project
        case_id, column = self.current_case_id(), self.view.currentIndex().column()
        self._document_names = {d.id: d.name for d in list_documents(project)}
        self.model.set_cases(list_cases(project), list_attributes(project), self._document_names)
        if self.model.columnCount() != self._fitted_columns:  # keep widths the user set
            self._fit_columns()
        if case_id is not None and (row := self.model.row_of(case_id)) >= 0:
            self.view.setCurrentIndex(self.model.index(row, max(column, 0)))
        self._update_buttons()

    def _fit_columns(self) -> None:
        self._fitted_columns = self.model.columnCount()
        limit = self.view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for column in range(self.model.columnCount()):
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), limit))

    def _on_changed(self, changes: Changes) -> None:
        renamed_or_imported = bool(changes.documents) and not changes.codings
        if changes.cases or changes.attributes or renamed_or_imported:
            self.refresh()

    def current_case_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(CASE_ID_ROLE)) if index.isValid() else None

    def set_current_document(self, document_id: int | None) -> None:
        """The document open in the main window, which "Link current document" links."""
        self._document_id = document_id
        self.speakers.set_document(document_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        self.add_case_button.setEnabled(writable)
        self.add_attribute_button.setEnabled(writable)
        ready = writable and self._document_id is not None and self.current_case_id() is not None
        self.link_button.setEnabled(ready)
        name = self._document_names.get(self._document_id or -1)
        self.link_button.setToolTip(
            f"Link “{name}” to the selected case" if name else "Open a document and select a case"
        )

    # ------------------------------------------------------------------ actions
    def _run(self, command: Command) -> bool:
        refused = run_with_feedback(self.session, command)
        self.message.setText(refused if refused is not None else HINT)
        return refused is None

    def add_case(self) -> None:
        name, ok = QInputDialog.getText(self, "Add case", "Name of the new case:")
        if ok and name.strip():
            self._run(CreateCase(name=name))

    def add_attribute(self) -> None:
        name, ok = QInputDialog.getText(self, "Add attribute", "Name of the new attribute:")
        if not ok or not name.strip():
            return
        kind, ok = QInputDialog.getItem(
            self, "Add attribute", f"Type of “{name.strip()}”:", list(ATTRIBUTE_TYPES), 0, False
        )
        if not ok:
            return
        choices: list[str] = []
        if kind == "choice":
            text, ok = QInputDialog.getText(
                self, "Add attribute", "Allowed values, separated by commas:"
            )
            if not ok:
                return
            choices = [c.strip() for c in text.split(",") if c.strip()]
        self._run(CreateAttribute(name=name, kind=kind, choices=choices))

    def link_current_document(self) -> None:
        case_id = self.current_case_id()
        if case_id is None or self._document_id is None:
            return
        self._run(LinkDocumentToCase(case_id=case_id, document_id=self._document_id))
