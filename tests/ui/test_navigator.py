"""The navigator dock: documents by kind and folder with counts, cases, drops from the desktop."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.a11y import unnamed_interactive_widgets
from ui.navigator.dock import NavigatorDock
from ui.navigator.model import CASE_ID_ROLE, DOCUMENT_ID_ROLE
from ui.session import ProjectSession
from workbench.changes import Changes
from workbench.importing.service import ImportOptions, import_files
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QStandardItemModel

    from workbench.project import Project

P01 = (
    "Interviewer: How is the monitoring kit?\n"
    "P01: The kit mostly works, but the alerts are noisy.\n"
    "Interviewer: And the nurses?\n"
    "P01: They like the kit.\n"
)
P02 = "Interviewer: Tell me about the sensors.\nP02: The sensors fall off the wall.\n"
NOTES = "Workshop notes\n\nScaling beyond the pilot needs money and staff.\n"


def _import(project: Project, folder: Path, files: dict[str, str], group: str = "") -> list[int]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return import_files(project, paths, ImportOptions(folder=group)).document_ids


def _children(model: QStandardItemModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def _top(model: QStandardItemModel, prefix: str) -> QModelIndex:
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if str(index.data()).startswith(prefix):
            return index
    raise AssertionError(f"no top-level row {prefix!r} in {_children(model, QModelIndex())}")


def _row_of(model: QStandardItemModel, parent: QModelIndex, name: str) -> QModelIndex:
    for row in range(model.rowCount(parent)):
        if model.index(row, 0, parent).data() == name:
            return model.index(row, 0, parent)
    raise AssertionError(f"{name!r} not under {parent.data()!r}")


@pytest.fixture
def session(project: Project, tmp_path: Path) -> ProjectSession:
    _import(project, tmp_path, {"interview_p01.txt": P01, "workshop.txt": NOTES})
    _import(project, tmp_path, {"interview_p02.txt": P02}, group="Care homes")
    return ProjectSession(project)


def test_documents_are_grouped_by_kind_and_folder_with_word_counts(qtbot, session, qtmodeltester):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    model = dock.model
    qtmodeltester.check(model)
    assert _children(model, QModelIndex()) == ["Transcripts (2)", "Notes (1)", "Cases (2)"]
    transcripts = _top(model, "Transcripts")
    assert _children(model, transcripts) == ["Care homes", "interview_p01"]
    folder = _row_of(model, transcripts, "Care homes")
    assert _children(model, folder) == ["interview_p02"]
    p01 = _row_of(model, transcripts, "interview_p01")
    assert p01.siblingAtColumn(1).data() == "25"
    assert p01.siblingAtColumn(2).data() == "0"
    assert p01.data(Qt.ItemDataRole.ToolTipRole).startswith("interview_p01 — 25 words · 0 codings")
    assert dock.view.isExpanded(transcripts)
    assert not dock.hint.isVisibleTo(dock)


def test_applying_a_code_updates_the_coding_count_and_undo_puts_it_back(qtbot, session):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    transcripts = _top(dock.model, "Transcripts")
    folder = _row_of(dock.model, transcripts, "Care homes")
    dock.view.expand(folder)
    create = CreateCode(name="Kit")
    assert session.run(create)
    assert create.code_id is not None
    document_id = int(_row_of(dock.model, transcripts, "interview_p01").data(DOCUMENT_ID_ROLE))
    start = session.project.document_text(document_id).index("The kit")
    coding = ApplyCoding(
        document_id=document_id, code_id=create.code_id, start=start, end=start + 7, user_id=1
    )
    assert session.run(coding)
    p01 = _row_of(dock.model, transcripts, "interview_p01")
    assert p01.siblingAtColumn(2).data() == "1"
    assert transcripts.siblingAtColumn(2).data() == "1"
    assert dock.view.isExpanded(folder), "a count update keeps what the user had opened"
    session.undo()
    assert _row_of(dock.model, transcripts, "interview_p01").siblingAtColumn(2).data() == "0"


def test_enter_or_double_click_on_a_document_opens_it(qtbot, session):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    dock.resize(400, 500)
    dock.show()
    qtbot.waitExposed(dock)
    transcripts = _top(dock.model, "Transcripts")
    p01 = _row_of(dock.model, transcripts, "interview_p01")
    expected = int(p01.data(DOCUMENT_ID_ROLE))
    dock.view.setCurrentIndex(p01)
    with qtbot.waitSignal(dock.document_activated) as blocker:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert blocker.args == [expected]
    notes = _row_of(dock.model, _top(dock.model, "Notes"), "workshop")
    centre = dock.view.visualRect(notes).center()
    with qtbot.waitSignal(dock.document_activated) as blocker:
        # QTest's double-click alone does not press first, as a real double-click does.
        qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [int(notes.data(DOCUMENT_ID_ROLE))]
    assert dock.current_document_id() == blocker.args[0]


def test_cases_show_their_attributes_and_follow_edits(qtbot, session, qtmodeltester):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    assert session.run(CreateAttribute(name="site", kind="text"))
    site = list_attributes(session.project)[0].id
    cases = _top(dock.model, "Cases")
    p01 = _row_of(dock.model, cases, "P01")
    case_id = int(p01.data(CASE_ID_ROLE))
    assert session.run(SetCaseValue(case_id=case_id, attribute_id=site, value="Northvale"))
    p01 = _row_of(dock.model, _top(dock.model, "Cases"), "P01")
    assert _children(dock.model, p01) == ["site: Northvale"]
    tooltip = p01.data(Qt.ItemDataRole.ToolTipRole)
    assert "site: Northvale" in tooltip
    assert "Documents: interview_p01" in tooltip
    qtmodeltester.check(dock.model)


def test_new_documents_appear_when_an_import_is_announced(qtbot, project, tmp_path):
    session = ProjectSession(project)
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    assert dock.hint.isVisibleTo(dock), "an empty project says how to add documents"
    assert _children(dock.model, QModelIndex()) == ["Cases (0)"]
    ids = _import(project, tmp_path, {"interview_p01.txt": P01})
    session.announce(Changes(documents=frozenset(ids)))
    transcripts = _top(dock.model, "Transcripts")
    assert _children(dock.model, transcripts) == ["interview_p01"]
    assert dock.view.isExpanded(transcripts)
    assert _children(dock.model, _top(dock.model, "Cases")) == ["P01"]
    assert not dock.hint.isVisibleTo(dock)


def _drag_files(urls: list[QUrl]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(urls)
    return mime


def test_files_dragged_from_the_desktop_are_handed_over_for_import(qtbot, session, tmp_path):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    dock.show()
    files = [tmp_path / "new_interview.txt", tmp_path / "survey.csv"]
    mime = _drag_files([QUrl.fromLocalFile(str(f)) for f in files])
    viewport = dock.view.viewport()
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(10, 10), copy, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), copy, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(dock.files_dropped) as blocker:
        QApplication.sendEvent(viewport, drop)
    assert blocker.args == [files]


def test_a_dragged_web_link_is_refused(qtbot, session):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    mime = _drag_files([QUrl("https://example.org/interview.txt")])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dock.view.viewport(), enter)
    assert not enter.isAccepted()


def test_every_control_is_named_for_screen_readers(qtbot, session):
    dock = NavigatorDock(session)
    qtbot.addWidget(dock)
    assert dock.objectName() == "navigator_dock"
    assert dock.view.objectName() == "navigator_tree"
    assert unnamed_interactive_widgets(dock) == []
