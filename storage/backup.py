"""Rolling backups of a project file with SQLite's online backup API, and restore.

A backup is a consistent copy even while the project is open (a file copy of a WAL database is
not). Backups sit beside the project in ``PROJECT.qwb.backups/``; the newest ten are kept, plus
the newest of each of the last seven days.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storage import keys

if TYPE_CHECKING:
    from pathlib import Path

KEEP_RECENT = 10
KEEP_DAILY = 7
_STAMP = "%Y%m%d-%H%M%S-%f"
_STAMP_LENGTH = len("20260101-120000-000000")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str


def backup_dir_for(project: Path) -> Path:
    return project.with_name(project.name + ".backups")


def _copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API; a copy of an encrypted project has the same passphrase."""
    src = keys.connect(source, read_only=True)
    dst = keys.connect(target, passphrase=keys.passphrase_for(source))
    try:
        with dst:
            src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    finally:
        src.close()
        dst.close()


def make_backup(project: Path, reason: str = "auto") -> Path:
    """Write a consistent copy of ``project`` into its backup folder and prune old ones."""
    folder = backup_dir_for(project)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{project.stem}-{stamp}-{reason}.qwb"
    partial = target.with_suffix(".partial")
    _copy_database(project, partial)
    partial.replace(target)
    prune_backups(project)
    return target


def list_backups(project: Path) -> list[BackupInfo]:
    """Backups of ``project``, newest first."""
    folder = backup_dir_for(project)
    if not folder.is_dir():
        return []
    found = []
    prefix = project.stem + "-"
    for path in folder.glob(f"{project.stem}-*.qwb"):
        rest = path.stem[len(prefix) :]
        stamp, reason = rest[:_STAMP_LENGTH], rest[_STAMP_LENGTH + 1 :]
        try:
            created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupInfo(path, created, reason))
    return sorted(found, key=lambda b: b.created, reverse=True)


def prune_backups(project: Path) -> None:
    backups = list_backups(project)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    days: set[str] = set()
    for backup in backups:
        day = backup.created.strftime("%Y%m%d")
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(backup.path)
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()


def restore_backup(backup: Path, project: Path) -> Path:
    """Replace the project with a copy of ``backup``; the current file is kept, not lost.

    The project must not be open. The current file (with its WAL, which may hold its latest
    changes) is moved into the backup folder as a "before-restore" backup, so this works
    even when it is too damaged to read. Returns where it went (the project's own path if
    there was no file to keep).
    """
    folder = backup_dir_for(project)
    folder.mkdir(exist_ok=True)
    kept = project
    if project.exists():
        stamp = datetime.now(UTC).strftime(_STAMP)
        kept = folder / f"{project.stem}-{stamp}-before-restore.qwb"
        for suffix in ("-wal", "-shm", ""):  # the WAL first: a file never loses its WAL
            source = project.with_name(project.name + suffix)
            if source.exists():
                source.replace(kept.with_name(kept.name + suffix))
    # A backup is one closed, self-contained file (no WAL), so its bytes are a consistent copy;
    # copying them also restores an encrypted backup without needing its passphrase.
    partial = project.with_name(project.name + ".restoring")
    shutil.copyfile(backup, partial)
    partial.replace(project)
    return kept
