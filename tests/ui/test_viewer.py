"""The interim viewer window: opens a project, lists its documents, shows their text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ui.app import ViewerWindow, open_project
from workbench.importing.service import import_files
from workbench.project import Project

if TYPE_CHECKING:
    from pathlib import Path


def _project_with_interview(path: Path, tmp_path: Path) -> None:
    source = tmp_path / "interview.txt"
    source.write_text("Interviewer: How is the kit?\nP01: It mostly works.\n", encoding="utf-8")
    with Project.create(path) as project:
        import_files(project, [source])


def test_viewer_lists_documents_and_shows_the_selected_text(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "study.qwb"
    _project_with_interview(path, tmp_path)
    window = ViewerWindow(open_project(path))
    qtbot.addWidget(window)
    assert window.documents.count() == 1
    assert "interview" in window.documents.item(0).text()
    assert "It mostly works." in window.text.toPlainText()
    assert window.text.isReadOnly()
    assert "All changes saved" in window.statusBar().currentMessage()


def test_a_project_in_use_is_offered_read_only(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "study.qwb"
    _project_with_interview(path, tmp_path)
    asked = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    with Project.open(path):
        project = open_project(path)
        assert project is not None
        assert project.read_only
        window = ViewerWindow(project)
        qtbot.addWidget(window)
        assert "read-only" in window.statusBar().currentMessage()
    assert "open for editing" in asked[0]


def test_a_file_that_is_not_a_project_gets_a_message(qtbot, tmp_path: Path, monkeypatch) -> None:
    bogus = tmp_path / "notes.qwb"
    bogus.write_text("not a project", encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert open_project(bogus) is None
    assert "is not a Qualitative Workbench project" in warnings[0]
