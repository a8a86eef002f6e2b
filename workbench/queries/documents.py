"""Documents, their structure, cases and memos."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    Speaker,
    User,
)
from workbench.dto import CaseInfo, DocumentInfo, MemoInfo, SpanInfo

if TYPE_CHECKING:
    from workbench.project import Project


def list_documents(project: Project) -> list[DocumentInfo]:
    with project.reading() as session:
        turns = dict(
            session.execute(
                select(DocSpan.document_id, func.count())
                .where(DocSpan.kind == "turn")
                .group_by(DocSpan.document_id)
            ).all()
        )
        codings = dict(
            session.execute(
                select(Coding.document_id, func.count()).group_by(Coding.document_id)
            ).all()
        )
        speakers: dict[int, list[str]] = {}
        for doc, name in session.execute(
            select(Speaker.document_id, Speaker.name).order_by(Speaker.id)
        ):
            speakers.setdefault(doc, []).append(name)
        rows = session.execute(
            select(
                Document.id, Document.name, Document.kind, Document.folder, Document.word_count
            ).order_by(Document.folder, Document.name)
        ).all()
    return [
        DocumentInfo(
            id=doc_id,
            name=name,
            kind=kind,
            folder=folder,
            words=words,
            speakers=tuple(speakers.get(doc_id, ())),
            turns=turns.get(doc_id, 0),
            codings=codings.get(doc_id, 0),
        )
        for doc_id, name, kind, folder, words in rows
    ]


def document_spans(project: Project, document_id: int) -> list[SpanInfo]:
    with project.reading() as session:
        rows = session.execute(
            select(DocSpan, Speaker.name)
            .outerjoin(Speaker, Speaker.id == DocSpan.speaker_id)
            .where(DocSpan.document_id == document_id)
            .order_by(DocSpan.start, DocSpan.id)
        ).all()
        return [
            SpanInfo(s.id, s.start, s.end, s.kind, speaker, s.time_start, s.time_end, s.label)
            for s, speaker in rows
        ]


def list_cases(project: Project) -> list[CaseInfo]:
    with project.reading() as session:
        values: dict[int, dict[str, str]] = {}
        for case_id, name, value in session.execute(
            select(CaseValue.case_id, Attribute.name, CaseValue.value)
            .join(Attribute, Attribute.id == CaseValue.attribute_id)
            .order_by(Attribute.position)
        ):
            values.setdefault(case_id, {})[name] = value
        members: dict[int, list[int]] = {}
        for case_id, doc in session.execute(
            select(CaseMember.case_id, CaseMember.document_id).where(CaseMember.span_id.is_(None))
        ):
            members.setdefault(case_id, []).append(doc)
        for speaker_case, doc in session.execute(
            select(Speaker.case_id, Speaker.document_id).where(Speaker.case_id.is_not(None))
        ):
            if speaker_case is not None:
                members.setdefault(speaker_case, []).append(doc)
        rows = session.execute(select(Case.id, Case.name, Case.description).order_by(Case.name))
        return [
            CaseInfo(i, n, d, values.get(i, {}), tuple(sorted(set(members.get(i, [])))))
            for i, n, d in rows
        ]


def list_memos(
    project: Project, *, kind: str | None = None, target_id: int | None = None
) -> list[MemoInfo]:
    query = select(Memo, User.name).outerjoin(User, User.id == Memo.author_id).order_by(Memo.id)
    if kind is not None:
        query = query.where(Memo.kind == kind)
    if target_id is not None:
        query = query.where(Memo.target_id == target_id)
    with project.reading() as session:
        return [
            MemoInfo(
                m.id, m.kind, m.title, m.text, m.target_id, m.anchor_start, m.anchor_end, author
            )
            for m, author in session.execute(query)
        ]
