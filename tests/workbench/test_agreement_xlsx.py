"""Agreement figures written to .xlsx and read back with openpyxl."""

from __future__ import annotations

from typing import TYPE_CHECKING

import openpyxl
import pytest

from tests.workbench import test_agreement_disagreements as two_coders
from tests.workbench.ops_support import apply_coding, new_code, span_of
from workbench.agreement import agreement
from workbench.exporters.agreement_xlsx import HEADER, UNDEFINED, write_agreement_xlsx
from workbench.project import Coder

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

coded = two_coders.coded  # the interview Ana and Ben coded, as a fixture
ANA, BEN, TEXT = two_coders.ANA, two_coders.BEN, two_coders.TEXT


def _rows(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_sheet_states_the_unit_and_lists_each_code_and_the_pooled_figures(
    project: Project, coded: dict[str, int], tmp_path: Path
) -> None:
    report = agreement(project, [ANA, BEN], unit="sentence")
    out = tmp_path / "agreement.xlsx"
    write_agreement_xlsx(report, out)
    rows = _rows(out)
    assert rows[0][0] == (
        "Agreement between Ana Researcher and Ben Coder · unit: sentence "
        f"({report.units} sentences in 1 document, judged for each code)"
    )
    assert "Landis & Koch (1977)" in str(rows[1][0])
    assert "Krippendorff's (2004)" in str(rows[1][0])
    assert rows[2] == HEADER
    training, infrastructure, pooled = rows[3:6]
    figures = report.codes[0].figures
    assert training[:4] == ("Barriers/Training", figures.units, figures.percent, figures.kappa)
    assert training[4] == figures.kappa_label
    assert (training[5], training[6]) == (figures.alpha, figures.alpha_label)
    assert infrastructure[0] == "Infrastructure"
    assert pooled[0] == "Pooled (2 codes)"
    assert pooled[1] == report.pooled.units
    assert pooled[2] == pytest.approx(report.pooled.percent)
    assert len(rows) == 6


def test_undefined_figures_are_marked_and_code_names_stay_text(
    project: Project, coded: dict[str, int], tmp_path: Path
) -> None:
    formula = new_code(project, '=HYPERLINK("http://x")')
    with project.transaction() as session:
        ben = project.user_for(session, Coder(BEN))
    # Both coders code the whole interview with it: no variation, so kappa and alpha are undefined.
    for user in (project.user_id, ben):
        apply_coding(project, coded["doc"], formula, (0, len(TEXT)), user)
    report = agreement(project, [ANA, BEN], code_ids=[formula])
    out = tmp_path / "undefined.xlsx"
    write_agreement_xlsx(report, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A4"].value == '=HYPERLINK("http://x")'
    assert sheet["A4"].data_type == "s"
    assert sheet["C4"].value == 100
    assert [sheet[f"{c}4"].value for c in "DEFG"] == [UNDEFINED] * 4
    assert sheet["D4"].data_type == "s"
    assert sheet.freeze_panes == "B4"


def test_three_coders_are_named_and_told_to_read_alpha(
    project: Project, coded: dict[str, int], tmp_path: Path
) -> None:
    with project.transaction() as session:
        cleo = project.user_for(session, Coder("Cleo Coder"))
    apply_coding(project, coded["doc"], coded["training"], span_of(TEXT, "Nobody trained"), cleo)
    report = agreement(project, [ANA, BEN, "Cleo Coder"])
    out = tmp_path / "three.xlsx"
    write_agreement_xlsx(report, out)
    rows = _rows(out)
    assert str(rows[0][0]).startswith("Agreement between Ana Researcher, Ben Coder and Cleo Coder")
    assert "with more, read alpha" in str(rows[1][0])
    assert rows[3][3] == UNDEFINED  # no kappa for three coders


def test_a_failed_export_leaves_no_half_file(
    project: Project, coded: dict[str, int], tmp_path: Path
) -> None:
    report = agreement(project, [ANA, BEN])
    in_the_way = tmp_path / "taken.xlsx"
    in_the_way.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):  # noqa: PT011 - which OSError depends on the platform
        write_agreement_xlsx(report, in_the_way)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["taken.xlsx"]
    assert in_the_way.is_dir()
