"""Operations on the code tree: create, edit (rename, recolour, describe), move, merge, delete."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, insert, select, update

from storage.models import Code, Coding, Memo, new_guid
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.ops.dependents import Dependents
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
EDITABLE = frozenset(
    {"name", "colour", "definition", "inclusion", "exclusion", "example", "keywords",
     "is_codable", "guidance", "citation"}
)  # fmt: skip


def _check_name(session: Session, name: str, parent_id: int | None, code_id: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise OperationError("A code needs a name")
    clash = session.scalar(
        select(Code.id).where(
            Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id,
            func.lower(Code.name) == name.lower(),
            Code.id != (code_id or -1),
        )
    )
    if clash is not None:
        raise OperationError(f"There is already a code called “{name}” at that level")
    return name


def _check_colour(colour: str) -> str:
    value = colour.strip()
    if not _COLOUR.fullmatch(value):  # int(x, 16) would let "-", "+", "_" and spaces through
        raise OperationError(f"“{colour}” is not a colour; use the form #RRGGBB")
    return value.upper()


def next_position(session: Session, parent_id: int | None) -> int:
    where = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    highest = session.scalar(select(func.coalesce(func.max(Code.position), -1)).where(where))
    return 0 if highest is None else int(highest) + 1


def _require_code(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise OperationError(f"Code {code_id} does not exist")
    return code


class CreateCode(Command):
    object_kind = "code"

    def __init__(self, *, name: str, parent_id: int | None = None, **fields: Any) -> None:
        unknown = set(fields) - EDITABLE - {"framework", "framework_key", "created_by"}
        if unknown:
            raise TypeError(f"unknown code fields: {sorted(unknown)}")
        self.name = name
        self.parent_id = parent_id
        self.fields = fields
        self.code_id: int | None = None
        self.guid = new_guid()  # the same on redo: exports and merges match by it
        self.label = f"Create code “{name.strip()}”"

    def do(self, session: Session) -> Changes:
        name = _check_name(session, self.name, self.parent_id, None)
        if self.parent_id is not None:
            _require_code(session, self.parent_id)
        values = dict(self.fields)
        if "colour" in values:
            values["colour"] = _check_colour(values["colour"])
        else:
            count = session.scalar(select(func.count(Code.id))) or 0
            values["colour"] = PALETTE[count % len(PALETTE)]
        values.update(name=name, parent_id=self.parent_id, guid=self.guid)
        values["position"] = next_position(session, self.parent_id)
        if self.code_id is not None:  # redo keeps the id other commands may refer to
            values["id"] = self.code_id
        self.code_id = session.execute(
            insert(Code).values(**values).returning(Code.id)
        ).scalar_one()
        return Changes(codes=frozenset({self.code_id}), code_tree=True)

    def undo(self, session: Session) -> Changes:
        assert self.code_id is not None
        delete_ids(session, Code, [self.code_id])
        return Changes(codes=frozenset({self.code_id}), code_tree=True)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.code_id, {}, {"name": self.name, "parent_id": self.parent_id}


class UpdateCode(Command):
    """Rename, recolour or describe a code (definition, inclusion, exclusion, example...)."""

    object_kind = "code"

    def __init__(self, code_id: int, **fields: Any) -> None:
        unknown = set(fields) - EDITABLE
        if unknown or not fields:
            raise TypeError(f"unknown or no code fields: {sorted(unknown)}")
        self.code_id = code_id
        self.after = fields
        self.before: dict[str, Any] = {}
        self.label = {
            frozenset({"name"}): "Rename code",
            frozenset({"colour"}): "Change code colour",
        }.get(frozenset(fields), "Edit code description")

    def do(self, session: Session) -> Changes:
        code = _require_code(session, self.code_id)
        after = dict(self.after)
        if "name" in after:
            after["name"] = _check_name(session, after["name"], code.parent_id, code.id)
        if "colour" in after:
            after["colour"] = _check_colour(after["colour"])
        self.before = {key: getattr(code, key) for key in after}
        session.execute(update(Code).where(Code.id == self.code_id).values(**after))
        return Changes(codes=frozenset({self.code_id}))

    def undo(self, session: Session) -> Changes:
        session.execute(update(Code).where(Code.id == self.code_id).values(**self.before))
        return Changes(codes=frozenset({self.code_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.code_id, self.before, self.after


def _descendants(session: Session, code_id: int) -> list[int]:
    """``code_id`` and every code below it, parents before children."""
    rows = session.execute(select(Code.id, Code.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for child, parent in rows:
        children.setdefault(parent, []).append(child)
    order, stack = [], [code_id]
    while stack:
        current = stack.pop()
        order.append(current)
        stack.extend(reversed(children.get(current, [])))
    return order


def _positions(session: Session, parent_id: int | None) -> list[tuple[int, int]]:
    where = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    rows = session.execute(select(Code.id, Code.position).where(where).order_by(Code.position))
    return [(int(i), int(p)) for i, p in rows]


class MoveCode(Command):
    """Move a code under another parent (None: top level) at a position among its siblings."""

    object_kind = "code"
    label = "Move code"

    def __init__(self, code_id: int, *, parent_id: int | None, position: int | None = None):
        self.code_id = code_id
        self.parent_id = parent_id
        self.position = position
        self.before: list[tuple[int, int | None, int]] = []

    def do(self, session: Session) -> Changes:
        code = _require_code(session, self.code_id)
        if self.parent_id is not None and self.parent_id in _descendants(session, self.code_id):
            raise OperationError("A code cannot be moved inside itself")
        _check_name(session, code.name, self.parent_id, code.id)
        old_parent = code.parent_id
        self.before = [
            (i, parent, pos)
            for parent in {old_parent, self.parent_id}
            for i, pos in _positions(session, parent)
        ]
        siblings = [i for i, _ in _positions(session, self.parent_id) if i != self.code_id]
        at = len(siblings) if self.position is None else max(0, min(self.position, len(siblings)))
        siblings.insert(at, self.code_id)
        session.execute(
            update(Code).where(Code.id == self.code_id).values(parent_id=self.parent_id)
        )
        for position, sibling in enumerate(siblings):
            session.execute(update(Code).where(Code.id == sibling).values(position=position))
        for position, (sibling, _) in enumerate(_positions(session, old_parent)):
            session.execute(update(Code).where(Code.id == sibling).values(position=position))
        return Changes(codes=frozenset({self.code_id}), code_tree=True)

    def undo(self, session: Session) -> Changes:
        for code_id, parent, position in self.before:
            session.execute(
                update(Code).where(Code.id == code_id).values(parent_id=parent, position=position)
            )
        return Changes(codes=frozenset({self.code_id}), code_tree=True)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.code_id, {}, {"parent_id": self.parent_id, "position": self.position}


class DeleteCode(Command):
    """Delete a code, the codes below it and their codings (all restored by undo)."""

    object_kind = "code"

    def __init__(self, code_id: int) -> None:
        self.code_id = code_id
        self.label = "Delete code"
        self.saved: dict[str, list[Row]] = {}
        self.dependents = Dependents()

    def do(self, session: Session) -> Changes:
        _require_code(session, self.code_id)
        ids = _descendants(session, self.code_id)
        by_order = {code_id: n for n, code_id in enumerate(ids)}
        codes = snapshot(session, Code, Code.id.in_(ids))
        self.saved = {
            "codes": sorted(codes, key=lambda row: by_order[row["id"]]),
            "codings": snapshot(session, Coding, Coding.code_id.in_(ids)),
        }
        self.dependents = Dependents()
        self.dependents.capture_codes(session, ids)
        self.dependents.capture_codings(session, [r["id"] for r in self.saved["codings"]])
        self.dependents.remove_memos(session)
        session.execute(delete(Code).where(Code.id == self.code_id))  # cascades
        return self._changes()

    def undo(self, session: Session) -> Changes:
        restore(session, Code, self.saved["codes"])
        restore(session, Coding, self.saved["codings"])
        self.dependents.restore(session)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            codes=frozenset(r["id"] for r in self.saved["codes"]),
            codings=frozenset(r["id"] for r in self.saved["codings"]),
            documents=frozenset(r["document_id"] for r in self.saved["codings"]),
            code_tree=True,
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        before = {
            "codes": [r["name"] for r in self.saved.get("codes", [])],
            "codings": len(self.saved.get("codings", [])),
        }
        return self.code_id, before, {}


class MergeCodes(Command):
    """Merge ``source`` into ``target``: its codings and sub-codes move, then it is deleted.

    A coding that would duplicate one already on the target (same document, range and coder)
    is dropped rather than counted twice.
    """

    object_kind = "code"
    label = "Merge codes"

    def __init__(self, source_id: int, target_id: int) -> None:
        if source_id == target_id:
            raise OperationError("A code cannot be merged into itself")
        self.source_id = source_id
        self.target_id = target_id
        self.saved: dict[str, Any] = {}
        self.dependents = Dependents()

    def do(self, session: Session) -> Changes:
        _require_code(session, self.target_id)
        _require_code(session, self.source_id)
        if self.target_id in _descendants(session, self.source_id):
            raise OperationError("A code cannot be merged into one of its own sub-codes")
        target_keys = set(
            session.execute(
                select(Coding.document_id, Coding.start, Coding.end, Coding.user_id).where(
                    Coding.code_id == self.target_id
                )
            ).all()
        )
        codings = snapshot(session, Coding, Coding.code_id == self.source_id)
        duplicates = [
            r
            for r in codings
            if (r["document_id"], r["start"], r["end"], r["user_id"]) in target_keys
        ]
        children = [i for i, _ in _positions(session, self.source_id)]
        self.dependents = Dependents()
        self.dependents.capture_codes(session, [self.source_id])
        self.dependents.capture_codings(session, [r["id"] for r in duplicates])
        self.saved = {
            "code": snapshot(session, Code, Code.id == self.source_id),
            "moved": [r["id"] for r in codings if r not in duplicates],
            "duplicates": duplicates,
            "children": children,
            "memos": snapshot(
                session, Memo, and_(Memo.kind == "code", Memo.target_id == self.source_id)
            ),
        }
        delete_ids(session, Coding, [r["id"] for r in duplicates])
        session.execute(
            update(Coding).where(Coding.code_id == self.source_id).values(code_id=self.target_id)
        )
        start = next_position(session, self.target_id)
        for offset, child in enumerate(children):
            session.execute(
                update(Code)
                .where(Code.id == child)
                .values(parent_id=self.target_id, position=start + offset)
            )
        session.execute(
            update(Memo)
            .where(Memo.kind == "code", Memo.target_id == self.source_id)
            .values(target_id=self.target_id)
        )
        session.execute(delete(Code).where(Code.id == self.source_id))
        return self._changes()

    def undo(self, session: Session) -> Changes:
        restore(session, Code, self.saved["code"])
        session.execute(
            update(Coding).where(Coding.id.in_(self.saved["moved"])).values(code_id=self.source_id)
        )
        restore(session, Coding, self.saved["duplicates"])
        self.dependents.restore(session)
        for position, child in enumerate(self.saved["children"]):
            session.execute(
                update(Code)
                .where(Code.id == child)
                .values(parent_id=self.source_id, position=position)
            )
        memo_ids = [m["id"] for m in self.saved["memos"]]
        session.execute(update(Memo).where(Memo.id.in_(memo_ids)).values(target_id=self.source_id))
        return self._changes()

    def _changes(self) -> Changes:
        coding_ids = set(self.saved["moved"]) | {r["id"] for r in self.saved["duplicates"]}
        return Changes(
            codes=frozenset({self.source_id, self.target_id}),
            codings=frozenset(coding_ids),
            code_tree=True,
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.source_id, {}, {"into": self.target_id, "codings": len(self.saved["moved"])}
