"""The cases dock: cases by attributes, added, renamed, typed, valued and linked, with undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QInputDialog, QStyleOptionViewItem

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import import_texts
from ui.cases.dock import CasesDock
from ui.session import ProjectSession
from workbench.ops.cases import CreateAttribute
from workbench.project import Project
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from pathlib import Path

P01 = "Interviewer: How is the kit?\nP01: The kit mostly works.\n"
P02 = "Interviewer: And the sensors?\nP02: They fall off.\n"


@pytest.fixture
def session(project: Project, tmp_path: Path) -> ProjectSession:
    import_texts(project, tmp_path, {"interview_p01": P01, "interview_p02": P02})
    return ProjectSession(project)


def _dock(qtbot, session: ProjectSession) -> CasesDock:
    dock = CasesDock(session)
    qtbot.addWidget(dock)
    return dock


def _table(dock: CasesDock) -> list[list[str]]:
    model = dock.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _headers(dock: CasesDock) -> list[str]:
    model = dock.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _answers(monkeypatch, texts: list[str], items: list[str] | None = None) -> None:
    """Answer the next QInputDialog questions, in order, as if typed and confirmed."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: (texts.pop(0), True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kw: ((items or []).pop(0), True))


def _add_attribute(dock: CasesDock, monkeypatch, name: str, kind: str, choices: str = "") -> int:
    _answers(monkeypatch, [name, choices] if choices else [name], [kind])
    dock.add_attribute_button.click()
    return _headers(dock).index(name)


def test_cases_are_listed_with_their_attributes_and_documents(qtbot, session, qtmodeltester):
    assert session.run(CreateAttribute(name="site", kind="text"))
    dock = _dock(qtbot, session)
    assert _headers(dock) == ["Case", "site", "Documents"]
    assert _table(dock) == [["P01", "", "1"], ["P02", "", "1"]]
    tooltip = dock.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "interview_p01"
    qtmodeltester.check(dock.model)


def test_a_case_added_through_the_dialog_appears_and_undo_removes_it(qtbot, session, monkeypatch):
    dock = _dock(qtbot, session)
    _answers(monkeypatch, ["Site A"])
    qtbot.mouseClick(dock.add_case_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in _table(dock)] == ["P01", "P02", "Site A"]
    session.undo()
    assert [row[0] for row in _table(dock)] == ["P01", "P02"]


def test_editing_the_name_cell_renames_the_case(qtbot, session):
    dock = _dock(qtbot, session)
    dock.show()
    qtbot.waitExposed(dock)
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(0, 0))
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    editor = dock.view.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Participant 1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [row[0] for row in _table(dock)] == ["P02", "Participant 1"])
    assert [c.name for c in list_cases(session.project)] == ["P02", "Participant 1"]
    assert dock.current_case_id() == list_cases(session.project)[1].id, "the case stays current"
    session.undo()
    assert [row[0] for row in _table(dock)] == ["P01", "P02"]


def test_a_name_already_taken_is_refused_with_a_message(qtbot, session):
    dock = _dock(qtbot, session)
    assert not dock.model.setData(dock.model.index(0, 0), "p02")
    assert "There is already a case called" in dock.message.text()
    assert [row[0] for row in _table(dock)] == ["P01", "P02"]


def test_a_typed_attribute_refuses_a_wrong_value_and_keeps_the_old_one(qtbot, session, monkeypatch):
    dock = _dock(qtbot, session)
    column = _add_attribute(dock, monkeypatch, "age", "number")
    assert "number" in dock.model.headerData(column, Qt.Orientation.Horizontal, 3)
    cell = dock.model.index(0, column)
    assert dock.model.setData(cell, "54")
    assert dock.model.index(0, column).data() == "54"
    assert not dock.model.setData(dock.model.index(0, column), "fifty")
    assert dock.model.index(0, column).data() == "54"
    assert "“age” takes a number" in dock.message.text()
    assert dock.model.setData(dock.model.index(0, column), "")
    assert dock.model.index(0, column).data() == "", "an empty value clears it"
    session.undo()
    assert dock.model.index(0, column).data() == "54"


def test_a_choice_attribute_is_edited_from_its_list(qtbot, session, monkeypatch):
    dock = _dock(qtbot, session)
    column = _add_attribute(dock, monkeypatch, "sector", "choice", "NHS, Social care")
    index = dock.model.index(1, column)
    delegate = dock.view.itemDelegateForIndex(index)
    editor = delegate.createEditor(dock.view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["", "NHS", "Social care"]
    editor.setCurrentText("Social care")
    delegate.setModelData(editor, dock.model, index)
    assert list_cases(session.project)[1].attributes == {"sector": "Social care"}
    assert not dock.model.setData(dock.model.index(1, column), "Hospice")
    assert "takes one of: NHS, Social care" in dock.message.text()
    editor.deleteLater()


def test_typing_in_a_cell_edits_it_from_the_keyboard(qtbot, session, monkeypatch):
    dock = _dock(qtbot, session)
    column = _add_attribute(dock, monkeypatch, "site", "text")
    dock.show()
    qtbot.waitExposed(dock)
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(0, column))
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    editor = dock.view.focusWidget()
    assert editor is not None
    assert editor.objectName() == "cases_value_editor"
    qtbot.keyClicks(editor, "Northvale")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: list_cases(session.project)[0].attributes == {"site": "Northvale"})
    assert _table(dock)[0] == ["P01", "Northvale", "1"]


def test_the_current_document_is_linked_to_the_selected_case(qtbot, session, monkeypatch):
    dock = _dock(qtbot, session)
    _answers(monkeypatch, ["Site A"])
    dock.add_case()
    assert not dock.link_button.isEnabled()
    dock.set_current_document(2)
    assert not dock.link_button.isEnabled(), "a case must be selected too"
    dock.view.setCurrentIndex(dock.model.index(2, 0))
    assert dock.link_button.isEnabled()
    assert "interview_p02" in dock.link_button.toolTip()
    qtbot.mouseClick(dock.link_button, Qt.MouseButton.LeftButton)
    assert {c.name: c.documents for c in list_cases(session.project)}["Site A"] == (2,)
    assert _table(dock)[2] == ["Site A", "1"]
    assert dock.current_case_id() == list_cases(session.project)[2].id
    dock.link_current_document()
    assert "already belongs to that case" in dock.message.text()


def test_a_read_only_project_shows_cases_but_offers_no_edits(qtbot, session, project_path):
    with Project.open(project_path, read_only=True) as reader:
        dock = _dock(qtbot, ProjectSession(reader))
        assert [row[0] for row in _table(dock)] == ["P01", "P02"]
        assert not dock.add_case_button.isEnabled()
        assert not dock.add_attribute_button.isEnabled()
        flags = dock.model.flags(dock.model.index(0, 0))
        assert not flags & Qt.ItemFlag.ItemIsEditable


def test_every_control_is_named_for_screen_readers(qtbot, session):
    dock = _dock(qtbot, session)
    assert dock.objectName() == "cases_dock"
    assert unnamed_interactive_widgets(dock) == []
