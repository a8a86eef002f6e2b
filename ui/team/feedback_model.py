"""Reviewers' feedback as a tree: one row per code, under it the feedback on the code as a
whole and on each of its coded passages; feedback on whole documents, and on things removed
since, in groups of their own.

Comments are shown in full: this is the lead's own project, and the lead resolves them. The
passage each piece of feedback is about is read from the project (:func:`load_feedback`, run
off the GUI thread); the reviewers saw it under its pseudonyms.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from ui.codebook.model import swatch
from workbench.queries.codes import list_codes
from workbench.review.pack_import import review_feedback

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.row_model import Index
    from workbench.project import Project
    from workbench.review.pack_import import FeedbackItem, ReviewLine

COLUMNS = ("Feedback on", "Document", "Agree", "Disagree", "Not sure", "Status",
           "Suggested codes", "Comments")  # fmt: skip
ABOUT, DOCUMENT, AGREE, DISAGREE, UNSURE, STATUS, SUGGESTED, COMMENTS = range(len(COLUMNS))
VERDICT_WORDS = {"agree": "agrees", "disagree": "disagrees", "unsure": "is not sure"}
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # ("group", n) or (target kind, target id)
EXCERPT_LIMIT = 2000  # characters of a passage kept for the detail pane
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROOT = QModelIndex()
_NO_GROUP = 0  # internalId of a group row; an entry row holds its group's row + 1


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """The feedback on one coding, code or document, with the passage it is about."""

    item: FeedbackItem
    passage: str  # the coded words, whitespace collapsed; "" for a code or a document

    @property
    def key(self) -> tuple[str, int]:
        return self.item.target_kind, self.item.target_id

    @property
    def about(self) -> str:
        item = self.item
        if item.gone:
            return f"A {item.target_kind} removed since the import"
        if item.target_kind == "code":
            return "The code as a whole"
        if item.target_kind == "document":
            return "The whole document"
        return f"“{self.passage}”"


@dataclass(frozen=True, slots=True)
class FeedbackGroup:
    """A code and the feedback on it and its passages (or documents, or things removed)."""

    title: str
    colour: str  # the code's colour; "" for the other groups
    entries: tuple[FeedbackEntry, ...]

    @property
    def key(self) -> tuple[str, str]:
        return "group", self.title

    def lines(self) -> list[ReviewLine]:
        return [line for entry in self.entries for line in entry.item.reviews]


def load_feedback(project: Project) -> list[FeedbackGroup]:
    """Every piece of feedback, grouped by code in codebook order. Runs on a pool thread."""
    items = review_feedback(project)
    colours = {code.id: code.colour for code in list_codes(project)}
    documents = {i.document_id for i in items if i.target_kind == "coding" and not i.gone}
    texts = project.document_texts({d for d in documents if d is not None})
    grouped: dict[tuple[str, str], list[FeedbackEntry]] = {}
    for item in items:
        passage = ""
        if item.target_kind == "coding" and not item.gone and item.document_id in texts:
            words = texts[item.document_id][item.start : item.end]
            passage = " ".join(words[: EXCERPT_LIMIT * 2].split())[:EXCERPT_LIMIT]
        if item.gone:
            key = ("Removed since the feedback came in", "")
        elif item.target_kind == "document":
            key = ("Whole documents", "")
        else:
            key = (item.code_path, colours.get(item.code_id or 0, ""))
        grouped.setdefault(key, []).append(FeedbackEntry(item, passage))
    return [FeedbackGroup(title, colour, tuple(e)) for (title, colour), e in grouped.items()]


def _counted(lines: Sequence[ReviewLine], verdict: str) -> int:
    return sum(line.verdict == verdict for line in lines)


def status_text(lines: Sequence[ReviewLine]) -> str:
    open_ = sum(not line.resolved for line in lines)
    if not open_:
        return "Resolved"
    return "To resolve" if open_ == len(lines) == 1 else f"{open_} of {len(lines)} to resolve"


def suggestions(lines: Sequence[ReviewLine]) -> str:
    return ", ".join(dict.fromkeys(line.suggested_code for line in lines if line.suggested_code))


def said(line: ReviewLine) -> str:
    """One reviewer's feedback in a sentence (plain text)."""
    text = f"{line.reviewer} {VERDICT_WORDS.get(line.verdict, line.verdict)}"
    if line.suggested_code:
        text += f", suggests “{line.suggested_code}”"
    if line.comment:
        text += f": “{line.comment}”"
    return text + (f" (resolved by {line.resolved_by})" if line.resolved else "")


