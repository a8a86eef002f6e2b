"""Opening a damaged project in the app offers its newest good backup instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from storage.backup import make_backup
from tests.workbench.ops_support import new_code
from tests.workbench.test_recovery import damage
from ui.app import AppController
from ui.settings import Settings
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from pytestqt.qtbot import QtBot


def test_the_app_offers_the_newest_good_backup_and_opens_it(
    qtbot: QtBot, project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(project_path, coder=Coder("Ana")) as project:
        new_code(project, "Kept")
        make_backup(project_path, reason="good")
    damage(project_path)
    asked: list[str] = []

    def yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    controller = AppController(Settings(tmp_path / "settings.ini"))
    opened = controller._open_project(project_path)
    assert opened is not None
    with opened:
        assert [c.name for c in list_codes(opened)] == ["Kept"]
    assert len(asked) == 1
    assert "newest good backup" in asked[0]
