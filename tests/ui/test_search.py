"""The search dock: keyword-in-context hits, options, bad patterns, code all hits in one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import import_texts
from ui.search.dock import SearchDock
from ui.search.model import AFTER, BEFORE, DOCUMENT, MATCH
from ui.session import ProjectSession
from workbench.ops.codes import CreateCode
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

P01 = (
    "Interviewer: How is the monitoring kit?\n"
    "P01: The kit mostly works, but the alerts are noisy. Kits break.\n"
)
P02 = "Interviewer: Tell me about the sensors.\nP02: The sensors fall off. The kit is old.\n"


@pytest.fixture
def session(project: Project, tmp_path: Path) -> ProjectSession:
    import_texts(project, tmp_path, {"interview_p01": P01, "interview_p02": P02})
    return ProjectSession(project)


def _dock(qtbot, session: ProjectSession) -> SearchDock:
    dock = SearchDock(session)
    qtbot.addWidget(dock)
    return dock


def _search(qtbot, dock: SearchDock) -> None:
    """Search and wait for the hits, which are found off the GUI thread."""
    with qtbot.waitSignal(dock.results_shown):
        dock.search()


def _column(dock: SearchDock, column: int) -> list[str]:
    return [dock.model.index(row, column).data() for row in range(dock.model.rowCount())]


def _all_codings(project: Project) -> int:
    return sum(len(document_codings(project, doc)) for doc in (1, 2))


def test_hits_are_shown_in_their_context(qtbot, session, qtmodeltester):
    dock = _dock(qtbot, session)
    dock.query.setText("kit")
    _search(qtbot, dock)
    assert _column(dock, MATCH) == ["kit", "kit", "Kit", "kit"]
    assert _column(dock, DOCUMENT) == ["interview_p01"] * 3 + ["interview_p02"]
    assert _column(dock, BEFORE)[1].endswith("P01: The ")
    assert _column(dock, AFTER)[1].startswith(" mostly works")
    assert "\n" not in "".join(_column(dock, BEFORE) + _column(dock, AFTER))
    assert dock.message.text().startswith("4 hits in 2 documents")
    qtmodeltester.check(dock.model)


def test_enter_in_the_query_box_searches_with_the_chosen_options(qtbot, session):
    dock = _dock(qtbot, session)
    dock.set_match("words")
    dock.match_case.setChecked(True)
    qtbot.keyClicks(dock.query, "kit")
    with qtbot.waitSignal(dock.results_shown):
        qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    assert _column(dock, MATCH) == ["kit", "kit", "kit"]  # not "Kits"


def test_a_regular_expression_finds_patterns(qtbot, session):
    dock = _dock(qtbot, session)
    dock.set_match("regex")
    dock.query.setText(r"sens\w+")
    with qtbot.waitSignal(dock.results_shown):
        qtbot.mouseClick(dock.search_button, Qt.MouseButton.LeftButton)
    assert _column(dock, MATCH) == ["sensors", "sensors"]


def test_a_bad_regular_expression_is_explained_not_raised(qtbot, session):
    dock = _dock(qtbot, session)
    dock.query.setText("kit")
    _search(qtbot, dock)
    dock.set_match("regex")
    dock.query.setText("(kit")
    _search(qtbot, dock)
    assert "is not a valid regular expression" in dock.message.text()
    assert dock.model.rowCount() == 0
    assert not dock.code_all_button.isEnabled()


def test_double_click_or_enter_on_a_hit_opens_it(qtbot, session):
    dock = _dock(qtbot, session)
    dock.resize(800, 400)
    dock.show()
    qtbot.waitExposed(dock)
    dock.query.setText("sensors")
    _search(qtbot, dock)
    centre = dock.view.visualRect(dock.model.index(1, MATCH)).center()
    with qtbot.waitSignal(dock.hit_activated) as blocker:
        qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    document_id, start, end = blocker.args
    assert session.project.document_text(document_id)[start:end] == "sensors"
    assert start > session.project.document_text(document_id).index("sensors")
    dock.view.setCurrentIndex(dock.model.index(0, MATCH))
    with qtbot.waitSignal(dock.hit_activated) as blocker:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert blocker.args[1] == session.project.document_text(document_id).index("sensors")


def test_code_all_hits_is_one_step_that_one_undo_removes(qtbot, session):
    dock = _dock(qtbot, session)
    assert dock.code_picker.currentIndex() == -1, "no code is applied before one is chosen"
    create = CreateCode(name="Kit")
    assert session.run(create)
    dock.query.setText("kit")
    _search(qtbot, dock)
    assert not dock.code_all_button.isEnabled()
    dock.code_picker.setCurrentIndex(dock.code_picker.findText("Kit"))
    assert dock.code_all_button.isEnabled()
    qtbot.mouseClick(dock.code_all_button, Qt.MouseButton.LeftButton)
    assert _all_codings(session.project) == 4
    assert dock.message.text().startswith("Coded 4 hits with “Kit”")
    assert session.undo_label.endswith("Code all hits of “kit”")
    session.undo()
    assert _all_codings(session.project) == 0
    assert "Create code" in session.undo_label, "the next undo is the step before"


def test_hits_already_coded_are_not_coded_twice(qtbot, session):
    dock = _dock(qtbot, session)
    create = CreateCode(name="Kit")
    assert session.run(create)
    dock.query.setText("kit")
    _search(qtbot, dock)
    dock.code_picker.setCurrentIndex(dock.code_picker.findText("Kit"))
    dock.code_all_hits()
    dock.code_all_hits()
    assert _all_codings(session.project) == 4
    assert "4 were already coded" in dock.message.text()


def test_every_control_is_named_for_screen_readers(qtbot, session):
    dock = _dock(qtbot, session)
    assert dock.objectName() == "search_dock"
    assert unnamed_interactive_widgets(dock) == []
