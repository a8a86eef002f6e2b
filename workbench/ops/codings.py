"""Operations on codings: apply, remove, resize, recode, memo, in-vivo, code all hits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from storage.models import Code, Coding, Document, new_guid
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.ops.codes import CreateCode
from workbench.ops.dependents import Dependents
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

IN_VIVO_MAX = 60


def check_range(session: Session, document_id: int, start: int, end: int) -> None:
    length = session.scalar(select(Document.text).where(Document.id == document_id))
    if length is None:
        raise OperationError(f"Document {document_id} does not exist")
    if not 0 <= start < end <= len(length):
        raise OperationError(
            f"The passage {start}-{end} is empty or outside the document (0-{len(length)})"
        )


def check_codable(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise OperationError(f"Code {code_id} does not exist")
    if not code.is_codable:
        raise OperationError(f"“{code.name}” is a heading in the codebook and cannot be applied")
    return code


class ApplyCoding(Command):
    """Code ``[start, end)`` of a document.

    As in NVivo and MAXQDA, a coding that overlaps or touches one of the same code by the same
    coder is joined with it into one segment instead of being counted twice.
    """

    object_kind = "coding"

    def __init__(
        self,
        *,
        document_id: int,
        code_id: int,
        start: int,
        end: int,
        user_id: int | None,
        origin: str = "",
    ) -> None:
        self.document_id, self.code_id = document_id, code_id
        self.start, self.end, self.user_id = start, end, user_id
        self.origin = origin  # "" for a person's own coding, else the accepted suggestion's source
        self.coding_id: int | None = None
        self.guid = new_guid()
        self.joined: list[Row] = []
        self.dependents = Dependents()
        self.label = "Apply code"

    def do(self, session: Session) -> Changes:
        check_range(session, self.document_id, self.start, self.end)
        code = check_codable(session, self.code_id)
        self.label = f"Apply code “{code.name}”"
        self.joined = snapshot(
            session,
            Coding,
            Coding.document_id == self.document_id,
            Coding.code_id == self.code_id,
            Coding.user_id.is_(None) if self.user_id is None else Coding.user_id == self.user_id,
            Coding.start <= self.end,
            Coding.end >= self.start,
        )
        start = min([self.start, *(r["start"] for r in self.joined)])
        end = max([self.end, *(r["end"] for r in self.joined)])
        memo = "\n\n".join(r["memo"] for r in self.joined if r["memo"])
        # A segment that is partly a person's own coding counts as theirs.
        origins = {self.origin, *(r["origin"] for r in self.joined)}
        origin = "" if "" in origins else self.origin
        self.dependents = Dependents()
        self.dependents.capture_codings(session, [r["id"] for r in self.joined])
        delete_ids(session, Coding, [r["id"] for r in self.joined])
        values: dict[str, Any] = {
            "document_id": self.document_id,
            "code_id": self.code_id,
            "start": start,
            "end": end,
            "user_id": self.user_id,
            "memo": memo,
            "origin": origin,
        }
        values["guid"] = self.guid  # the same on redo: exports and merges match by it
        if self.coding_id is not None:
            values["id"] = self.coding_id
        inserted = session.execute(insert(Coding).values(**values).returning(Coding.id))
        self.coding_id = inserted.scalar_one()
        # Evidence and matrix links of the joined segments now belong to the joined one.
        self.dependents.repoint_codings(session, self.coding_id)
        return self._changes()

    def undo(self, session: Session) -> Changes:
        assert self.coding_id is not None
        delete_ids(session, Coding, [self.coding_id])
        restore(session, Coding, self.joined)
        self.dependents.restore(session)
        return self._changes()

    def _changes(self) -> Changes:
        assert self.coding_id is not None
        ids = {self.coding_id} | {r["id"] for r in self.joined}
        return Changes(
            codings=frozenset(ids),
            codes=frozenset({self.code_id}),
            documents=frozenset({self.document_id}),
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        after: dict[str, Any] = {"document_id": self.document_id, "code_id": self.code_id}
        after |= {"start": self.start, "end": self.end, "joined": [r["id"] for r in self.joined]}
        if self.origin:
            after["origin"] = self.origin
        return self.coding_id, {}, after


class _OneCoding(Command):
    """Base for commands that change a single existing coding."""

    object_kind = "coding"

    def __init__(self, coding_id: int) -> None:
        self.coding_id = coding_id
        self.saved: Row = {}
        self.dependents = Dependents()

    def _load(self, session: Session) -> Row:
        rows = snapshot(session, Coding, Coding.id == self.coding_id)
        if not rows:
            raise OperationError(f"Coding {self.coding_id} does not exist")
        return rows[0]

    def _changes(self) -> Changes:
        return Changes(
            codings=frozenset({self.coding_id}),
            codes=frozenset({self.saved["code_id"]}),
            documents=frozenset({self.saved["document_id"]}),
        )


class RemoveCoding(_OneCoding):
    label = "Remove coding"

    def do(self, session: Session) -> Changes:
        self.saved = self._load(session)
        self.dependents = Dependents()
        self.dependents.capture_codings(session, [self.coding_id])
        self.dependents.remove_memos(session)
        session.execute(delete(Coding).where(Coding.id == self.coding_id))
        return self._changes()

    def undo(self, session: Session) -> Changes:
        restore(session, Coding, [self.saved])
        self.dependents.restore(session)
        return self._changes()

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        keys = ("document_id", "code_id", "start", "end")
        return self.coding_id, {k: self.saved.get(k) for k in keys}, {}


class UpdateCoding(_OneCoding):
    """Resize (start, end), recode (code_id) or annotate (memo) one coding."""

    def __init__(self, coding_id: int, **fields: Any) -> None:
        super().__init__(coding_id)
        unknown = set(fields) - {"start", "end", "code_id", "memo"}
        if unknown or not fields:
            raise TypeError(f"unknown or no coding fields: {sorted(unknown)}")
        self.after = fields
        self.before: dict[str, Any] = {}
        self.label = (
            "Resize coding"
            if set(fields) <= {"start", "end"}
            else "Recode segment"
            if "code_id" in fields
            else "Edit coding memo"
        )

    def do(self, session: Session) -> Changes:
        self.saved = self._load(session)
        merged = self.saved | self.after
        check_range(session, merged["document_id"], merged["start"], merged["end"])
        if "code_id" in self.after:
            check_codable(session, self.after["code_id"])
        self.before = {key: self.saved[key] for key in self.after}
        session.execute(update(Coding).where(Coding.id == self.coding_id).values(**self.after))
        return self._changes() | Changes(codes=frozenset({merged["code_id"]}))

    def undo(self, session: Session) -> Changes:
        session.execute(update(Coding).where(Coding.id == self.coding_id).values(**self.before))
        return self._changes() | Changes(codes=frozenset({self.after.get("code_id", 0)}) - {0})

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        after = {k: v for k, v in self.after.items() if k != "memo"}
        return self.coding_id, {k: v for k, v in self.before.items() if k != "memo"}, after


class InVivoCode(Command):
    """Create a code named from the selected words and apply it to them."""

    object_kind = "coding"

    def __init__(
        self,
        *,
        document_id: int,
        start: int,
        end: int,
        text: str,
        user_id: int | None,
        parent_id: int | None = None,
    ) -> None:
        name = " ".join(text.split()).strip(" .,;:!?\"'()\u201c\u201d\u2018\u2019")
        if len(name) > IN_VIVO_MAX:
            name = name[: IN_VIVO_MAX - 1].rsplit(" ", 1)[0] + "…"
        self.create = CreateCode(name=name, parent_id=parent_id, created_by=user_id)
        self.apply: ApplyCoding | None = None
        self.document_id, self.start, self.end, self.user_id = document_id, start, end, user_id
        self.label = f"In-vivo code “{name}”"

    def do(self, session: Session) -> Changes:
        changes = self.create.do(session)
        assert self.create.code_id is not None
        if self.apply is None:
            self.apply = ApplyCoding(
                document_id=self.document_id,
                code_id=self.create.code_id,
                start=self.start,
                end=self.end,
                user_id=self.user_id,
            )
        return changes | self.apply.do(session)

    def undo(self, session: Session) -> Changes:
        assert self.apply is not None
        return self.apply.undo(session) | self.create.undo(session)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.create.code_id, {}, {"code_id": self.create.code_id}


class CodeSegments(Command):
    """Apply one code to many passages at once, e.g. every hit of a search.

    Passages already inside a coding of the same code by the same coder are skipped.
    """

    object_kind = "coding"

    def __init__(
        self,
        *,
        code_id: int,
        segments: Sequence[tuple[int, int, int]],
        user_id: int | None,
        label: str = "Code all hits",
        origin: str = "",
    ) -> None:
        self.code_id = code_id
        self.segments = list(segments)  # (document_id, start, end)
        self.user_id = user_id
        self.origin = origin  # "" for a person's own coding, else the accepted suggestions' source
        self.label = label
        self.created: list[Row] = []

    def do(self, session: Session) -> Changes:
        check_codable(session, self.code_id)
        if not self.created:
            self.created = self._new_rows(session)
        restore(session, Coding, self.created)
        return self._changes()

    def _new_rows(self, session: Session) -> list[Row]:
        existing: dict[int, list[tuple[int, int]]] = {}
        for doc, start, end in session.execute(
            select(Coding.document_id, Coding.start, Coding.end).where(
                Coding.code_id == self.code_id, Coding.user_id == self.user_id
            )
        ):
            existing.setdefault(doc, []).append((start, end))
        wanted = {doc for doc, _, _ in self.segments}
        lengths: dict[int, int] = {
            int(doc): int(length)
            for doc, length in session.execute(
                select(Document.id, func.length(Document.text)).where(Document.id.in_(wanted))
            )
        }
        next_id = (session.scalar(select(Coding.id).order_by(Coding.id.desc()).limit(1)) or 0) + 1
        rows: list[Row] = []
        for doc, start, end in sorted(set(self.segments)):
            if not 0 <= start < end <= lengths.get(doc, -1):
                raise OperationError(f"The passage {start}-{end} is outside document {doc}")
            if any(s <= start and end <= e for s, e in existing.get(doc, ())):
                continue
            row: Row = {"id": next_id + len(rows), "document_id": doc, "code_id": self.code_id}
            row |= {"start": start, "end": end, "user_id": self.user_id, "memo": ""}
            row["origin"] = self.origin
            rows.append(row)
        return rows

    def undo(self, session: Session) -> Changes:
        delete_ids(session, Coding, [r["id"] for r in self.created])
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            codings=frozenset(r["id"] for r in self.created),
            documents=frozenset(r["document_id"] for r in self.created),
            codes=frozenset({self.code_id}),
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        after: dict[str, Any] = {"codings": len(self.created)}
        if self.origin:
            after["origin"] = self.origin
        return self.code_id, {}, after
