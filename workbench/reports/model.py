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

    from workbench.dto import CodeInfo, Segment
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
    case_names: Collection[str] | None = None,
    quotes_per_code: int | None = None,
) -> ReportModel:
    """The report over ``code_ids`` (default: every code) and ``case_names`` (default: every
    passage, including those of no case). With cases chosen, quotes, counts, the matrix and
    the document totals cover only passages and documents of those cases."""
    codes = list_codes(project)
    paths = code_paths(codes)
    depth = {c.id: paths[c.id].count("/") for c in codes}
    chosen = [c for c in codes if code_ids is None or c.id in code_ids]
    cases = list_cases(project)
    found = segments(project, [c.id for c in chosen])
    documents = list_documents(project)
    if case_names is not None:
        wanted = set(case_names)
        cases = [c for c in cases if c.name in wanted]
        found = [s for s in found if s.case in wanted]
        linked = {d for c in cases for d in c.documents}
        documents = [d for d in documents if d.id in linked]
    by_code: dict[int, list[Segment]] = {}
    for segment in found:
        by_code.setdefault(segment.code_id, []).append(segment)
    case_columns = tuple(c.name for c in cases)
    title, description, coders = _project_facts(project)
    codebook = tuple(
        CodebookRow(
            depth[c.id], c.name, c.framework_key, c.definition, *_counts(by_code.get(c.id, []))
        )
        for c in chosen
    )
    return ReportModel(
        title=title,
        description=description,
        generated=datetime.now(UTC).strftime("%d %B %Y"),
        coders=coders,
        documents=len(documents),
        words=sum(d.words for d in documents),
        codebook=codebook,
        sections=_sections(chosen, paths, by_code, quotes_per_code),
        cases=case_columns,
        matrix=_matrix(chosen, paths, by_code, case_columns),
    )


def _counts(found: list[Segment]) -> tuple[int, int]:
    """(codings, documents) of one code's passages."""
    return len(found), len({s.document_id for s in found})


def _sections(
    chosen: list[CodeInfo],
    paths: dict[int, str],
    by_code: dict[int, list[Segment]],
    quotes_per_code: int | None,
) -> tuple[CodeSection, ...]:
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
            CodeSection(code.name, paths[code.id], code.definition, *_counts(found), quotes)
        )
    return tuple(sections)


def _matrix(
    chosen: list[CodeInfo],
    paths: dict[int, str],
    by_code: dict[int, list[Segment]],
    case_columns: tuple[str, ...],
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Passages per (code, case) for every chosen code that codes something."""
    rows = []
    for code in chosen:
        found = by_code.get(code.id, [])
        if found:
            counts = Counter(s.case for s in found if s.case is not None)
            rows.append((paths[code.id], tuple(counts[case] for case in case_columns)))
    return tuple(rows)


def _project_facts(project: Project) -> tuple[str, str, tuple[str, ...]]:
    """Title, description and the people (not machines) who coded."""
    with project.reading() as session:
        info = session.scalars(select(ProjectInfo)).first()
        coders = tuple(
            session.scalars(
                select(User.name)
                .where(User.role != "machine", User.id.in_(select(Coding.user_id)))
                .order_by(User.name)
            )
        )
    if info is None:
        return project.path.stem, "", coders
    return info.title, info.description, coders
