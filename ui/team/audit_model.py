"""The audit log as a table: when, who, what, on which object, and what changed.

Rows come newest first. New entries are put in at the top and older pages added at the bottom
(``beginInsertRows``), so a long log is never read, nor the view reset, all at once.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt

from ui.row_model import Index, RowTableModel

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from workbench.queries.audit import AuditRow

COLUMNS = ("When", "Person", "Action", "Object", "Change")
WHEN, PERSON, ACTION, OBJECT, CHANGE = range(len(COLUMNS))
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNKNOWN_PERSON = "unknown"


def local_time(moment: datetime) -> str:
    """A logged (UTC) time as the user's clock read it."""
    return moment.astimezone().strftime("%d %b %Y, %H:%M:%S")


def object_text(row: AuditRow) -> str:
    """ "code 12", "coding 40", or just the kind when the entry names no single object."""
    if row.object_id is None:
        return row.object_kind
    return f"{row.object_kind or 'object'} {row.object_id}"


class AuditTableModel(RowTableModel["AuditRow"]):
    columns = COLUMNS

    def entry(self, row: int) -> AuditRow:
        return self.row(row)

    @property
    def newest_id(self) -> int | None:
        return self._rows[0].id if self._rows else None

    @property
    def oldest_id(self) -> int | None:
        return self._rows[-1].id if self._rows else None

    def put_first(self, rows: Sequence[AuditRow]) -> None:
        """Newer entries, newest first, above those shown."""
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows[:0] = rows
            self.endInsertRows()

    def put_last(self, rows: Sequence[AuditRow]) -> None:
        """Older entries, newest first, below those shown."""
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        if role == ENTRY_ID_ROLE:
            return row.id
        return None

    @staticmethod
    def _cell(row: AuditRow, column: int) -> str:
        if column == WHEN:
            return local_time(row.at)
        if column == PERSON:
            return row.user or UNKNOWN_PERSON
        if column == ACTION:
            return row.action
        if column == OBJECT:
            return object_text(row)
        return row.summary


def _tooltip(row: AuditRow) -> str:
    lines = [
        f"<b>{escape(row.action)}</b> by {escape(row.user or UNKNOWN_PERSON)}",
        escape(local_time(row.at)),
    ]
    if row.object_kind:
        lines.append(escape(object_text(row)))
    if row.summary:
        lines.append(escape(row.summary))
    return "<br>".join(lines)
