"""Search hits as keyword-in-context rows: document | before | match | after."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.queries.search import Hit

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Document", "Before", "Match", "After")
DOCUMENT, BEFORE, MATCH, AFTER = range(len(COLUMNS))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_BREAKS = str.maketrans("\n\r\t\u2028\u2029", "     ")


def _line(text: str) -> str:
    # Line breaks in the context would cut a one-line row short; show them as a space.
    return text.translate(_BREAKS)


class SearchHitModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.document_name, _line(hit.before), _line(hit.match), _line(hit.after))[
                column
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"<p>{escape(hit.before)}<b>{escape(hit.match)}</b>{escape(hit.after)}</p>"
                f"<p>{escape(hit.document_name)}, characters {hit.start:,}–{hit.end:,}</p>"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == BEFORE else _LEFT
        if role == Qt.ItemDataRole.FontRole and column == MATCH:
            return self._bold
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None
