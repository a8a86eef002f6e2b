"""The synthesis report as plain data: what goes in, decided once, rendered by exporters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Coding, ProjectInfo, User
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_cases, list_documents
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.dto import Segment
    from workbench.project import Project


@dataclass(frozen=True, slots=True)
class Quote:
    number: int
    text: str
    attribution: str


@dataclass(frozen=True, slots=True)
class CodebookRow:
    depth: int
    name: str
    key: str
    definition: str
    codings: int
    documents: int


@dataclass(frozen=True, slots=True)
class CodeSection:
    name: str
    path: str
    definition: str
    codings: int
    documents: int
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ReportModel:
    title: str
    description: str
    generated: str
    coders: tuple[str, ...]
    documents: int
    words: int
    codebook: tuple[CodebookRow, ...]
    sections: tuple[CodeSection, ...]
    cases: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[int, ...]], ...]  # (code path, count per case)


def attribution(segment: Segment) -> str:
    """Where a quote comes from: speaker, case and location, as a reader would cite it."""
    parts = []
    if segment.speaker:
        parts.append(segment.speaker)
    if segment.case and segment.case != segment.speaker:
        parts.append(f"case {segment.case}")
    place = f"{segment.document_name}, paragraph {segment.paragraph}"
    if segment.time_start is not None:
        minutes, seconds = divmod(int(segment.time_start), 60)
        place += f" ({minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d})"
    parts.append(place)
    return " · ".join(parts)


def build_report(
    project: Project,
    *,
    code_ids: Collection[int] | None = None,
    quotes_per_code: int | None = None,
) -> ReportModel:
    codes = list_codes(project)
    paths = code_paths(codes)
    depth = {c.id: paths[c.id].count("/") for c in codes}
    chosen = [c for c in codes if code_ids is None or c.id in code_ids]
    all_segments = segments(project, [c.id for c in chosen])
    by_code: dict[int, list[Segment]] = {}
    for segment in all_segments:
        by_code.setdefault(segment.code_id, []).append(segment)
    sections = []
    for code in chosen:
        found = by_code.get(code.id, [])
        if not found:
            continue
        shown = found if quotes_per_code is None else found[:quotes_per_code]
        quotes = tuple(
            Quote(n, " ".join(s.text.split()), attribution(s)) for n, s in enumerate(shown, 1)
        )
        sections.append(
            CodeSection(code.name, paths[code.id], code.definition, code.codings,
                        code.documents, quotes)
        )  # fmt: skip
    case_names = tuple(c.name for c in list_cases(project))
    counts: Counter[tuple[int, str]] = Counter(
        (s.code_id, s.case) for s in all_segments if s.case is not None
    )
    matrix = tuple(
        (paths[c.id], tuple(counts[(c.id, case)] for case in case_names))
        for c in chosen
        if c.codings
    )
    documents = list_documents(project)
    with project.reading() as session:
        info = session.scalars(select(ProjectInfo)).first()
        coders = tuple(
            session.scalars(
                select(User.name)
                .where(User.role != "machine", User.id.in_(select(Coding.user_id)))
                .order_by(User.name)
            )
        )
    return ReportModel(
        title=info.title if info else project.path.stem,
        description=info.description if info else "",
        generated=datetime.now(UTC).strftime("%d %B %Y"),
        coders=coders,
        documents=len(documents),
        words=sum(d.words for d in documents),
        codebook=tuple(
            CodebookRow(depth[c.id], c.name, c.framework_key, c.definition, c.codings, c.documents)
            for c in chosen
        ),
        sections=tuple(sections),
        cases=case_names,
        matrix=matrix,
    )
