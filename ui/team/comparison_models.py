"""The coder comparison as Qt models: agreement figures per code, and the disagreements.

Every figure is written out with its reading ("0.712 (substantial)") and an undefined one as
"—", so the table reads the same to a screen reader; the pooled row comes last, in bold.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from ui.row_model import Index, RowTableModel
from workbench.agreement import CodeAgreement

if TYPE_CHECKING:
    from collections.abc import Callable

    from coding.agreement.statistics import Figures
    from workbench.agreement import AgreementReport
    from workbench.agreement_disagreements import Disagreement

_Role = Qt.ItemDataRole
CODE_ID_ROLE = _Role.UserRole + 70  # the code's id; 0 on the pooled row
POOLED_ID = 0
UNDEFINED = "—"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The figures first, so a narrow pane still shows them; the counts behind them after.
CODE, PERCENT, KAPPA, ALPHA, UNITS, FIRST, SECOND = range(7)

HEADER_TIPS = {
    PERCENT: "Share of the {unit} on which both coders made the same decision",
    KAPPA: "Cohen's kappa, labelled after Landis & Koch (1977)",
    ALPHA: "Krippendorff's alpha (nominal): 0.800 reliable, 0.667 tentative (2004)",
    UNITS: "The {unit} both coders judged, for this code",
    FIRST: "The {unit} {coder} coded with the code",
    SECOND: "The {unit} {coder} coded with the code",
}


def labelled(value: float | None, label: str | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f} ({label})"


def percent(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.1f}%"


class FiguresTableModel(RowTableModel[CodeAgreement]):
    """One row per code, then the pooled row: the figures, then the units compared and how
    many of them each coder coded."""

    columns: tuple[str, ...] = (
        "Code", "Agreement", "Cohen's kappa", "Krippendorff's alpha", "Units", "Coded by A",
        "Coded by B",
    )  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._roles: dict[int, Callable[[CodeAgreement, int], Any]] = {
            _Role.DisplayRole: self._text,
            _Role.ToolTipRole: self._tooltip,
            _Role.TextAlignmentRole: self._alignment,
            _Role.FontRole: self._font,
            CODE_ID_ROLE: lambda row, _column: row.code_id,
        }

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self._rows = []
        if report is not None:
            count = report.pooled_codes
            name = f"Pooled ({count} code{'s' if count != 1 else ''})"
            self._rows = [*report.codes, CodeAgreement(POOLED_ID, name, report.pooled)]
            first, second = report.coders[:2]
            self.columns = (*self.columns[:FIRST], first, second)
        self.endResetModel()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if role == _Role.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return (
                HEADER_TIPS.get(section, "").format(
                    unit=self.report.unit_name if self.report is not None else "units",
                    coder=self.columns[section] if 0 <= section < len(self.columns) else "",
                )
                or None
            )
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        handler = self._roles.get(role)
        return handler(row, column) if handler else None

    def _alignment(self, _row: CodeAgreement, column: int) -> int | None:
        return None if column == CODE else _RIGHT

    def _font(self, row: CodeAgreement, _column: int) -> QFont | None:
        return self._bold if row.code_id == POOLED_ID else None

    def _text(self, row: CodeAgreement, column: int) -> str:
        found: Figures = row.figures
        cells = (
            row.code, percent(found.percent), labelled(found.kappa, found.kappa_label),
            labelled(found.alpha, found.alpha_label), f"{found.units:,}", f"{found.coded[0]:,}",
            f"{found.coded[1]:,}",
        )  # fmt: skip
        return cells[column]

    def _tooltip(self, row: CodeAgreement, column: int) -> str:
        unit = self.report.unit_name if self.report is not None else "units"
        if column == UNITS:
            return f"{row.figures.units:,} {unit} judged by both coders"
        if column in (FIRST, SECOND):
            coded = row.figures.coded[column - FIRST]
            return f"{self.columns[column]} coded {coded:,} of these {unit}"
        if column == KAPPA:
            return "Cohen's kappa, labelled after Landis & Koch (1977)"
        if column == ALPHA:
            return "Krippendorff's alpha (nominal): 0.800 reliable, 0.667 tentative (2004)"
        return self._text(row, column)

    def row_of(self, code_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.code_id == code_id), None)


DISAGREEMENT_COLUMNS = ("Document", "Where", "Code", "Decisions", "Passage")
DOCUMENT, WHERE, DISAGREED_CODE, DECISIONS, PASSAGE = range(len(DISAGREEMENT_COLUMNS))


def where(item: Disagreement) -> str:
    """ "¶ 3": the paragraph a reader can find (as the segment views), else the character."""
    return f"¶ {item.paragraph}" if item.paragraph else f"character {item.start + 1:,}"


class DisagreementTableModel(RowTableModel["Disagreement"]):
    """The passages one coder coded and the other did not, in reading order."""

    columns = DISAGREEMENT_COLUMNS

    def disagreement(self, row: int) -> Disagreement:
        return self.row(row)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._rows[index.row()], index.column()
        cells = (item.document, where(item), item.code, item.decisions, item.excerpt)
        if role == _Role.DisplayRole:
            return cells[column]
        if role == _Role.ToolTipRole:
            if column == PASSAGE:
                length = f"{item.length:,} character{'s' if item.length != 1 else ''}"
                return f"<p>{escape(item.excerpt)}</p><p>{length}; Enter opens it</p>"
            return cells[column]
        if role == CODE_ID_ROLE:
            return item.code_id
        return None


class DisagreementFilter(QSortFilterProxyModel):
    """The disagreements of one code (the figures row chosen), or of every code."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.code_id: int | None = None

    def set_code(self, code_id: int | None) -> None:
        if code_id != self.code_id:
            self.beginFilterChange()
            self.code_id = code_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.code_id is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, CODE_ID_ROLE) == self.code_id)
