"""The framework matrix exported to .xlsx and read back with openpyxl."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from tests.workbench.test_framework_matrix import Study, build_study
from workbench.dto import Segment
from workbench.exporters.matrix_xlsx import EMPTY_MARK, export_matrix_xlsx, write_matrix_xlsx
from workbench.ops.framework_matrix import SetCellSummary
from workbench.queries.framework_matrix import (
    FrameworkMatrix,
    MatrixCase,
    MatrixCell,
    MatrixCode,
    framework_matrix,
    linked_quotes,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

SUMMARY = "Training came late; staff learned on the job."


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    built = build_study(project, tmp_path)
    p01, training = built.cases["P01"], built.codes["Training"]
    links = [built.codings["untrained"], built.codings["months"]]
    project.execute(SetCellSummary(p01, training, SUMMARY, links))
    site, infrastructure = built.cases["Site A"], built.codes["Infrastructure"]
    project.execute(
        SetCellSummary(site, infrastructure, "No chargers", [built.codings["chargers"]])
    )
    return built


def export(study: Study, path: Path, cases: list[str], codes: list[str]) -> Any:
    """Export the chosen cells to ``path`` and reopen the sheet."""
    matrix = framework_matrix(
        study.project, [study.cases[c] for c in cases], [study.codes[c] for c in codes]
    )
    write_matrix_xlsx(matrix, linked_quotes(study.project, matrix), path)
    return load_workbook(path)["Framework matrix"]


def grid(sheet: Any) -> dict[tuple[str, str], str]:
    """(case, code header) -> cell text, for the matrix part of the sheet."""
    header = [c.value for c in sheet[1]]
    cells: dict[tuple[str, str], str] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if not row[0]:
            break
        cells.update({(row[0], header[i]): row[i] for i in range(1, len(header))})
    return cells


def quote_block(sheet: Any) -> dict[str, str]:
    """Quote reference -> speaker, place and quote, from the block below the matrix."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Quotes the summaries rest on")
    return {row[0]: row[1] for row in rows[start + 2 :] if row[0]}


