"""The project read for a REFI-QDA export, in one short read, as plain values fit for XML.

Times come out of SQLite already formatted as UTC ``xsd:dateTime`` (done in C: 40,000
timestamps would cost a tenth of the export's budget in Python). Users are resolved to their
GUIDs here, so the builders never look anything up. The pseudonym map is never read; a
document that another was pseudonymised from (the identifiable original) is left out, with
its codings and the memos about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, select

from storage.models import (
    Attribute,
    Case,
    CaseMember,
    CaseValue,
    Coding,
    DocSpan,
    Document,
    Memo,
    ProjectInfo,
    Speaker,
    User,
)
from workbench.queries.codes import list_codes
from workbench.queries.navigation import list_attributes
from workbench.refi.export_values import guid_of, xml_text
from workbench.refi.names import METHOD_NOTES_HEADING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.dto import CodeInfo
    from workbench.project import Project

_UTC = "%Y-%m-%dT%H:%M:%SZ"


def _utc(column: Any) -> Any:
    return func.strftime(_UTC, column)


class UserRow(NamedTuple):
    guid: str
    name: str
    initials: str


class DocumentRow(NamedTuple):
    id: int
    guid: str
    name: str
    creator: str | None  # user GUID
    created: str | None


class CodingRow(NamedTuple):
    guid: str
    document_id: int
    code_id: int
    start: int
    end: int
    creator: str | None
    created: str | None
    modified: str | None
    memo: str


class CaseRow(NamedTuple):
    id: int
    guid: str
    name: str
    description: str


class AttributeRow(NamedTuple):
    id: int
    guid: str
    name: str
    kind: str  # text | number | date | choice
    choices: tuple[str, ...]


class MemoRow(NamedTuple):
    guid: str
    kind: str
    title: str
    text: str
    target_id: int | None
    anchor: tuple[int, int] | None  # a comment on part of a document
    author: str | None
    created: str | None
    modified: str | None


class Passage(NamedTuple):
    """Part of a document that belongs to a case (a span member, or a speaker's turn)."""

    case_id: int
    document_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ExportData:
    name: str
    description: str
    created: str | None
    modified: str | None
    modifier: str | None  # GUID of the exporting user
    users: dict[int, UserRow]
    codes: list[CodeInfo]  # tree order
    documents: list[DocumentRow]
    texts: dict[int, str]
    codings: list[CodingRow]  # by document, then start
    cases: list[CaseRow]
    attributes: list[AttributeRow]
    values: list[tuple[int, int, str]]  # case id, attribute id, value
    members: list[tuple[int, int]]  # case id, whole document id
    passages: list[Passage]
    memos: list[MemoRow]
    coding_ids: dict[int, str]  # coding id -> GUID, for memos about codings
    left_out: int = 0  # identifiable originals of pseudonymised documents, never exported


def read_export(project: Project) -> ExportData:
    """Everything a .qdpx needs, read in one session."""
    codes = list_codes(project)
    attributes = list_attributes(project)
    with project.reading() as session:
        users = _users(session)
        name, description, created, modified = _project(session, project.path.stem)
        originals = _identifiable_originals(session)
        documents = _documents(session, users, originals)
        kept = {d.id for d in documents}
        codings, coding_ids = _codings(session, users, kept)
        guids = {int(i): str(g) for i, g in session.execute(select(Attribute.id, Attribute.guid))}
        values = session.execute(select(CaseValue.case_id, CaseValue.attribute_id, CaseValue.value))
        return ExportData(
            name=name,
            description=description,
            created=created,
            modified=modified,
            modifier=_guid(users, project.user_id),
            users=users,
            codes=codes,
            documents=documents,
            texts=project.document_texts(kept),
            codings=codings,
            cases=_cases(session),
            attributes=[
                AttributeRow(a.id, guid_of(guids[a.id]), xml_text(a.name), a.kind, a.choices)
                for a in attributes
                if a.id in guids
            ],
            values=[(c, a, xml_text(v)) for c, a, v in values],
            members=_members(session, kept),
            passages=_passages(session, kept),
            memos=_memos(session, users, kept, coding_ids),
            coding_ids=coding_ids,
            left_out=len(originals),
        )


def _users(session: Session) -> dict[int, UserRow]:
    rows = session.execute(select(User.id, User.guid, User.name, User.initials))
    return {i: UserRow(guid_of(g), xml_text(n), xml_text(a)) for i, g, n, a in rows}


def _project(session: Session, fallback: str) -> tuple[str, str, str | None, str | None]:
    row = session.execute(
        select(
            ProjectInfo.title,
            ProjectInfo.description,
            ProjectInfo.method_notes,
            _utc(ProjectInfo.created_at),
            _utc(ProjectInfo.modified_at),
        ).limit(1)
    ).first()
    if row is None:
        return fallback, "", None, None
    title, description, notes, created, modified = row
    text = (description or "").strip()
    if (notes or "").strip():
        text = f"{text}\n\n{METHOD_NOTES_HEADING}\n{notes.strip()}".strip()
    return xml_text(title) or fallback, xml_text(text), created, modified


def _identifiable_originals(session: Session) -> set[int]:
    query = select(Document.pseudonymised_from).where(Document.pseudonymised_from.is_not(None))
    return {i for i in session.scalars(query) if i is not None}


def _documents(
    session: Session, users: dict[int, UserRow], originals: set[int]
) -> list[DocumentRow]:
    rows = session.execute(
        select(
            Document.id,
            Document.guid,
            Document.name,
            Document.imported_by,
            _utc(Document.imported_at),
        ).order_by(Document.folder, Document.name, Document.id)
    )
    return [
        DocumentRow(i, guid_of(g), xml_text(n), _guid(users, by), at)
        for i, g, n, by, at in rows
        if i not in originals
    ]


def _guid(users: dict[int, UserRow], user_id: int | None) -> str | None:
    user = users.get(user_id) if user_id is not None else None
    return user.guid if user is not None else None


def _codings(
    session: Session, users: dict[int, UserRow], kept: set[int]
) -> tuple[list[CodingRow], dict[int, str]]:
    rows = session.execute(
        select(
            Coding.id, Coding.guid, Coding.document_id, Coding.code_id, Coding.start,
            Coding.end, Coding.user_id, _utc(Coding.created_at), _utc(Coding.modified_at),
            Coding.memo,
        ).order_by(Coding.document_id, Coding.start, Coding.id)
    )  # fmt: skip
    user_guids = {i: u.guid for i, u in users.items()}
    codings: list[CodingRow] = []
    ids: dict[int, str] = {}
    for i, g, doc, code, start, end, user, created, modified, memo in rows:
        if doc in kept:
            guid = guid_of(g)
            ids[i] = guid
            creator = user_guids.get(user) if user is not None else None
            row = CodingRow(guid, doc, code, start, end, creator, created, modified, memo)
            codings.append(row._replace(memo=xml_text(memo)) if memo else row)
    return codings, ids


def _cases(session: Session) -> list[CaseRow]:
    rows = session.execute(select(Case.id, Case.guid, Case.name, Case.description))
    return [CaseRow(i, guid_of(g), xml_text(n), xml_text(d)) for i, g, n, d in rows]


def _members(session: Session, kept: set[int]) -> list[tuple[int, int]]:
    query = select(CaseMember.case_id, CaseMember.document_id).where(CaseMember.span_id.is_(None))
    return [(c, d) for c, d in session.execute(query) if d in kept]


def _passages(session: Session, kept: set[int]) -> list[Passage]:
    spans = select(CaseMember.case_id, DocSpan.document_id, DocSpan.start, DocSpan.end).join(
        DocSpan, DocSpan.id == CaseMember.span_id
    )
    turns = (
        select(Speaker.case_id, DocSpan.document_id, DocSpan.start, DocSpan.end)
        .join(DocSpan, DocSpan.speaker_id == Speaker.id)
        .where(Speaker.case_id.is_not(None), DocSpan.kind == "turn")
    )
    found = {
        Passage(case, document, start, end)
        for query in (spans, turns)
        for case, document, start, end in session.execute(query)
        if case is not None
    }
    return sorted(p for p in found if p.document_id in kept and p.end > p.start)


def _memos(
    session: Session, users: dict[int, UserRow], kept: set[int], codings: dict[int, str]
) -> list[MemoRow]:
    rows = session.execute(
        select(
            Memo.guid, Memo.kind, Memo.title, Memo.text, Memo.target_id, Memo.anchor_start,
            Memo.anchor_end, Memo.author_id, _utc(Memo.created_at), _utc(Memo.modified_at),
        ).order_by(Memo.id)
    )  # fmt: skip
    memos = []
    for guid, kind, title, text, target, start, end, author, created, modified in rows:
        # A memo about a document or coding left out (an identifiable original) stays out.
        if (kind == "document" and target not in kept) or (
            kind == "coding" and target not in codings
        ):
            continue
        anchor = (start, end) if start is not None and end is not None and end >= start else None
        memos.append(
            MemoRow(
                guid_of(guid), kind, xml_text(title), xml_text(text), target, anchor,
                _guid(users, author), created, modified,
            )
        )  # fmt: skip
    return memos
