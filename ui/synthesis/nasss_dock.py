"""The NASSS dock: the cases x domains grid, the current cell's editor, evidence and profile.

The grid is one query (two statements) and is read on the GUI thread: it is fast, and the
editor must follow the arrow keys at once. The current cell's history and proposed evidence
are read in the background (latest cell wins), as is the profile chart. A hidden dock (a tab
behind another) does not refresh; it catches up when shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.cases.feedback import run_with_feedback
from ui.synthesis.nasss_editor import NasssRatingEditor
from ui.synthesis.nasss_evidence import NasssEvidencePanel
from ui.synthesis.nasss_marking import NO_CANDIDATES, ask_case_and_type, unassessed_cases
from ui.synthesis.nasss_model import NasssFilterModel, NasssGridModel
from ui.synthesis.nasss_profile import NasssProfilePanel
from ui.synthesis.nasss_view import NasssGridView
from ui.synthesis.on_screen import OnScreenRefresh
from workbench.ops.nasss import MarkCaseForAssessment
from workbench.queries.nasss import nasss_grid, proposed_evidence, rating_history

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.commands import Command
    from workbench.project import Project
    from workbench.queries.nasss import Proposal, Rating

HINT = "Arrow keys move between cells; Enter edits the rating; Ctrl+Enter saves."
EMPTY = (
    "No case is assessed yet: use “Mark case for assessment…” to add a site, project or technology."
)
COMPARE_HINT = "Select two or more cases (click their names, or Shift+arrow keys), then Compare."
Details = tuple[list["Rating"], list["Proposal"]]


def _details(project: Project, case_id: int, key: str) -> Details:
    """The cell's rating history and proposed evidence (runs on a pool thread)."""
    return rating_history(project, case_id, key), proposed_evidence(project, case_id, key)


