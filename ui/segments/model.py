"""The segments table (one row per coded passage) and its filter-and-sort proxy."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from ui.row_model import Index, RowTableModel
from workbench.queries.codes import code_paths

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from workbench.dto import CodeInfo, Segment


COLUMNS = ("Code", "Document", "Case", "Speaker", "Location", "Coder", "Text")
CODE, DOCUMENT, CASE, SPEAKER, LOCATION, CODER, TEXT = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 10
CODING_ID_ROLE = Qt.ItemDataRole.UserRole + 11
TOOLTIP_CHARS = 1500  # a tooltip longer than a screen helps nobody
NO_CASE = "(no case)"


def format_time(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def location(segment: Segment) -> str:
    """ "¶ 12 · 3:05": the paragraph a reader can find, and the time in the recording."""
    text = f"¶ {segment.paragraph}"
    if segment.time_start is not None:
        text += f" · {format_time(segment.time_start)}"
    return text


def one_line(text: str) -> str:
    return " ".join(text.split())


def _tooltip(text: str) -> str:
    if len(text) > TOOLTIP_CHARS:
        text = text[:TOOLTIP_CHARS] + "…"
    # Rich text so that Qt wraps the passage instead of drawing one screen-wide line.
    return f"<p>{escape(text)}</p>"


class SegmentTableModel(RowTableModel["Segment"]):
    """Segments as rows; ids and the coded range stay reachable through :meth:`segment`."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths: dict[int, str] = {}  # "Parent/Child", shown as the code's tooltip
        self._names: dict[int, str] = {}
        self._colours: dict[int, QColor] = {}
        self._cells: tuple[Callable[[Segment], str], ...] = (
            lambda s: self._names.get(s.code_id, "?"),
            lambda s: s.document_name,
            lambda s: s.case or "",
            lambda s: s.speaker or "",
            location,
            lambda s: s.coder or "",
            lambda s: one_line(s.text),
        )
        self._roles: dict[int, Callable[[Segment, int], Any]] = {
            SORT_ROLE: self._sort_key,
            CODING_ID_ROLE: lambda s, _column: s.coding_id,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.DecorationRole: self._decoration,
        }

    def set_segments(self, segments: Sequence[Segment], codes: Sequence[CodeInfo]) -> None:
        self.beginResetModel()
        self._rows = list(segments)
        self._paths = code_paths(list(codes))
        self._names = {c.id: c.name for c in codes}
        self._colours = {c.id: QColor(c.colour) for c in codes if QColor.isValidColorName(c.colour)}
        self.endResetModel()

    def segment(self, row: int) -> Segment:
        return self.row(row)

    def segments(self) -> list[Segment]:
        return self.rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        segment = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.column()](segment)
        handler = self._roles.get(role)
        return handler(segment, index.column()) if handler is not None else None

    def _decoration(self, segment: Segment, column: int) -> QColor | None:
        return self._colours.get(segment.code_id) if column == CODE else None

    def _sort_key(self, segment: Segment, column: int) -> str:
        place = f"{segment.document_name.casefold()}\0{segment.start:012d}"
        if column in (LOCATION, DOCUMENT):
            return place
        return f"{self._cells[column](segment).casefold()}\0{place}"

    def _tooltip(self, segment: Segment, column: int) -> str:
        if column == TEXT:
            return _tooltip(segment.text)
        if column == CODE:
            return self._paths.get(segment.code_id, "?")
        if column == LOCATION:
            return f"Characters {segment.start:,}–{segment.end:,} of {segment.document_name}"
        return self._cells[column](segment)


class SegmentFilterModel(QSortFilterProxyModel):
    """Keeps the segments of one case, of cases with an attribute value, and of one coder."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._case: str | None = None
        self._cases: frozenset[str] | None = None
        self._coder: str | None = None

    def set_filters(
        self, *, case: str | None, cases: frozenset[str] | None, coder: str | None
    ) -> None:
        """``case``: a case name (or :data:`NO_CASE`); ``cases``: names with the chosen
        attribute value; ``coder``: a coder name. ``None`` lets everything through."""
        if (case, cases, coder) == (self._case, self._cases, self._coder):
            return
        self.beginFilterChange()
        self._case, self._cases, self._coder = case, cases, coder
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if not isinstance(source, SegmentTableModel):
            return True
        segment = source.segment(source_row)
        case = segment.case or NO_CASE
        if self._case is not None and case != self._case:
            return False
        if self._cases is not None and case not in self._cases:
            return False
        return self._coder is None or (segment.coder or "") == self._coder
