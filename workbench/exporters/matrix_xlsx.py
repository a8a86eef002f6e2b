"""The Framework Method matrix as one .xlsx sheet, with the quotes its summaries rest on.

Cases are rows and codes columns, with the header row and the case column frozen. A cell holds
the summary, the number of codings and references ("Quotes: Q1, Q4") to numbered quotes listed
in a block below the matrix on the same sheet: the reference, then who said it, where, and
the quote itself.
Every string is typed as text, so nothing a participant or analyst wrote runs as a formula, and
characters XML cannot hold are dropped. The file is written beside the target and renamed, so
a failed export never leaves half a file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from workbench.exporters.written import save_beside
from workbench.queries.framework_matrix import default_matrix_axes, framework_matrix, linked_quotes

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from pathlib import Path

    from workbench.dto import Segment
    from workbench.project import Project
    from workbench.queries.framework_matrix import FrameworkMatrix, MatrixCell

SHEET_TITLE = "Framework matrix"
EMPTY_MARK = "—"  # an empty cell says so in text, not by its fill alone
QUOTE_CHARS = 600  # longer quotes are cut, with an ellipsis: the reference finds the rest
_CELL_LIMIT = 32_767  # Excel's most characters in one cell
# Control characters, lone surrogates and the two non-characters: XML 1.0 cannot hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_FILL, _EMPTY_FILL = "DCE6F1", "EDEDED"


def clean(text: str) -> str:
    """``text`` as a cell can hold it."""
    text = _NOT_XML.sub("", text)
    return text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"


def quote_numbers(matrix: FrameworkMatrix) -> dict[int, str]:
    """``coding id -> "Qn"``, numbered through the matrix row by row, each cell in text order."""
    numbers: dict[int, str] = {}
    for row in matrix.rows:
        for cell in row:
            for coding_id in cell.linked_coding_ids:
                numbers.setdefault(coding_id, f"Q{len(numbers) + 1}")
    return numbers


def count_label(count: int) -> str:
    return f"{count} coding" if count == 1 else f"{count} codings"


def cell_text(cell: MatrixCell, numbers: Mapping[int, str]) -> str:
    """What a cell shows: summary, count and quote references, or the empty mark."""
    if cell.is_empty:
        return EMPTY_MARK
    summary = cell.summary.strip() if cell.has_summary else "No summary yet"
    lines = [summary, "", count_label(cell.count)]
    refs = [numbers[c] for c in cell.linked_coding_ids if c in numbers]
    if refs:
        lines.append("Quotes: " + ", ".join(refs))
    return "\n".join(lines)


def quote_place(segment: Segment) -> str:
    """Who said it and where: speaker, document, paragraph and time in the recording."""
    place = f"{segment.document_name}, paragraph {segment.paragraph}"
    if segment.time_start is not None:
        minutes, seconds = divmod(int(segment.time_start), 60)
        place += f" ({minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d})"
    return f"{segment.speaker} · {place}" if segment.speaker else place


def _quote_text(text: str) -> str:
    text = " ".join(clean(text).split())
    return f"‘{text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + '…'}’"


class _Sheet:
    """Writes text cells in a few named styles (far cheaper than styling cell by cell)."""

    def __init__(self, workbook: Any, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

        top = Alignment(wrap_text=True, vertical="top")
        header = PatternFill("solid", fgColor=_HEADER_FILL)
        styles = (
            NamedStyle("Matrix text", alignment=top),
            NamedStyle("Matrix heading", alignment=top, font=Font(bold=True)),
            NamedStyle("Matrix header", alignment=top, font=Font(bold=True), fill=header),
            NamedStyle(
                "Matrix empty",
                alignment=Alignment(horizontal="center", vertical="center"),
                font=Font(color="595959"),
                fill=PatternFill("solid", fgColor=_EMPTY_FILL),
            ),
        )
        for style in styles:
            workbook.add_named_style(style)
        self.sheet = sheet

    def text(self, row: int, column: int, value: str, style: str = "Matrix text") -> None:
        cell = self.sheet.cell(row=row, column=column, value=clean(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.style = style


def _write_matrix(out: _Sheet, matrix: FrameworkMatrix, numbers: Mapping[int, str]) -> None:
    out.text(1, 1, "Case", "Matrix header")
    for column, code in enumerate(matrix.codes, 2):
        out.text(1, column, code.label, "Matrix header")
    for row, (case, cells) in enumerate(zip(matrix.cases, matrix.rows, strict=True), 2):
        out.text(row, 1, case.name, "Matrix heading")
        for column, cell in enumerate(cells, 2):
            style = "Matrix empty" if cell.is_empty else "Matrix text"
            out.text(row, column, cell_text(cell, numbers), style)


def _write_quotes(
    out: _Sheet, first_row: int, numbers: Mapping[int, str], quotes: Mapping[int, Segment]
) -> None:
    out.text(first_row, 1, "Quotes the summaries rest on", "Matrix heading")
    out.text(first_row + 1, 1, "Reference", "Matrix header")
    out.text(first_row + 1, 2, "Speaker · place: quote", "Matrix header")
    row = first_row + 2
    for coding_id, number in numbers.items():
        segment = quotes[coding_id]
        out.text(row, 1, number, "Matrix heading")
        out.text(row, 2, f"{quote_place(segment)}: {_quote_text(segment.text)}")
        row += 1


def write_matrix_xlsx(matrix: FrameworkMatrix, quotes: Mapping[int, Segment], path: Path) -> int:
    """Write ``matrix`` to ``path``; ``quotes`` are the linked codings (see ``linked_quotes``).

    Returns how many quotes are referenced.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    out = _Sheet(workbook, sheet)
    # Numbered over the quotes there are, so that the references run Q1, Q2... without gaps.
    available = [c for c in quote_numbers(matrix) if c in quotes]
    numbers = {c: f"Q{n}" for n, c in enumerate(available, 1)}
    _write_matrix(out, matrix, numbers)
    if numbers:
        _write_quotes(out, len(matrix.cases) + 3, numbers, quotes)
    longest = max((len(c.name) for c in matrix.cases), default=0)
    sheet.column_dimensions["A"].width = min(max(longest + 2, 14), 30)
    for column in range(2, max(len(matrix.codes), 1) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 42
    sheet.freeze_panes = "B2"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows, sheet.print_title_cols = "1:1", "A:A"
    save_beside(path, workbook.save)
    return len(numbers)


def export_matrix_xlsx(
    project: Project,
    path: Path,
    *,
    case_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
) -> FrameworkMatrix:
    """Compute and write the matrix; cases and codes default to :func:`default_matrix_axes`."""
    if case_ids is None or code_ids is None:
        axes = default_matrix_axes(project)
        case_ids = axes.case_ids if case_ids is None else case_ids
        code_ids = axes.code_ids if code_ids is None else code_ids
    matrix = framework_matrix(project, case_ids, code_ids)
    write_matrix_xlsx(matrix, linked_quotes(project, matrix), path)
    return matrix
