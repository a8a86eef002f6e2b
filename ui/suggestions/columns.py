"""Column widths of the suggestion table that follow the text size and leave room for the
passage.

Code and document are sized to their contents, the reason to a number of characters (it
changes with every reading), each capped at a share of the table's width so that the passage,
the last column, keeps at least 30% of it, even at a large zoom. Widths follow new rows,
a zoom and a resized table until the person drags a column; from then on theirs are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from ui.suggestions.model import CODE, DOCUMENT, PASSAGE, WHY

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

CHARS = {CODE: 22, DOCUMENT: 18, WHY: 34}  # the most each column gets, in average characters
SHARES = {CODE: 0.3, DOCUMENT: 0.15, WHY: 0.25}  # ... and as a share of the table's width
FROM_CONTENTS = (CODE, DOCUMENT)


class ColumnFitter(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.user_sized = False
        self._fitting = False
        self._contents: dict[int, int] = {}
        view.horizontalHeader().sectionResized.connect(
            lambda column, _old, _new: self._resized(column)
        )
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)

    def rows_changed(self) -> None:
        """New rows: measure their contents again, then fit (unless the person sized)."""
        self._contents = {c: self.view.sizeHintForColumn(c) for c in FROM_CONTENTS}
        self.fit()

    def fit(self) -> None:
        if self.user_sized:
            return
        char = self.view.fontMetrics().averageCharWidth()
        room = self.view.viewport().width()
        self._fitting = True
        for column, chars in CHARS.items():
            cap = char * chars
            if room > 0:
                cap = min(cap, int(room * SHARES[column]))
            wanted = self._contents.get(column, cap) if column in FROM_CONTENTS else cap
            header_width = self.view.horizontalHeader().sectionSizeHint(column)
            self.view.setColumnWidth(column, min(max(wanted, header_width), cap))
        self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FontChange and watched is self.view:
            self.user_sized = False  # a zoom: every width grows with the text
            self.rows_changed()
        elif kind == QEvent.Type.Resize and watched is self.view.viewport():
            self.fit()
        return False

    def _resized(self, column: int) -> None:
        if not self._fitting and column != PASSAGE:  # the last column stretches by itself
            self.user_sized = True
