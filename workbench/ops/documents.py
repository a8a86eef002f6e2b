"""Operations on documents as the navigator shows them: their names and user folders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from storage.models import Document
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

MAX_FOLDER_CHARS = 200


def clean_folder(folder: str) -> str:
    """A folder name as stored: inner whitespace collapsed; "" means no folder."""
    folder = " ".join(folder.split())
    if len(folder) > MAX_FOLDER_CHARS:
        raise OperationError(f"A folder name can have at most {MAX_FOLDER_CHARS} characters")
    return folder


class MoveDocuments(Command):
    """Put documents in a user folder ("" takes them out of any folder)."""

    object_kind = "document"

    def __init__(self, document_ids: Iterable[int], folder: str) -> None:
        self.document_ids = sorted(set(document_ids))
        if not self.document_ids:
            raise OperationError("Choose one or more documents to move")
        self.folder = clean_folder(folder)
        self.before: dict[int, str] = {}
        where = f"folder “{self.folder}”" if self.folder else "no folder"
        count = len(self.document_ids)
        self.label = f"Move {count} document{'s' if count != 1 else ''} to {where}"

    def do(self, session: Session) -> Changes:
        query = select(Document.id, Document.folder).where(Document.id.in_(self.document_ids))
        before: dict[int, str] = dict(session.execute(query).all())
        missing = set(self.document_ids) - set(before)
        if missing:
            raise OperationError(f"Document {min(missing)} does not exist")
        self.before = before
        session.execute(
            update(Document).where(Document.id.in_(self.document_ids)).values(folder=self.folder)
        )
        return Changes(documents=frozenset(self.document_ids))

    def undo(self, session: Session) -> Changes:
        for doc_id, folder in self.before.items():
            session.execute(update(Document).where(Document.id == doc_id).values(folder=folder))
        return Changes(documents=frozenset(self.document_ids))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        first = self.document_ids[0] if len(self.document_ids) == 1 else None
        before = {"folders": sorted(set(self.before.values()))}
        return first, before, {"documents": self.document_ids, "folder": self.folder}


class RenameFolder(Command):
    """Rename a folder: every document in it follows (folders live in their documents)."""

    object_kind = "document"

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, clean_folder(new)
        if not self.new:
            raise OperationError("A folder needs a name")
        self.moved: list[int] = []
        self.label = f"Rename folder “{old}” to “{self.new}”"

    def do(self, session: Session) -> Changes:
        self.moved = list(session.scalars(select(Document.id).where(Document.folder == self.old)))
        if not self.moved:
            raise OperationError(f"There is no folder called “{self.old}”")
        session.execute(update(Document).where(Document.id.in_(self.moved)).values(folder=self.new))
        return Changes(documents=frozenset(self.moved))

    def undo(self, session: Session) -> Changes:
        session.execute(update(Document).where(Document.id.in_(self.moved)).values(folder=self.old))
        return Changes(documents=frozenset(self.moved))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return None, {"folder": self.old}, {"folder": self.new, "documents": self.moved}


class RenameDocument(Command):
    object_kind = "document"

    def __init__(self, document_id: int, name: str) -> None:
        self.document_id = document_id
        self.name = " ".join(name.split())
        if not self.name:
            raise OperationError("A document needs a name")
        self.before = ""
        self.label = f"Rename document to “{self.name}”"

    def do(self, session: Session) -> Changes:
        document = session.get(Document, self.document_id)
        if document is None:
            raise OperationError(f"Document {self.document_id} does not exist")
        clash = session.scalar(
            select(Document.id).where(
                func.lower(Document.name) == self.name.lower(),
                Document.folder == document.folder,
                Document.id != self.document_id,
            )
        )
        if clash is not None:
            raise OperationError(f"There is already a document called “{self.name}” here")
        self.before = document.name
        self._set(session, self.name)
        return Changes(documents=frozenset({self.document_id}))

    def undo(self, session: Session) -> Changes:
        self._set(session, self.before)
        return Changes(documents=frozenset({self.document_id}))

    def _set(self, session: Session, name: str) -> None:
        session.execute(update(Document).where(Document.id == self.document_id).values(name=name))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.document_id, {"name": self.before}, {"name": self.name}
