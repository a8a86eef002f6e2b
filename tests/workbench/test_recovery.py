"""A damaged project is refused in plain words and replaced by its newest good backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from storage.backup import list_backups, make_backup
from tests.workbench.ops_support import new_code
from workbench.cli import main
from workbench.project import Coder, DamagedProjectError, Project
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from pathlib import Path


def damage(path: Path) -> None:
    """Overwrite the schema page's contents, as a failing disk or a bad copy might."""
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))


def _project_with_backups(path: Path) -> None:
    with Project.create(path, coder=Coder("Ana")) as project:
        new_code(project, "Kept")
        make_backup(path, reason="good")
        new_code(project, "Lost with the damage")


def test_a_damaged_project_names_the_problem_and_the_remedy(project_path: Path) -> None:
    _project_with_backups(project_path)
    damage(project_path)
    with pytest.raises(DamagedProjectError, match="newest good backup"):
        Project.open(project_path, coder=Coder("Ana"))


def test_restore_newest_good_from_the_cli_skips_damaged_backups(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project_with_backups(project_path)
    damaged_backup = make_backup(project_path, reason="later")
    damage(damaged_backup)
    damage(project_path)
    assert main(["backups", str(project_path), "--check"]) == 0
    listing = capsys.readouterr().out
    assert "DAMAGED" in listing
    assert "ok" in listing
    assert main(["restore", str(project_path), "--newest-good"]) == 0
    assert "before-restore" in capsys.readouterr().out
    with Project.open(project_path, coder=Coder("Ana")) as project:
        assert [c.name for c in list_codes(project)] == ["Kept"]
    assert any(b.reason == "before-restore" for b in list_backups(project_path))


def test_restoring_a_named_damaged_backup_is_refused(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project_with_backups(project_path)
    bad = make_backup(project_path, reason="bad")
    damage(bad)
    before = project_path.read_bytes()
    assert main(["restore", str(project_path), str(bad)]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert project_path.read_bytes() == before
