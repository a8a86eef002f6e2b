"""The editor of one matrix cell: its summary, and beside it the quotes the cell holds.

Ticking a quote links the summary to it ("the summary rests on this"). Ctrl+Enter or "Save
summary" writes summary and links as one undoable command; leaving a changed cell saves it too,
as a spreadsheet does, so an edit is never lost by moving on. Escape goes back to the grid.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.segments.model import location, one_line
from workbench.exporters.matrix_xlsx import count_label
from workbench.ops.framework_matrix import SetCellSummary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.session import ProjectSession
    from workbench.queries.framework_matrix import CellQuote, MatrixCell

CODING_ID_ROLE = Qt.ItemDataRole.UserRole + 70
QUOTE_CHARS = 400  # of a quote in the list; the tooltip holds more
TOOLTIP_CHARS = 1500
NO_CELL = "Choose a cell in the matrix to summarise it."
_SAVE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def quote_source(quote: CellQuote) -> str:
    """Who said it and where: "P01 · ward interview, ¶ 3 · 2:05"."""
    who = quote.speaker or quote.case or "No speaker"
    if quote.case and quote.speaker and quote.case != quote.speaker:
        who = f"{quote.speaker} (case {quote.case})"
    return f"{who} · {quote.document_name}, {location(quote)}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class MatrixCellEditor(QWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    leave_requested = Signal()  # Escape: back to the grid
    saved = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matrix_cell_editor")
        self.session = session
        self._cell: MatrixCell | None = None
        self._saved_summary = ""
        self._saved_links: frozenset[int] = frozenset()
        self._loading = False
        self.title = QLabel(NO_CELL)
        self.title.setObjectName("matrix_cell_title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont()
        bold.setBold(True)  # only the weight: size and family still follow the app font
        self.title.setFont(bold)
        self.summary = self._make_summary()
        self.quotes = self._make_quotes()
        self.save_button = QPushButton("Save summary")
        self.save_button.setObjectName("matrix_save_summary")
        self.save_button.setAccessibleName("Save summary")
        self.save_button.setToolTip("Save the summary and the ticked quotes (Ctrl+Enter)")
        self.discard_button = QPushButton("Discard edits")
        self.discard_button.setObjectName("matrix_discard_edits")
        self.discard_button.setAccessibleName("Discard edits")
        self.discard_button.setToolTip("Go back to the saved summary and quotes")
        self.state = QLabel()
        self.state.setObjectName("matrix_edit_state")
        self.state.setWordWrap(True)
        self._lay_out()
        self._connect()
        self.show_cell(None)

    def _make_summary(self) -> QPlainTextEdit:
        summary = QPlainTextEdit()
        summary.setObjectName("matrix_summary")
        summary.setAccessibleName("Summary of this cell")
        summary.setPlaceholderText(
            "Summarise what this case says about this code, in your words. Tick the quotes "
            "the summary rests on. Ctrl+Enter saves; Escape goes back to the matrix."
        )
        summary.setTabChangesFocus(True)  # Tab moves on to the quotes, as everywhere else
        return summary

    def _make_quotes(self) -> QListWidget:
        quotes = QListWidget()
        quotes.setObjectName("matrix_quotes")
        quotes.setAccessibleName("Quotes in this cell")
        quotes.setToolTip(
            "Tick (Space) the quotes the summary rests on; "
            "double-click or Enter opens a quote in its document"
        )
        quotes.setWordWrap(True)
        quotes.setAlternatingRowColors(True)
        quotes.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        return quotes

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Summary")
        label.setBuddy(self.summary)
        left_layout.addWidget(label)
        left_layout.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.state)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.quotes_label = QLabel("&Quotes: tick those the summary rests on")
        self.quotes_label.setObjectName("matrix_quotes_label")
        self.quotes_label.setWordWrap(True)
        self.quotes_label.setBuddy(self.quotes)
        right_layout.addWidget(self.quotes_label)
        right_layout.addWidget(self.quotes, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("matrix_editor_split")
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        # Write, then tick the quotes, then save: the order the work is done in.
        QWidget.setTabOrder(self.summary, self.quotes)
        QWidget.setTabOrder(self.quotes, self.save_button)
        QWidget.setTabOrder(self.save_button, self.discard_button)

    def _connect(self) -> None:
        self.summary.textChanged.connect(self._update_state)
        self.quotes.itemChanged.connect(self._update_state)
        self.quotes.itemActivated.connect(self._activate)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        for widget in (self.summary, self.quotes):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter saves and Escape leaves, even where a window shortcut uses the keys."""
        if not isinstance(event, QKeyEvent):
            return False
        saving = (
            event.key() in _SAVE_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        leaving = event.key() == Qt.Key.Key_Escape
        if event.type() == QEvent.Type.ShortcutOverride and (saving or leaving):
            event.accept()  # the key comes to us as a key press, not to a window shortcut
            return True
        if event.type() == QEvent.Type.KeyPress and saving:
            self.save()
            return True
        if event.type() == QEvent.Type.KeyPress and leaving:
            self.leave_requested.emit()
            return True
        return False

    # ------------------------------------------------------------------ showing a cell
    @property
    def cell(self) -> MatrixCell | None:
        return self._cell

    @property
    def cell_key(self) -> tuple[int, int] | None:
        return None if self._cell is None else (self._cell.case_id, self._cell.code_id)

    def show_cell(
        self,
        cell: MatrixCell | None,
        title: str = "",
        quotes: Sequence[CellQuote] = (),
    ) -> None:
        """Show ``cell`` as saved, with its quotes; None shows nothing to edit."""
        same = cell is not None and self.cell_key == (cell.case_id, cell.code_id)
        self._cell = cell
        self._loading = True
        if not same or self.text() != (cell.summary.rstrip() if cell else ""):
            self.summary.setPlainText(cell.summary if cell else "")  # else the cursor stays
        self._fill_quotes(quotes, None)
        self._loading = False
        self._set_saved(cell)
        self._set_title(cell, title)
        editable = cell is not None and not self.session.read_only
        self.summary.setReadOnly(not editable)
        self.summary.setEnabled(cell is not None)
        self.quotes.setEnabled(cell is not None)
        self._update_state()

    def update_cell(self, cell: MatrixCell, title: str, quotes: Sequence[CellQuote]) -> None:
        """The same cell after a change elsewhere (undo, new codings): edits in progress stay."""
        if not self.is_dirty():
            self.show_cell(cell, title, quotes)
            return
        ticked = self.ticked_ids()
        self._cell = cell
        self._loading = True
        self._fill_quotes(quotes, ticked)
        self._loading = False
        self._set_saved(cell)
        self._set_title(cell, title)
        self._update_state()

    def _set_saved(self, cell: MatrixCell | None) -> None:
        self._saved_summary = cell.summary.rstrip() if cell else ""
        self._saved_links = frozenset(cell.linked_coding_ids) if cell else frozenset()

    def _set_title(self, cell: MatrixCell | None, title: str) -> None:
        if cell is None:
            self.title.setText(NO_CELL)
            return
        self.title.setText(f"{title} · {count_label(cell.count)}")

    def _fill_quotes(self, quotes: Sequence[CellQuote], ticked: frozenset[int] | None) -> None:
        current = self.quotes.currentItem()
        was_current = current.data(CODING_ID_ROLE) if current is not None else None
        self.quotes.clear()
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        for quote in quotes:
            text = _cut(one_line(quote.text), QUOTE_CHARS)
            item = QListWidgetItem(f"‘{text}’\n{quote_source(quote)}")
            item.setData(CODING_ID_ROLE, quote.coding_id)
            item.setData(Qt.ItemDataRole.UserRole, (quote.document_id, quote.start, quote.end))
            item.setToolTip(
                "<p>" + escape(_cut(quote.text, TOOLTIP_CHARS)).replace("\n", "<br>") + "</p>"
            )
            item.setFlags(flags)
            linked = quote.linked if ticked is None else quote.coding_id in ticked
            item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
            self.quotes.addItem(item)
        if quotes:  # the same quote stays current after a save, else the first
            rows = [q.coding_id for q in quotes]
            self.quotes.setCurrentRow(rows.index(was_current) if was_current in rows else 0)
        self.quotes_label.setText(
            "&Quotes: tick those the summary rests on"
            if quotes
            else "&Quotes: none; nothing of this case is coded here"
        )

    # ------------------------------------------------------------------ editing
    def text(self) -> str:
        return self.summary.toPlainText().rstrip()

    def ticked_ids(self) -> frozenset[int]:
        items = [self.quotes.item(row) for row in range(self.quotes.count())]
        return frozenset(
            int(item.data(CODING_ID_ROLE))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )

    def is_dirty(self) -> bool:
        if self._cell is None or self._loading:
            return False
        return self.text() != self._saved_summary or self.ticked_ids() != self._saved_links

    def save(self) -> bool:
        """Save the summary and the ticked quotes; False (and nothing saved) on a refusal."""
        cell = self._cell
        if cell is None or not self.is_dirty():
            return True
        ticked = self.ticked_ids()
        links = [self.quotes.item(r).data(CODING_ID_ROLE) for r in range(self.quotes.count())]
        ordered = [int(c) for c in links if int(c) in ticked]  # in text order, like the quotes
        command = SetCellSummary(
            cell.case_id, cell.code_id, self.text(), ordered, author_id=self.session.user_id
        )
        if not self.session.run(command):
            self._update_state()
            return False
        self.saved.emit()
        return True

    def discard(self) -> None:
        self._loading = True
        self.summary.setPlainText(self._saved_summary)
        for row in range(self.quotes.count()):
            item = self.quotes.item(row)
            linked = int(item.data(CODING_ID_ROLE)) in self._saved_links
            item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
        self._loading = False
        self._update_state()

    def focus_summary(self) -> None:
        self.summary.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.summary.moveCursor(QTextCursor.MoveOperation.End)

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)
        if self._cell is None:
            self.state.setText("")
        elif self.session.read_only:
            self.state.setText("The project is open read-only: summaries cannot be changed.")
        elif dirty:
            self.state.setText(
                "Unsaved edits: saved with Ctrl+Enter, or when you move to another cell."
            )
        else:
            self.state.setText("Saved." if self._saved_summary else "No summary yet.")

    def _activate(self, item: QListWidgetItem) -> None:
        place = item.data(Qt.ItemDataRole.UserRole)
        if place:
            document_id, start, end = place
            self.passage_activated.emit(int(document_id), int(start), int(end))
