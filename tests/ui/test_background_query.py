"""Queries off the GUI thread: the newest answer wins, errors read as sentences, the window
keeps responding, and a dock closed mid-query is left alone."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from typing import TYPE_CHECKING

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from tests.workbench.ops_support import import_texts
from ui.background_query import QueryRunner
from ui.search.dock import SEARCHING, SearchDock
from ui.segments.dock import LOADING, SegmentsDock
from ui.segments.model import TEXT
from ui.session import ProjectSession
from workbench.errors import OperationError
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from workbench.project import Project

P01 = "Interviewer: How is the kit?\nP01: The kit mostly works, but the alerts are noisy.\n"
P02 = "Interviewer: And the sensors?\nP02: The sensors fall off. The kit is old.\n"
GIVE_UP_S = 10  # a test that went wrong fails instead of hanging


class Gate:
    """Makes a query slow for real: it runs until the test opens the gate."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.opened = threading.Event()

    def query(self, value: str) -> Callable[[], str]:
        def slow() -> str:
            self.started.set()
            self.opened.wait(GIVE_UP_S)
            return value

        return slow


def _drain() -> None:
    """Let every pool thread finish, then hand over whatever they posted to the GUI thread."""
    assert QThreadPool.globalInstance().waitForDone(GIVE_UP_S * 1000)
    QCoreApplication.sendPostedEvents()


@pytest.fixture
def gates(project: Project) -> Iterator[Callable[[], Gate]]:
    """Makes gates, all opened and drained before the project closes; with two pool threads at
    least, so a query can overtake a slow one even on a one-core machine."""
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 2))
    made: list[Gate] = []

    def make() -> Gate:
        made.append(Gate())
        return made[-1]

    yield make
    for gate in made:
        gate.opened.set()
    _drain()
    pool.setMaxThreadCount(threads)


@pytest.fixture
def gate(gates: Callable[[], Gate]) -> Gate:
    return gates()


class Study:
    """Two imported interviews, codes "Kit" and "Alerts", and a few codings."""

    def __init__(self, project: Project, folder: Path) -> None:
        ids = import_texts(project, folder, {"interview_p01": P01, "interview_p02": P02})
        self.p01, self.p02 = ids["interview_p01"], ids["interview_p02"]
        self.session = ProjectSession(project)
        self.kit, self.alerts = self.create_code("Kit"), self.create_code("Alerts")
        self.code(self.kit, self.p01, "The kit mostly works")
        self.code(self.kit, self.p02, "The kit is old.")
        self.code(self.alerts, self.p01, "the alerts are noisy")

    def create_code(self, name: str) -> int:
        command = CreateCode(name=name)
        assert self.session.run(command)
        assert command.code_id is not None
        return command.code_id

    def code(self, code_id: int, document_id: int, phrase: str) -> None:
        start = self.session.project.document_text(document_id).index(phrase)
        apply = ApplyCoding(
            document_id=document_id,
            code_id=code_id,
            start=start,
            end=start + len(phrase),
            user_id=self.session.user_id,
        )
        assert self.session.run(apply)


@pytest.fixture
def study(project: Project, tmp_path: Path, gates: Callable[[], Gate]) -> Study:
    return Study(project, tmp_path)


def _texts(dock: SegmentsDock) -> list[str]:
    return [dock.proxy.index(row, TEXT).data() for row in range(dock.proxy.rowCount())]


# ---------------------------------------------------------------- the runner
def test_a_slow_earlier_query_never_replaces_the_answer_of_a_newer_one(qtbot, gate):
    runner = QueryRunner()
    shown: list[str] = []
    runner.start(gate.query("old rows"), shown.append, shown.append)
    assert gate.started.wait(GIVE_UP_S), "the slow query is running"
    with qtbot.waitSignal(runner.finished):
        runner.start(lambda: "new rows", shown.append, shown.append)
    assert shown == ["new rows"]
    with qtbot.assertNotEmitted(runner.finished):
        gate.opened.set()
        _drain()  # the slow answer arrives now, after the newer one
    assert shown == ["new rows"]
    assert not runner.busy


def test_an_older_answer_that_arrives_first_is_not_shown_either(qtbot, gates):
    runner = QueryRunner()
    shown: list[str] = []
    first, second = gates(), gates()
    runner.start(first.query("old rows"), shown.append, shown.append)
    assert first.started.wait(GIVE_UP_S)
    runner.start(second.query("new rows"), shown.append, shown.append)
    assert second.started.wait(GIVE_UP_S)
    with qtbot.assertNotEmitted(runner.finished):
        first.opened.set()
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 1)
        QCoreApplication.sendPostedEvents()  # the old answer is handed over now
    assert shown == []
    assert runner.busy, "still waiting for the newer answer"
    second.opened.set()
    assert runner.wait(GIVE_UP_S * 1000)
    assert shown == ["new rows"]


