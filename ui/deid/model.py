"""Detections as table rows: document, the text in its context, label, replacement, verdict.

Where a detection came from (a name you added, a pattern, the language model, a rule, marked
by hand) is in its tooltip and above the controls, which leaves the width to the context. The
rows stay in document order (as applying numbers them); sorting and filtering happen in
:class:`DetectionFilter`. The context column hands the delegate ``(before, text, after)``
through :data:`CONTEXT_ROLE`; a screen reader hears "“Sarah Jones” in: …".
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from ui.deid.replacements import STAYS, VERDICT_WORDS, found_by, label_word
from ui.row_model import Index, RowTableModel
from workbench.deid import ACCEPTED

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.deid import Detection

COLUMNS = ("Document", "In context", "Label", "Replacement", "Verdict")
DOCUMENT, CONTEXT, LABEL, REPLACEMENT, VERDICT = range(len(COLUMNS))
DETECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Detection
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # (before, text, after) on one line
CONTEXT_CHARS = 70  # characters of context each side, cut at a word and at the line
_BREAKS = str.maketrans("\n\r\t\u2028\u2029", "     ")


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, ...]:
    """The words before and after ``text[start:end]`` on its line, with "…" where cut."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, start - width)
    if left > line_start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(line_end, end + width)
    if right < line_end:
        space = text.rfind(" ", end, right)
        right = space if space > end else right
    before = ("…" if left > line_start else "") + text[left:start]
    after = text[end:right] + ("…" if right < line_end else "")
    return before.translate(_BREAKS), text[start:end].translate(_BREAKS), after.translate(_BREAKS)


class DetectionModel(RowTableModel["Detection"]):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[int, str] = {}
        self._texts: Mapping[int, str] = {}
        self._index: dict[tuple[int, int, int], int] = {}

    def set_detections(
        self, detections: Sequence[Detection], names: Mapping[int, str], texts: Mapping[int, str]
    ) -> None:
        self._names, self._texts = dict(names), texts
        self.set_rows(detections)
        self._index = {_key(d): row for row, d in enumerate(self._rows)}

    def detections(self) -> list[Detection]:
        return self.rows()

    def names(self) -> dict[int, str]:
        return dict(self._names)

    def texts(self) -> Mapping[int, str]:
        return self._texts

    def document_name(self, document_id: int) -> str:
        return self._names.get(document_id, f"Document {document_id}")

    def row_of(self, detection: Detection) -> int | None:
        return self._index.get(_key(detection))

    def replace_all(self, detections: Sequence[Detection]) -> None:
        """The same detections with new answers or replacements: one repaint of every row."""
        assert len(detections) == len(self._rows)
        self._rows = list(detections)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def context(self, detection: Detection) -> tuple[str, ...]:
        text = self._texts.get(detection.document_id, "")
        return context_of(text, detection.start, detection.end)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        column = index.column()
        if role == DETECTION_ROLE:
            return d
        if role == CONTEXT_ROLE:
            return self.context(d) if column == CONTEXT else None
        words = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.AccessibleTextRole: self._spoken,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
        }.get(Qt.ItemDataRole(role))
        return None if words is None else words(d, column)

    def _display(self, d: Detection, column: int) -> str:
        if column == CONTEXT:
            return "".join(self.context(d))
        if column == REPLACEMENT:
            return d.replacement if d.verdict == ACCEPTED else STAYS
        return (
            self.document_name(d.document_id),
            "",
            label_word(d.label),
            "",
            VERDICT_WORDS.get(d.verdict, d.verdict),
        )[column]

    def _spoken(self, d: Detection, column: int) -> str:
        if column == CONTEXT:
            before, text, after = self.context(d)
            return f"“{text}” in: {before}{text}{after}"
        return self._display(d, column)

    def _tooltip(self, d: Detection, column: int) -> str:
        if column == CONTEXT:
            before, text, after = (escape(part) for part in self.context(d))
            return (
                f"<p>{before}<b>{text}</b>{after}</p><p>{escape(self.document_name(d.document_id))}"
                f", characters {d.start:,}–{d.end:,}; {found_by(d).lower()}</p>"
            )
        if column == REPLACEMENT and d.verdict != ACCEPTED:
            would = f" (accepted, it would become {d.replacement})" if d.replacement else ""
            return f"Rejected: the text stays as written{would}"
        return self._display(d, column)


def _key(d: Detection) -> tuple[int, int, int]:
    return d.document_id, d.start, d.end


class DetectionFilter(QSortFilterProxyModel):
    """Shows the detections of one label, verdict and document (None: any); sorts by column,
    then by place in the documents."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label: str | None = None
        self.verdict: str | None = None
        self.document_id: int | None = None

    def set_filters(
        self, *, label: str | None, verdict: str | None, document_id: int | None
    ) -> None:
        self.beginFilterChange()
        self.label, self.verdict, self.document_id = label, verdict, document_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def detection(self, row: int) -> Detection:
        found = self.index(row, 0).data(DETECTION_ROLE)
        assert found is not None
        return found  # type: ignore[no-any-return]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        d = self.sourceModel().index(source_row, 0, source_parent).data(DETECTION_ROLE)
        if d is None:
            return False
        return (
            (self.label is None or d.label == self.label)
            and (self.verdict is None or d.verdict == self.verdict)
            and (self.document_id is None or d.document_id == self.document_id)
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        return _sort_key(left) < _sort_key(right)


def _sort_key(index: Index) -> tuple[str, int]:
    """By the column's words, then by place in the documents (the source row)."""
    words = "" if index.column() == CONTEXT else str(index.data() or "").casefold()
    return words, index.row()
