"""The Framework Method matrix dock: counts, empty cells, summaries from the keyboard, axes, export.

The study of tests/workbench/test_framework_matrix.py, imported through the real import service:
a ward interview (P01, P02), a home visit (P03, never coded), site notes of the case "Site A".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import span_of
from tests.workbench.test_framework_matrix import TEXTS, Study, build_study
from ui.session import ProjectSession
from ui.settings import Settings
from ui.synthesis.matrix_dock import MatrixDock
from ui.synthesis.matrix_model import CASE_ID_ROLE, CODE_ID_ROLE, NO_SUMMARY, STATE_ROLE, CellState
from ui.workers import JobRunner
from workbench.exporters.matrix_xlsx import EMPTY_MARK, SHEET_TITLE
from workbench.ops.codings import ApplyCoding
from workbench.ops.framework_matrix import SetCellSummary

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.project import Project

CODES = ["Barriers", "Training", "Infrastructure", "Family"]  # codable, in codebook order
CASES = ["P01", "P02", "Site A"]  # coded, by name (P03 has no codings)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return build_study(project, tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


def make_dock(qtbot: QtBot, study: Study, settings: Settings, **kwargs: object) -> MatrixDock:
    dock = MatrixDock(ProjectSession(study.project), settings=settings, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dock)
    dock.resize(1300, 700)
    dock.show()
    dock.activateWindow()
    qtbot.waitUntil(dock.isActiveWindow)
    return dock


@pytest.fixture
def dock(qtbot: QtBot, study: Study, settings: Settings) -> MatrixDock:
    return make_dock(qtbot, study, settings)


def headers(dock: MatrixDock, side: Qt.Orientation = Qt.Orientation.Horizontal) -> list[str]:
    count = dock.model.columnCount() if side == Qt.Orientation.Horizontal else dock.model.rowCount()
    return [dock.model.headerData(section, side) for section in range(count)]


def row_names(dock: MatrixDock) -> list[str]:
    return headers(dock, Qt.Orientation.Vertical)


def shown(dock: MatrixDock, case: str, code: str) -> str:
    index = dock.model.index(row_names(dock).index(case), headers(dock).index(code))
    return str(index.data())


def saved(study: Study, case: str, code: str) -> tuple[str, tuple[int, ...]]:
    cell = study.cell(case, code)
    return cell.summary, cell.linked_coding_ids


def go_to(qtbot: QtBot, dock: MatrixDock, case: str, code: str) -> None:
    """Move the current cell there with the arrow keys, from wherever it is."""
    view = dock.view
    view.setFocus()
    row, column = row_names(dock).index(case), headers(dock).index(code)
    while view.currentIndex().row() != row:
        step = Qt.Key.Key_Down if view.currentIndex().row() < row else Qt.Key.Key_Up
        qtbot.keyClick(view, step)
    while view.currentIndex().column() != column:
        step = Qt.Key.Key_Right if view.currentIndex().column() < column else Qt.Key.Key_Left
        qtbot.keyClick(view, step)


# ---------------------------------------------------------------------- showing the matrix
def test_the_matrix_shows_coded_cases_by_codable_codes_with_counts(
    dock: MatrixDock, qtmodeltester: object
) -> None:
    qtmodeltester.check(dock.model)  # type: ignore[attr-defined]
    assert row_names(dock) == CASES
    assert headers(dock) == CODES
    assert shown(dock, "P01", "Training") == f"{NO_SUMMARY}\n2 codings"
    assert shown(dock, "P01", "Barriers") == f"{NO_SUMMARY}\n1 coding"
    assert shown(dock, "Site A", "Infrastructure") == f"{NO_SUMMARY}\n1 coding"
    assert "0 of 12 cells summarised" in dock.status.text()


def test_empty_cells_show_a_dash_on_a_grey_ground_and_say_so(dock: MatrixDock) -> None:
    index = dock.model.index(CASES.index("P02"), CODES.index("Family"))
    assert index.data() == EMPTY_MARK
    assert index.data(STATE_ROLE) == CellState.EMPTY
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "empty" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    coded = dock.model.index(CASES.index("P01"), CODES.index("Training"))
    assert coded.data(STATE_ROLE) == CellState.UNSUMMARISED
    assert coded.data(Qt.ItemDataRole.BackgroundRole) is None
    assert coded.data(Qt.ItemDataRole.FontRole).italic()
    assert "8 empty" in dock.status.text()


def test_cells_and_headers_explain_themselves_in_tooltips(dock: MatrixDock, study: Study) -> None:
    dock.session.run(
        SetCellSummary(study.cases["P01"], study.codes["Training"], "Came late & <never> at night",
                       [study.codings["untrained"]], author_id=dock.session.user_id)
    )  # fmt: skip
    index = dock.model.index(CASES.index("P01"), CODES.index("Training"))
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Came late &amp; &lt;never&gt; at night" in tip
    assert "Ana Researcher" in tip
    assert "Rests on 1 quote" in tip
    assert index.data(CASE_ID_ROLE) == study.cases["P01"]
    assert index.data(CODE_ID_ROLE) == study.codes["Training"]
    header_tip = dock.model.headerData(
        CODES.index("Training"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "Barriers/Training" in header_tip


def test_the_matrix_follows_new_codings(dock: MatrixDock, study: Study) -> None:
    start, end = span_of(TEXTS["ward_interview"], "so the readings were lost")
    apply = ApplyCoding(
        document_id=study.docs["ward_interview"], code_id=study.codes["Family"],
        start=start, end=end, user_id=dock.session.user_id,
    )  # fmt: skip
    assert dock.session.run(apply)
    assert shown(dock, "P02", "Family") == f"{NO_SUMMARY}\n1 coding"


def test_a_hidden_dock_catches_up_when_shown_again(dock: MatrixDock, study: Study) -> None:
    dock.hide()
    dock.session.run(SetCellSummary(study.cases["P02"], study.codes["Infrastructure"], "No wifi"))
    dock.show()
    assert shown(dock, "P02", "Infrastructure") == "No wifi\n1 coding"


# ---------------------------------------------------------------------- summarising
def test_a_summary_written_from_the_keyboard_is_saved_with_its_ticked_quotes(
    qtbot: QtBot, dock: MatrixDock, study: Study
) -> None:
    go_to(qtbot, dock, "P01", "Training")
    editor = dock.editor
    assert editor.title.text() == "P01 × Training · 2 codings"
    assert editor.quotes.count() == 2
    qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor.summary
    qtbot.keyClicks(editor.summary, "Training came months late")
    qtbot.keyClick(editor.summary, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.quotes
    qtbot.keyClick(editor.quotes, Qt.Key.Key_Down)
    qtbot.keyClick(editor.quotes, Qt.Key.Key_Space)  # the second quote: "Training only came"
    assert editor.is_dirty()
    qtbot.keyClick(editor.quotes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved(study, "P01", "Training") == (
        "Training came months late",
        (study.codings["months"],),
    )
    assert shown(dock, "P01", "Training") == "Training came months late\n2 codings"
    assert not editor.is_dirty()
    assert editor.quotes.currentRow() == 1  # saving leaves the user where they were
    assert editor.summary.textCursor().position() == len("Training came months late")
    qtbot.keyClick(editor.quotes, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is dock.view
    assert dock.session.undo_label == "Edit matrix summary"

    dock.session.undo()
    assert saved(study, "P01", "Training") == ("", ())
    assert shown(dock, "P01", "Training") == f"{NO_SUMMARY}\n2 codings"
    assert editor.summary.toPlainText() == ""
    assert editor.ticked_ids() == frozenset()


def test_f2_edits_and_ctrl_enter_saves_from_the_summary(
    qtbot: QtBot, dock: MatrixDock, study: Study
) -> None:
    go_to(qtbot, dock, "Site A", "Infrastructure")
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is dock.editor.summary
    qtbot.keyClicks(dock.editor.summary, "No spare chargers")
    qtbot.keyClick(dock.editor.summary, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert saved(study, "Site A", "Infrastructure") == ("No spare chargers", ())
    assert dock.editor.summary.toPlainText() == "No spare chargers"  # no stray new line


def test_moving_to_another_cell_saves_the_changed_summary(
    qtbot: QtBot, dock: MatrixDock, study: Study
) -> None:
    go_to(qtbot, dock, "P02", "Infrastructure")
    dock.editor.summary.setPlainText("Wifi drops at night")
    dock.editor.quotes.item(0).setCheckState(Qt.CheckState.Checked)
    go_to(qtbot, dock, "P02", "Family")
    assert saved(study, "P02", "Infrastructure") == (
        "Wifi drops at night",
        (study.codings["wifi"],),
    )
    assert dock.editor.title.text() == "P02 × Family · 0 codings"
    assert dock.editor.quotes.count() == 0


def test_a_refused_save_keeps_the_user_on_the_cell_with_the_edits(
    qtbot: QtBot, dock: MatrixDock, study: Study
) -> None:
    go_to(qtbot, dock, "P02", "Infrastructure")
    dock.editor.summary.setPlainText("Wifi drops at night")
    messages: list[str] = []
    dock.session.failed.connect(messages.append)
    dock.session.blocked_reason = lambda: "An import is being stored"
    qtbot.keyClick(dock.view, Qt.Key.Key_Right)
    assert messages == ["An import is being stored"]
    assert dock.view.currentIndex().column() == CODES.index("Infrastructure")
    assert dock.editor.summary.toPlainText() == "Wifi drops at night"
    assert saved(study, "P02", "Infrastructure") == ("", ())


def test_an_undo_keeps_the_edits_in_progress_until_discarded(
    qtbot: QtBot, dock: MatrixDock, study: Study
) -> None:
    go_to(qtbot, dock, "P01", "Barriers")
    dock.editor.summary.setPlainText("Arrived late")
    dock.editor.save()
    dock.editor.summary.setPlainText("Arrived late, and broken")
    dock.session.undo()
    assert saved(study, "P01", "Barriers") == ("", ())
    assert dock.editor.summary.toPlainText() == "Arrived late, and broken"
    assert dock.editor.is_dirty()
    qtbot.mouseClick(dock.editor.discard_button, Qt.MouseButton.LeftButton)
    assert dock.editor.summary.toPlainText() == ""
    assert not dock.editor.is_dirty()


def test_a_quote_opens_its_passage_with_enter(qtbot: QtBot, dock: MatrixDock, study: Study) -> None:
    go_to(qtbot, dock, "P01", "Training")
    quotes = dock.editor.quotes
    quotes.setCurrentRow(1)
    with qtbot.waitSignal(dock.passage_activated) as blocker:
        qtbot.keyClick(quotes, Qt.Key.Key_Return)
    start, end = span_of(TEXTS["ward_interview"], "Training only came months after")
    assert blocker.args == [study.docs["ward_interview"], start, end]
    assert "P01 · ward_interview, ¶" in quotes.item(1).text()


def test_a_read_only_project_shows_summaries_but_cannot_change_them(
    qtbot: QtBot, study: Study, settings: Settings
) -> None:
    from workbench.project import Project

    study.project.execute(
        SetCellSummary(study.cases["P01"], study.codes["Training"], "Late",
                       [study.codings["months"]], author_id=study.project.user_id)
    )  # fmt: skip
    reader = Project.open(study.project.path, read_only=True, backup=False)
    try:
        dock = make_dock(qtbot, Study(reader, study.docs, study.codes, study.cases, {}), settings)
        go_to(qtbot, dock, "P01", "Training")
        editor = dock.editor
        assert editor.summary.toPlainText() == "Late"
        assert editor.summary.isReadOnly()
        assert editor.ticked_ids() == {study.codings["months"]}
        assert not editor.quotes.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert "read-only" in editor.state.text()
        dock.close()
    finally:
        reader.close()


def test_a_project_with_nothing_coded_says_what_to_do(
    qtbot: QtBot, project: Project, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = make_dock(qtbot, Study(project, {}, {}, {}, {}), settings)
    assert dock.model.rowCount() == 0
    assert "Nothing to show yet" in dock.status.text()
    assert not dock.editor.summary.isEnabled()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    dock.export_action.trigger()
    assert warnings == ["The matrix is empty: choose cases and codes first."]


# ---------------------------------------------------------------------- choosing the axes
def test_chosen_and_reordered_codes_and_cases_change_the_matrix_and_are_remembered(
    qtbot: QtBot, dock: MatrixDock, study: Study, settings: Settings
) -> None:
    dialog = dock.choose_axes()
    codes, cases = dialog.codes, dialog.cases
    codes.list.setCurrentRow(CODES.index("Barriers"))
    qtbot.keyClick(codes.list, Qt.Key.Key_Space)  # untick Barriers
    codes.list.setCurrentRow(CODES.index("Infrastructure"))
    qtbot.keyClick(codes.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(codes.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    cases.list.setCurrentRow(CASES.index("Site A"))
    qtbot.mouseClick(cases.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert headers(dock) == ["Infrastructure", "Training", "Family"]
    assert row_names(dock) == ["P01", "Site A", "P02"]
    again = make_dock(qtbot, study, settings)
    assert headers(again) == ["Infrastructure", "Training", "Family"]
    assert row_names(again) == ["P01", "Site A", "P02"]


def test_choosing_needs_a_case_and_a_code_and_reset_goes_back_to_the_default(
    qtbot: QtBot, dock: MatrixDock
) -> None:
    dialog = dock.choose_axes()
    qtbot.mouseClick(dialog.codes.none_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()
    assert "Tick at least a code" in dialog.hint.text()
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dock.axes is None
    assert headers(dock) == CODES


# ---------------------------------------------------------------------- export
def save_as(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file dialog answers ``name`` ("" is Cancel)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (name, "Excel (*.xlsx)"))


def test_export_writes_the_matrix_as_shown_to_an_xlsx(
    dock: MatrixDock, study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    save_as(monkeypatch, "")
    dock.export_action.trigger()
    assert not list(tmp_path.glob("*.xlsx"))  # cancelled: nothing written

    dock.session.run(SetCellSummary(study.cases["P01"], study.codes["Training"], "Late"))
    save_as(monkeypatch, str(tmp_path / "matrix"))
    dock.export_action.trigger()
    sheet = load_workbook(tmp_path / "matrix.xlsx")[SHEET_TITLE]
    assert [sheet.cell(1, c).value for c in range(1, 6)] == ["Case", *CODES]
    assert [sheet.cell(r, 1).value for r in range(2, 5)] == CASES
    assert str(sheet.cell(2, 3).value).startswith("Late")
    assert sheet.cell(3, 5).value == EMPTY_MARK
    assert "Wrote" in dock.status.text()


def test_export_runs_in_the_background_when_given_a_job_runner(
    qtbot: QtBot, study: Study, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = JobRunner()
    dock = make_dock(qtbot, study, settings, jobs=jobs)
    target = tmp_path / "background.xlsx"
    save_as(monkeypatch, str(target))
    with qtbot.waitSignal(dock.message) as blocker:
        dock.export_action.trigger()
    jobs.wait()
    assert blocker.args == [f"Wrote {target}"]
    assert target.exists()


def test_a_failed_export_is_a_message_not_a_traceback(
    dock: MatrixDock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    save_as(monkeypatch, str(tmp_path / "no such folder" / "matrix.xlsx"))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    dock.export_action.trigger()
    assert len(warnings) == 1
    assert warnings[0].startswith("The file could not be written")
    assert "Traceback" not in warnings[0]


# ---------------------------------------------------------------------- accessibility
def test_every_control_of_the_dock_and_the_chooser_is_named(qtbot: QtBot, dock: MatrixDock) -> None:
    assert unnamed_interactive_widgets(dock) == []
    dialog = dock.choose_axes()
    assert unnamed_interactive_widgets(dialog) == []
    buttons = [dock.editor.save_button, dock.editor.discard_button, dialog.codes.up_button]
    assert all(b.objectName() and b.toolTip() for b in buttons)


def test_the_grid_grows_with_the_application_font(dock: MatrixDock) -> None:
    before = dock.view.verticalHeader().defaultSectionSize()
    font = dock.view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    dock.view.setFont(font)
    assert dock.view.verticalHeader().defaultSectionSize() > before
