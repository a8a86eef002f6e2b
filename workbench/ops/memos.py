"""Operations on memos: project, document, code, case and coding memos, and the journal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, update

from storage.models import Memo, new_guid, utc_now
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MEMO_KINDS = ("project", "document", "code", "case", "coding", "journal", "recommendation")


class CreateMemo(Command):
    object_kind = "memo"

    def __init__(
        self,
        *,
        kind: str,
        title: str = "",
        text: str = "",
        target_id: int | None = None,
        author_id: int | None = None,
    ) -> None:
        if kind not in MEMO_KINDS:
            raise OperationError(f"“{kind}” is not a kind of memo ({', '.join(MEMO_KINDS)})")
        if kind not in ("project", "journal", "recommendation") and target_id is None:
            raise OperationError(f"A {kind} memo must belong to a {kind}")
        self.values: dict[str, Any] = {"kind": kind, "title": title, "text": text}
        self.values |= {"target_id": target_id, "author_id": author_id}
        self.memo_id: int | None = None
        self.values["guid"] = new_guid()  # the same on redo: exports and merges match by it
        self.label = f"Add {kind} memo"

    def do(self, session: Session) -> Changes:
        values = dict(self.values)
        if self.memo_id is not None:
            values["id"] = self.memo_id
        inserted = session.execute(insert(Memo).values(**values).returning(Memo.id))
        self.memo_id = inserted.scalar_one()
        return Changes(memos=frozenset({self.memo_id}))

    def undo(self, session: Session) -> Changes:
        assert self.memo_id is not None
        delete_ids(session, Memo, [self.memo_id])
        return Changes(memos=frozenset({self.memo_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.memo_id, {}, {"kind": self.values["kind"], "target": self.values["target_id"]}


class UpdateMemo(Command):
    object_kind = "memo"
    label = "Edit memo"

    def __init__(self, memo_id: int, *, title: str | None = None, text: str | None = None):
        self.memo_id = memo_id
        self.after = {k: v for k, v in (("title", title), ("text", text)) if v is not None}
        self.before: dict[str, Any] = {}

    def do(self, session: Session) -> Changes:
        memo = session.get(Memo, self.memo_id)
        if memo is None:
            raise OperationError(f"Memo {self.memo_id} does not exist")
        self.before = {k: getattr(memo, k) for k in self.after} | {"modified_at": memo.modified_at}
        values = self.after | {"modified_at": utc_now()}
        session.execute(update(Memo).where(Memo.id == self.memo_id).values(**values))
        return Changes(memos=frozenset({self.memo_id}))

    def undo(self, session: Session) -> Changes:
        session.execute(update(Memo).where(Memo.id == self.memo_id).values(**self.before))
        return Changes(memos=frozenset({self.memo_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.memo_id, {}, {"fields": sorted(self.after)}


class DeleteMemo(Command):
    object_kind = "memo"
    label = "Delete memo"

    def __init__(self, memo_id: int) -> None:
        self.memo_id = memo_id
        self.saved: list[Row] = []

    def do(self, session: Session) -> Changes:
        self.saved = snapshot(session, Memo, Memo.id == self.memo_id)
        if not self.saved:
            raise OperationError(f"Memo {self.memo_id} does not exist")
        delete_ids(session, Memo, [self.memo_id])
        return Changes(memos=frozenset({self.memo_id}))

    def undo(self, session: Session) -> Changes:
        restore(session, Memo, self.saved)
        return Changes(memos=frozenset({self.memo_id}))
