"""Creating and opening project files: schema creation, version check, upgrade after backup.

A new file gets the current schema directly (``create_all`` plus the FTS index) and is stamped
with the head revision; an older file is backed up and then upgraded through the Alembic chain
on a connection without foreign-key enforcement (batch migrations recreate tables).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, inspect, text

from storage import fts, keys
from storage.backup import make_backup
from storage.engine import make_engine
from storage.models import Base, ProjectInfo

HEAD_REVISION = "0004"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
APPLICATION_ID = 0x51574231  # "QWB1": lets `file` and other tools recognise a project


class ProjectFileError(Exception):
    """The file is not a project this version can open. The message says why."""


class ProjectEncryptedError(ProjectFileError):
    """The file is encrypted and no passphrase was given: ask for one."""


class DamagedProjectError(ProjectFileError):
    """The file is a project but SQLite cannot read it: offer its newest good backup."""


class WrongPassphraseError(ProjectFileError):
    """The passphrase given does not open the file: ask again."""


def create_project_file(path: Path, *, title: str, passphrase: str | None = None) -> None:
    """A new project file; encrypted (SQLCipher) from its first byte when given a passphrase."""
    if path.exists():
        raise ProjectFileError(f"{path.name} already exists; choose another name")
    if not path.parent.is_dir():
        raise ProjectFileError(f"the folder {path.parent} does not exist")
    if passphrase is not None:
        keys.remember(path, passphrase)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            Base.metadata.create_all(conn)
            fts.create_index(conn)
            _stamp(conn, HEAD_REVISION)
            conn.execute(insert(ProjectInfo).values(title=title, schema_version=HEAD_REVISION))
    finally:
        engine.dispose()
        if passphrase is not None:
            keys.forget(path)


def _stamp(conn: Connection, revision: str) -> None:
    conn.execute(
        text(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
    )
    conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})


def check_is_project(path: Path) -> None:
    """Raise a plain-words error unless ``path`` looks like a project file."""
    if not path.exists():
        raise ProjectFileError(f"{path.name} does not exist")
    if path.is_dir():
        raise ProjectFileError(f"{path.name} is a folder, not a project file")
    if not keys.looks_encrypted(path):
        with path.open("rb") as handle:
            if handle.read(len(keys.SQLITE_MAGIC)) == keys.SQLITE_MAGIC:
                return
        raise ProjectFileError(f"{path.name} is not a Qualitative Workbench project")
    passphrase = keys.passphrase_for(path)
    if passphrase is None:
        raise ProjectEncryptedError(
            f"{path.name} is encrypted (or is not a project file): open it with its passphrase"
        )
    try:
        keys.check_passphrase(path, passphrase)
    except keys.WrongPassphraseError as exc:
        raise WrongPassphraseError(str(exc)) from None


def read_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def bring_up_to_date(path: Path, *, read_only: bool) -> bool:
    """Check the schema version and upgrade an older file after a backup.

    Returns True when an upgrade ran.
    """
    engine = make_engine(path, read_only=True)
    try:
        revision = read_revision(engine)
    except Exception as exc:  # noqa: BLE001 - sqlite reports damage as many error types
        raise DamagedProjectError(
            f"{path.name} is damaged and cannot be read ({exc.__class__.__name__}). "
            "Its newest good backup can replace it: open it in the app, or run "
            f"'workbench restore {path.name} --newest-good'"
        ) from None
    finally:
        engine.dispose()
    if revision == HEAD_REVISION:
        return False
    if revision not in KNOWN_REVISIONS:
        if revision is None:
            raise ProjectFileError(f"{path.name} is not a Qualitative Workbench project")
        raise ProjectFileError(
            f"{path.name} was saved by a newer version of the Workbench (schema {revision}); "
            "update the Workbench to open it"
        )
    if read_only:
        raise ProjectFileError(
            f"{path.name} uses an older format; open it once for editing to upgrade it"
        )
    make_backup(path, reason=f"before-upgrade-{revision}")
    upgrade_schema(path)
    return True


def upgrade_schema(path: Path, target: str = HEAD_REVISION) -> None:
    """Run the Alembic chain up to ``target`` on a connection without FK enforcement."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
            conn.execute(
                text("UPDATE project_info SET schema_version = :r, modified_at = :t"),
                {"r": target, "t": datetime.now(UTC)},
            )
    finally:
        engine.dispose()
