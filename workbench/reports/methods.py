"""The report's front matter as plain data: executive summary, methods, code memos.

The executive summary is the project memo titled "Executive summary" (else the first project
memo), so a lead edits it in the app's memo pane and every export carries the latest text.
When two or more people coded the same documents, the methods carry their agreement (character
level, per chosen code and pooled); with one coder nothing is computed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.models import Code, Coding, Memo, User
from workbench.agreement import agreement
from workbench.errors import OperationError

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from workbench.agreement import AgreementReport
    from workbench.dto import CaseInfo, DocumentInfo
    from workbench.project import Project
    from workbench.reports.attribution import Attributor

SUMMARY_TITLE = "Executive summary"
KIND_LABELS = {"transcript": "Interview and focus-group transcripts", "notes": "Notes",
               "survey": "Survey responses", "other": "Other documents"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Methods:
    sources: tuple[tuple[str, int, int], ...]  # (kind as printed, documents, words)
    attribute_names: tuple[str, ...]
    cases: tuple[tuple[str, tuple[str, ...]], ...]  # (case as printed, value per attribute)
    coders: tuple[str, ...]
    codebooks: tuple[tuple[str, str, int], ...]  # (framework, citation, codes)
    agreement: AgreementReport | None = None  # two or more coders of the same documents


def summary_memo(project: Project) -> str:
    with project.reading() as session:
        rows = session.execute(
            select(Memo.title, Memo.text).where(Memo.kind == "project").order_by(Memo.id)
        ).all()
    for title, text in rows:
        if title.strip().lower() == SUMMARY_TITLE.lower():
            return str(text)
    return str(rows[0][1]) if rows else ""


def code_memos(project: Project) -> dict[int, str]:
    """Code id -> its memos' text, oldest first, separated by blank lines."""
    memos: dict[int, list[str]] = {}
    with project.reading() as session:
        query = select(Memo.target_id, Memo.text).where(Memo.kind == "code").order_by(Memo.id)
        for target, text in session.execute(query).all():
            if target is not None and text.strip():
                memos.setdefault(target, []).append(text.strip())
    return {code: "\n\n".join(texts) for code, texts in memos.items()}


def build_methods(
    project: Project,
    documents: Sequence[DocumentInfo],
    cases: Sequence[CaseInfo],
    coders: Sequence[str],
    names: Attributor,
    *,
    code_ids: Collection[int] | None = None,
) -> Methods:
    """The methods' facts over the documents and cases in scope; ``coders`` are the people
    (not machines) who coded, and agreement is reported on ``code_ids`` (default: every code
    they applied)."""
    counts: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for document in documents:
        kind = document.kind if document.kind in KIND_LABELS else "other"
        counts[kind] += 1
        words[kind] += document.words
    sources = tuple((KIND_LABELS[k], counts[k], words[k]) for k in KIND_LABELS if counts[k])
    attribute_names = tuple(sorted({a for c in cases for a in c.attributes}))
    case_rows = tuple(
        (names.person(c.name), tuple(names.text(c.attributes.get(a, "")) for a in attribute_names))
        for c in cases
    )
    return Methods(
        sources, attribute_names, case_rows, tuple(coders), _codebooks(project),
        agreement=_agreement(project, documents, coders, code_ids),
    )  # fmt: skip


def _agreement(
    project: Project,
    documents: Sequence[DocumentInfo],
    coders: Sequence[str],
    code_ids: Collection[int] | None,
) -> AgreementReport | None:
    """Character-level agreement between the coders over the documents in scope that two or
    more of them coded; None when there are no such documents (one coder: no query at all).

    With every such document in scope the agreement rules apply as they are (a coder who did
    not code a document is missing data there). When cases narrow the scope, the documents
    are named, so only those every compared coder coded are kept."""
    if len(coders) < 2:
        return None
    by_document = _coders_by_document(project, coders)
    shared = {doc for doc, who in by_document.items() if len(who) >= 2}
    compared = shared & {d.id for d in documents}
    if not compared:
        return None
    names = sorted(set().union(*(by_document[d] for d in compared)), key=str.casefold)
    document_ids = None
    if compared != shared:
        document_ids = [d for d in sorted(compared) if by_document[d] >= set(names)]
        if not document_ids:
            return None
    try:
        return agreement(
            project, names, unit="character", code_ids=code_ids, document_ids=document_ids
        )
    except OperationError:  # a code removed meanwhile: the report goes on without the figures
        return None


def _coders_by_document(project: Project, coders: Sequence[str]) -> dict[int, set[str]]:
    """``document id -> the coders (of those named) who coded something in it``."""
    found: dict[int, set[str]] = {}
    with project.reading() as session:
        rows = session.execute(
            select(Coding.document_id, User.name)
            .join(User, User.id == Coding.user_id)
            .where(User.name.in_(list(coders)))
            .distinct()
        ).all()
    for document_id, name in rows:
        found.setdefault(int(document_id), set()).add(str(name))
    return found


def _codebooks(project: Project) -> tuple[tuple[str, str, int], ...]:
    """Each framework codebook in the project with its citation and number of codes."""
    with project.reading() as session:
        sizes = dict(
            session.execute(
                select(Code.framework, func.count())
                .where(Code.framework != "", Code.framework_key != "")
                .group_by(Code.framework)
            ).all()
        )
        citations = dict(
            session.execute(
                select(Code.framework, Code.citation).where(
                    Code.framework != "", Code.framework_key == ""
                )
            ).all()
        )
    return tuple(
        (str(name), str(citations.get(name, "")), int(size)) for name, size in sorted(sizes.items())
    )
