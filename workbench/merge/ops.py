"""Merging a bundle into the project as one undoable step.

The plan is worked out inside the merge's own transaction, against the project as it is at
that moment; every row it adds is built once, with its id, and kept, so that undo deletes
exactly those ids and redo puts back the very same rows (ids, guids and times included).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from storage import fts
from storage.models import (
    Attribute,
    Case,
    CaseMember,
    CaseValue,
    Code,
    Coding,
    DocSpan,
    Document,
    Memo,
    Speaker,
    User,
    new_guid,
    utc_now,
)
from workbench.changes import Changes
from workbench.commands import Command
from workbench.merge.bundle import canonical_guid
from workbench.merge.from_project import read_bundle
from workbench.merge.plan import plan_merge
from workbench.merge.plan_state import key
from workbench.ops.codes import PALETTE
from workbench.rows import Row, delete_ids, restore

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.models import Base
    from workbench.merge.bundle import Bundle
    from workbench.merge.plan_state import MergePlan, NewDocument
    from workbench.project import Project

# Parents before children: inserted in this order, deleted in the reverse.
_TABLES: tuple[tuple[str, type[Base]], ...] = (
    ("users", User),
    ("attributes", Attribute),
    ("cases", Case),
    ("codes", Code),
    ("documents", Document),
    ("speakers", Speaker),
    ("spans", DocSpan),
    ("values", CaseValue),
    ("members", CaseMember),
    ("codings", Coding),
    ("memos", Memo),
)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_ROLES = ("researcher", "lead", "reviewer", "machine")


def preview_merge(project: Project, bundle: Bundle) -> MergePlan:
    """What merging ``bundle`` would add, match and find in conflict; nothing is changed."""
    with project.reading() as session:
        return plan_merge(read_bundle(session, source=project.path.name), bundle)


class MergeBundle(Command):
    """Bring another coder's work in. ``plan`` is set once done (the preview of what it did)."""

    object_kind = "project"

    def __init__(self, bundle: Bundle, *, user_id: int | None) -> None:
        self.bundle = bundle
        self.user_id = user_id
        self.plan: MergePlan | None = None
        self.rows: dict[str, list[Row]] = {}
        self.indexed: list[tuple[int, str]] = []  # (span id, text) for the full-text index
        self.label = f"Merge {bundle.source}"

    def do(self, session: Session) -> Changes:
        if self.plan is None:
            self.plan = plan_merge(read_bundle(session), self.bundle)
            self.rows, self.indexed = _Rows(session, self.plan, self.user_id).build()
        for name, model in _TABLES:
            restore(session, model, self.rows[name])
        fts.add_rows(session.connection(), self.indexed)
        return self._changes()

    def undo(self, session: Session) -> Changes:
        for row in self.rows["documents"]:
            fts.remove_document(session.connection(), row["id"])
        for name, model in reversed(_TABLES):
            delete_ids(session, model, [r["id"] for r in self.rows[name]])
        return self._changes()

    def _changes(self) -> Changes:
        def ids(name: str) -> frozenset[int]:
            return frozenset(r["id"] for r in self.rows[name])

        touched = {r["case_id"] for r in self.rows["values"] + self.rows["members"]}
        return Changes(
            documents=ids("documents") | {r["document_id"] for r in self.rows["codings"]},
            codes=ids("codes") | {r["code_id"] for r in self.rows["codings"]},
            codings=ids("codings"),
            cases=ids("cases") | touched,
            memos=ids("memos"),
            code_tree=bool(self.rows["codes"]),
            attributes=bool(self.rows["attributes"] or self.rows["values"]),
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        # Counts only: names and values can identify people.
        return None, {}, {"source": self.bundle.source, **{n: len(r) for n, r in self.rows.items()}}


class _Rows:
    """Builds every row the plan adds, with ids that follow the highest ones in use."""

    def __init__(self, session: Session, plan: MergePlan, user_id: int | None) -> None:
        self.session, self.plan, self.user_id = session, plan, user_id
        self.now = utc_now()
        self.rows: dict[str, list[Row]] = {name: [] for name, _ in _TABLES}
        self.indexed: list[tuple[int, str]] = []
        self.next = {name: self._max(model) + 1 for name, model in _TABLES}
        self.ids: dict[str, dict[str, int]] = {
            "users": {str(n): int(i) for n, i in session.execute(select(User.name, User.id))},
            "documents": self._map(Document.guid, Document.id),
            "codes": self._map(Code.guid, Code.id),
            "cases": self._map(Case.guid, Case.id),
            "codings": self._map(Coding.guid, Coding.id),
            "attributes": {
                key(n): i for n, i in session.execute(select(Attribute.name, Attribute.id))
            },
        }

    def _max(self, model: type[Base]) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0)  # type: ignore[attr-defined]

    def _map(self, column: Any, ids: Any) -> dict[str, int]:
        """Guid (as the plan writes it) -> id."""
        rows = self.session.execute(select(column, ids))
        return {canonical_guid(str(k)): int(i) for k, i in rows}

    def add(self, table: str, row: Row, lookup: str | None = None) -> int:
        """Queue ``row`` for ``table`` with the next id; remember it under ``lookup``."""
        row_id = self.next[table]
        self.next[table] += 1
        self.rows[table].append({"id": row_id, **row})
        if lookup is not None:
            self.ids[table][lookup] = row_id
        return row_id

    def build(self) -> tuple[dict[str, list[Row]], list[tuple[int, str]]]:
        plan, now = self.plan, self.now
        for user in plan.users:
            role = user.role if user.role in _ROLES else "researcher"
            row = {"guid": new_guid(), "name": user.name, "initials": user.initials}
            self.add("users", row | {"role": role, "created_at": now}, user.name)
        self._attributes()
        for case in plan.cases:
            row = {"guid": case.guid, "name": case.name, "description": case.description}
            self.add("cases", row | {"created_at": now}, case.guid)
        self._codes()
        for document in plan.documents:
            self._document(document)
        self._case_rows()
        self._codings()
        self._memos()
        return self.rows, self.indexed

    def _attributes(self) -> None:
        position = self.session.scalar(select(func.count(Attribute.id))) or 0
        for new in self.plan.attributes:
            attribute = new.attribute
            row: Row = {"guid": new.guid, "name": attribute.name, "type": attribute.type}
            row |= {"choices": json.dumps(list(attribute.choices)), "position": position}
            self.add("attributes", row, key(attribute.name))
            position += 1

    def _codes(self) -> None:
        count = self.session.scalar(select(func.count(Code.id))) or 0
        positions: dict[int | None, int] = {
            parent: int(top)
            for parent, top in self.session.execute(
                select(Code.parent_id, func.max(Code.position)).group_by(Code.parent_id)
            )
        }
        for new in self.plan.codes:
            code = new.code
            parent = self.ids["codes"][new.parent] if new.parent else None
            positions[parent] = position = positions.get(parent, -1) + 1
            colour = code.colour.upper() if _COLOUR.fullmatch(code.colour) else ""
            row: Row = {"guid": new.guid, "parent_id": parent, "position": position}
            row |= {"name": " ".join(code.name.split()), "colour": colour or PALETTE[count % 8]}
            row |= {
                f: getattr(code, f)
                for f in ("definition", "inclusion", "exclusion", "example", "keywords",
                          "citation", "framework", "framework_key", "is_codable")
            }  # fmt: skip
            row |= {"guidance": "{}", "created_by": self.user_id, "created_at": self.now}
            self.add("codes", row, new.guid)
            count += 1

    def _document(self, new: NewDocument) -> None:
        doc = new.document
        options = json.dumps({"merged_from": self.plan.source})
        row: Row = {"guid": new.guid, "name": new.name, "kind": new.kind, "folder": doc.folder}
        row |= {"text": doc.text, "original_name": doc.original_name, "sha256": doc.sha256}
        row |= {"importer": "merge", "import_options": options, "language": doc.language}
        row |= {"word_count": len(doc.text.split()), "imported_at": self.now}
        row |= {"imported_by": self.user_id, "original_blob": None, "pseudonymised_from": None}
        doc_id = self.add("documents", row, new.guid)
        cases = dict(new.speaker_cases)
        speakers: dict[str, int] = {}
        for speaker in doc.speakers:
            if speaker.name in speakers:
                continue
            case = self.ids["cases"].get(cases.get(speaker.name, ""))
            row = {"guid": new_guid(), "document_id": doc_id, "name": speaker.name}
            row |= {"case_id": case, "is_interviewer": speaker.is_interviewer}
            speakers[speaker.name] = self.add("speakers", row)
        for span in doc.spans:
            if not 0 <= span.start <= span.end <= len(doc.text):
                continue
            who = speakers.get(span.speaker) if span.speaker else None
            row = {"document_id": doc_id, "start": span.start, "end": span.end}
            row |= {"kind": span.kind, "speaker_id": who, "time_start": span.time_start}
            span_id = self.add("spans", row | {"time_end": span.time_end, "label": span.label})
            if span.kind in fts.INDEXED_KINDS:
                self.indexed.append((span_id, doc.text[span.start : span.end]))

    def _case_rows(self) -> None:
        for value in self.plan.values:
            row = {"case_id": self.ids["cases"][value.case], "value": value.value}
            self.add("values", row | {"attribute_id": self.ids["attributes"][key(value.attribute)]})
        for member in self.plan.members:
            row = {"case_id": self.ids["cases"][member.case], "span_id": None}
            self.add("members", row | {"document_id": self.ids["documents"][member.document]})

    def _codings(self) -> None:
        users, documents, codes = self.ids["users"], self.ids["documents"], self.ids["codes"]
        for new in self.plan.codings:
            row: Row = {"guid": new.guid, "document_id": documents[new.document]}
            row |= {"code_id": codes[new.code], "start": new.start, "end": new.end}
            row |= {"user_id": users.get(new.user) if new.user is not None else None}
            row |= {"created_at": self.now, "modified_at": self.now, "memo": new.memo}
            self.add("codings", row, new.guid)

    def _memos(self) -> None:
        tables = {"document": "documents", "code": "codes", "coding": "codings", "case": "cases"}
        for new in self.plan.memos:
            memo = new.memo
            table = tables.get(memo.kind)
            target = self.ids[table].get(new.target or "") if table else None
            author = self.ids["users"].get(memo.author) if memo.author else None
            row: Row = {"guid": new.guid, "title": memo.title, "text": memo.text}
            row |= {"kind": memo.kind, "target_id": target, "author_id": author}
            row |= {"anchor_start": memo.anchor_start, "anchor_end": memo.anchor_end}
            self.add("memos", row | {"created_at": self.now, "modified_at": self.now})
