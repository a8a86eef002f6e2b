"""The suggestion queue as a table: code | document | why | passage, one row per suggestion.

The code cell carries the code's colour (``BackgroundRole``) and a text colour that reads on
it (``ForegroundRole``, black or white by luminance); :mod:`ui.suggestions.delegates` paints
it as a chip and the passage as a keyword-in-context line. Answered suggestions leave the
table at once (:meth:`SuggestionTableModel.remove_keys`), before the queue is read again.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from ui.row_model import Index, RowTableModel
from ui.theme import readable_text_on

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from ui.suggestions.reading import Key, QueueRow

COLUMNS = ("Code", "Document", "Why", "Passage")
CODE, DOCUMENT, WHY, PASSAGE = range(len(COLUMNS))
KWIC_ROLE = Qt.ItemDataRole.UserRole + 20  # (before, keyword, after) of the passage
KEY_ROLE = Qt.ItemDataRole.UserRole + 21  # (document, start, end, code)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 22  # probability, or the number of keywords found
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 23  # "keywords" | "classifier"
PROBABILITY_NOTE = (
    "A probability is how sure the classifier is, not how often it is right: "
    "the measured figures beside the list say that."
)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class SuggestionTableModel(RowTableModel["QueueRow"]):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roles: dict[int, Callable[[QueueRow, int], Any]] = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.BackgroundRole: self._background,
            Qt.ItemDataRole.ForegroundRole: self._foreground,
            KWIC_ROLE: lambda r, _c: (r.before, r.focus, r.after),
            KEY_ROLE: lambda r, _c: r.key,
            SCORE_ROLE: lambda r, _c: r.suggestion.score,
            SOURCE_ROLE: lambda r, _c: r.suggestion.source,
        }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        handler = self._roles.get(role)
        return handler(self._rows[index.row()], index.column()) if handler else None

    # ------------------------------------------------------------------ rows
    def row_of(self, key: Key) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.key == key), None)

    def remove_keys(self, keys: Collection[Key]) -> int | None:
        """Take the answered suggestions out; the first row removed (None if none was)."""
        doomed = [i for i, row in enumerate(self._rows) if row.key in keys]
        for row in reversed(doomed):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        return doomed[0] if doomed else None

    # ------------------------------------------------------------------ cells
    def _display(self, row: QueueRow, column: int) -> str:
        suggestion = row.suggestion
        if column == CODE:
            return suggestion.code_name
        if column == DOCUMENT:
            return suggestion.document_name
        if column == WHY:
            return capitalised(suggestion.reason)
        return row.passage

    def _tooltip(self, row: QueueRow, column: int) -> str:
        suggestion = row.suggestion
        if column == CODE:
            return row.code_path
        if column == DOCUMENT:
            where = f"characters {suggestion.start:,}–{suggestion.end:,}"
            return f"{suggestion.document_name}, {where}"
        if column == WHY:
            why = capitalised(suggestion.reason)
            if suggestion.source == "classifier" or row.both_sources:
                return f"<p>{escape(why)}</p><p>{escape(PROBABILITY_NOTE)}</p>"
            return why
        # Rich text so that Qt wraps a long sentence instead of drawing one screen-wide line.
        return f"<p>{escape(row.before)}<b>{escape(row.focus)}</b>{escape(row.after)}</p>"

    def _background(self, row: QueueRow, column: int) -> QColor | None:
        if column != CODE or not QColor.isValidColorName(row.colour):
            return None
        return QColor(row.colour)

    def _foreground(self, row: QueueRow, column: int) -> QColor | None:
        if column != CODE or not QColor.isValidColorName(row.colour):
            return None
        return QColor(readable_text_on(row.colour))
