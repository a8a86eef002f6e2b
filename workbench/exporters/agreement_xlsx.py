"""Agreement figures as one .xlsx sheet: the coders and unit in a title row, then one row per
code and the pooled row.

Figures are numbers (percent to one decimal, coefficients to three in the cell format, full
precision in the cell); an undefined figure is the text "—", never a 0. Every string is typed
as text, so no code name runs as a formula. The file is written beside the target and renamed,
so a failed export never leaves half a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.exporters.matrix_xlsx import clean
from workbench.exporters.written import save_beside

if TYPE_CHECKING:
    from pathlib import Path

    from coding.agreement.statistics import Figures
    from workbench.agreement import AgreementReport

SHEET_TITLE = "Agreement"
UNDEFINED = "—"
HEADER = (
    "Code",
    "Units",
    "Percent agreement",
    "Cohen's kappa",
    "Kappa (Landis & Koch 1977)",
    "Krippendorff's alpha",
    "Alpha (Krippendorff 2004)",
)
WIDTHS = (44, 12, 12, 12, 18, 12, 26)
HEADER_ROW = 3  # the title, the note on the unit, then the header
SOURCES = (
    "Kappa is read with the bands of Landis & Koch (1977); alpha (nominal) with Krippendorff's "
    "(2004) thresholds: 0.800 or above reliable, 0.667 the lowest for tentative conclusions. "
    "Pooled kappa after De Vries et al. (2008). “—” marks a figure that is undefined (no "
    "variation to correct for chance)."
)
_HEADER_FILL = "DCE6F1"


def title(report: AgreementReport) -> str:
    """ "Agreement between Ana and Ben · unit: character (1,200 characters in 3 documents)"."""
    documents = len(report.documents)
    return (
        f"Agreement between {_names(report.coders)} · unit: {report.unit} "
        f"({report.units:,} {report.unit_name} in {documents} "
        f"document{'s' if documents != 1 else ''}, judged for each code)"
    )


def _names(coders: tuple[str, ...]) -> str:
    return coders[0] if len(coders) == 1 else f"{', '.join(coders[:-1])} and {coders[-1]}"


def pooled_label(report: AgreementReport) -> str:
    count = report.pooled_codes
    return f"Pooled ({count} code{'s' if count != 1 else ''})"


class _Sheet:
    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def text(self, row: int, column: int, value: str, *, bold: bool = False) -> Any:
        cell = self.sheet.cell(row=row, column=column, value=clean(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.alignment = self.wrap
        if bold:
            cell.font = self.bold
        return cell

    def number(self, row: int, column: int, value: float | None, places: int) -> None:
        if value is None:
            self.text(row, column, UNDEFINED)
            return
        cell = self.sheet.cell(row=row, column=column, value=value)
        cell.number_format = "0." + "0" * places if places else "#,##0"

    def figures(self, row: int, name: str, found: Figures, *, bold: bool = False) -> None:
        self.text(row, 1, name, bold=bold)
        self.number(row, 2, found.units, 0)
        self.number(row, 3, found.percent, 1)
        self.number(row, 4, found.kappa, 3)
        self.text(row, 5, found.kappa_label or UNDEFINED)
        self.number(row, 6, found.alpha, 3)
        self.text(row, 7, found.alpha_label or UNDEFINED)


def write_agreement_xlsx(report: AgreementReport, path: Path) -> None:
    """Write ``report`` to ``path`` (an .xlsx workbook of one sheet)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    out = _Sheet(sheet)
    out.text(1, 1, title(report), bold=True)
    note = SOURCES
    if len(report.coders) > 2:
        note += " Cohen's kappa compares two coders; with more, read alpha."
    out.text(2, 1, note)
    for column, (name, width) in enumerate(zip(HEADER, WIDTHS, strict=True), 1):
        out.text(HEADER_ROW, column, name, bold=True).fill = out.fill
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = HEADER_ROW + 1
    for code in report.codes:
        out.figures(row, code.code, code.figures)
        row += 1
    out.figures(row, pooled_label(report), report.pooled, bold=True)
    # The title and note run across the table rather than widening its first column.
    for line in (1, 2):
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(HEADER))
    sheet.row_dimensions[2].height = 48
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    save_beside(path, workbook.save)
