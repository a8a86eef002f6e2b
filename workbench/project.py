"""The ``Project`` facade: the only door to a project's data.

Opening takes the file lock, checks the schema (upgrading an older file after a backup) and
makes a rolling backup. Every change is a :class:`~workbench.commands.Command` run by
:meth:`Project.execute` in one transaction together with its audit-log entry; there is no
"save". Reads go through :meth:`Project.reading`, one short session each.
"""

from __future__ import annotations

import getpass
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage import keys
from storage.backup import make_backup
from storage.engine import make_engine
from storage.lock import ProjectFolderReadOnlyError, ProjectLock, ProjectLockedError
from storage.models import AuditEntry, Document, User
from storage.project_file import (
    DamagedProjectError,
    ProjectEncryptedError,
    ProjectFileError,
    WrongPassphraseError,
    bring_up_to_date,
    check_is_project,
    create_project_file,
)
from workbench.commands import Command, CommandStack
from workbench.errors import ProjectBusyError, ReadOnlyError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from workbench.changes import Changes

BACKUP_INTERVAL_S = 600.0

__all__ = [
    "Coder",
    "DamagedProjectError",
    "Project",
    "ProjectEncryptedError",
    "ProjectFolderReadOnlyError",
    "ProjectLockedError",
    "WrongPassphraseError",
    "open_error_types",
]

T = TypeVar("T")


def open_error_types() -> tuple[type[Exception], ...]:
    """Errors of :meth:`Project.open` whose message is meant for the user."""
    return (ProjectFileError, ProjectLockedError, ProjectFolderReadOnlyError)


@dataclass(frozen=True, slots=True)
class Coder:
    """The person (or machine) whose work is being recorded."""

    name: str
    initials: str = ""
    role: str = "researcher"

    @staticmethod
    def from_system() -> Coder:
        name = getpass.getuser() or "researcher"
        return Coder(name=name, initials=name[:2].upper())


