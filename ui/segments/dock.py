"""The segments dock: every passage coded with the selected codes; activate one to open it.

The segments are read off the GUI thread (a big code takes well over 100 ms on a large
project); the old rows stay until the new ones arrive, and the summary says "Loading…".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.segments.compact_table import CompactTableView, ElideDelegate
from ui.segments.filters import SegmentFilterBar
from ui.segments.model import DOCUMENT, TEXT, SegmentFilterModel, SegmentTableModel
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_cases
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.dto import CodeInfo, Segment
    from workbench.project import Project

NOTHING_CHOSEN = "Select one or more codes in the codebook to list their coded segments."
LOADING = "Loading…"
MAX_COLUMN_CHARS = 22  # a column sized to its contents never grows past this many characters


def _load(project: Project, code_ids: frozenset[int]) -> tuple[list[Segment], list[CodeInfo]]:
    """The segments of ``code_ids`` and the codes that name them (runs on a pool thread)."""
    found = segments(project, code_ids)
    return found, list_codes(project) if found else []


class SegmentsDock(QDockWidget):
    segment_activated = Signal(int, int, int)  # document id, start, end (code points)
    results_shown = Signal()  # the rows (or an error message) of the latest request are shown

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Segments", parent)
        self.setObjectName("segments_dock")
        self.session = session
        self._code_ids: frozenset[int] = frozenset()
        self._fit_pending = False  # size the columns when the rows of show_codes arrive
        self._error: str | None = None
        self.runner = QueryRunner(self)
        self.model = SegmentTableModel(self)
        self.proxy = SegmentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.filters = SegmentFilterBar()
        self.summary = QLabel(NOTHING_CHOSEN)
        self.summary.setObjectName("segments_summary")
        self.summary.setWordWrap(True)
        self.view = self._make_view()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._connect()
        self.filters.set_cases(list_cases(session.project))

    def _make_view(self) -> CompactTableView:
        view = CompactTableView.for_model(
            self.proxy, object_name="segments_table", accessible_name="Coded segments"
        )
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # document order until a header click
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        middle = ElideDelegate(Qt.TextElideMode.ElideMiddle, view)
        view.setItemDelegateForColumn(DOCUMENT, middle)
        return view

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.view.activated.connect(self._activate)
        self.filters.changed.connect(self._apply_filters)

    # ------------------------------------------------------------------ loading
    @property
    def code_ids(self) -> frozenset[int]:
        return self._code_ids

    def show_codes(self, code_ids: Iterable[int]) -> None:
        """List the segments of ``code_ids`` (the codes selected in the codebook)."""
        self._code_ids = frozenset(code_ids)
        self._fit_pending = True  # only here: a refresh after an edit keeps the user's widths
        self.refresh()

    def refresh(self) -> None:
        """Read the segments again in the background; the rows change when they arrive."""
        if not self._code_ids:
            self.runner.discard()
            self._show(([], []))
            return
        project, code_ids = self.session.project, self._code_ids  # plain data for the thread
        self.runner.start(lambda: _load(project, code_ids), self._show, self._show_error)
        self._update_summary()

    def _show(self, loaded: tuple[list[Segment], list[CodeInfo]]) -> None:
        found, codes = loaded
        self._error = None
        self.model.set_segments(found, codes)
        self.filters.set_coders(s.coder for s in found if s.coder)
        self._apply_filters()
        if self._fit_pending:
            self._fit_pending = False
            self._fit_columns()
        self.results_shown.emit()

    def _show_error(self, message: str) -> None:
        self._error = message
        self.model.set_segments([], [])  # rows of other codes would be misleading
        self._update_summary()
        self.results_shown.emit()

    def _on_changed(self, changes: Changes) -> None:
        if changes.cases or changes.attributes:
            self.filters.set_cases(list_cases(self.session.project))
        if not self._code_ids:
            return
        code_edited = bool(changes.codes) and not changes.codings  # a rename changes paths
        if (
            changes.codes & self._code_ids
            or changes.code_tree
            or code_edited
            or changes.cases
            or changes.attributes
        ):
            self.refresh()

    def _apply_filters(self) -> None:
        self.proxy.set_filters(**self.filters.current())
        self._update_summary()

    def _update_summary(self) -> None:
        if not self._code_ids:
            self.summary.setText(NOTHING_CHOSEN)
            return
        if self.runner.busy or self._error is not None:
            self.summary.setText(LOADING if self.runner.busy else str(self._error))
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        codes = "1 code" if len(self._code_ids) == 1 else f"{len(self._code_ids)} codes"
        noun = "segment" if total == 1 else "segments"
        text = f"{total:,} {noun} of {codes}"
        if shown != total:
            text = f"{shown:,} of {total:,} {noun} of {codes} (filtered)"
        self.summary.setText(text + ". Double-click or press Enter to open one.")

    def _fit_columns(self) -> None:
        limit = self.view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for column in range(TEXT):
            self.view.resizeColumnToContents(column)
            if self.view.columnWidth(column) > limit:
                self.view.setColumnWidth(column, limit)

    # ------------------------------------------------------------------ activation
    def _activate(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if not source.isValid():
            return
        segment = self.model.segment(source.row())
        self.segment_activated.emit(segment.document_id, segment.start, segment.end)