class FeedbackTreeModel(QAbstractItemModel):
    """Groups at the top level, the feedback on each target under them. Read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[FeedbackGroup] = []

    def set_groups(self, groups: Sequence[FeedbackGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def groups(self) -> list[FeedbackGroup]:
        return list(self._groups)

    # ------------------------------------------------------------------ structure
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == _NO_GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _NO_GROUP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_GROUP and parent.column() == 0:
            return len(self._groups[parent.row()].entries)
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    # ------------------------------------------------------------------ what a row is
    def group_at(self, index: Index) -> FeedbackGroup | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _NO_GROUP else index.internalId() - 1
        return self._groups[row]

    def entry_at(self, index: Index) -> FeedbackEntry | None:
        if not index.isValid() or index.internalId() == _NO_GROUP:
            return None
        return self._groups[index.internalId() - 1].entries[index.row()]

    def lines_at(self, index: Index) -> list[ReviewLine]:
        """The feedback a row stands for: one target's, or a whole group's."""
        entry = self.entry_at(index)
        if entry is not None:
            return list(entry.item.reviews)
        group = self.group_at(index)
        return group.lines() if group is not None else []

    def index_of(self, key: object) -> QModelIndex:
        """The row with this key (see :data:`KEY_ROLE`), or an invalid index."""
        for row, group in enumerate(self._groups):
            if group.key == key:
                return self.index(row, 0)
            for child, entry in enumerate(group.entries):
                if entry.key == key:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    # ------------------------------------------------------------------ data
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, group = self.entry_at(index), self.group_at(index)
        assert group is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._entry_cell(entry, column) if entry else self._group_cell(group, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(entry, group)
        if role == KEY_ROLE:
            return entry.key if entry else group.key
        return self._look(role, column, group if entry is None else None)

    @staticmethod
    def _look(role: int, column: int, group: FeedbackGroup | None) -> Any:
        """A group's row in bold with its code's colour; counts aligned right."""
        if role == Qt.ItemDataRole.DecorationRole and group and group.colour and column == ABOUT:
            return swatch(group.colour)
        if role == Qt.ItemDataRole.FontRole and group is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (AGREE, DISAGREE, UNSURE):
            return _RIGHT
        return None

    @staticmethod
    def _counts(lines: Sequence[ReviewLine], column: int) -> str | None:
        verdict = {AGREE: "agree", DISAGREE: "disagree", UNSURE: "unsure"}.get(column)
        if verdict is not None:
            return str(_counted(lines, verdict))
        if column == STATUS:
            return status_text(lines)
        if column == SUGGESTED:
            return suggestions(lines)
        return None

    def _entry_cell(self, entry: FeedbackEntry, column: int) -> str:
        lines = entry.item.reviews
        if column == ABOUT:
            return entry.about
        if column == DOCUMENT:
            return entry.item.document_name if entry.item.target_kind == "coding" else ""
        if column == COMMENTS:
            return " · ".join(f"{line.reviewer}: {line.comment}" for line in lines if line.comment)
        return self._counts(lines, column) or ""

    def _group_cell(self, group: FeedbackGroup, column: int) -> str:
        lines = group.lines()
        if column == ABOUT:
            return group.title
        if column == DOCUMENT:
            passages = sum(e.item.target_kind == "coding" for e in group.entries)
            return f"{passages} passage{'s' if passages != 1 else ''}" if passages else ""
        if column == COMMENTS:
            comments = sum(bool(line.comment) for line in lines)
            return f"{comments} comment{'s' if comments != 1 else ''}" if comments else ""
        return self._counts(lines, column) or ""


def _tooltip(entry: FeedbackEntry | None, group: FeedbackGroup) -> str:
    lines = list(entry.item.reviews) if entry else group.lines()
    title = entry.about if entry else group.title
    if len(title) > 200:
        title = title[:199] + "…"
    return "<br>".join([f"<b>{escape(title)}</b>", *(escape(said(line)) for line in lines)])


class UnresolvedFilter(QSortFilterProxyModel):
    """Shows only feedback not yet resolved (and the groups that hold some), when asked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unresolved_only = False

    def set_unresolved_only(self, only: bool) -> None:
        self.beginFilterChange()
        self.unresolved_only = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.unresolved_only:
            return True
        model = self.sourceModel()
        assert isinstance(model, FeedbackTreeModel)
        lines = model.lines_at(model.index(source_row, 0, source_parent))
        return any(not line.resolved for line in lines)
