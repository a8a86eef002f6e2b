"""The segments dock: every passage coded with the selected codes; activate one to open it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QVBoxLayout,
    QWidget,
)

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
    from workbench.dto import Segment

NOTHING_CHOSEN = "Select one or more codes in the codebook to list their coded segments."
MAX_COLUMN_CHARS = 22  # a column sized to its contents never grows past this many characters


class SegmentsDock(QDockWidget):
    segment_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Segments", parent)
        self.setObjectName("segments_dock")
        self.session = session
        self._code_ids: frozenset[int] = frozenset()
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
        self.refresh()
        self._fit_columns()  # only here: a refresh after an edit keeps the user's widths

    def refresh(self) -> None:
        project = self.session.project
        found: list[Segment] = segments(project, self._code_ids) if self._code_ids else []
        self.model.set_segments(found, list_codes(project) if found else [])
        self.filters.set_coders(s.coder for s in found if s.coder)
        self._apply_filters()

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
