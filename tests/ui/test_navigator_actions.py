"""The navigator's row actions: folders, renaming and memos, by menu and by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from tests.ui.test_navigator import NOTES, P01, P02, _children, _import, _row_of, _top
from ui.memos import MemosDock
from ui.navigator.dock import NavigatorDock
from ui.session import ProjectSession
from workbench.queries.documents import list_documents, list_memos

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def dock(qtbot, project: Project, tmp_path: Path) -> NavigatorDock:
    files = {"interview_p01.txt": P01, "interview_p02.txt": P02, "workshop.txt": NOTES}
    _import(project, tmp_path, files)
    dock = NavigatorDock(ProjectSession(project))
    qtbot.addWidget(dock)
    dock.resize(420, 500)
    with qtbot.waitExposed(dock):
        dock.show()
    return dock


def _select(dock: NavigatorDock, *names: str) -> None:
    transcripts = _top(dock.model, "Transcripts")
    flags = QItemSelectionModel.SelectionFlag
    selection = dock.view.selectionModel()
    selection.clearSelection()
    for name in names:
        index = _row_of(dock.model, transcripts, name)
        selection.setCurrentIndex(index, flags.Select | flags.Rows)


def _menu_texts(dock: NavigatorDock) -> list[str]:
    menu = dock.commands.context_menu()
    texts = [a.text() for a in menu.actions()]
    menu.deleteLater()
    return texts


def _folders(project: Project) -> dict[str, str]:
    return {d.name: d.folder for d in list_documents(project)}


def test_selected_documents_move_into_a_new_folder_and_undo_moves_them_back(
    dock: NavigatorDock, monkeypatch
) -> None:
    _select(dock, "interview_p01", "interview_p02")
    assert _menu_texts(dock) == ["&Open", "&Rename…", "&Move to folder…", "Document &memo…"]
    asked: list[list[str]] = []

    def choose(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
        asked.append(list(items))
        return "Site one", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    dock.commands.move.trigger()
    assert asked == [["(No folder)"]]
    transcripts = _top(dock.model, "Transcripts")
    assert _children(dock.model, transcripts) == ["Site one"]
    assert _children(dock.model, _row_of(dock.model, transcripts, "Site one")) == [
        "interview_p01",
        "interview_p02",
    ]
    dock.session.undo()
    assert _children(dock.model, _top(dock.model, "Transcripts")) == [
        "interview_p01",
        "interview_p02",
    ]


def test_a_folder_row_offers_rename_and_renaming_moves_its_documents(
    dock: NavigatorDock, qtbot, monkeypatch
) -> None:
    _select(dock, "interview_p02")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("Care homes", True))
    dock.commands.move.trigger()
    transcripts = _top(dock.model, "Transcripts")
    dock.view.setCurrentIndex(_row_of(dock.model, transcripts, "Care homes"))
    assert dock.current_folder() == "Care homes"
    assert _menu_texts(dock) == ["Rename &folder…"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("Nursing homes", True))
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    assert _folders(dock.session.project)["interview_p02"] == "Nursing homes"


def test_f2_renames_the_current_document(dock: NavigatorDock, qtbot, monkeypatch) -> None:
    _select(dock, "interview_p01")
    dock.view.setFocus()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("Ward nurse interview", True))
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    names = [d.name for d in list_documents(dock.session.project)]
    assert "Ward nurse interview" in names
    assert "Ward nurse interview" in _children(dock.model, _top(dock.model, "Transcripts"))


def test_a_name_taken_in_the_folder_is_refused_with_a_message(
    dock: NavigatorDock, qtbot, monkeypatch
) -> None:
    _select(dock, "interview_p01")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("interview_p02", True))
    with qtbot.waitSignal(dock.session.failed) as blocker:
        dock.commands.rename.trigger()
    assert "already a document called “interview_p02”" in blocker.args[0]
    assert "interview_p01" in [d.name for d in list_documents(dock.session.project)]


def test_shift_f10_opens_the_row_menu_from_the_keyboard(dock: NavigatorDock, qtbot) -> None:
    _select(dock, "interview_p01")
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    assert popup.objectName() == "navigator_context_menu"
    popup.close()


def test_a_document_memo_is_opened_once_and_found_again(
    dock: NavigatorDock, qtbot, project: Project
) -> None:
    memos = MemosDock(dock.session)
    qtbot.addWidget(memos)
    dock.commands.memo_requested.connect(memos.open_for)
    _select(dock, "interview_p01")
    dock.commands.memo.trigger()
    [memo] = list_memos(project)
    assert (memo.kind, memo.title) == ("document", "interview_p01")
    assert memo.target_id == dock.current_document_id()
    memos.editor.setPlainText("Recorded on the ward; noisy.")
    memos.save()
    dock.commands.memo.trigger()  # the same document again: its memo, not a second one
    assert len(list_memos(project)) == 1
    assert memos.current_memo() == memo.id
    assert memos.editor.toPlainText() == "Recorded on the ward; noisy."


def test_a_case_memo_is_written_from_the_case_row(
    dock: NavigatorDock, qtbot, project: Project
) -> None:
    memos = MemosDock(dock.session)
    qtbot.addWidget(memos)
    dock.commands.memo_requested.connect(memos.open_for)
    cases = _top(dock.model, "Cases")
    dock.view.expand(cases)
    dock.view.setCurrentIndex(_row_of(dock.model, cases, "P01"))
    assert _menu_texts(dock) == ["Case &memo…"]
    dock.commands.case_memo.trigger()
    [memo] = list_memos(project)
    assert (memo.kind, memo.title, memo.target_id) == ("case", "P01", dock.current_case_id())
    assert "P01  (Case memo)" in memos.list.currentItem().text()
