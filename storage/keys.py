"""Passphrases of encrypted projects, held in this process's memory and nowhere else.

An encrypted project is a SQLCipher database (AES-256, the key derived from the passphrase).
Opening one registers its passphrase here under the file's resolved path, so that every
connection to it (the project's engine, schema upgrades, backups, restores) is keyed without
the passphrase being handed through every layer. It is never written, logged or put in a
command line, and it is forgotten when the project closes.

The key is applied with SQLCipher's ``PRAGMA key`` as the first statement of a connection,
quoted as an SQL string, so any character is allowed in a passphrase.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
_SMALLEST_PAGE = 512

_keys: dict[Path, tuple[str, int]] = {}  # path -> (passphrase, how many opens use it)
_lock = threading.Lock()


class WrongPassphraseError(Exception):
    """The passphrase does not open this file (or the file is not a project)."""


def remember(path: Path, passphrase: str) -> None:
    """Hold ``passphrase`` for ``path`` until a matching :func:`forget`."""
    with _lock:
        _, uses = _keys.get(path.resolve(), ("", 0))
        _keys[path.resolve()] = (passphrase, uses + 1)


def forget(path: Path) -> None:
    with _lock:
        key = path.resolve()
        passphrase, uses = _keys.get(key, ("", 0))
        if uses > 1:
            _keys[key] = (passphrase, uses - 1)
        else:
            _keys.pop(key, None)


def passphrase_for(path: Path) -> str | None:
    with _lock:
        found = _keys.get(path.resolve())
    return found[0] if found else None


def looks_encrypted(path: Path) -> bool:
    """True for a file of whole database pages without a plain SQLite header.

    SQLCipher encrypts the header too, so an encrypted project is indistinguishable from
    random bytes; page-sized files are the best cheap guess and keep a stray text file from
    being taken for one.
    """
    size = path.stat().st_size
    if size < _SMALLEST_PAGE or size % _SMALLEST_PAGE:
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC


def quoted(passphrase: str) -> str:
    """``passphrase`` as an SQL string literal for ``PRAGMA key``."""
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, *, read_only: bool = False, passphrase: str | None = None) -> Any:
    """A DB-API connection to ``path``: SQLCipher keyed when a passphrase is known, else sqlite3.

    ``passphrase`` overrides the remembered one (e.g. for a new backup file's own key).
    """
    key = passphrase if passphrase is not None else passphrase_for(path)
    target = f"file:{path.as_posix()}?mode=ro" if read_only else path.as_posix()
    if key is None:
        return sqlite3.connect(target, uri=read_only)
    import sqlcipher3

    connection = sqlcipher3.connect(target, uri=read_only)
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word
    connection.execute(f"PRAGMA key = {quoted(key)}")
    return connection


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise :class:`WrongPassphraseError` unless ``passphrase`` opens ``path``."""
    import sqlcipher3

    connection = connect(path, read_only=True, passphrase=passphrase)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        raise WrongPassphraseError(
            f"The passphrase does not open {path.name}. Check it and try again "
            "(passphrases are case-sensitive)."
        ) from None
    finally:
        connection.close()
