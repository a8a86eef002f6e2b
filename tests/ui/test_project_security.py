"""New projects, encryption, passphrase changes and restoring backups from the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QInputDialog

from storage.backup import list_backups, make_backup
from tests.workbench.ops_support import new_code
from ui.app import AppController
from ui.main_window import MainWindow
from ui.project_security import NewProjectDialog, PassphraseDialog
from ui.settings import Settings
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

PASSPHRASE = "heather on the fells"


@pytest.fixture
def controller(qtbot: QtBot, tmp_path: Path) -> Iterator[AppController]:
    app = AppController(Settings(tmp_path / "settings.ini"))
    yield app
    if app.window is not None:
        app.window.close()


def _type_into(monkeypatch: pytest.MonkeyPatch, current: str = "", new: str = "") -> None:
    """Answer the next passphrase dialogs as a person would, then press OK."""

    def run(dialog: PassphraseDialog) -> int:
        for field, text in ((dialog.current, current), (dialog.first, new), (dialog.again, new)):
            if field is not None:
                field.setText(text)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PassphraseDialog, "exec", run)


def _window(controller: AppController) -> MainWindow:
    assert isinstance(controller.window, MainWindow)
    return controller.window


def _trigger(window: MainWindow, name: str) -> None:
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.objectName() == name)  # fmt: skip
    assert action.isEnabled()
    action.trigger()


def test_a_new_encrypted_project_is_made_from_the_dialog(
    controller: AppController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: NewProjectDialog) -> int:
        dialog.path.setText(str(tmp_path / "Ward study"))
        dialog.title.setText("Ward study")
        dialog.encrypt.setChecked(True)
        dialog.first.setText("short")
        dialog.again.setText("short")
        dialog.accept()
        assert "at least 8" in dialog.problem.text()  # refused, stays open
        dialog.first.setText(PASSPHRASE)
        dialog.again.setText(PASSPHRASE)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(NewProjectDialog, "exec", fill)
    controller.new_project()
    window = _window(controller)
    assert window.session.project.path == tmp_path / "Ward study.qwb"
    assert window.session.project.encrypted
    assert not (tmp_path / "Ward study.qwb").read_bytes().startswith(b"SQLite format 3")


def test_a_plain_project_is_encrypted_rekeyed_and_decrypted_from_the_file_menu(
    controller: AppController, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(project_path, coder=Coder("Ana")) as project:
        new_code(project, "Kept")
    controller.open(project_path)
    _type_into(monkeypatch, new=PASSPHRASE)
    _trigger(_window(controller), "encrypt_project")
    assert _window(controller).session.project.encrypted
    assert [c.name for c in list_codes(_window(controller).session.project)] == ["Kept"]

    _type_into(monkeypatch, current=PASSPHRASE, new="a second passphrase")
    _trigger(_window(controller), "change_passphrase")
    assert _window(controller).session.project.encrypted
    _type_into(monkeypatch, current="a second passphrase")
    _trigger(_window(controller), "decrypt_project")
    assert not _window(controller).session.project.encrypted
    assert project_path.read_bytes().startswith(b"SQLite format 3")


def test_a_wrong_current_passphrase_changes_nothing_and_says_so(
    controller: AppController, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE).close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: (PASSPHRASE, True))
    controller.open(project_path)
    warned: list[str] = []
    monkeypatch.setattr("ui.app.QMessageBox.warning", lambda *a: warned.append(str(a[2])))
    _type_into(monkeypatch, current="not the passphrase")
    _trigger(_window(controller), "decrypt_project")
    assert len(warned) == 1
    assert "does not open" in warned[0]
    assert _window(controller).session.project.encrypted  # reopened as it was


def test_restoring_a_backup_from_the_file_menu(
    controller: AppController, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(project_path, coder=Coder("Ana")) as project:
        new_code(project, "Before")
        make_backup(project_path, reason="manual")
        new_code(project, "After")
    controller.open(project_path)
    shown: list[list[str]] = []

    def choose(*args: object) -> tuple[str, bool]:
        items = list(args[3])  # type: ignore[call-overload]
        shown.append(items)
        return next(i for i in items if "(manual)" in i), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    _trigger(_window(controller), "restore_backup")
    assert [c.name for c in list_codes(_window(controller).session.project)] == ["Before"]
    assert any(b.reason == "before-restore" for b in list_backups(project_path))
