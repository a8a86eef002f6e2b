"""The Framework Method matrix as a Qt table: cases (rows) by codes (columns).

A cell shows the start of its summary and how many codings it holds ("12 codings"). A cell with
nothing coded and nothing written shows a dash on a hatched grey ground, so gaps stand out at a
glance, in text as well as in colour; a coded cell nobody has summarised yet says "No summary
yet" in italics. Every string a cell shows is worked out once per refresh in
:meth:`MatrixTableModel.set_matrix`: ``data`` only looks values up, it never queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from enum import IntEnum
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
)

from workbench.exporters.matrix_xlsx import EMPTY_MARK, count_label
from workbench.queries.codes import code_paths
from workbench.queries.framework_matrix import FrameworkMatrix

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from workbench.dto import CodeInfo
    from workbench.queries.framework_matrix import MatrixCase, MatrixCell, MatrixCode

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole

CASE_ID_ROLE = _Role.UserRole + 60
CODE_ID_ROLE = _Role.UserRole + 61
STATE_ROLE = _Role.UserRole + 62  # a CellState
PREVIEW_ROLE = _Role.UserRole + 63  # the summary (or "No summary yet") without the count
COUNT_ROLE = _Role.UserRole + 64  # "12 codings"
NO_SUMMARY = "No summary yet"
PREVIEW_CHARS = 400  # more than a cell can show; the delegate elides the rest
TOOLTIP_CHARS = 1500  # a tooltip longer than a screen helps nobody
DEFINITION_CHARS = 300
EMPTY_SHADE = 0.08  # how far an empty cell's ground moves from the base colour towards the text
MUTED_SHADE = 0.35  # secondary text: still well over 4.5:1 on the base colour in every theme


class CellState(IntEnum):
    EMPTY = 0  # nothing coded, nothing written
    UNSUMMARISED = 1  # coded, no summary yet
    SUMMARISED = 2


@dataclass(frozen=True, slots=True)
class _CellView:
    """What one cell shows, worked out once per refresh (tooltips only when asked for)."""

    state: CellState
    preview: str
    count: str

    @property
    def display(self) -> str:
        return EMPTY_MARK if self.state is CellState.EMPTY else f"{self.preview}\n{self.count}"


def format_when(moment: datetime | None) -> str:
    """A stored (UTC) time in the user's zone: "12 Mar 2025, 14:05"."""
    if moment is None:
        return "an unknown date"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rich(lines: Sequence[str]) -> str:
    """Rich text, so that Qt wraps a long summary instead of drawing one screen-wide line."""
    return "<p>" + "<br>".join(escape(line).replace("\n", "<br>") for line in lines) + "</p>"


def _state(cell: MatrixCell) -> CellState:
    if cell.has_summary:
        return CellState.SUMMARISED
    return CellState.UNSUMMARISED if cell.count else CellState.EMPTY


def _view(cell: MatrixCell) -> _CellView:
    state, count = _state(cell), count_label(cell.count)
    if state is CellState.SUMMARISED:
        return _CellView(state, _cut(" ".join(cell.summary.split()), PREVIEW_CHARS), count)
    return _CellView(state, NO_SUMMARY if state is CellState.UNSUMMARISED else "", count)


def _spoken(view: _CellView, title: str) -> str:
    if view.state is CellState.EMPTY:
        return f"{title}: empty, nothing coded"
    if view.state is CellState.UNSUMMARISED:
        return f"{title}: {view.count}, {NO_SUMMARY}"
    return f"{title}: {view.count}. Summary: {view.preview}"


def _tooltip(cell: MatrixCell, view: _CellView, title: str) -> str:
    if view.state is CellState.EMPTY:
        return _rich([title, "Nothing coded for this case."])
    if view.state is CellState.UNSUMMARISED:
        return _rich([title, f"{view.count}, no summary yet. Press Enter to write one."])
    links = len(cell.linked_coding_ids)
    rests = f"Rests on {links} quote{'s' if links != 1 else ''}" if links else "No quotes linked"
    who = cell.author or "an unknown author"
    return _rich([
        title, _cut(cell.summary.strip(), TOOLTIP_CHARS), "", f"{view.count} · {rests}",
        f"Written by {who} on {format_when(cell.modified_at)}",
    ])  # fmt: skip


