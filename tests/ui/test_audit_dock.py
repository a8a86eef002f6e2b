"""The audit viewer: who did what and when, filtered by person, operation and date, exported."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMainWindow

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import WARD_INTERVIEW, import_text, span_of
from ui.session import ProjectSession
from ui.team.audit_dock import PAGE, AuditDock
from ui.team.audit_model import ACTION, CHANGE, ENTRY_ID_ROLE, PERSON
from ui.workers import JobRunner
from workbench.ops.codes import CreateCode, UpdateCode
from workbench.ops.codings import ApplyCoding
from workbench.project import Coder

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.commands import Command
    from workbench.project import Project


class Study:
    """A ward interview, a code renamed by Ana, and a passage coded by Ben."""

    def __init__(self, project: Project, tmp_path: Path) -> None:
        self.project = project
        self.session = ProjectSession(project)
        self.ana = project.user_id
        document = import_text(project, tmp_path, "ward_interview", WARD_INTERVIEW)
        create = CreateCode(name="Trust")
        self.run(create)
        assert create.code_id is not None
        self.code = create.code_id
        self.run(UpdateCode(self.code, name="Trust in data"))
        self.ben = self.work_as("Ben Coder")
        start, end = span_of(WARD_INTERVIEW, "the wifi drops")
        self.run(ApplyCoding(document_id=document, code_id=self.code, start=start, end=end,
                             user_id=self.ben))  # fmt: skip

    def work_as(self, name: str) -> int:
        """Go on as ``name`` (a second coder at the same laptop); their user id."""
        with self.project.transaction() as session:
            user_id = self.project.user_for(session, Coder(name, name[:2].upper()))
        self.project.user_id = user_id
        return user_id

    def run(self, command: Command) -> None:
        assert self.session.run(command)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return Study(project, tmp_path)


def make_dock(qtbot: QtBot, study: Study, **kwargs: object) -> AuditDock:
    dock = AuditDock(study.session, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dock)
    dock.resize(1100, 420)
    dock.show()
    qtbot.waitExposed(dock)
    assert dock.wait()
    return dock


@pytest.fixture
def dock(qtbot: QtBot, study: Study) -> AuditDock:
    return make_dock(qtbot, study)


def column(dock: AuditDock, number: int) -> list[str]:
    model = dock.model
    return [str(model.index(row, number).data()) for row in range(model.rowCount())]


def choose(combo: QComboBox, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_the_log_lists_who_did_what_newest_first(dock: AuditDock, qtmodeltester: object) -> None:
    qtmodeltester.check(dock.model)  # type: ignore[attr-defined]
    assert column(dock, ACTION) == ["Apply coding", "Update code", "Create code", "Import files"]
    assert column(dock, PERSON)[:3] == ["Ben Coder", "Ana Researcher", "Ana Researcher"]
    assert column(dock, CHANGE)[1] == "name: Trust → Trust in data"
    assert "wifi" not in " ".join(column(dock, CHANGE))
    assert dock.status.text() == "Showing 4 of 4 entries, newest first"
    assert not dock.more_button.isEnabled()


def test_new_work_appears_at_the_top_without_resetting_the_table(
    dock: AuditDock, study: Study, qtbot: QtBot
) -> None:
    resets: list[bool] = []
    dock.model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(dock.model.rowsInserted):
        study.run(CreateCode(name="Access"))
    assert column(dock, ACTION)[0] == "Create code"
    assert column(dock, CHANGE)[0] == "name: Access"
    assert dock.model.rowCount() == 5
    assert resets == []


def test_a_dock_tabbed_behind_another_reads_nothing_until_it_comes_forward(
    qtbot: QtBot, study: Study
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    audit = AuditDock(study.session, window)
    other = AuditDock(study.session, window)
    other.setObjectName("other_dock")
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, audit)
    window.tabifyDockWidget(audit, other)
    window.resize(1000, 500)
    window.show()
    qtbot.waitExposed(window)
    audit.show()
    audit.raise_()
    qtbot.waitUntil(lambda: audit.model.rowCount() == 4)
    other.raise_()
    qtbot.waitUntil(lambda: other.model.rowCount() == 4)
    assert audit.isVisible()  # behind a tab, yet "visible" to Qt
    study.run(CreateCode(name="Access"))
    assert not audit.runner.busy
    assert audit.model.rowCount() == 4
    audit.raise_()
    qtbot.waitUntil(lambda: audit.model.rowCount() == 5)
    assert audit.wait()
    other.wait()


def test_choosing_a_person_shows_only_their_work(dock: AuditDock) -> None:
    combo = dock.filters.person
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Everyone", "Ana Researcher", "Ben Coder",
    ]  # fmt: skip
    choose(combo, "Ben Coder")
    assert dock.wait()
    assert column(dock, PERSON) == ["Ben Coder"]
    assert dock.status.text() == "Showing 1 of 1 entry, newest first"


def test_choosing_an_operation_shows_only_that_kind(dock: AuditDock) -> None:
    combo = dock.filters.operation
    assert "Update code" in [combo.itemText(i) for i in range(combo.count())]
    choose(combo, "Update code")
    assert dock.wait()
    assert column(dock, ACTION) == ["Update code"]
    dock.filters.clear_button.click()
    assert dock.wait()
    assert dock.model.rowCount() == 4


def test_dates_narrow_the_log_to_the_days_chosen(dock: AuditDock, qtbot: QtBot) -> None:
    filters = dock.filters
    assert not filters.from_date.isEnabled()
    filters.use_from.setFocus()
    qtbot.keyClick(filters.use_from, Qt.Key.Key_Space)  # the keyboard ticks it
    assert filters.from_date.isEnabled()
    filters.from_date.setDate(QDate.currentDate().addDays(1))
    assert dock.wait()
    assert dock.model.rowCount() == 0
    assert dock.status.text() == "No entries match the filters."
    filters.from_date.setDate(QDate.currentDate())
    assert dock.wait()
    assert dock.model.rowCount() == 4
    filters.use_to.setChecked(True)
    filters.to_date.setDate(QDate.currentDate().addDays(-1))
    assert dock.wait()
    assert dock.model.rowCount() == 0
    assert not dock.export_button.isEnabled()


def test_a_long_log_comes_a_page_at_a_time(qtbot: QtBot, study: Study) -> None:
    for number in range(PAGE):
        study.project.execute(CreateCode(name=f"Code {number}"))
    dock = make_dock(qtbot, study)
    assert dock.model.rowCount() == PAGE
    assert dock.more_button.isEnabled()
    dock.more_button.click()
    assert dock.wait()
    assert dock.model.rowCount() == PAGE + 4
    assert column(dock, ACTION)[-1] == "Import files"
    assert not dock.more_button.isEnabled()
    ids = [dock.model.entry(row).id for row in range(dock.model.rowCount())]
    assert ids == sorted(ids, reverse=True)


def _save_as(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (name, "CSV (*.csv)"))


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_writes_the_filtered_log_to_a_csv(
    dock: AuditDock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_as(monkeypatch, "")
    dock.export_button.click()
    assert not list(tmp_path.glob("*.csv"))  # cancelled: nothing written
    choose(dock.filters.person, "Ana Researcher")
    assert dock.wait()
    _save_as(monkeypatch, str(tmp_path / "audit"))
    dock.export_button.click()
    header, *rows = _read_csv(tmp_path / "audit.csv")
    assert header[:4] == ["time (UTC)", "person", "operation", "action"]
    assert [row[3] for row in rows] == ["Update code", "Create code", "Import files"]
    assert {row[1] for row in rows} == {"Ana Researcher"}
    assert dock.status.text() == f"Wrote 3 audit entries to {tmp_path / 'audit.csv'}"


def test_export_runs_in_the_background_when_given_a_job_runner(
    qtbot: QtBot, study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = JobRunner()
    dock = make_dock(qtbot, study, jobs=jobs)
    target = tmp_path / "background.csv"
    _save_as(monkeypatch, str(target))
    with qtbot.waitSignal(dock.message) as blocker:
        dock.export_button.click()
    jobs.wait()
    assert blocker.args == [f"Wrote 4 audit entries to {target}"]
    assert len(_read_csv(target)) == 5


def test_every_control_is_named_for_screen_readers(dock: AuditDock) -> None:
    assert unnamed_interactive_widgets(dock) == []
    filters = dock.filters
    for widget in (filters.from_date, filters.to_date, filters.person, filters.operation):
        assert widget.objectName()
        assert widget.accessibleName()
        assert widget.toolTip()
    assert filters.from_date.calendarPopup()
    assert filters.from_date.calendarWidget().accessibleName() == "Calendar: from date"


def test_the_model_has_entry_ids_for_every_row(dock: AuditDock) -> None:
    model: QAbstractItemModel = dock.model
    ids = [model.index(row, 0).data(ENTRY_ID_ROLE) for row in range(model.rowCount())]
    assert ids == [dock.model.entry(row).id for row in range(model.rowCount())]
