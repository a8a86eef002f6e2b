"""Engines for project files, with the pragmas every connection needs.

The driver is put in autocommit mode and SQLAlchemy's ``begin`` event issues ``BEGIN`` itself,
so a transaction really starts at ``Session.begin()`` (pysqlite would otherwise defer it to the
first write, and reads before it would not be isolated).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from storage.keys import passphrase_for

if TYPE_CHECKING:
    from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def _file_url(path: Path, *, read_only: bool) -> URL:
    """The URL for ``path``: SQLCipher (keyed by the dialect) when a passphrase is known."""
    passphrase = passphrase_for(path)
    driver = "sqlite+pysqlite" if passphrase is None else "sqlite+pysqlcipher"
    if read_only:
        query = {"mode": "ro", "uri": "true"}
        if not os.access(path.parent, os.W_OK):
            # A WAL database needs its -shm file even to be read; in a folder nobody may write
            # to (a read-only share or medium), SQLite must be told the file cannot change.
            query["immutable"] = "1"
        return URL.create(
            driver,
            password=passphrase,
            database=f"file:{path.resolve().as_posix()}",
            query=query,
        )
    return URL.create(driver, password=passphrase, database=path.resolve().as_posix())


def make_engine(path: Path, *, read_only: bool = False, foreign_keys: bool = True) -> Engine:
    """An engine on ``path``: WAL, synchronous=FULL, foreign keys on, a busy timeout.

    ``foreign_keys=False`` is for migrations only: Alembic's batch mode recreates tables and
    cannot run while SQLite enforces foreign keys.
    """
    # The default pool keeps connections open between sessions: opening one (and running the
    # pragmas) costs more than most queries. Engines are disposed when a project closes.
    # SQLCipher's dialect would pick a one-connection-per-thread pool; the plain file pool
    # suits both (jobs and queries run on worker threads).
    engine = create_engine(_file_url(path, read_only=read_only), poolclass=QueuePool)
    encrypted = passphrase_for(path) is not None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA trusted_schema = OFF")
        if encrypted:  # sorts and temporary tables stay in memory, never in a plain temp file
            cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