class MatrixTableModel(QAbstractTableModel):
    """Read-only: summaries change through the editor's commands, then arrive in a new matrix."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matrix = FrameworkMatrix((), (), ())
        self._views: list[list[_CellView]] = []
        self._code_tips: dict[int, str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)  # only italic is set: size and family follow the view
        self._empty_brush = QBrush()
        self._muted = QBrush()
        self._roles = self._cell_roles()

    # ------------------------------------------------------------------ contents
    @property
    def matrix(self) -> FrameworkMatrix:
        return self._matrix

    def set_matrix(self, matrix: FrameworkMatrix, codes: Sequence[CodeInfo] = ()) -> None:
        """Show ``matrix``; ``codes`` give the column tooltips (path and definition).

        When the cases and codes are the same, only the cells that changed are repainted, so
        the current cell and the scroll position stay where the user left them.
        """
        old = self._matrix
        self._brushes()
        views = [[_view(cell) for cell in row] for row in matrix.rows]
        self._code_tips = _code_tips(matrix.codes, codes)
        same_cases = [c.id for c in old.cases] == [c.id for c in matrix.cases]
        if not same_cases or [c.id for c in old.codes] != [c.id for c in matrix.codes]:
            self.beginResetModel()
            self._matrix, self._views = matrix, views
            self.endResetModel()
            return
        self._matrix, self._views = matrix, views
        for row, (before, after) in enumerate(zip(old.rows, matrix.rows, strict=True)):
            for column, (was, now) in enumerate(zip(before, after, strict=True)):
                if was != now:
                    self.dataChanged.emit(self.index(row, column), self.index(row, column))
        if old.codes != matrix.codes and matrix.codes:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(matrix.codes) - 1)
        if matrix.cases:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(matrix.cases) - 1)

    def _brushes(self) -> None:
        """Greys from the current palette (light, dark or high contrast alike)."""
        palette = QGuiApplication.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        self._empty_brush = QBrush(mix(base, text, EMPTY_SHADE))
        self._muted = QBrush(mix(text, base, MUTED_SHADE))

    def cell_at(self, row: int, column: int) -> MatrixCell | None:
        if 0 <= row < len(self._matrix.rows) and 0 <= column < len(self._matrix.codes):
            return self._matrix.rows[row][column]
        return None

    def position_of(self, case_id: int, code_id: int) -> tuple[int, int] | None:
        row = next((r for r, c in enumerate(self._matrix.cases) if c.id == case_id), -1)
        column = next((k for k, c in enumerate(self._matrix.codes) if c.id == code_id), -1)
        return (row, column) if row >= 0 and column >= 0 else None

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix.cases)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix.codes)

    def data(self, index: _Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self._views[index.row()][index.column()]
        handler = self._roles.get(role)
        return None if handler is None else handler(index, view)

    def _cell_roles(self) -> dict[int, Callable[[_Index, _CellView], Any]]:
        def look(empty: Any, unsummarised: Any, summarised: Any) -> Callable[..., Any]:
            return lambda _index, view: (empty, unsummarised, summarised)[view.state]

        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return {
            _Role.DisplayRole: lambda _index, view: view.display,
            _Role.ToolTipRole: lambda index, view: _tooltip(
                self._matrix.rows[index.row()][index.column()], view, self._title(index)
            ),
            _Role.AccessibleTextRole: lambda index, view: _spoken(view, self._title(index)),
            _Role.AccessibleDescriptionRole: lambda index, view: _spoken(view, self._title(index)),
            STATE_ROLE: lambda _index, view: int(view.state),
            PREVIEW_ROLE: lambda _index, view: view.preview,
            COUNT_ROLE: lambda _index, view: view.count,
            CASE_ID_ROLE: lambda index, _view: self._matrix.cases[index.row()].id,
            CODE_ID_ROLE: lambda index, _view: self._matrix.codes[index.column()].id,
            # Looked up at call time: the brushes are made again on each refresh.
            _Role.BackgroundRole: lambda _i, view: self._empty_brush if view.state == 0 else None,
            _Role.ForegroundRole: lambda _i, view: None if view.state == 2 else self._muted,
            _Role.FontRole: look(None, self._italic, None),
            _Role.TextAlignmentRole: look(Qt.AlignmentFlag.AlignCenter, top_left, top_left),
        }

    def _title(self, index: _Index) -> str:
        """The cell's name: case and code."""
        case, code = self._matrix.cases[index.row()], self._matrix.codes[index.column()]
        return f"{case.name} × {code.label}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._matrix.codes):
                return None
            code = self._matrix.codes[section]
            tip = self._code_tips.get(code.id, code.label)
            values = {_Role.DisplayRole: code.label, _Role.ToolTipRole: tip, CODE_ID_ROLE: code.id}
            return values.get(role)
        if not 0 <= section < len(self._matrix.cases):
            return None
        case = self._matrix.cases[section]
        tip = _case_tip(case, self._views[section])
        return {_Role.DisplayRole: case.name, _Role.ToolTipRole: tip, CASE_ID_ROLE: case.id}.get(
            role
        )


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def _code_tips(shown: Sequence[MatrixCode], codes: Sequence[CodeInfo]) -> dict[int, str]:
    """Column tooltips: the code's place in the codebook, its framework and its definition."""
    paths = code_paths(list(codes))
    definitions = {c.id: c.definition.strip() for c in codes}
    tips = {}
    for code in shown:
        lines = [paths.get(code.id, code.name)]
        if code.framework:
            key = f" {code.framework_key}" if code.framework_key else ""
            lines.append(f"{code.framework}{key}")
        if definitions.get(code.id):
            lines.append(_cut(definitions[code.id], DEFINITION_CHARS))
        tips[code.id] = _rich(lines)
    return tips


def _case_tip(case: MatrixCase, row: Sequence[_CellView]) -> str:
    coded = sum(view.state is not CellState.EMPTY for view in row)
    written = sum(view.state is CellState.SUMMARISED for view in row)
    return f"{case.name}: {coded} of {len(row)} cells coded, {written} summarised"
