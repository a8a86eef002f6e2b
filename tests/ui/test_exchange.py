"""The Exchange entries of the File menu: REFI-QDA import and export, and merging a coder's work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import apply_coding, new_code, span_of
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.project import Coder, Project
from workbench.queries.documents import list_documents
from workbench.queries.segments import coding_rows

if TYPE_CHECKING:
    from pathlib import Path

INTERVIEW = "Interviewer: Did the kit help?\nP01: I trust the readings now. The wifi drops.\n"


@pytest.fixture
def window(qtbot: Any, project: Project, tmp_path: Path) -> MainWindow:
    source = tmp_path / "interview.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_files(project, [source])
    project.execute(CreateCode(name="Trust"))
    made = MainWindow(ProjectSession(project), Settings(tmp_path / "s.ini"), JobRunner())
    made.switch_project = lambda _path: None
    qtbot.addWidget(made)
    yield made
    made.jobs.wait(10000)


def _open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_an_nvivo_project_is_imported_and_its_report_shown(
    qtbot: Any, window: MainWindow, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_file(monkeypatch, samples_dir / "refi" / "nvivo12mac_oltas_17june.qdpx")
    window.exchange.import_refi()
    qtbot.waitUntil(lambda: window.exchange.dialog is not None, timeout=20000)
    dialog = window.exchange.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Imported nvivo12mac_oltas_17june.qdpx"
    assert "UTF-16" in dialog.text.toPlainText()  # the offsets it converted, said in words
    assert unnamed_interactive_widgets(dialog) == []
    assert len(list_documents(window.session.project)) == 3
    assert window.navigator.model.document_count == 3


def test_the_project_is_exported_to_qdpx_in_the_background(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "shared"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=20000) as blocker:
        window.exchange.export_refi()
    assert blocker.args[0].startswith("Wrote ")
    assert (tmp_path / "shared.qdpx").stat().st_size > 0


def test_a_coders_project_is_previewed_then_merged_as_one_undoable_step(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.session.project
    other = tmp_path / "bea.qwb"
    with Project.create(other, coder=Coder("Bea Coder", "BC")) as bea:
        folder = tmp_path / "bea"
        folder.mkdir()
        (folder / "interview.txt").write_text(INTERVIEW, encoding="utf-8")
        import_files(bea, [folder / "interview.txt"])  # the same file: matched by its hash
        trust = new_code(bea, "Trust")  # made separately: matched by name and place
        [doc] = list_documents(bea)
        apply_coding(bea, doc.id, trust, span_of(INTERVIEW, "The wifi drops."))
    _open_file(monkeypatch, other)
    window.exchange.merge()
    qtbot.waitUntil(lambda: window.exchange.dialog is not None, timeout=20000)
    preview = window.exchange.dialog
    assert preview is not None
    assert "Would add" in preview.text.toPlainText()
    assert coding_rows(project) == []
    preview.accept()
    assert [(s.coder, s.text) for s in coding_rows(project)] == [("Bea Coder", "The wifi drops.")]
    window.session.undo()
    assert coding_rows(project) == []


def test_the_exchange_menu_offers_review_packs_and_the_pack_dialog_is_named(
    window: MainWindow,
) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    exchange = next(a.menu() for a in file_menu.actions() if a.text() == "E&xchange")
    names = [a.objectName() for a in exchange.actions() if a.objectName()]
    assert names == ["import_refi", "export_refi", "merge_project", "export_review_pack",
                     "import_review_feedback"]  # fmt: skip
    window.exchange.export_review_pack()
    dialog = window.exchange.pack_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert unnamed_interactive_widgets(dialog) == []
    dialog.reject()
