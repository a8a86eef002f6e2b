"""Coded segments as a table (.csv or .xlsx): one row per coding.

Cells that a spreadsheet would run as a formula (starting with = + - @) are written as text:
in .xlsx by typing the cell as a string, in .csv by the usual leading apostrophe.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from workbench.exporters.written import aside, cell_safe
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.segments import coding_rows

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.project import Project

HEADER = ("code", "document", "case", "speaker", "start", "end", "coder", "coded text")


def segment_rows(project: Project) -> Iterator[tuple[str | int, ...]]:
    paths = code_paths(list_codes(project))
    for s in coding_rows(project):
        yield (
            paths[s.code_id], s.document_name, s.case or "", s.speaker or "",
            s.start, s.end, s.coder or "", s.text,
        )  # fmt: skip


def write_csv(project: Project, path: Path) -> int:
    """Write UTF-8 with a BOM (Excel reads it as Unicode). Returns the number of rows."""
    temp = aside(path)
    count = 0
    try:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for row in segment_rows(project):
                writer.writerow([cell_safe(v) for v in row])
                count += 1
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return count


def write_xlsx(project: Project, path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Coded segments")
    sheet.append(list(HEADER))
    count = 0
    for row in segment_rows(project):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
        count += 1
    temp = aside(path)
    try:
        workbook.save(temp)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return count
