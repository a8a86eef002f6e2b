"""Opening an encrypted project in the app asks for its passphrase, and asks again if wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from ui.passphrase import open_with_passphrase
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

PASSPHRASE = "lanterns over the estuary"


def _answers(monkeypatch: pytest.MonkeyPatch, *typed: str | None) -> list[tuple[str, object]]:
    """Answer the passphrase prompts in turn (None = Cancel); record what was asked."""
    asked: list[tuple[str, object]] = []
    queue = list(typed)

    def get_text(_parent: object, _title: str, label: str, echo: object) -> tuple[str, bool]:
        asked.append((label, echo))
        answer = queue.pop(0)
        return ("", False) if answer is None else (answer, True)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def test_a_wrong_passphrase_is_asked_again_and_the_right_one_opens(
    qtbot: object, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE).close()
    asked = _answers(monkeypatch, "lanterns over the harbour", PASSPHRASE)
    project = open_with_passphrase(None, project_path, Coder("Ana"))
    assert project is not None
    with project:
        assert project.encrypted
    assert len(asked) == 2
    assert all(echo == QLineEdit.EchoMode.Password for _, echo in asked)  # never shown
    assert "does not open" in asked[1][0]


def test_cancel_or_three_wrong_tries_open_nothing(
    qtbot: object, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE).close()
    _answers(monkeypatch, None)
    assert open_with_passphrase(None, project_path, Coder("Ana")) is None
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    _answers(monkeypatch, "a", "b", "c")
    assert open_with_passphrase(None, project_path, Coder("Ana")) is None
    assert len(warned) == 1
    assert "was not opened" in warned[0]


def test_a_plain_project_opens_without_a_prompt(
    qtbot: object, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(project_path, coder=Coder("Ana")).close()
    asked = _answers(monkeypatch)
    project = open_with_passphrase(None, project_path, Coder("Ana"))
    assert project is not None
    project.close()
    assert asked == []
