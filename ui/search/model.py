"""Search hits as keyword-in-context rows: document | before | match | after."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from ui.row_model import Index, RowTableModel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.queries.search import Hit


COLUMNS = ("Document", "Before", "Match", "After")
DOCUMENT, BEFORE, MATCH, AFTER = range(len(COLUMNS))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_BREAKS = str.maketrans("\n\r\t\u2028\u2029", "     ")


def _line(text: str) -> str:
    # Line breaks in the context would cut a one-line row short; show them as a space.
    return text.translate(_BREAKS)


class SearchHitModel(RowTableModel["Hit"]):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.set_rows(hits)

    def hit(self, row: int) -> Hit:
        return self.row(row)

    def hits(self) -> list[Hit]:
        return self.rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._rows[index.row()]
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
