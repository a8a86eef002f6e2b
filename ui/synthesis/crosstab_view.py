"""The "Crosstab" tab: codes by the values of a case attribute, and codes by codes.

Both tables are read together off the GUI thread (they place every coding of the chosen codes
in its case). Switching between counts and percentages only redraws; switching the unit
(cases or codings) or the attribute reads again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.segments.compact_table import ElideDelegate
from ui.synthesis.crosstab_model import DISPLAYS, CooccurrenceModel, CrosstabModel
from ui.synthesis.register_controls import (
    LOADING,
    AttributeCombo,
    chosen_codes,
    codes_note,
    message_label,
    named,
    table,
)
from ui.synthesis.register_controls import (
    codes_row as codes_row_for,
)
from workbench.queries.codes import list_codes
from workbench.queries.crosstab import code_attribute_crosstab, code_cooccurrence_matrix
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from collections.abc import Collection

    from ui.session import ProjectSession
    from workbench.project import Project
    from workbench.queries.crosstab import CooccurrenceMatrix, Crosstab

UNITS = {"cases": "Cases", "codings": "Codings"}
NO_ATTRIBUTES = (
    "No case attributes yet: add one (a role, a site…) in the Cases panel to cross-tabulate "
    "the codes by it."
)
NO_CODES = "None of these codes has been applied yet."
EXPLAINED = {
    "cases": "Each cell counts the cases with that value that are coded with the code; "
    "a column header says how many cases have the value.",
    "codings": "Each cell counts the codings in cases with that value; codings in no case "
    "count under “(no value)”.",
}
COOCCURRENCE = (
    "Co-occurrence: how many pairs of codings of two codes overlap. The diagonal, in "
    "brackets, is each code's own number of codings."
)


@dataclass(frozen=True, slots=True)
class Tables:
    code_ids: tuple[int, ...]
    crosstab: Crosstab | None  # None without an attribute or codes
    matrix: CooccurrenceMatrix


def load_tables(
    project: Project, selected: Collection[int], attribute: str | None, unit: str
) -> Tables:
    """The crosstab and co-occurrence matrix of the chosen codes (runs on a pool thread)."""
    ids = chosen_codes(list_codes(project), selected)
    crosstab = None
    if attribute is not None and ids:
        crosstab = code_attribute_crosstab(project, ids, attribute, unit=unit)
    return Tables(tuple(ids), crosstab, code_cooccurrence_matrix(project, ids))


def _combo(items: dict[str, str], object_name: str, accessible_name: str, tip: str) -> QComboBox:
    combo = named(QComboBox(), object_name, accessible_name, tip)
    for key, text in items.items():
        combo.addItem(text, key)
    return combo


class CrosstabPanel(QWidget):
    shown = Signal()  # the latest tables (or an error message) are shown
    all_codes_requested = Signal()  # the user asked for every coded code again

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crosstab_panel")
        self.session = session
        self.stale = True
        self.selected: frozenset[int] = frozenset()  # codes chosen in the codebook
        self.runner = QueryRunner(self)
        self.tables: Tables | None = None
        self.model = CrosstabModel(self)
        self.matrix_model = CooccurrenceModel(self)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.attribute = named(
            AttributeCombo(), "crosstab_attribute", "Cross-tabulate codes by attribute",
            "The case attribute whose values are the columns",
        )  # fmt: skip
        self.unit = _combo(UNITS, "crosstab_unit", "Count", "Count the cases coded, or the codings")
        self.display = _combo(
            DISPLAYS, "crosstab_display", "Show", "Counts, or percentages of the row or column"
        )
        controls = QHBoxLayout()
        for text, widget in (
            ("&Attribute:", self.attribute),
            ("Cou&nt:", self.unit),
            ("S&how:", self.display),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget)
        controls.addStretch(1)
        codes_row, self.codes_label, self.all_codes = codes_row_for("crosstab")
        self.summary = message_label("crosstab_summary")
        self.view = table(self.model, "crosstab_table", "Codes by attribute crosstab")
        self.matrix_view = table(self.matrix_model, "cooccurrence_table", "Code co-occurrence")
        # A code's path loses its root first; a numbered row keeps its number too.
        for view, elide in (
            (self.view, Qt.TextElideMode.ElideLeft),
            (self.matrix_view, Qt.TextElideMode.ElideMiddle),
        ):
            view.setSelectionBehavior(view.SelectionBehavior.SelectItems)  # cell by cell
            view.setItemDelegateForColumn(0, ElideDelegate(elide, view))
            view.horizontalHeader().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addLayout(codes_row)
        layout.addWidget(self.summary)
        layout.addWidget(self._splitter(), 1)

    def _splitter(self) -> QSplitter:
        caption = QLabel(COOCCURRENCE)
        caption.setWordWrap(True)
        caption.setBuddy(self.matrix_view)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(caption)
        column.addWidget(self.matrix_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("crosstab_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        return splitter

    def _connect(self) -> None:
        self.attribute.currentIndexChanged.connect(lambda _index: self.refresh())
        self.unit.currentIndexChanged.connect(lambda _index: self.refresh())
        self.display.currentIndexChanged.connect(self._display_changed)
        self.all_codes.clicked.connect(self.all_codes_requested)

    def _display_changed(self) -> None:
        self.model.set_display(str(self.display.currentData()))
        self._fit(self.view)  # "100%" is wider than most counts

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Read both tables again in the background."""
        self.stale = False
        self.attribute.set_attributes([a.name for a in list_attributes(self.session.project)])
        project, selected = self.session.project, self.selected
        attribute, unit = self.attribute.attribute(), str(self.unit.currentData())
        self.summary.setText(LOADING)
        self.runner.start(
            lambda: load_tables(project, selected, attribute, unit), self._show, self._show_error
        )

    def _show(self, tables: Tables) -> None:
        self.tables = tables
        self.model.set_crosstab(tables.crosstab)
        self.matrix_model.set_matrix(tables.matrix)
        self.codes_label.setText(codes_note(self.selected, len(tables.code_ids)) + ".")
        self.all_codes.setVisible(bool(self.selected))
        if not tables.code_ids:
            self.summary.setText(NO_CODES)
        elif self.attribute.attribute() is None:
            self.summary.setText(NO_ATTRIBUTES)
        else:
            self.summary.setText(EXPLAINED[str(self.unit.currentData())])
        self._fit(self.view)
        self._fit(self.matrix_view)
        self.shown.emit()

    def _show_error(self, message: str) -> None:
        self.tables = None
        self.model.set_crosstab(None)
        self.matrix_model.set_matrix(None)
        self.summary.setText(message)
        self.shown.emit()

    def _fit(self, view: QTableView) -> None:
        """Columns as wide as their contents; the code column at most half the tab's width."""
        view.resizeColumnsToContents()
        limit = max(view.fontMetrics().averageCharWidth() * 40, self.width() // 2)
        view.setColumnWidth(0, min(view.columnWidth(0), limit))
