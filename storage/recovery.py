"""Finding a good backup when a project file is damaged, and checking a file's integrity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage import keys
from storage.backup import list_backups

if TYPE_CHECKING:
    from pathlib import Path

    from storage.backup import BackupInfo


def is_intact(path: Path) -> bool:
    """True when SQLite's integrity check passes on ``path`` (keyed if it is encrypted)."""
    try:
        connection = keys.connect(path, read_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means: not usable
        return False
    try:
        row = connection.execute("PRAGMA integrity_check").fetchone()
    except Exception:  # noqa: BLE001 - "file is not a database", "malformed", I/O errors
        return False
    finally:
        connection.close()
    return bool(row) and row[0] == "ok"


def newest_good_backup(project: Path) -> BackupInfo | None:
    """The newest backup of ``project`` that passes the integrity check, if any."""
    passphrase = keys.passphrase_for(project)
    for backup in list_backups(project):
        if passphrase is not None:
            keys.remember(backup.path, passphrase)
        try:
            if is_intact(backup.path):
                return backup
        finally:
            if passphrase is not None:
                keys.forget(backup.path)
    return None