def test_a_workbench_error_reads_as_its_message_and_any_other_as_a_plain_sentence(qtbot, gate):
    runner = QueryRunner()
    errors: list[str] = []

    def refused() -> str:
        raise OperationError("Type something to search for")

    def broken() -> str:
        raise KeyError("a document that vanished")

    for query in (refused, broken):
        with qtbot.waitSignal(runner.finished):
            runner.start(query, lambda _rows: None, errors.append)
    assert errors == ["Type something to search for", "Something went wrong (KeyError)"]


def test_the_window_keeps_handling_events_while_a_query_runs(qtbot, gate):
    box = QLineEdit()
    qtbot.addWidget(box)
    runner = QueryRunner(box)
    shown: list[str] = []
    runner.start(gate.query("rows"), shown.append, shown.append)
    assert gate.started.wait(GIVE_UP_S)
    qtbot.keyClicks(box, "still typing")
    timer = QTimer(box)
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout):  # only an event loop on the GUI thread fires it
        timer.start(0)
    assert box.text() == "still typing"
    assert runner.busy
    assert shown == []
    assert not runner.wait(0), "the query is still held at the gate"
    gate.opened.set()
    assert runner.wait(GIVE_UP_S * 1000)
    assert shown == ["rows"]


def test_a_query_whose_owner_is_deleted_never_reports_back(qtbot, gate):
    holder = QWidget()
    qtbot.addWidget(holder)
    owner = QObject(holder)
    runner = QueryRunner(owner)
    heard: list[str] = []
    runner.start(gate.query("late rows"), heard.append, heard.append)
    assert gate.started.wait(GIVE_UP_S)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    gate.opened.set()
    _drain()
    assert heard == []


# ---------------------------------------------------------------- the docks
def test_the_segments_dock_lists_the_rows_of_the_chosen_code(qtbot, study, qtmodeltester):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.results_shown):
        dock.show_codes([study.kit])
    assert _texts(dock) == ["The kit mostly works", "The kit is old."]
    dock.show_codes([study.alerts])
    assert dock.summary.text() == LOADING
    assert _texts(dock) == ["The kit mostly works", "The kit is old."], "no empty flash"
    assert dock.runner.wait()
    assert _texts(dock) == ["the alerts are noisy"]
    assert dock.summary.text().startswith("1 segment of 1 code")
    qtmodeltester.check(dock.proxy)


def test_a_segments_query_that_fails_says_so_in_the_summary(qtbot, study, project):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    with closing(sqlite3.connect(project.path)) as other_program:  # damages the project
        other_program.execute("ALTER TABLE codings RENAME TO codings_elsewhere")
        other_program.commit()
    with qtbot.waitSignal(dock.results_shown):
        dock.show_codes([study.kit])
    assert dock.summary.text() == "Something went wrong (OperationalError)"
    assert dock.model.rowCount() == 0


def test_a_search_waits_for_its_hits_before_coding_them(qtbot, study):
    dock = SearchDock(study.session)
    qtbot.addWidget(dock)
    dock.code_picker.setCurrentIndex(dock.code_picker.findText("Kit"))
    dock.query.setText("kit")
    with qtbot.waitSignal(dock.results_shown):
        dock.search()
    assert dock.model.rowCount() == 3
    assert dock.code_all_button.isEnabled()
    dock.query.setText("sensors")
    dock.search()
    assert dock.message.text() == SEARCHING
    assert dock.model.rowCount() == 3, "the old hits stay until the new ones arrive"
    assert not dock.code_all_button.isEnabled(), "no coding of hits about to be replaced"
    assert dock.runner.wait()
    assert [dock.model.hit(row).match for row in range(dock.model.rowCount())] == ["sensors"] * 2
    assert dock.code_all_button.isEnabled()


def test_a_dock_closed_while_it_loads_is_left_alone(qtbot, study):
    holder = QWidget()
    qtbot.addWidget(holder)
    dock = SegmentsDock(study.session, holder)
    dock.show_codes([study.kit, study.alerts])
    assert dock.runner.busy
    dock.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dock))
    _drain()
    assert study.session.run(CreateCode(name="Noise")), "the session goes on without it"