class Project:
    def __init__(self, path: Path, *, read_only: bool, lock: ProjectLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self.engine = make_engine(path, read_only=read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.undo_stack = CommandStack()
        self.user_id: int | None = None
        self.encrypted = False
        self._holds_key = False  # whether close() must forget the passphrase open() was given
        self._texts: dict[int, str] = {}
        # Per-document structure (paragraph and turn positions), immutable like the text.
        self.structure: dict[int, Any] = {}
        # Read models reused until the next write (see cached()); every write bumps this.
        self.generation = 0
        self._read_cache: dict[str, tuple[int, Any]] = {}
        self._last_backup = time.monotonic()

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(
        cls,
        path: Path,
        *,
        title: str = "",
        coder: Coder | None = None,
        passphrase: str | None = None,
    ) -> Project:
        """A new project; with a passphrase it is encrypted (SQLCipher) from the start."""
        create_project_file(path, title=title or path.stem, passphrase=passphrase)
        return cls.open(path, coder=coder, backup=False, passphrase=passphrase)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        coder: Coder | None = None,
        backup: bool = True,
        passphrase: str | None = None,
    ) -> Project:
        """Open ``path``; a second writer gets :class:`storage.lock.ProjectLockedError`.

        An encrypted project needs its ``passphrase``; without one,
        :class:`storage.project_file.ProjectEncryptedError` says so (ask and try again).
        """
        if passphrase is not None:
            keys.remember(path, passphrase)
        try:
            project = cls._open(path, read_only=read_only, coder=coder, backup=backup)
        except BaseException:
            if passphrase is not None:
                keys.forget(path)
            raise
        project._holds_key = passphrase is not None
        return project

    @classmethod
    def _open(cls, path: Path, *, read_only: bool, coder: Coder | None, backup: bool) -> Project:
        check_is_project(path)
        lock = None
        if not read_only:
            if not os.access(path.parent, os.W_OK):  # the WAL, lock and backups go beside it
                raise ProjectFolderReadOnlyError(path)
            lock = ProjectLock(path)
            lock.acquire()
        try:
            bring_up_to_date(path, read_only=read_only)
            if backup and not read_only:
                make_backup(path, reason="open")
            project = cls(path, read_only=read_only, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        project.user_id = project._find_user(coder or Coder.from_system())
        project.encrypted = keys.passphrase_for(path) is not None
        return project

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._holds_key:
            self._holds_key = False
            keys.forget(self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ sessions
    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short read session; no ORM object may outlive it."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyError
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            # Another writer (an import in another thread or process) outlasted busy_timeout.
            if "locked" in str(exc.orig):
                raise ProjectBusyError from exc
            raise
        finally:
            self.generation += 1  # committed or not, cached read models are read again
        self._maybe_backup()

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, reused until the project is next written (a report asks for the code
        list four times; it is read once). The generation is taken before computing, so a
        result that raced a write is never kept as current."""
        generation = self.generation
        found = self._read_cache.get(key)
        if found is not None and found[0] == generation:
            return found[1]  # type: ignore[no-any-return]
        value = compute()
        self._read_cache[key] = (generation, value)
        return value

    # ------------------------------------------------------------------ operations
    def execute(self, command: Command) -> Changes:
        """Do ``command`` in one transaction with its audit entry, and put it on the stack."""
        with self.transaction() as session:
            changes = command.do(session)
            self._audit(session, command, "")
        self.undo_stack.pushed(command)
        return changes

    def undo(self) -> Changes | None:
        command = self.undo_stack.pop_undo()
        if command is None:
            return None
        try:
            with self.transaction() as session:
                changes = command.undo(session)
                self._audit(session, command, ":undo")
        except BaseException:
            self.undo_stack.redone(command)  # nothing changed: keep it undoable
            raise
        self.undo_stack.undone(command)
        self.forget_documents(changes.documents)  # a removed document's id may be used again
        return changes

    def redo(self) -> Changes | None:
        command = self.undo_stack.pop_redo()
        if command is None:
            return None
        try:
            with self.transaction() as session:
                changes = command.do(session)
                self._audit(session, command, ":redo")
        except BaseException:
            self.undo_stack.undone(command)
            raise
        self.undo_stack.redone(command)
        self.forget_documents(changes.documents)
        return changes

    def audit(self, session: Session, operation: str, details: dict[str, Any]) -> None:
        """Record work that is not a command (imports, exports) in the audit log."""
        session.execute(
            insert(AuditEntry).values(
                user_id=self.user_id, operation=operation, after=json.dumps(details)
            )
        )

    def _audit(self, session: Session, command: Command, suffix: str) -> None:
        object_id, before, after = command.audit()
        session.execute(
            insert(AuditEntry).values(
                user_id=self.user_id,
                operation=type(command).__name__ + suffix,
                object_kind=command.object_kind,
                object_id=object_id,
                before=json.dumps(before, default=str),
                after=json.dumps(after, default=str),
            )
        )

    # ------------------------------------------------------------------ helpers
    def document_text(self, document_id: int) -> str:
        """The full text of a document (cached: stored text is never edited in place)."""
        text = self._texts.get(document_id)
        if text is None:
            with self.reading() as session:
                text = session.scalar(select(Document.text).where(Document.id == document_id))
            if text is None:
                raise KeyError(document_id)
            self._texts[document_id] = text
        return text

    def document_texts(self, document_ids: set[int] | frozenset[int]) -> dict[int, str]:
        """Texts of several documents, loading the ones not yet cached in one query."""
        # Built from local values: a query thread must not trip over forget_documents().
        found = {d: text for d in document_ids if (text := self._texts.get(d)) is not None}
        missing = [d for d in document_ids if d not in found]
        if missing:
            with self.reading() as session:
                rows = session.execute(
                    select(Document.id, Document.text).where(Document.id.in_(missing))
                ).all()
            loaded = {int(i): str(t) for i, t in rows}
            self._texts.update(loaded)
            found.update(loaded)
        return found

    def forget_documents(self, document_ids: set[int] | frozenset[int]) -> None:
        for document_id in document_ids:
            self._texts.pop(document_id, None)
            self.structure.pop(document_id, None)

    def _find_user(self, coder: Coder) -> int | None:
        with self._sessions() as session, session.begin():
            user_id = session.scalar(select(User.id).where(User.name == coder.name))
            if user_id is not None or self.read_only:
                return user_id
            return int(
                session.execute(
                    insert(User)
                    .values(name=coder.name, initials=coder.initials, role=coder.role)
                    .returning(User.id)
                ).scalar_one()
            )

    def user_for(self, session: Session, coder: Coder) -> int:
        """Id of ``coder`` in this project, created if new (e.g. the ``machine`` user)."""
        user_id = session.scalar(select(User.id).where(User.name == coder.name))
        if user_id is None:
            user_id = session.execute(
                insert(User)
                .values(name=coder.name, initials=coder.initials, role=coder.role)
                .returning(User.id)
            ).scalar_one()
        return int(user_id)

    def _maybe_backup(self) -> None:
        now = time.monotonic()
        if now - self._last_backup >= BACKUP_INTERVAL_S:
            self._last_backup = now
            make_backup(self.path, reason="auto")
