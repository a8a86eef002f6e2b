"""The export dialog: the Word report over chosen codes, cases and quotes, and spreadsheets."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

from tests.ui.a11y import unnamed_interactive_widgets
from ui.dialogs.export_dialog import ID_ROLE, ExportChoice, ExportDialog, descendants, export_job
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.errors import WorkbenchError
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.progress import Cancelled, Progress

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QStandardItem

    from workbench.project import Project

TEXTS = {
    "p01": "Interviewer: How was the kit?\n"
    "P01: The tablet froze every morning.\n"
    "P01: My daughter had to restart the tablet.\n",
    "p02": "Interviewer: And for you?\nP02: The tablet was fine but the training was rushed.\n",
}
CODINGS = (  # (document, code, phrase)
    ("p01", "Tablet problems", "The tablet froze every morning."),
    ("p01", "Tablet problems", "My daughter had to restart the tablet."),
    ("p02", "Tablet problems", "The tablet was fine"),
    ("p02", "Training", "the training was rushed"),
)


def _code(project: Project, name: str, parent_id: int | None = None) -> int:
    command = CreateCode(name=name, parent_id=parent_id)
    project.execute(command)
    assert command.code_id is not None
    return command.code_id


@pytest.fixture
def codes(project: Project, tmp_path: Path) -> dict[str, int]:
    """Two interviews (cases P01 and P02) coded with codes under a 'Barriers' parent."""
    paths = []
    for name, text in TEXTS.items():
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    documents = dict(zip(TEXTS, import_files(project, paths).document_ids, strict=True))
    barriers = _code(project, "Barriers")
    ids = {"Barriers": barriers}
    for name in ("Tablet problems", "Training", "Never used"):
        ids[name] = _code(project, name, barriers if name != "Never used" else None)
    for document, code, phrase in CODINGS:
        start = project.document_text(documents[document]).index(phrase)
        project.execute(ApplyCoding(document_id=documents[document], code_id=ids[code],
                                    start=start, end=start + len(phrase),
                                    user_id=project.user_id))  # fmt: skip
    return ids


@pytest.fixture
def window(qtbot: Any, project: Project, codes: dict[str, int], tmp_path: Path) -> Any:
    main = MainWindow(ProjectSession(project), Settings(tmp_path / "settings.ini"), JobRunner())
    qtbot.addWidget(main)
    main.show()
    yield main
    main.jobs.wait(10000)


@pytest.fixture
def dialog(qtbot: Any, project: Project, codes: dict[str, int]) -> ExportDialog:
    widget = ExportDialog(ProjectSession(project))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _item(dialog: ExportDialog, code_id: int) -> QStandardItem:
    root = dialog.codes.invisibleRootItem()
    return next(i for i in descendants(root) if i.data(ID_ROLE) == code_id)


def _case(dialog: ExportDialog, name: str) -> QStandardItem:
    return next(i for i in descendants(dialog.cases.invisibleRootItem()) if i.text() == name)


def _export(qtbot: Any, window: MainWindow, dialog: ExportDialog) -> str:
    """Press Export and wait for the job; the status bar message."""
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert window.jobs.wait(10000)
    qtbot.waitUntil(lambda: bool(window.statusBar().currentMessage()))
    return window.statusBar().currentMessage()


def _report(path: Path) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    """(style, text) of every paragraph, and the cell texts of every table."""
    import docx

    document = docx.Document(str(path))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _part(paragraphs: list[tuple[str, str]], part: str) -> list[tuple[str, str]]:
    """The paragraphs of one part (a Heading 1) of the report, up to the next part."""
    start = paragraphs.index(("Heading 1", part))
    end = next(
        (i for i in range(start + 1, len(paragraphs)) if paragraphs[i][0] == "Heading 1"),
        len(paragraphs),
    )
    return paragraphs[start + 1 : end]


def _under(paragraphs: list[tuple[str, str]], part: str) -> list[str]:
    """The Heading 2 texts of one part (a Heading 1) of the report."""
    start = paragraphs.index(("Heading 1", part))
    found = []
    for style, text in paragraphs[start + 1 :]:
        if style == "Heading 1":
            break
        if style == "Heading 2":
            found.append(text)
    return found


def test_every_control_of_the_export_dialog_has_an_accessible_name(dialog: ExportDialog) -> None:
    assert unnamed_interactive_widgets(dialog) == []
    dialog.format.setCurrentIndex(2)
    assert unnamed_interactive_widgets(dialog) == []


def test_the_code_and_case_lists_are_sound_item_models(
    dialog: ExportDialog, qtmodeltester: Any
) -> None:
    qtmodeltester.check(dialog.codes)
    qtmodeltester.check(dialog.cases)


def test_at_first_everything_goes_into_a_word_report_beside_the_project(
    dialog: ExportDialog, codes: dict[str, int], project: Project
) -> None:
    choice = dialog.choice()
    assert sorted(choice.code_ids or ()) == sorted(codes.values())
    assert choice.case_names is None  # every case, and passages of no case
    assert choice.quotes_per_code is None
    assert dialog.quotes.text() == "All"
    assert choice.path == project.path.parent / f"{project.path.stem} report.docx"
    assert dialog.problem_with(choice) is None
    dialog.path.setText("team report")  # a bare name goes beside the project too
    assert dialog.choice().path == project.path.parent / "team report.docx"


def test_the_report_holds_only_the_chosen_codes_cases_and_number_of_quotes(
    qtbot: Any, window: MainWindow, codes: dict[str, int], tmp_path: Path
) -> None:
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    assert dialog.isVisible()
    _item(dialog, codes["Training"]).setCheckState(Qt.CheckState.Unchecked)
    _case(dialog, "P02").setCheckState(Qt.CheckState.Unchecked)
    dialog.quotes.setValue(1)
    target = tmp_path / "synthesis.docx"
    dialog.path.setText(str(target))
    assert _export(qtbot, window, dialog) == f"Wrote {target}"
    paragraphs, tables = _report(target)
    assert _under(paragraphs, "Themes") == ["Barriers/Tablet problems"]
    themes = _part(paragraphs, "Themes")
    quotes = [text for style, text in themes if style == "Quote Excerpt"]
    assert quotes == ["[1] “The tablet froze every morning.”"]
    register = _part(paragraphs, "Barrier register")  # "Barriers/…" codes are barriers
    assert [text for style, text in register if style == "Quote Excerpt"] == [
        "“My daughter had to restart the tablet.”"  # one exemplar (the fuller one), P01 only
    ]
    assert "2 codings in 1 documents; 1 quotes shown" in [text for _, text in paragraphs]
    by_header = {tuple(table[0]): table for table in tables}
    matrix = by_header[("Code", "P01")]
    codebook = by_header[("Code", "Key", "Definition", "Codings", "Documents")]
    assert [row[0].strip() for row in codebook[1:]] == ["Barriers", "Tablet problems", "Never used"]
    assert matrix == [["Code", "P01"], ["Barriers/Tablet problems", "2"]]
    everything = " ".join(text for _, text in paragraphs)
    assert "P02" not in everything
    assert "training was rushed" not in everything


def test_ticking_a_code_ticks_the_codes_below_it(
    dialog: ExportDialog, codes: dict[str, int]
) -> None:
    _item(dialog, codes["Barriers"]).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.choice().code_ids == (codes["Never used"],)
    _item(dialog, codes["Barriers"]).setCheckState(Qt.CheckState.Checked)
    _item(dialog, codes["Training"]).setCheckState(Qt.CheckState.Unchecked)
    assert codes["Barriers"] in (dialog.choice().code_ids or ())  # a parent stays on its own
    assert codes["Training"] not in (dialog.choice().code_ids or ())


def test_codes_with_codings_only_hides_and_leaves_out_unused_codes(
    dialog: ExportDialog, codes: dict[str, int]
) -> None:
    unused = _item(dialog, codes["Never used"])
    dialog.coded_only.setChecked(True)
    assert dialog.code_view.isRowHidden(unused.row(), unused.index().parent())
    parent = _item(dialog, codes["Barriers"])  # no codings itself, but codes below it have
    assert not dialog.code_view.isRowHidden(parent.row(), parent.index().parent())
    assert sorted(dialog.choice().code_ids or ()) == sorted(
        codes[n] for n in ("Barriers", "Tablet problems", "Training")
    )
    dialog.coded_only.setChecked(False)
    assert not dialog.code_view.isRowHidden(unused.row(), unused.index().parent())


def _button(dialog: ExportDialog, name: str) -> QPushButton:
    button = dialog.findChild(QPushButton, name)
    assert button is not None
    return button


def test_the_all_and_none_buttons_tick_and_untick_every_case(dialog: ExportDialog) -> None:
    _button(dialog, "export_cases_none").click()
    assert dialog.choice().case_names == ()
    assert dialog.problem_with(dialog.choice()) == ("Tick at least one case.", dialog.case_view)
    _button(dialog, "export_cases_all").click()
    assert dialog.choice().case_names is None


def test_a_missing_folder_is_said_in_the_dialog_which_stays_open(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.path.setText(str(tmp_path / "nowhere" / "report.docx"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == f"The folder {tmp_path / 'nowhere'} does not exist."
    assert not (tmp_path / "nowhere").exists()
    qtbot.keyClicks(dialog.path, "x")  # the message was about the name before this change
    assert not dialog.problem.isVisible()


def test_a_write_that_fails_in_the_background_shows_its_message(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    # The folder was there when Export was pressed, and is gone when the job writes.
    gone = tmp_path / "usb stick" / "report.docx"
    dialog.export_chosen.emit(ExportChoice(path=gone, suffix=".docx"))
    assert window.jobs.wait(10000)
    qtbot.waitUntil(lambda: bool(warnings))
    message = f"Could not write report.docx: the folder {gone.parent} does not exist."
    assert warnings == [message]
    assert window.statusBar().currentMessage() == message


def test_replacing_an_existing_file_is_asked_first(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old report.docx"
    target.write_bytes(b"the previous report")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: answers.pop(0))
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.path.setText(str(target))
    dialog.accept()
    assert dialog.isVisible()
    assert target.read_bytes() == b"the previous report"
    assert _export(qtbot, window, dialog) == f"Wrote {target}"
    assert _report(target)[0][0] == ("Title", "Test study")


def test_browse_asks_for_a_file_and_adds_the_format_suffix(
    dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Any, ...]] = []

    def save_file_name(*args: Any, **_options: Any) -> tuple[str, str]:
        asked.append(args)
        return str(tmp_path / "for the team"), "Word documents (*.docx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    dialog.browse.click()
    assert asked[0][3] == "Word documents (*.docx)"
    assert dialog.choice().path == tmp_path / "for the team.docx"
    dialog.format.setCurrentIndex(2)  # a chosen name keeps its name, with the new suffix
    assert dialog.choice().path == tmp_path / "for the team.xlsx"


def test_a_spreadsheet_holds_every_segment_and_the_report_choices_are_greyed_out(
    qtbot: Any, window: MainWindow, codes: dict[str, int], tmp_path: Path
) -> None:
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.format.setCurrentIndex(3)  # .csv
    assert dialog.path.text().endswith(" coded segments.csv")
    assert dialog.note.isVisible()
    assert not dialog.code_box.isEnabled()
    assert not dialog.case_box.isEnabled()
    assert not dialog.quotes.isEnabled()
    target = tmp_path / "segments.csv"
    dialog.path.setText(str(target))
    assert _export(qtbot, window, dialog) == f"Wrote {target}"
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["coded text"] for r in rows) == sorted(phrase for _, _, phrase in CODINGS)


def test_the_framework_matrix_is_exported_for_the_ticked_codes_and_cases(
    qtbot: Any, window: MainWindow, codes: dict[str, int], tmp_path: Path
) -> None:
    import openpyxl

    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.format.setCurrentIndex(1)
    assert dialog.path.text().endswith(" framework matrix.xlsx")
    assert dialog.code_box.isEnabled()
    assert not dialog.quotes.isEnabled()
    assert not dialog.pseudonyms.isEnabled()
    _case(dialog, "P02").setCheckState(Qt.CheckState.Unchecked)
    target = tmp_path / "matrix.xlsx"
    dialog.path.setText(str(target))
    assert _export(qtbot, window, dialog) == f"Wrote {target}"
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert sheet.freeze_panes == "B2"
    assert [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)][:1] == [
        "P01"
    ]


def test_pseudonyms_only_is_passed_to_the_report(
    qtbot: Any, window: MainWindow, codes: dict[str, int], tmp_path: Path
) -> None:
    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.pseudonyms.setChecked(True)
    target = tmp_path / "blind.docx"
    dialog.path.setText(str(target))
    assert dialog.choice().pseudonyms_only
    assert _export(qtbot, window, dialog) == f"Wrote {target}"
    paragraphs, _ = _report(target)
    assert ("Normal", "People and sources are named by pseudonym only.") in paragraphs
    assert not any("P01 · " in text for _, text in paragraphs)


def test_the_export_job_stops_when_cancelled_and_writes_nothing(
    project: Project, codes: dict[str, int], tmp_path: Path
) -> None:
    progress = Progress()
    progress.cancel()
    target = tmp_path / "report.docx"
    with pytest.raises(Cancelled):
        export_job(project, ExportChoice(path=target, suffix=".docx"), progress)
    assert list(tmp_path.glob("*.docx")) == []


def test_the_export_job_never_names_its_temporary_file(
    project: Project, codes: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "segments.csv"
    with pytest.raises(WorkbenchError) as raised:
        export_job(project, ExportChoice(path=target, suffix=".csv"), Progress())
    assert (
        str(raised.value)
        == f"Could not write segments.csv: the folder {target.parent} does not exist."
    )
