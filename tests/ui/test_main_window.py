"""The main window as a person uses it: keyboard only, named for screen readers, remembered."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.a11y import unnamed_interactive_widgets
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_memos
from workbench.queries.segments import coding_rows

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: Did the monitoring kit help?\n"
    "P01: I trust the readings now. My daughter checks them too.\n"
)


@pytest.fixture
def make_window(qtbot, project: Project, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A main window on a project with one interview and a code called Trust."""
    source = tmp_path / "interview.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_files(project, [source])
    project.execute(CreateCode(name="Trust"))
    windows: list[MainWindow] = []

    def make(settings_file: str = "settings.ini") -> MainWindow:
        window = MainWindow(ProjectSession(project), Settings(tmp_path / settings_file),
                            JobRunner())  # fmt: skip
        window.switch_project = lambda _path: None
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.jobs.wait(5000)


def _key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def test_every_interactive_widget_of_the_main_window_has_an_accessible_name(make_window) -> None:
    window = make_window()
    window.open_document(1)
    assert unnamed_interactive_widgets(window) == []


def test_a_whole_coding_session_with_the_keyboard_only(make_window, qtbot, project) -> None:
    window = make_window()
    assert window.isActiveWindow(), QApplication.activeWindow()
    # Open the document from the navigator.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    tree = QApplication.focusWidget()
    assert tree is window.navigator.view, (QApplication.activeWindow(), window.isActiveWindow())
    for _ in range(3):
        if window.current_view() is not None:
            break
        _key(qtbot, Qt.Key.Key_Down)
        _key(qtbot, Qt.Key.Key_Return)
    view = window.current_view()
    assert view is not None
    # Go to the document, then select the participant's turn: the last line.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    text = project.document_text(view.document_id)
    _key(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    _key(qtbot, Qt.Key.Key_Up)
    _key(qtbot, Qt.Key.Key_Home)
    _key(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    selected = view.selected_range()
    assert selected is not None
    assert text[selected[0] : selected[1]].startswith("P01: I trust")
    # Apply the code through the quick-code box.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.quick_code
    qtbot.keyClicks(window.quick_code, "Trust")
    _key(qtbot, Qt.Key.Key_Return)
    [segment] = coding_rows(project)
    assert text[segment.start : segment.end].startswith("P01: I trust the readings")
    # Find its segments from the codebook.
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    window.codebook.select_code(segment.code_id)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.segments.model.rowCount() == 1)  # read off the GUI thread
    # Undo.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert coding_rows(project) == []


def test_undo_and_redo_say_what_they_will_do(make_window, project) -> None:
    window = make_window()
    undo = window.findChild(object, "undo")
    window.session.run(CreateCode(name="Family support"))
    assert undo.text() == "&Undo Create code “Family support”"
    window.session.undo()
    redo = window.findChild(object, "redo")
    assert redo.text() == "&Redo Create code “Family support”"


def test_open_tabs_and_layout_are_remembered(make_window) -> None:
    first = make_window()
    first.open_document(1)
    first.close()
    second = make_window()
    assert [view.document_id for view in second.document_views()] == [1]


def test_a_code_memo_opens_in_the_memos_pane_from_the_code_menu(make_window, project) -> None:
    window = make_window()
    [trust] = [c.id for c in list_codes(project) if c.name == "Trust"]
    window.codebook.select_code(trust)
    menu = window.codebook.commands.context_menu(trust)
    [memo_action] = [a for a in menu.actions() if a.objectName() == "code_memo"]
    memo_action.trigger()
    [memo] = list_memos(project)
    assert (memo.kind, memo.target_id, memo.title) == ("code", trust, "Trust")
    assert window.memos.isVisible()
    assert window.memos.current_memo() == memo.id


def test_changes_wait_for_a_running_import_instead_of_freezing(make_window, project, qtbot) -> None:
    window = make_window()
    release = threading.Event()
    done: list[object] = []
    window.jobs.start(
        "Importing", lambda _progress: release.wait(10), done.append, on_failed=done.append
    )
    assert window.jobs.writing
    with qtbot.waitSignal(window.session.failed) as blocker:
        assert not window.session.run(CreateCode(name="Hope"))
    assert "being stored in the background" in blocker.args[0]
    assert "Hope" not in [c.name for c in list_codes(project)]
    release.set()
    qtbot.waitUntil(lambda: done == [True])
    assert not window.jobs.writing
    assert window.session.run(CreateCode(name="Hope"))


def test_the_synthesis_menu_opens_each_pane_and_the_executive_summary(make_window, project) -> None:
    window = make_window()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "S&ynthesis")
    actions = {a.objectName(): a for a in menu.actions()}
    for name, dock in (("synthesis_nasss", window.nasss), ("synthesis_matrix", window.matrix),
                       ("synthesis_register", window.register)):  # fmt: skip
        actions[name].trigger()
        assert dock.isVisible()
    actions["synthesis_summary"].trigger()
    [memo] = list_memos(project)
    assert (memo.kind, memo.title) == ("project", "Executive summary")
    assert window.memos.current_memo() == memo.id
    actions["synthesis_summary"].trigger()  # found again, not written twice
    assert len(list_memos(project)) == 1