def _button(text: str, name: str, tip: str, *, checkable: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    button.setCheckable(checkable)
    return button


class NasssDock(OnScreenRefresh, QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("NASSS assessment", parent)
        self.setObjectName("nasss_dock")
        self.session = session
        self._stale = True  # read on first show
        self._on_screen = False  # set by visibilityChanged
        self._refreshing = False
        self._detail_cell: tuple[int, str] | None = None
        self.runner = QueryRunner(self)
        self.model = NasssGridModel(self)
        self.proxy = NasssFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = NasssGridView()
        self.view.setModel(self.proxy)
        self.editor = NasssRatingEditor(self._run, session.user_id)
        self.evidence = NasssEvidencePanel(self._run)
        self.profile = NasssProfilePanel()
        self.profile.hide()
        self.mark_button = _button(
            "Mark case for assessment…", "nasss_mark_case",
            "Add a site, project or technology case to the grid",
        )  # fmt: skip
        self.domains_only = QCheckBox("Domains only")
        self.domains_only.setObjectName("nasss_domains_only")
        self.domains_only.setAccessibleName("Show the seven domains only")
        self.domains_only.setToolTip("Hide the sub-domains (1A, 1B…) and show domains 1 to 7")
        self.compare_button = _button(
            "Compare", "nasss_compare", "Show only the selected cases, side by side",
            checkable=True,
        )  # fmt: skip
        self.profile_button = _button(
            "Profile", "nasss_profile_button",
            "Show the complexity profile chart of the current case (or of the compared cases)",
            checkable=True,
        )  # fmt: skip
        self.message = QLabel(HINT)
        self.message.setObjectName("nasss_message")
        self.message.setWordWrap(True)
        self.setWidget(self._layout())
        self._connect()
        self._set_read_only(session.read_only)

    def _layout(self) -> QWidget:
        tools = QHBoxLayout()
        for widget in (self.mark_button, self.domains_only, self.compare_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.profile_button)
        grid_side = self.grid_splitter = QSplitter(Qt.Orientation.Vertical)
        grid_side.setObjectName("nasss_grid_splitter")
        grid_side.addWidget(self.view)
        grid_side.addWidget(self.profile)
        grid_side.setStretchFactor(0, 1)
        grid_side.setStretchFactor(1, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.message)
        left_layout.addWidget(grid_side, 1)
        cell_side = QSplitter(Qt.Orientation.Vertical)
        cell_side.setObjectName("nasss_cell_splitter")
        cell_side.addWidget(self.editor)
        cell_side.addWidget(self.evidence)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("nasss_splitter")
        body.addWidget(left)
        body.addWidget(cell_side)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setContentsMargins(4, 4, 4, 4)
        return body

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(lambda _index: self.editor.focus_rating())
        self.editor.keys.watch([self.view])  # Ctrl+Enter in the grid saves the rating too
        self.editor.back_to_grid.connect(self._focus_grid)
        self.evidence.back_to_grid.connect(self._focus_grid)
        self.evidence.passage_activated.connect(self.passage_activated)
        self.mark_button.clicked.connect(self.mark_case)
        self.domains_only.toggled.connect(self.proxy.set_domains_only)
        self.compare_button.toggled.connect(self._compare)
        self.profile_button.toggled.connect(self._toggle_profile)

    def _set_read_only(self, read_only: bool) -> None:
        self.mark_button.setEnabled(not read_only)
        self.editor.read_only = self.evidence.read_only = read_only

    # ------------------------------------------------------------------ refreshing
    def _on_changed(self, changes: Changes) -> None:
        if changes.synthesis or changes.cases or changes.attributes or changes.codings:
            self.refresh()
        elif changes.code_tree and self._shown():
            self._show_cell(reload=True)  # a NASSS code moved: the proposals may differ

    def refresh(self) -> None:
        """Read the grid again (now if the dock is shown, else when it is next shown)."""
        if not self._shown():
            self._stale = True
            return
        self._stale = False
        cell = self.current_cell()
        self._refreshing = True  # one reload of the cell's details below, not one per step
        try:
            self.model.set_grid(nasss_grid(self.session.project))
            lost = not self.view.currentIndex().isValid()  # a reload loses the current cell
            if lost and (cell is None or not self.select_cell(*cell)):
                self.view.setCurrentIndex(self.proxy.index(0, 0))  # no-op when there is none
        finally:
            self._refreshing = False
        if self.model.rowCount() == 0:
            self.message.setText(EMPTY)
        elif self.message.text() == EMPTY:
            self.message.setText(HINT)
        self._show_cell(reload=True)

    # ------------------------------------------------------------------ the current cell
    def current_cell(self) -> tuple[int, str] | None:
        """(case id, domain key) of the grid's current cell."""
        source = self.proxy.mapToSource(self.view.currentIndex())
        case, domain = self.model.case_at(source.row()), self.model.domain_at(source.column())
        return None if case is None or domain is None else (case.id, domain.key)

    def select_cell(self, case_id: int, domain_key: str) -> bool:
        """Make this cell current (and shown), if it is in the grid and not filtered out."""
        row, column = self.model.row_of(case_id), self.model.column_of(domain_key)
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._refreshing:
            self._show_cell(reload=False)

    def _show_cell(self, *, reload: bool) -> None:
        source = self.proxy.mapToSource(self.view.currentIndex())
        row, column = source.row(), source.column()
        case, domain = self.model.case_at(row), self.model.domain_at(column)
        rating = self.model.rating_at(row, column)
        self.editor.set_cell(case, domain, rating)
        cell = self.current_cell()
        self.evidence.set_cell(cell, self.session.user_id)
        shown_case = self._detail_cell[0] if self._detail_cell is not None else None
        case_changed = (cell[0] if cell is not None else None) != shown_case
        if cell != self._detail_cell or reload:
            self._detail_cell = cell
            self._load_details(cell)
        if self.profile.isVisible() and (reload or case_changed):
            self._draw_profile()

    def _load_details(self, cell: tuple[int, str] | None) -> None:
        if cell is None:
            self.runner.discard()
            return
        project, (case_id, key) = self.session.project, cell
        self.runner.start(
            lambda: _details(project, case_id, key),
            lambda details: self._show_details(cell, details),
            self.message.setText,
        )

    def _show_details(self, cell: tuple[int, str], details: Details) -> None:
        history, proposals = details
        self.editor.set_history(history)
        self.evidence.set_proposals(cell, proposals)

    def _focus_grid(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ actions
    def _run(self, command: Command) -> bool:
        refused = run_with_feedback(self.session, command)
        self.message.setText(refused if refused is not None else HINT)
        return refused is None

    def mark_case(self) -> None:
        """Ask for a case not yet in the grid and its type; mark it and make it current."""
        cases = unassessed_cases(self.session.project)
        if not cases:
            self.message.setText(NO_CANDIDATES)
            return
        answer = ask_case_and_type(self, cases)
        if answer is None or not self._run(MarkCaseForAssessment(*answer)):
            return
        cell = self.current_cell()
        self.select_cell(answer[0], cell[1] if cell is not None else "1")
        self.view.setFocus()

    def selected_case_ids(self) -> list[int]:
        rows = {
            self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedIndexes()
        }
        rows.add(self.proxy.mapToSource(self.view.currentIndex()).row())
        cases = (self.model.case_at(row) for row in sorted(rows))
        return [case.id for case in cases if case is not None]

    def _compare(self, on: bool) -> None:
        if not on:
            self.proxy.set_compared(None)
            self.message.setText(HINT)
        elif len(chosen := self.selected_case_ids()) < 2:
            with QSignalBlocker(self.compare_button):
                self.compare_button.setChecked(False)
            self.message.setText(COMPARE_HINT)
            return
        else:
            self.proxy.set_compared(chosen)
            names = ", ".join(c.name for c in self.model.cases() if c.id in chosen)
            self.message.setText(f"Comparing {names}. Press Compare again to show every case.")
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        if self.profile.isVisible():
            self._draw_profile()

    def _toggle_profile(self, on: bool) -> None:
        self.profile.setVisible(on)
        if on:
            total = sum(self.grid_splitter.sizes())
            self.grid_splitter.setSizes([total * 2 // 5, total - total * 2 // 5])
            self._draw_profile()

    def _draw_profile(self) -> None:
        compared = self.proxy.compared
        if compared is not None:
            cases = [(c.id, c.name) for c in self.model.cases() if c.id in compared]
        else:
            cell = self.current_cell()
            cases = [(c.id, c.name) for c in self.model.cases() if cell and c.id == cell[0]]
        self.profile.show_cases(self.session.project, cases)
