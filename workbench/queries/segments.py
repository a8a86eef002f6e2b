"""Coded segments with their text, speaker, case and place, and the analyses built on them.

Queries fetch plain rows in a few set-based SQL statements, cut the text out of the cached
document text (Python slicing is exact in code points and much cheaper than ``substr`` over
long documents) and hand plain data to ``coding/``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from sqlalchemy import select

from coding.locations import place_sorted
from coding.overlap import cooccurrence
from storage.models import Case, CaseMember, Coding, Document, Speaker, User
from workbench.dto import Segment
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

    from sqlalchemy.orm import Session

    from workbench.project import Project


# Blocks a reader counts as paragraphs: each line of text appears in exactly one of them.
_BLOCK_KINDS = ("paragraph", "heading", "question")


@dataclass(frozen=True, slots=True)
class _Structure:
    paragraphs: list[int]  # sorted starts of blocks a reader counts as paragraphs
    turns: list[tuple[int, int, int]]  # (start, end, speaker id), sorted
    times: dict[int, float | None]  # turn start -> time in the recording


def _structures(project: Project, session: Session, docs: list[int]) -> dict[int, _Structure]:
    """Paragraph and turn positions of ``docs``, from the project's cache or one query."""
    found = {d: s for d in docs if (s := project.structure.get(d)) is not None}
    missing = [d for d in docs if d not in found]
    if missing:
        paragraphs: dict[int, list[int]] = {d: [] for d in missing}
        turns: dict[int, list[tuple[int, int, int]]] = {d: [] for d in missing}
        times: dict[int, dict[int, float | None]] = {d: {} for d in missing}
        marks = ",".join("?" * len(missing))
        rows = session.connection().exec_driver_sql(
            'SELECT document_id, kind, start, "end", speaker_id, time_start FROM doc_spans '
            "WHERE kind IN ('paragraph', 'heading', 'question', 'turn') "
            f"AND document_id IN ({marks})",
            tuple(missing),
        )
        for doc, kind, start, end, speaker, time_start in rows.all():
            if kind in _BLOCK_KINDS:
                paragraphs[doc].append(start)
            elif speaker is not None:
                turns[doc].append((start, end, speaker))
                times[doc][start] = time_start
        for doc in missing:
            structure = _Structure(sorted(paragraphs[doc]), sorted(turns[doc]), times[doc])
            project.structure[doc] = found[doc] = structure
    return found  # local values: a query thread must not trip over forget_documents()


class _Context:
    """Names, speakers and cases for a set of documents, loaded once per query."""

    def __init__(self, project: Project, session: Session, documents: Collection[int]) -> None:
        docs = list(documents)
        self.names: dict[int, str] = dict(
            session.execute(select(Document.id, Document.name).where(Document.id.in_(docs))).all()
        )
        self.speakers: dict[int, tuple[str, int | None]] = {
            sid: (name, case)
            for sid, name, case in session.execute(
                select(Speaker.id, Speaker.name, Speaker.case_id).where(
                    Speaker.document_id.in_(docs)
                )
            ).all()
        }
        self.case_names: dict[int, str] = dict(session.execute(select(Case.id, Case.name)).all())
        self.document_case: dict[int, int] = {}
        for case_id, doc in session.execute(
            select(CaseMember.case_id, CaseMember.document_id).where(
                CaseMember.document_id.in_(docs), CaseMember.span_id.is_(None)
            )
        ).all():
            self.document_case.setdefault(doc, case_id)
        self.structures = _structures(project, session, docs)


_Row = tuple[int, int, int, int, int, str | None, str]


def _segments_of_document(
    context: _Context, doc: int, text: str, rows: list[_Row]
) -> Iterator[Segment]:
    structure = context.structures[doc]
    places = place_sorted([r[3] for r in rows], structure.paragraphs, structure.turns)
    name = context.names[doc]
    document_case = context.document_case.get(doc)
    for (coding_id, code_id, _, start, end, coder, memo), place in zip(rows, places, strict=True):
        paragraph, speaker_id, turn_start = place
        speaker = case_id = time = None
        if speaker_id is not None:
            speaker, case_id = context.speakers.get(speaker_id, (None, None))
            time = structure.times.get(turn_start) if turn_start is not None else None
        if case_id is None:
            case_id = document_case
        case = context.case_names.get(case_id) if case_id is not None else None
        yield Segment(
            coding_id, code_id, doc, name, start, end, text[start:end],
            speaker, case, coder, memo, paragraph, time,
        )  # fmt: skip


def segments(
    project: Project,
    code_ids: Collection[int],
    *,
    document_ids: Collection[int] | None = None,
    coder_ids: Collection[int] | None = None,
    coding_ids: Collection[int] | None = None,
) -> list[Segment]:
    """Every segment coded with any of ``code_ids`` (only ``coding_ids`` when given), in
    document order."""
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
    if coding_ids is not None:
        query = query.where(Coding.id.in_(list(coding_ids)))
    with project.reading() as session:
        rows: list[_Row] = [tuple(r) for r in session.execute(query).all()]  # type: ignore[misc]
        docs = {r[2] for r in rows}
        context = _Context(project, session, docs)
    texts = project.document_texts(docs)
    result: list[Segment] = []
    for doc, group in groupby(rows, key=itemgetter(2)):
        result.extend(_segments_of_document(context, doc, texts[doc], list(group)))
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
        ).all()
        return dict(cooccurrence(rows))


def frequencies(project: Project) -> dict[str, dict[str, int]]:
    """Codings counted by code path ("Parent/Child"), by document name and by case name."""
    by_code: Counter[str] = Counter()
    by_document: Counter[str] = Counter()
    by_case: Counter[str] = Counter()
    code_names = code_paths(list_codes(project))  # a bare name may be used under two parents
    for segment in coding_rows(project):
        by_code[code_names[segment.code_id]] += 1
        by_document[segment.document_name] += 1
        by_case[segment.case or "(no case)"] += 1
    return {"code": dict(by_code), "document": dict(by_document), "case": dict(by_case)}
