"""One writer at a time, stale locks, rolling backups and restore."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from storage.backup import KEEP_RECENT, list_backups, make_backup, restore_backup
from storage.lock import ProjectLockedError
from workbench.ops.codes import CreateCode
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from pathlib import Path


def test_a_second_writer_is_told_who_has_the_project_and_may_read(project_path: Path) -> None:
    with Project.create(project_path, coder=Coder("Ana")) as first:
        first.execute(CreateCode(name="Funding"))
        with pytest.raises(ProjectLockedError, match=r"open for editing by .* since"):
            Project.open(project_path)
        with Project.open(project_path, read_only=True) as reader:
            assert [c.name for c in list_codes(reader)] == ["Funding"]
            assert reader.read_only


def test_a_lock_left_by_a_killed_process_does_not_block_the_next_open(
    project_path: Path,
) -> None:
    Project.create(project_path).close()
    script = (
        "import sys, time; from pathlib import Path; from workbench.project import Project;"
        "p = Project.open(Path(sys.argv[1])); print('open', flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(project_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLockedError):
            Project.open(project_path)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
    with Project.open(project_path) as project:
        project.execute(CreateCode(name="After the crash"))
        assert [c.name for c in list_codes(project)] == ["After the crash"]


def test_each_open_makes_a_backup_and_only_the_newest_are_kept(project_path: Path) -> None:
    Project.create(project_path).close()
    for _ in range(KEEP_RECENT + 3):
        Project.open(project_path).close()
        time.sleep(0.002)  # distinct timestamps in the backup names
    backups = list_backups(project_path)
    assert len(backups) == KEEP_RECENT
    assert all(b.reason == "open" for b in backups)


def test_restore_brings_back_the_backed_up_state_and_keeps_the_current_one(
    project_path: Path,
) -> None:
    with Project.create(project_path) as project:
        project.execute(CreateCode(name="Before"))
    backup = make_backup(project_path, reason="manual")
    with Project.open(project_path, backup=False) as project:
        project.execute(CreateCode(name="After"))
    safety = restore_backup(backup, project_path)
    with Project.open(project_path, backup=False) as project:
        assert [c.name for c in list_codes(project)] == ["Before"]
    with Project.open(safety, read_only=True) as previous:
        assert {c.name for c in list_codes(previous)} == {"Before", "After"}


def test_changes_trigger_a_backup_once_the_interval_has_passed(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(project_path) as project:
        project.execute(CreateCode(name="One"))
        assert list_backups(project_path) == []
        monkeypatch.setattr("workbench.project.BACKUP_INTERVAL_S", 0.0)
        project.execute(CreateCode(name="Two"))
    assert [b.reason for b in list_backups(project_path)] == ["auto"]
