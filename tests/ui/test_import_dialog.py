"""The import dialog: choosing files and folders, options, and mapping a survey's columns."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from tests.ui.a11y import unnamed_interactive_widgets
from ui.dialogs.import_dialog import ImportDialog, reading
from ui.dialogs.survey_mapping import (
    PREVIEW_ROWS,
    ROLE_ATTRIBUTE,
    ROLE_ID,
    ROLE_IGNORE,
    ROLE_TEXT,
)
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.survey_store import SurveyColumns
from workbench.queries.codes import find_codes
from workbench.queries.documents import list_cases, list_documents

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: How did the remote monitoring go on your ward?\n"
    "P07: The tablets were fine but the wifi dropped every night shift.\n"
)
QUESTION = "What would make the service better?"
SURVEY_ROWS = [
    ["Respondent ID", "Age group", QUESTION],
    ["S01", "18-34", "Answering the phone faster in the mornings when everyone calls at once."],
    ["S02", "35-54", "A named nurse who knows my history so I do not repeat it every time."],
    ["S03", "55+", "Letters in larger print and a number that a person actually answers."],
    ["S04", "35-54", "Evening appointments for people who work shifts or care for children."],
    ["S05", "18-34", "Being able to book and change appointments online without phoning."],
    ["S06", "55+", "More time in each appointment, because I always feel rushed out the door."],
    ["S07", "18-34", "Clear text reminders the day before, with directions to the right room."],
    ["S08", "35-54", "Somewhere to park that does not cost a fortune for a short appointment."],
    ["S09", "55+", "Staff who explain the results in plain words and check that I understood."],
    ["S10", "18-34", "A quieter waiting room, the television and the radio at once is too much."],
]
RESPONDENTS = len(SURVEY_ROWS) - 1


def _write_survey(path: Path, rows: list[list[str]] = SURVEY_ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def session(project: Project) -> ProjectSession:
    return ProjectSession(project)


@pytest.fixture
def dialog(qtbot, session: ProjectSession):  # type: ignore[no-untyped-def]
    made = ImportDialog(session)
    qtbot.addWidget(made)
    yield made
    qtbot.waitUntil(lambda: not reading())


def _read_surveys(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not reading())


def _select(dialog: ImportDialog, path: Path) -> None:
    rows = [dialog.file_list.item(row) for row in range(dialog.file_list.count())]
    dialog.file_list.setCurrentItem(next(i for i in rows if i.toolTip() == str(path)))


def _choose(box, role: str) -> None:  # type: ignore[no-untyped-def]
    box.setCurrentIndex(box.findData(role))


# ---------------------------------------------------------------------- files and folders
def test_add_files_puts_the_chosen_files_in_the_list_once(dialog, tmp_path, monkeypatch):
    first = _write(tmp_path / "p01.txt", INTERVIEW)
    second = _write(tmp_path / "notes.md", "# Workshop\n\nNotes.\n")
    chosen = [str(first), str(second), str(first)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (chosen, ""))
    dialog.add_files_button.click()
    dialog.add_files_button.click()
    assert dialog.paths() == [first, second]
    assert dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Import 2 files"


def test_add_folder_adds_every_readable_file_in_it_and_its_subfolders(
    dialog, tmp_path, monkeypatch
):
    folder = tmp_path / "study"
    top = _write(folder / "p01.txt", INTERVIEW)
    nested = _write(folder / "site b" / "p02.txt", INTERVIEW.replace("P07", "P08"))
    survey = _write_survey(folder / "site b" / "survey.csv")
    _write(folder / "photo.jpg", "not a document")
    _write(folder / "~$p01.docx", "Word's lock file")
    _write(folder / ".hidden.txt", "dot file")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    dialog.add_folder_button.click()
    assert dialog.paths() == [top, nested, survey]


def test_cancelling_the_folder_chooser_adds_nothing(dialog, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    dialog.add_folder_button.click()
    assert dialog.paths() == []
    assert not dialog.ok_button.isEnabled()
    assert "Add files" in dialog.message.text()


def test_a_file_of_an_unknown_type_is_not_added_and_the_dialog_says_so(dialog, tmp_path):
    picture = _write(tmp_path / "scan.jpg", "not a document")
    interview = _write(tmp_path / "p01.txt", INTERVIEW)
    dialog.add_paths([picture, interview])
    assert dialog.paths() == [interview]
    assert "scan.jpg" in dialog.message.text()


def test_remove_takes_the_selected_files_off_the_list(dialog, tmp_path, qtbot):
    first = _write(tmp_path / "p01.txt", INTERVIEW)
    survey = _write_survey(tmp_path / "survey.csv")
    dialog.add_paths([first, survey])
    _read_surveys(qtbot)
    assert dialog.survey.isVisibleTo(dialog)
    _select(dialog, survey)
    dialog.remove_button.click()
    assert dialog.paths() == [first]
    assert not dialog.survey.isVisibleTo(dialog)
    assert dialog.survey_mapping(survey) is None


def _drop(widget, paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent]:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    copy, left, none = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    enter = QDragEnterEvent(QPoint(5, 5), copy, mime, left, none)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(5, 5), copy, mime, left, none)
    QApplication.sendEvent(widget, drop)
    return enter, drop


def test_files_and_folders_dropped_on_the_list_are_added(dialog, tmp_path):
    interview = _write(tmp_path / "p01.txt", INTERVIEW)
    folder = tmp_path / "more"
    inside = _write(folder / "p02.txt", INTERVIEW)
    enter, _drop_event = _drop(dialog.file_list.viewport(), [interview, folder])
    assert enter.isAccepted()
    assert dialog.paths() == [interview, inside]


# ---------------------------------------------------------------------- options
def test_kind_cases_and_folder_become_the_import_options(dialog, tmp_path):
    interview = _write(tmp_path / "p01.txt", INTERVIEW)
    dialog.add_paths([interview])
    automatic = dialog.options_for(interview)
    assert (automatic.kind, automatic.cases_from_speakers, automatic.folder) == (None, True, "")
    dialog.kind.setCurrentIndex(dialog.kind.findText("Notes"))
    dialog.cases.setChecked(False)
    dialog.folder.setEditText("  Site A  ")
    chosen = dialog.options_for(interview)
    assert (chosen.kind, chosen.cases_from_speakers, chosen.folder) == ("notes", False, "Site A")
    assert chosen.survey is None


def test_the_folder_box_offers_the_project_s_existing_folders(qtbot, session, tmp_path):
    from workbench.importing.service import ImportOptions, import_files

    import_files(session.project, [_write(tmp_path / "a.txt", INTERVIEW)],
                 ImportOptions(folder="Care homes"))  # fmt: skip
    made = ImportDialog(session)
    qtbot.addWidget(made)
    assert "Care homes" in [made.folder.itemText(i) for i in range(made.folder.count())]


# ---------------------------------------------------------------------- surveys
def test_a_survey_gets_the_suggested_roles_and_a_preview_of_its_first_rows(
    dialog, tmp_path, qtbot, qtmodeltester
):
    survey = _write_survey(tmp_path / "feedback.csv")
    dialog.add_paths([survey])
    assert dialog.survey.isVisibleTo(dialog)
    _read_surveys(qtbot)
    roles = {column: box.currentData() for column, box in dialog.survey.role_boxes.items()}
    assert roles == {"Respondent ID": ROLE_ID, "Age group": ROLE_ATTRIBUTE, QUESTION: ROLE_TEXT}
    model = dialog.survey.preview_model
    qtmodeltester.check(model)
    assert model.rowCount() == PREVIEW_ROWS
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        f"S0{n}" for n in range(1, PREVIEW_ROWS + 1)
    ]
    assert model.headerData(0, Qt.Orientation.Vertical) == "Row 2"
    heading = model.headerData(2, Qt.Orientation.Horizontal)
    assert heading.endswith("[free text]")
    assert f"feedback.csv: {RESPONDENTS} respondents" in dialog.survey.summary.text()
    assert dialog.options_for(survey).survey == SurveyColumns(
        "Respondent ID", (QUESTION,), ("Age group",)
    )


def test_changing_a_column_s_role_changes_the_survey_columns_and_the_preview(
    dialog, tmp_path, qtbot
):
    survey = _write_survey(tmp_path / "feedback.csv")
    dialog.add_paths([survey])
    _read_surveys(qtbot)
    boxes = dialog.survey.role_boxes
    _choose(boxes["Respondent ID"], ROLE_IGNORE)
    _choose(boxes["Age group"], ROLE_TEXT)
    assert dialog.options_for(survey).survey == SurveyColumns(None, ("Age group", QUESTION), ())
    assert dialog.survey.preview_model.headerData(1, Qt.Orientation.Horizontal).endswith(
        "[free text]"
    )
    assert dialog.ok_button.isEnabled()


def test_two_id_columns_are_refused_with_a_message(dialog, tmp_path, qtbot):
    survey = _write_survey(tmp_path / "feedback.csv")
    dialog.add_paths([survey])
    _read_surveys(qtbot)
    _choose(dialog.survey.role_boxes["Age group"], ROLE_ID)
    assert not dialog.ok_button.isEnabled()
    assert "at most one respondent id column" in dialog.ok_button.toolTip()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at most one respondent id column" in dialog.message.text()
    assert "“Respondent ID” and “Age group”" in dialog.message.text()


def test_a_survey_without_free_text_columns_is_refused_with_a_message(dialog, tmp_path, qtbot):
    survey = _write_survey(tmp_path / "feedback.csv")
    dialog.add_paths([survey])
    _read_surveys(qtbot)
    _choose(dialog.survey.role_boxes[QUESTION], ROLE_ATTRIBUTE)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "choose at least one free-text column" in dialog.message.text()
    _choose(dialog.survey.role_boxes[QUESTION], ROLE_TEXT)
    assert dialog.message.text() == ""


def test_a_broken_spreadsheet_shows_why_it_cannot_be_read(dialog, tmp_path, qtbot):
    broken = tmp_path / "answers.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    interview = _write(tmp_path / "p01.txt", INTERVIEW)
    dialog.add_paths([interview, broken])
    _read_surveys(qtbot)
    notice = dialog.survey.notice.text()
    assert notice.startswith("answers.xlsx is not a valid Excel file")
    assert dialog.survey.pages.currentWidget() is dialog.survey.notice
    assert not dialog.ok_button.isEnabled()
    assert "Remove it from the list" in dialog.message.text()
    _select(dialog, broken)
    dialog.remove_button.click()
    assert dialog.ok_button.isEnabled()


def test_each_survey_has_its_own_mapping_picked_with_the_file_box(dialog, tmp_path, qtbot):
    first = _write_survey(tmp_path / "spring.csv")
    other_rows = [["Site", "Comments on the pilot"]] + [
        [f"Ward {n}", f"The pilot on ward {n} went well overall but training came very late."]
        for n in range(1, 5)
    ]
    second = _write_survey(tmp_path / "pilot.csv", other_rows)
    dialog.add_paths([first, second])
    _read_surveys(qtbot)
    panel = dialog.survey
    assert panel.choose_row.isVisibleTo(dialog)
    assert [panel.file_choice.itemText(i) for i in range(panel.file_choice.count())] == [
        "spring.csv",
        "pilot.csv",
    ]
    _select(dialog, second)
    assert panel.file_choice.currentText() == "pilot.csv"
    assert list(panel.role_boxes) == ["Site", "Comments on the pilot"]
    _choose(panel.role_boxes["Site"], ROLE_IGNORE)
    assert dialog.options_for(second).survey == SurveyColumns(None, ("Comments on the pilot",))
    assert dialog.options_for(first).survey == SurveyColumns(
        "Respondent ID", (QUESTION,), ("Age group",)
    )
    batches = dialog.batches()
    assert [batch.paths for batch in batches] == [(first,), (second,)]


def test_documents_go_in_one_batch_and_each_survey_in_its_own(dialog, tmp_path, qtbot):
    survey = _write_survey(tmp_path / "feedback.csv")
    first = _write(tmp_path / "p01.txt", INTERVIEW)
    second = _write(tmp_path / "p02.txt", INTERVIEW)
    dialog.add_paths([survey, first, second])
    _read_surveys(qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findText("Transcript"))
    documents, surveys = dialog.batches()
    assert documents.paths == (first, second)
    assert documents.options.kind == "transcript"
    assert documents.options.survey is None
    assert surveys.paths == (survey,)
    assert surveys.options.survey is not None


def _tab_chain(start, count: int) -> list:  # type: ignore[no-untyped-def]
    """The next ``count`` widgets Tab reaches after ``start``."""
    chain, widget = [], start
    while len(chain) < count:
        widget = widget.nextInFocusChain()
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if tabbable and widget.isVisibleTo(widget.window()) and widget.isEnabled():
            chain.append(widget)
    return chain


def test_tab_goes_from_the_survey_file_through_each_role_to_the_preview(dialog, tmp_path, qtbot):
    dialog.add_paths([_write_survey(tmp_path / "a.csv"), _write_survey(tmp_path / "b.csv")])
    _read_surveys(qtbot)
    panel = dialog.survey
    panel.file_choice.setCurrentIndex(1)
    boxes = list(panel.role_boxes.values())
    assert _tab_chain(panel.file_choice, len(boxes) + 1) == [*boxes, panel.preview]


def test_closing_the_dialog_while_a_survey_is_read_does_no_harm(qtbot, session, tmp_path):
    made = ImportDialog(session)
    made.add_paths([_write_survey(tmp_path / "a.csv")])
    made.deleteLater()
    qtbot.waitUntil(lambda: not reading())
    QApplication.processEvents()


def test_every_control_of_the_dialog_has_an_accessible_name(dialog, tmp_path, qtbot):
    dialog.add_paths([_write_survey(tmp_path / "a.csv"), _write_survey(tmp_path / "b.csv")])
    dialog.add_paths([_write(tmp_path / "p01.txt", INTERVIEW)])
    _read_surveys(qtbot)
    assert unnamed_interactive_widgets(dialog) == []


# ---------------------------------------------------------------------- through the main window
@pytest.fixture
def window(qtbot, project: Project, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *_a: warnings.append(text))
    made = MainWindow(ProjectSession(project), Settings(tmp_path / "settings.ini"), JobRunner())
    made.warnings = warnings  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    made.show()
    yield made
    made.jobs.wait(5000)


def test_import_files_imports_a_transcript_and_a_survey_with_its_mapping(
    window, qtbot, project, tmp_path, monkeypatch
):
    interview = _write(tmp_path / "p07.txt", INTERVIEW)
    survey = _write_survey(tmp_path / "feedback.csv")
    chosen = [str(interview), str(survey)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (chosen, ""))
    dialog = window.files.import_files()
    assert dialog.isVisible()
    dialog.add_files_button.click()
    _read_surveys(qtbot)
    _choose(dialog.survey.role_boxes["Age group"], ROLE_IGNORE)
    dialog.folder.setEditText("Round 1")
    dialog.accept()
    assert window.files.import_dialog is None

    def imported() -> bool:
        message = window.statusBar().currentMessage()
        return len(list_documents(project)) == 1 + RESPONDENTS and "Imported 11" in message

    qtbot.waitUntil(imported)
    window.jobs.wait()
    documents = {d.name: d for d in list_documents(project)}
    assert documents["p07"].kind == "transcript"
    assert documents["p07"].folder == "Round 1"
    assert documents["feedback \u2013 S01"].kind == "survey"
    cases = {case.name: case for case in list_cases(project)}
    assert {"P07", "S01", "S10"} <= set(cases)
    assert cases["S01"].attributes == {}  # the age group was ignored
    assert find_codes(project, QUESTION)
    assert window.warnings == []


def test_files_that_fail_are_listed_at_the_end(window, qtbot, project, tmp_path):
    empty = _write(tmp_path / "empty.txt", "")
    survey = _write_survey(tmp_path / "feedback.csv")
    dialog = window.files.import_files([empty, survey])
    _read_surveys(qtbot)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(window.warnings))
    window.jobs.wait()
    assert window.warnings == ["empty.txt: is empty (0 bytes)"]
    assert len(list_documents(project)) == RESPONDENTS


def test_files_dropped_on_the_navigator_open_the_dialog_with_them(window, tmp_path, qtbot):
    interview = _write(tmp_path / "p07.txt", INTERVIEW)
    window.navigator.files_dropped.emit([interview])
    dialog = window.files.import_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.paths() == [interview]
    more = _write(tmp_path / "p08.txt", INTERVIEW)
    window.navigator.files_dropped.emit([more])
    assert window.files.import_dialog is dialog
    assert dialog.paths() == [interview, more]
    dialog.reject()
    assert window.files.import_dialog is None
