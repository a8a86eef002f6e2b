"""Qt models of the code x attribute crosstab and the code co-occurrence matrix.

The crosstab shows counts, row percentages or column percentages of the same
:class:`~workbench.queries.crosstab.Crosstab`, with a total row and a total column; switching
the display changes no query. Totals are in bold as well as labelled "Total", and every cell's
tooltip says what it counts in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from workbench.queries.crosstab import percent

if TYPE_CHECKING:
    from ui.row_model import Index
    from workbench.queries.crosstab import CooccurrenceMatrix, Crosstab

_Role = Qt.ItemDataRole
COUNTS, ROW_PERCENT, COLUMN_PERCENT = "counts", "row", "column"
DISPLAYS = {COUNTS: "Counts", ROW_PERCENT: "Row %", COLUMN_PERCENT: "Column %"}
TOTAL = "Total"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent_text(value: float | None) -> str:
    """ "40%"; a dash when there is nothing to divide by."""
    if value is None:
        return "–"
    return "<1%" if 0 < value < 0.5 else f"{value:.0f}%"


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class CrosstabModel(QAbstractTableModel):
    """Codes (rows, then a total row) by attribute values (columns, then a total column)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.crosstab: Crosstab | None = None
        self.display = COUNTS

    def set_crosstab(self, crosstab: Crosstab | None) -> None:
        self.beginResetModel()
        self.crosstab = crosstab
        self.endResetModel()

    def set_display(self, display: str) -> None:
        """Show counts, row % or column % (see :data:`DISPLAYS`)."""
        if display == self.display:
            return
        self.display = display
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 1), last, [_Role.DisplayRole, _Role.ToolTipRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.crosstab is None:
            return 0
        return len(self.crosstab.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.crosstab is None:
            return 0
        return len(self.crosstab.columns) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if self.crosstab is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < self.columnCount():
            return None
        if role == _Role.DisplayRole:
            return self._header_text(self.crosstab, section - 1)
        if role == _Role.ToolTipRole:
            return self._header_tip(self.crosstab, section - 1)
        return None

    @staticmethod
    def _header_text(table: Crosstab, value: int) -> str:
        if value < 0:
            return "Code"
        if value == len(table.columns):
            return TOTAL
        if table.unit == "cases":
            return f"{table.columns[value]} (of {table.denominators[value]})"
        return table.columns[value]

    @staticmethod
    def _header_tip(table: Crosstab, value: int) -> str | None:
        if not 0 <= value < len(table.columns):
            return None
        named = f"{table.attribute} “{table.columns[value]}”"
        if table.unit == "cases":
            return f"{table.denominators[value]} cases have {named}"
        return f"Codings in cases with {named}"

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        table = self.crosstab
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _Role.FontRole:
            return _bold() if row == len(table.rows) or column == len(table.columns) + 1 else None
        if column == 0:
            label = TOTAL if row == len(table.rows) else table.rows[row].path
            return label if role in (_Role.DisplayRole, _Role.ToolTipRole) else None
        if role == _Role.TextAlignmentRole:
            return _RIGHT
        if role == _Role.DisplayRole:
            return self._text(row, column - 1)
        return self._tooltip(row, column - 1) if role == _Role.ToolTipRole else None

    def _text(self, row: int, column: int) -> str:
        count, row_share, column_share = self.cell(row, column)
        if self.display == ROW_PERCENT:
            return percent_text(row_share)
        if self.display == COLUMN_PERCENT:
            return percent_text(column_share)
        return str(count)

    def cell(self, row: int, column: int) -> tuple[int, float | None, float | None]:
        """Count, row % and column % of a cell; ``row``/``column`` may be the totals."""
        table = self.crosstab
        assert table is not None
        everyone = sum(table.denominators) if table.unit == "cases" else table.total
        if row < len(table.rows):
            line = table.rows[row]
            if column < len(table.columns):
                return line.counts[column], line.row_percent[column], line.column_percent[column]
            return line.total, percent(line.total, line.total), percent(line.total, everyone)
        if column < len(table.columns):
            count = table.column_totals[column]
            return count, percent(count, table.total), percent(count, table.denominators[column])
        return table.total, percent(table.total, table.total), percent(table.total, everyone)

    def _tooltip(self, row: int, column: int) -> str:
        table = self.crosstab
        assert table is not None
        count, row_share, column_share = self.cell(row, column)
        code = "any of these codes" if row == len(table.rows) else table.rows[row].path
        where = "in all"
        if column < len(table.columns):
            where = f"with {table.attribute} “{table.columns[column]}”"
        unit = table.unit if count != 1 else table.unit.removesuffix("s")
        return (
            f"{count} {unit} {where} coded with {code}. "
            f"Row: {percent_text(row_share)}; column: {percent_text(column_share)}."
        )


class CooccurrenceModel(QAbstractTableModel):
    """Codes by codes: overlapping codings of each pair; the diagonal, in brackets, is each
    code's own number of codings. Columns are numbered like the rows, to stay narrow."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: CooccurrenceMatrix | None = None

    def set_matrix(self, matrix: CooccurrenceMatrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.code_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.code_ids) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        matrix = self.matrix
        if matrix is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section <= len(matrix.code_ids):
            return None
        if role == _Role.DisplayRole:
            return "Code" if section == 0 else str(section)
        if role == _Role.ToolTipRole and section:
            return f"{section}. {matrix.paths[section - 1]}"
        return None

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if self.matrix is None or not index.isValid():
            return None
        row, column = index.row(), index.column() - 1
        if role == _Role.DisplayRole:
            return self._text(self.matrix, row, column)
        if role == _Role.ToolTipRole:
            return self._tooltip(self.matrix, row, column)
        if role == _Role.TextAlignmentRole and column >= 0:
            return _RIGHT
        return None

    @staticmethod
    def _text(matrix: CooccurrenceMatrix, row: int, column: int) -> str:
        if column < 0:
            return f"{row + 1}. {matrix.paths[row]}"
        count = matrix.counts[row][column]
        return f"({count})" if row == column else str(count)

    @staticmethod
    def _tooltip(matrix: CooccurrenceMatrix, row: int, column: int) -> str:
        if column < 0:
            return f"{row + 1}. {matrix.paths[row]}"
        count = matrix.counts[row][column]
        if row == column:
            return f"{matrix.paths[row]}: {count} codings in all"
        return (
            f"{matrix.paths[row]} and {matrix.paths[column]}: {count} pairs of overlapping codings"
        )