def test_the_matrix_is_one_sheet_with_the_header_row_and_case_column_frozen(
    study: Study, tmp_path: Path
) -> None:
    path = tmp_path / "matrix.xlsx"
    export(study, path, ["P01", "P02", "Site A"], ["Training", "Infrastructure"])
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Framework matrix"]
    sheet = workbook["Framework matrix"]
    assert sheet.freeze_panes == "B2"
    assert [c.value for c in sheet[1]] == ["Case", "Training", "Infrastructure"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == ["P01", "P02", "Site A"]
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet["B2"].alignment.wrap_text


def test_a_cell_shows_its_summary_count_and_the_quotes_it_rests_on(
    study: Study, tmp_path: Path
) -> None:
    sheet = export(study, tmp_path / "m.xlsx", ["P01", "Site A"], ["Training", "Infrastructure"])
    cells = grid(sheet)
    assert cells[("P01", "Training")] == f"{SUMMARY}\n\n2 codings\nQuotes: Q1, Q2"
    assert cells[("Site A", "Infrastructure")] == "No chargers\n\n1 coding\nQuotes: Q3"


def test_every_quote_reference_is_listed_with_speaker_place_and_text(
    study: Study, tmp_path: Path
) -> None:
    sheet = export(study, tmp_path / "m.xlsx", ["P01", "Site A"], ["Training", "Infrastructure"])
    quotes = quote_block(sheet)
    assert set(quotes) == {"Q1", "Q2", "Q3"}
    assert quotes["Q1"].startswith("P01 · ward_interview, paragraph ")
    assert quotes["Q1"].endswith(": ‘nobody trained us on the portal’")
    assert quotes["Q2"].endswith("‘Training only came months after’")
    assert quotes["Q3"] == "site_notes, paragraph 2: ‘no spare chargers’"


def test_empty_cells_say_so_and_coded_cells_without_a_summary_show_their_count(
    study: Study, tmp_path: Path
) -> None:
    sheet = export(study, tmp_path / "m.xlsx", ["P01", "P02"], ["Training", "Infrastructure"])
    cells = grid(sheet)
    assert cells[("P02", "Training")] == EMPTY_MARK
    assert sheet["B3"].fill.fgColor.rgb.endswith("EDEDED")
    assert cells[("P02", "Infrastructure")] == "No summary yet\n\n1 coding"
    assert not sheet["C3"].fill.fgColor.rgb.endswith("EDEDED")


def test_text_that_looks_like_a_formula_is_written_as_text(
    study: Study, tmp_path: Path, project: Project
) -> None:
    p02, infrastructure = study.cases["P02"], study.codes["Infrastructure"]
    formula = '=HYPERLINK("http://example.org","open")'
    project.execute(SetCellSummary(p02, infrastructure, formula, [study.codings["wifi"]]))
    path = tmp_path / "m.xlsx"
    sheet = export(study, path, ["P02"], ["Infrastructure"])
    assert sheet["B2"].value.startswith(formula)
    assert sheet["B2"].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_characters_xml_cannot_hold_are_dropped_without_breaking_the_file(
    study: Study, tmp_path: Path, project: Project
) -> None:
    p02, infrastructure = study.cases["P02"], study.codes["Infrastructure"]
    project.execute(SetCellSummary(p02, infrastructure, "Wifi\x00 lost\x07 at\x1b night\ufffe"))
    sheet = export(study, tmp_path / "m.xlsx", ["P02"], ["Infrastructure"])
    assert sheet["B2"].value.startswith("Wifi lost at night\n")


def test_a_lone_surrogate_in_a_quote_does_not_break_the_file(tmp_path: Path) -> None:
    quote = Segment(7, 1, 1, "notes\ud800", 0, 5, "Bad \ud83d byte", None, "P01", None, "", 3)
    cell = MatrixCell(1, 1, 1, "Summary \udfff", linked_coding_ids=(7,))
    matrix = FrameworkMatrix(
        (MatrixCase(1, "P01"),), (MatrixCode(1, "C", "C", "", ""),), ((cell,),)
    )
    path = tmp_path / "m.xlsx"
    assert write_matrix_xlsx(matrix, {7: quote}, path) == 1
    sheet = load_workbook(path)["Framework matrix"]
    assert sheet["B2"].value == "Summary \n\n1 coding\nQuotes: Q1"
    assert quote_block(sheet) == {"Q1": "notes, paragraph 3: ‘Bad byte’"}


def test_a_failed_export_leaves_no_half_written_file(study: Study, tmp_path: Path) -> None:
    target = tmp_path / "taken.xlsx"
    target.mkdir()  # a folder already has the name: the final rename fails
    matrix = framework_matrix(study.project, study.cases.values(), study.codes.values())
    with pytest.raises(OSError, match="taken"):
        write_matrix_xlsx(matrix, linked_quotes(study.project, matrix), target)
    assert not list(tmp_path.glob(".export-*"))
    assert not list(target.iterdir())


def test_exporting_without_a_choice_uses_the_coded_cases_and_codable_codes(
    study: Study, tmp_path: Path, project: Project
) -> None:
    path = tmp_path / "matrix.xlsx"
    matrix = export_matrix_xlsx(project, path)
    assert [c.name for c in matrix.cases] == ["P01", "P02", "Site A"]
    sheet = load_workbook(path)["Framework matrix"]
    assert [c.value for c in sheet[1]] == [
        "Case", "Barriers", "Training", "Infrastructure", "Family",
    ]  # fmt: skip
    assert set(quote_block(sheet)) == {"Q1", "Q2", "Q3"}


def test_quote_references_run_without_gaps_when_a_linked_quote_is_gone(tmp_path: Path) -> None:
    quote = Segment(8, 1, 1, "notes", 0, 5, "Kept", "P01", "P01", None, "", 2, 75.0)
    cell = MatrixCell(1, 1, 2, "Summary", linked_coding_ids=(7, 8))  # coding 7 was deleted
    matrix = FrameworkMatrix(
        (MatrixCase(1, "P01"),), (MatrixCode(1, "C", "C", "", ""),), ((cell,),)
    )
    path = tmp_path / "m.xlsx"
    assert write_matrix_xlsx(matrix, {8: quote}, path) == 1
    sheet = load_workbook(path)["Framework matrix"]
    assert sheet["B2"].value.endswith("Quotes: Q1")
    assert quote_block(sheet) == {"Q1": "P01 · notes, paragraph 2 (00:01:15): ‘Kept’"}
