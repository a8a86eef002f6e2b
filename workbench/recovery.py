"""Backups as the app and the command line offer them: list, find the newest good, restore.

Restoring needs the project closed and its lock free; the current file is kept as a
"before-restore" backup, so a restore can itself be undone by restoring that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.backup import BackupInfo, list_backups, restore_backup
from storage.lock import ProjectLock
from storage.recovery import is_intact, newest_good_backup

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["BackupInfo", "is_intact", "list_backups", "newest_good_backup", "restore"]


def restore(project: Path, backup: Path) -> Path:
    """Replace ``project`` with ``backup`` (under the project's lock); where the old file went.

    Raises :class:`storage.lock.ProjectLockedError` when the project is open elsewhere.
    """
    lock = ProjectLock(project)
    lock.acquire()
    try:
        return restore_backup(backup, project)
    finally:
        lock.release()
