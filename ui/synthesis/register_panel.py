"""The "Barrier register" tab: the register table, and below it the chosen barrier's details.

The register is read off the GUI thread (it takes a few hundred milliseconds on a big project);
the old rows stay until the new ones arrive. The chosen barrier stays chosen across refreshes,
so a recommendation just added shows up where the user was looking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.segments.compact_table import ElideDelegate
from ui.synthesis.register_controls import (
    LOADING,
    AttributeCombo,
    message_label,
    named,
    table,
)
from ui.synthesis.register_model import (
    BARRIER,
    QUOTE_TEXT,
    BarrierSortModel,
    BarrierTableModel,
    QuoteTableModel,
    barrier_details_html,
    leaf,
)
from workbench.ops.memos import CreateMemo
from workbench.queries.barriers import barrier_register
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.queries.barriers import Barrier, BarrierRegister

NO_BREAKDOWN = "No breakdown"
NO_BARRIER_CODES = (
    "No barrier codes yet. Load a barrier codebook (Digital health barriers or Health-tech "
    "career barriers), or put codes under a code whose name says “barriers”."
)
NOTHING_CHOSEN = (
    "Choose a barrier in the table to see its definition, recommendations, facilitators "
    "and exemplar quotes."
)


class BarrierRegisterPanel(QWidget):
    shown = Signal()  # the latest register (or an error message) is shown
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barrier_register_panel")
        self.session = session
        self.stale = True  # the register is out of date: read it again when next shown
        self.runner = QueryRunner(self)
        self.register: BarrierRegister | None = None
        self._chosen_code: int | None = None
        self.model = BarrierTableModel(self)
        self.proxy = BarrierSortModel(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._connect()
        self._show_details(None)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.attribute = named(
            AttributeCombo(NO_BREAKDOWN), "register_attribute", "Break the register down by",
            "Count the cases that mention each barrier for each value of a case attribute",
        )  # fmt: skip
        self.show_all = named(
            QCheckBox("Include barriers nobody mentions"), "register_show_all",
            "Include barriers nobody mentions",
        )  # fmt: skip
        caption = QLabel("&Break down by:")
        caption.setBuddy(self.attribute)
        controls = QHBoxLayout()
        controls.addWidget(caption)
        controls.addWidget(self.attribute)
        controls.addWidget(self.show_all)
        controls.addStretch(1)
        self.summary = message_label("register_summary")
        self.view = table(self.proxy, "barrier_register_table", "Barrier register")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # codebook order until a click
        self.view.setItemDelegateForColumn(BARRIER, ElideDelegate(Qt.TextElideMode.ElideLeft))
        self.view.horizontalHeader().setStretchLastSection(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("register_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self._details_pane())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def _details_pane(self) -> QWidget:
        self.details = named(QTextBrowser(), "barrier_details", "Barrier details")
        self.details.setOpenLinks(False)
        self.add_button = named(
            QPushButton("Add &recommendation…"), "add_recommendation", "Add recommendation",
            "Write a recommendation for the chosen barrier",
        )  # fmt: skip
        self.quotes = QuoteTableModel(self)
        self.quote_view = table(self.quotes, "barrier_quotes_table", "Exemplar quotes")
        # Quotes are there to be read: each row grows to show its whole passage.
        self.quote_view.setWordWrap(True)
        self.quote_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        quotes_caption = QLabel("Exemplar &quotes (double-click or press Enter to open one):")
        quotes_caption.setBuddy(self.quote_view)
        quotes_caption.setWordWrap(True)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(quotes_caption)
        right.addWidget(self.quote_view, 1)
        pane = QWidget()
        row = QHBoxLayout(pane)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 2)
        row.addLayout(right, 3)
        return pane

    def _connect(self) -> None:
        self.attribute.currentIndexChanged.connect(lambda _index: self.refresh())
        self.show_all.toggled.connect(lambda _on: self._fill())
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.add_button.clicked.connect(self.add_recommendation)
        self.quote_view.activated.connect(self._open_quote)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Read the register again in the background; the rows change when it arrives."""
        self.stale = False
        self.attribute.set_attributes([a.name for a in list_attributes(self.session.project)])
        project, attribute = self.session.project, self.attribute.attribute()
        self.summary.setText(LOADING)
        self.runner.start(
            lambda: barrier_register(project, attribute=attribute), self._show, self._show_error
        )

    def _show(self, register: BarrierRegister) -> None:
        self.register = register
        self._fill()
        self.shown.emit()

    def _show_error(self, message: str) -> None:
        self.register = None
        self.summary.setText(message)
        self.model.set_rows([])
        self._show_details(None)
        self.shown.emit()

    def _fill(self) -> None:
        register = self.register
        if register is None:
            return
        rows = register.barriers if self.show_all.isChecked() else register.mentioned
        chosen = self._chosen_code
        self.model.set_register(register, rows)
        self._fit_columns()
        self.summary.setText(_summary(register, len(rows)))
        self._choose(chosen)

    def _fit_columns(self) -> None:
        """Counts as wide as they need; the barrier's path takes the rest of the width."""
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        room = self.view.viewport().width() - others
        least = self.view.fontMetrics().averageCharWidth() * 30
        self.view.setColumnWidth(BARRIER, min(header.sectionSize(BARRIER), max(room, least)))

    def _choose(self, code_id: int | None) -> None:
        """Select the row of ``code_id`` (else the top row), showing its details."""
        row = self.model.row_of(code_id) if code_id is not None else None
        if row is None and self.proxy.rowCount():
            row = self.proxy.mapToSource(self.proxy.index(0, 0)).row()
        if row is None:
            self._show_details(None)
            return
        self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        self._show_details(self.model.barrier(row))  # even when the row was current already

    # ------------------------------------------------------------------ details
    def current_barrier(self) -> Barrier | None:
        source = self.proxy.mapToSource(self.view.currentIndex())
        return self.model.barrier(source.row()) if source.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current)
        self._show_details(self.model.barrier(source.row()) if source.isValid() else None)

    def _show_details(self, barrier: Barrier | None) -> None:
        if barrier is not None:
            self._chosen_code = barrier.code_id
        self.details.setHtml(barrier_details_html(barrier) if barrier else NOTHING_CHOSEN)
        self.quotes.set_rows(barrier.quotes if barrier else [])
        limit = self.quote_view.fontMetrics().averageCharWidth() * 24
        for column in range(QUOTE_TEXT):  # the quote itself takes the rest, wrapped
            self.quote_view.resizeColumnToContents(column)
            width = min(self.quote_view.columnWidth(column), limit)
            self.quote_view.setColumnWidth(column, width)
        self.add_button.setEnabled(barrier is not None and not self.session.read_only)

    def add_recommendation(self) -> None:
        """Ask for a recommendation for the chosen barrier; its first line is the title."""
        barrier = self.current_barrier()
        if barrier is None or self.session.read_only:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Add recommendation",
            f"Recommendation for “{leaf(barrier.path)}”.\nThe first line is its title:",
            "",
        )
        if not ok or not text.strip():
            return
        title, _, body = text.strip().partition("\n")
        self.session.run(
            CreateMemo(
                kind="recommendation", title=title.strip(), text=body.strip(),
                target_id=barrier.code_id, author_id=self.session.user_id,
            )
        )  # fmt: skip

    def _open_quote(self, index: QModelIndex) -> None:
        if index.isValid():
            quote = self.quotes.quote(index.row())
            self.passage_activated.emit(quote.document_id, quote.start, quote.end)


def _summary(register: BarrierRegister, shown: int) -> str:
    total, mentioned = len(register.barriers), len(register.mentioned)
    if not total:
        return NO_BARRIER_CODES
    if not mentioned:
        text = f"None of the {total} barrier codes has been applied yet."
    else:
        text = f"{mentioned} of {total} barrier codes are mentioned."
        if register.attribute:
            text += (
                f" Each “{register.attribute}” column reads: cases that mention the barrier"
                " of all cases with that value."
            )
    if shown != mentioned:
        text += f" Showing all {shown}."
    return text
