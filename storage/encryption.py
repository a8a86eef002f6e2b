"""Encrypting, decrypting and re-keying a closed project file, its backups included.

Each conversion writes the new form beside the file with ``sqlcipher_export`` (SQLCipher's
copy of every table, index and the schema into an attached database under another key),
checks it opens, then swaps it into place with an atomic rename. A crash part-way leaves the
old file untouched. The project's backups are converted with it: an encrypted project must not
leave readable copies of itself in its backup folder, and a re-keyed one must not keep
copies that only the old passphrase opens.

Deleting a plaintext file removes it from the file system, but on SSDs and journalling file
systems its blocks may survive until overwritten; docs/RELIABILITY.md says so.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from storage import keys
from storage.backup import backup_dir_for

if TYPE_CHECKING:
    from pathlib import Path

APPLICATION_ID = 0x51574231


def encrypt_project(path: Path, passphrase: str) -> None:
    """Turn the plain project at ``path`` (closed) into an encrypted one."""
    _require_passphrase(passphrase)
    for each in _with_backups(path):
        _convert(each, old=None, new=passphrase)


def decrypt_project(path: Path, passphrase: str) -> None:
    """Turn the encrypted project at ``path`` (closed) into a plain one."""
    keys.check_passphrase(path, passphrase)
    for each in _with_backups(path):
        _convert(each, old=passphrase, new=None)


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-key the encrypted project at ``path`` (closed) and its backups."""
    _require_passphrase(new)
    keys.check_passphrase(path, old)
    for each in _with_backups(path):
        _convert(each, old=old, new=new)


def _require_passphrase(passphrase: str) -> None:
    if len(passphrase) < 8:
        raise ValueError("Choose a passphrase of at least 8 characters")


def _with_backups(path: Path) -> list[Path]:
    folder = backup_dir_for(path)
    backups = sorted(folder.glob("*.qwb")) if folder.is_dir() else []
    return [path, *backups]


def _convert(path: Path, *, old: str | None, new: str | None) -> None:
    import sqlcipher3

    fresh = path.with_name(path.name + ".converting")
    with contextlib.suppress(FileNotFoundError):
        fresh.unlink()
    connection = sqlcipher3.connect(path.as_posix(), isolation_level=None)
    try:
        if old is not None:
            connection.execute(f"PRAGMA key = {keys.quoted(old)}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(
            f"ATTACH DATABASE ? AS converted KEY {keys.quoted(new or '')}", (fresh.as_posix(),)
        )
        connection.execute("SELECT sqlcipher_export('converted')")
        connection.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        connection.execute("DETACH DATABASE converted")
    finally:
        connection.close()
    if new is not None:
        keys.check_passphrase(fresh, new)
    os.replace(fresh, path)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()
