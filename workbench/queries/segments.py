"""Coded segments with their text, speaker, case and place, and the analyses built on them.

Queries fetch plain rows in a few set-based SQL statements, cut the text out of the cached
document text (Python slicing is exact in code points and much cheaper than ``substr`` over
long documents) and hand plain data to ``coding/``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from sqlalchemy import select

from coding.locations import Locator
from coding.overlap import cooccurrence
from storage.models import Case, CaseMember, Code, Coding, DocSpan, Document, Speaker, User
from workbench.dto import Segment

if TYPE_CHECKING:
    from collections.abc import Collection

    from sqlalchemy.orm import Session

    from workbench.project import Project


class _Context:
    """Speakers, cases and locators for a set of documents, loaded once per query."""

    def __init__(self, session: Session, documents: Collection[int]) -> None:
        docs = list(documents)
        self.names = dict(
            session.execute(select(Document.id, Document.name).where(Document.id.in_(docs)))
            .tuples()
            .all()
        )
        self.speakers = {
            sid: (name, case)
            for sid, name, case in session.execute(
                select(Speaker.id, Speaker.name, Speaker.case_id).where(
                    Speaker.document_id.in_(docs)
                )
            )
        }
        self.case_names = dict(session.execute(select(Case.id, Case.name)).tuples().all())
        self.document_case: dict[int, int] = {}
        for case_id, doc in session.execute(
            select(CaseMember.case_id, CaseMember.document_id).where(
                CaseMember.document_id.in_(docs), CaseMember.span_id.is_(None)
            )
        ):
            self.document_case.setdefault(doc, case_id)
        paragraphs: dict[int, list[int]] = {d: [] for d in docs}
        turns: dict[int, list[tuple[int, int, int]]] = {d: [] for d in docs}
        self.times: dict[tuple[int, int], float | None] = {}
        for doc, kind, start, end, speaker, time_start in session.execute(
            select(
                DocSpan.document_id,
                DocSpan.kind,
                DocSpan.start,
                DocSpan.end,
                DocSpan.speaker_id,
                DocSpan.time_start,
            ).where(DocSpan.document_id.in_(docs), DocSpan.kind.in_(("paragraph", "turn")))
        ):
            if kind == "paragraph":
                paragraphs[doc].append(start)
            elif speaker is not None:
                turns[doc].append((start, end, speaker))
                self.times[(doc, start)] = time_start
        self.locators = {d: Locator(paragraphs[d], turns[d]) for d in docs}

    def place(self, doc: int, start: int) -> tuple[str | None, str | None, int]:
        """(speaker, case, paragraph number) of a passage starting at ``start``."""
        locator = self.locators[doc]
        speaker_id = locator.turn(start)
        no_speaker: tuple[str | None, int | None] = (None, None)
        speaker, case_id = self.speakers.get(speaker_id, no_speaker) if speaker_id else no_speaker
        if case_id is None:
            case_id = self.document_case.get(doc)
        case = self.case_names.get(case_id) if case_id is not None else None
        return speaker, case, locator.paragraph(start)


def segments(
    project: Project,
    code_ids: Collection[int],
    *,
    document_ids: Collection[int] | None = None,
    coder_ids: Collection[int] | None = None,
) -> list[Segment]:
    """Every segment coded with any of ``code_ids``, in document order."""
    query = (
        select(
            Coding.id, Coding.code_id, Coding.document_id, Coding.start, Coding.end,
            User.name, Coding.memo,
        )
        .outerjoin(User, User.id == Coding.user_id)
        .where(Coding.code_id.in_(list(code_ids)))
        .order_by(Coding.document_id, Coding.start, Coding.id)
    )  # fmt: skip
    if document_ids is not None:
        query = query.where(Coding.document_id.in_(list(document_ids)))
    if coder_ids is not None:
        query = query.where(Coding.user_id.in_(list(coder_ids)))
    with project.reading() as session:
        rows = session.execute(query).all()
        context = _Context(session, {r[2] for r in rows})
    result = []
    for coding_id, code_id, doc, start, end, coder, memo in rows:
        text = project.document_text(doc)
        speaker, case, paragraph = context.place(doc, start)
        result.append(
            Segment(
                coding_id, code_id, doc, context.names[doc], start, end, text[start:end],
                speaker, case, coder, memo, paragraph,
            )
        )  # fmt: skip
    return result


def coding_rows(project: Project) -> list[Segment]:
    """Every coding in the project as a segment (for exports and matrices)."""
    with project.reading() as session:
        code_ids = list(session.scalars(select(Coding.code_id).distinct()))
    return segments(project, code_ids)


def code_case_matrix(project: Project) -> dict[tuple[int, str], int]:
    """``(code id, case name) -> number of codings``; passages with no case are left out."""
    counts: Counter[tuple[int, str]] = Counter()
    for segment in coding_rows(project):
        if segment.case is not None:
            counts[(segment.code_id, segment.case)] += 1
    return dict(counts)


def code_cooccurrence(project: Project) -> dict[tuple[int, int], int]:
    with project.reading() as session:
        rows = session.execute(
            select(Coding.document_id, Coding.start, Coding.end, Coding.code_id)
        ).tuples()
        return dict(cooccurrence(rows))


def frequencies(project: Project) -> dict[str, dict[str, int]]:
    """Codings counted by code name, by document name and by case name."""
    by_code: Counter[str] = Counter()
    by_document: Counter[str] = Counter()
    by_case: Counter[str] = Counter()
    with project.reading() as session:
        code_names = dict(session.execute(select(Code.id, Code.name)).tuples().all())
    for segment in coding_rows(project):
        by_code[code_names[segment.code_id]] += 1
        by_document[segment.document_name] += 1
        by_case[segment.case or "(no case)"] += 1
    return {"code": dict(by_code), "document": dict(by_document), "case": dict(by_case)}
