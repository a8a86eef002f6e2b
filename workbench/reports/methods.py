"""The report's front matter as plain data: executive summary, methods, code memos.

The executive summary is the project memo titled "Executive summary" (else the first project
memo), so a lead edits it in the app's memo pane and every export carries the latest text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.models import Code, Memo

if TYPE_CHECKING:
    from collections.abc import Sequence

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
) -> Methods:
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
    return Methods(sources, attribute_names, case_rows, tuple(coders), _codebooks(project))


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
