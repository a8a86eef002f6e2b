"""The barrier register as Qt models: one row per barrier, and the exemplar quotes of one barrier.

Every value is written out ("3 of 5"), so the register reads the same without colour and to a
screen reader. The models only look values up in the :class:`BarrierRegister` they are given.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from ui.row_model import Index, RowTableModel
from ui.segments.model import location, one_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.dto import Segment
    from workbench.queries.barriers import Barrier, BarrierRegister

_Role = Qt.ItemDataRole
CODE_ID_ROLE = _Role.UserRole + 60
SORT_ROLE = _Role.UserRole + 61
FIXED_COLUMNS = ("Barrier", "Codings", "Cases", "Participants")
TAIL_COLUMNS = ("Facilitators", "Recommendations")
BARRIER, CODINGS, CASES, PARTICIPANTS = range(len(FIXED_COLUMNS))
NONE = "none"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOOLTIP_CHARS = 1500


def leaf(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _facilitators(barrier: Barrier) -> str:
    return "; ".join(f"{leaf(f.path)} ({f.passages})" for f in barrier.facilitators) or NONE


class BarrierTableModel(RowTableModel["Barrier"]):
    """Barriers (rows) with their counts, one "k of n" column per attribute value, facilitators
    and the number of recommendations."""

    columns: tuple[str, ...] = FIXED_COLUMNS + TAIL_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.attribute: str | None = None
        self._values: tuple[str, ...] = ()
        self._roles: dict[int, Callable[[Barrier, int], Any]] = {
            _Role.DisplayRole: self._text,
            _Role.ToolTipRole: self._tooltip,
            _Role.TextAlignmentRole: self._alignment,
            SORT_ROLE: self._sort_key,
            CODE_ID_ROLE: lambda barrier, _column: barrier.code_id,
        }

    def set_register(self, register: BarrierRegister, barriers: tuple[Barrier, ...]) -> None:
        """Show ``barriers`` (all or some of ``register``'s) with its breakdown columns."""
        self.beginResetModel()
        self.attribute = register.attribute
        first = register.barriers[0].breakdown if register.barriers else ()
        self._values = tuple(v.value for v in first)
        headers = tuple(f"{self.attribute}: {value}" for value in self._values)
        self.columns = FIXED_COLUMNS + headers + TAIL_COLUMNS
        self._rows = list(barriers)
        self.endResetModel()

    def barrier(self, row: int) -> Barrier:
        return self.row(row)

    def row_of(self, code_id: int) -> int | None:
        return next((i for i, b in enumerate(self._rows) if b.code_id == code_id), None)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        handler = self._roles.get(role)
        return handler(self._rows[index.row()], index.column()) if handler else None

    def _alignment(self, _barrier: Barrier, column: int) -> int | None:
        return None if column in (BARRIER, self._facilitator_column) else _RIGHT

    @property
    def _facilitator_column(self) -> int:
        return len(FIXED_COLUMNS) + len(self._values)

    def _text(self, barrier: Barrier, column: int) -> str:
        fixed = (barrier.path, barrier.codings, barrier.cases, barrier.participants)
        if column < len(fixed):
            return str(fixed[column])
        value = column - len(FIXED_COLUMNS)
        if value < len(self._values):
            return str(barrier.breakdown[value])
        if column == self._facilitator_column:
            return _facilitators(barrier)
        return str(len(barrier.recommendations))

    def _sort_key(self, barrier: Barrier, column: int) -> Any:
        value = column - len(FIXED_COLUMNS)
        if column in (BARRIER, self._facilitator_column):
            return self._text(barrier, column).casefold()
        if 0 <= value < len(self._values):
            count = barrier.breakdown[value]
            return count.cases / count.of if count.of else -1.0
        return int(self._text(barrier, column))

    def _tooltip(self, barrier: Barrier, column: int) -> str:
        value = column - len(FIXED_COLUMNS)
        if column == BARRIER:
            return barrier.path
        if column == CASES:
            return f"{barrier.cases} cases mention this barrier"
        if column == PARTICIPANTS:
            return f"{barrier.participants} participants (not interviewers) mention it"
        if 0 <= value < len(self._values):
            count = barrier.breakdown[value]
            return (
                f"{count.cases} of the {count.of} cases whose {self.attribute} is "
                f"“{count.value}” mention this barrier"
            )
        if column == self._facilitator_column:
            listed = [f"{f.path}: {f.passages} overlapping passages" for f in barrier.facilitators]
            return "\n".join(listed) or "No facilitator is coded on the same passages"
        return self._text(barrier, column)


class BarrierSortModel(QSortFilterProxyModel):
    """Sorts by number (or by name); until a header is clicked the codebook order stays."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


QUOTE_COLUMNS = ("Case", "Speaker", "Where", "Quote")
QUOTE_TEXT = len(QUOTE_COLUMNS) - 1


class QuoteTableModel(RowTableModel["Segment"]):
    """The exemplar quotes of one barrier, best first."""

    columns = QUOTE_COLUMNS

    def quote(self, row: int) -> Segment:
        return self.row(row)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        quote, column = self._rows[index.row()], index.column()
        cells = (
            quote.case or "(no case)",
            quote.speaker or "",
            f"{quote.document_name}, {location(quote)}",
            one_line(quote.text),
        )
        if role == _Role.DisplayRole:
            return cells[column]
        if role == _Role.ToolTipRole:
            text = quote.text if column == QUOTE_TEXT else cells[column]
            if len(text) > TOOLTIP_CHARS:
                text = text[:TOOLTIP_CHARS] + "…"
            return f"<p>{escape(text)}</p>"  # rich text, so that Qt wraps a long passage
        return None


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def barrier_details_html(barrier: Barrier) -> str:
    """Definition, recommendations and facilitators of one barrier, as simple HTML whose
    headings scale with the application font."""
    definition = _paragraphs(barrier.definition) or "<i>No definition yet.</i>"
    parts = [f"<h3>{escape(barrier.path)}</h3>", f"<p><b>Definition:</b> {definition}</p>"]
    parts.append(f"<h4>Recommendations ({len(barrier.recommendations)})</h4>")
    if barrier.recommendations:
        items = []
        for memo in barrier.recommendations:
            author = f" <i>({escape(memo.author)})</i>" if memo.author else ""
            title = escape(memo.title) or "Untitled"
            body = f"<br>{_paragraphs(memo.text)}" if memo.text.strip() else ""
            items.append(f"<li><b>{title}</b>{author}{body}</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    else:
        parts.append("<p>None yet. Use “Add recommendation…” to write one.</p>")
    parts.append(f"<h4>Facilitators on the same passages ({len(barrier.facilitators)})</h4>")
    if barrier.facilitators:
        rows = "".join(
            f"<li>{escape(f.path)}: {f.passages} overlapping "
            f"{'passage' if f.passages == 1 else 'passages'}</li>"
            for f in barrier.facilitators
        )
        parts.append(f"<ul>{rows}</ul>")
    else:
        parts.append("<p>No facilitator code is applied to the same passages.</p>")
    return "".join(parts)
