"""Synthesis from the command line, on a copy of the demo project: what a lead scripts."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import docx
import openpyxl
import pytest

from workbench.cli import main
from workbench.demo import build_demo

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.qwb"
    shutil.copy(built, copy)
    return copy


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_nasss_rating_made_on_the_command_line_is_in_the_grid(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = ["--coder", "Team Lead"]
    case = "Riverside falls sensors"
    assert main([*lead, "nasss", str(demo), "--case", case, "--rate", "7b", "Complex",
                 "--rationale", "Few people hold it together"]) == 0  # fmt: skip
    grid = _json(capsys, "nasss", str(demo), "--json")
    [riverside] = [c for c in grid["cases"] if c["case"] == case]  # type: ignore[attr-defined]
    assert riverside["ratings"]["7B"] == {"rating": "complex", "rater": "Team Lead",
                                          "rationale": "Few people hold it together",
                                          "evidence": 0}  # fmt: skip


def test_a_case_can_be_marked_for_assessment_then_rated(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["nasss", str(demo), "--case", "P04", "--mark", "site"]) == 0
    grid = _json(capsys, "nasss", str(demo), "--json")
    assert {"case": "P04", "type": "site", "ratings": {}} in grid["cases"]  # type: ignore[operator]


def test_a_matrix_summary_is_written_and_listed(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(demo), "--case", "P03", "--code", "NASSS:5C",
                 "--summary", "Procedures written in the evenings."]) == 0  # fmt: skip
    cells = _json(capsys, "matrix", str(demo), "--json")["cells"]
    [cell] = [c for c in cells if c["case"] == "P03" and c["code"].startswith("5C ")]  # type: ignore[attr-defined]
    assert cell["summary"] == "Procedures written in the evenings."


def test_the_register_and_crosstab_print_json(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _json(capsys, "register", str(demo), "--attribute", "career_stage", "--json")
    assert register["attribute"] == "career_stage"
    paths = [b["path"] for b in register["barriers"]]  # type: ignore[attr-defined]
    assert any(p.endswith("Mentorship") for p in paths)
    table = _json(capsys, "crosstab", str(demo), "--attribute", "role", "--codes", "NASSS:2A",
                  "--json")  # fmt: skip
    assert table["unit"] == "cases"
    assert "Ward manager" in [c["value"] for c in table["columns"]]  # type: ignore[attr-defined]


def test_export_writes_the_matrix_workbook_and_a_filtered_blind_report(
    demo: Path, tmp_path: Path
) -> None:
    assert main(["export", str(demo), str(tmp_path / "matrix.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "matrix.xlsx").active
    assert sheet is not None
    assert (sheet.title, sheet.freeze_panes) == ("Framework matrix", "B2")
    report = tmp_path / "team.docx"
    assert main(["export", str(demo), str(report), "--codes", "NASSS:4", "Workload",
                 "--cases", "P01", "--quotes-per-code", "1", "--pseudonyms-only"]) == 0  # fmt: skip
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "interview_p01_ward_manager" not in text
    assert "Participant 1 · Source 1, paragraph" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "{demo}", "{out}/r.docx", "--codes", "Nope"], "There is no code called “Nope”"),
        (["export", "{demo}", "{out}/r.docx", "--cases", "Nobody"], "no case called “Nobody”"),
        (["nasss", "{demo}", "--case", "P01", "--rate", "9Z", "complex"], "9Z"),
        (["nasss", "{demo}", "--rate", "4", "complex"], "Say which case with --case"),
        (["matrix", "{demo}", "--summary", "x"], "Say which cell with --case and --code"),
    ],
)
def test_mistakes_get_a_message_and_change_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = demo.read_bytes()
    args = [a.format(demo=demo, out=tmp_path) for a in argv]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert demo.read_bytes() == before
    assert not (tmp_path / "r.docx").exists()
