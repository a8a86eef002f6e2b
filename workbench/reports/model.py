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
from workbench.reports.attribution import Attributor, pseudonym_map
from workbench.reports.methods import Methods, build_methods, code_memos, summary_memo
from workbench.reports.synthesis import Scope, Synthesis, build_synthesis
from workbench.review.pack_import import CodeFeedback, feedback_for_report

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.dto import CaseInfo, CodeInfo, Segment
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
    memo: str = ""
    code_id: int = 0
    by_case: tuple[tuple[str, int], ...] = ()  # (case as printed, codings)
    # (attribute, ((value, cases mentioning the code, cases with that value), ...))
    by_attribute: tuple[tuple[str, tuple[tuple[str, int, int], ...]], ...] = ()


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
    summary: str = ""  # the executive summary: the project memo
    methods: Methods | None = None
    pseudonyms_only: bool = False
    synthesis: Synthesis | None = None
    feedback: tuple[CodeFeedback, ...] = ()  # patient and public reviewers' verdicts, counted


def build_report(
    project: Project,
    *,
    code_ids: Collection[int] | None = None,
    case_names: Collection[str] | None = None,
    quotes_per_code: int | None = None,
    pseudonyms_only: bool = False,
    attribute: str | None = None,
) -> ReportModel:
    """The report over ``code_ids`` (default: every code) and ``case_names`` (default: every
    passage, including those of no case). With cases chosen, quotes, counts, the matrix and
    the document totals cover only passages and documents of those cases. Names are printed
    by pseudonym where the project has one; ``pseudonyms_only`` prints no real name at all."""
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
    names = Attributor(
        pseudonym_map(project), only=pseudonyms_only,
        cases=[c.name for c in cases], documents=[d.name for d in documents],
    )  # fmt: skip
    case_columns = tuple(c.name for c in cases)
    title, description, coders = _project_facts(project)
    codebook = tuple(
        CodebookRow(
            depth[c.id], c.name, c.framework_key, c.definition, *_counts(by_code.get(c.id, []))
        )
        for c in chosen
    )
    context = _SectionContext(names, code_memos(project), cases, quotes_per_code)
    sections = _sections(chosen, paths, by_code, context)
    scope = Scope(code_ids, cases, names, attribute, quotes_per_code)
    synthesis = build_synthesis(project, scope, sections)
    return ReportModel(
        title=title,
        description=description,
        generated=datetime.now(UTC).strftime("%d %B %Y"),
        coders=coders,
        documents=len(documents),
        words=sum(d.words for d in documents),
        codebook=codebook,
        sections=sections,
        cases=tuple(names.person(c) for c in case_columns),
        matrix=_matrix(chosen, paths, by_code, case_columns),
        summary=summary_memo(project),
        methods=build_methods(project, documents, cases, coders, names, code_ids=code_ids),
        pseudonyms_only=pseudonyms_only,
        synthesis=synthesis,
        feedback=_feedback(project, code_ids),
    )


def _feedback(project: Project, code_ids: Collection[int] | None) -> tuple[CodeFeedback, ...]:
    found = feedback_for_report(project)
    return tuple(f for f in found if code_ids is None or f.code_id in code_ids)


@dataclass(frozen=True, slots=True)
class _SectionContext:
    names: Attributor
    memos: dict[int, str]
    cases: list[CaseInfo]
    quotes_per_code: int | None


def _counts(found: list[Segment]) -> tuple[int, int]:
    """(codings, documents) of one code's passages."""
    return len(found), len({s.document_id for s in found})


def _sections(
    chosen: list[CodeInfo],
    paths: dict[int, str],
    by_code: dict[int, list[Segment]],
    context: _SectionContext,
) -> tuple[CodeSection, ...]:
    sections = []
    limit = context.quotes_per_code
    for code in chosen:
        found = by_code.get(code.id, [])
        if not found:
            continue
        shown = found if limit is None else found[:limit]
        names = context.names
        quotes = tuple(
            Quote(n, names.text(s.text), names.attribution(s)) for n, s in enumerate(shown, 1)
        )
        by_case = Counter(s.case for s in found if s.case is not None)
        section = CodeSection(
            code.name, paths[code.id], code.definition, *_counts(found), quotes,
            memo=context.memos.get(code.id, ""), code_id=code.id,
            by_case=tuple((names.person(c), n) for c, n in sorted(by_case.items())),
            by_attribute=_by_attribute(set(by_case), context.cases, names),
        )  # fmt: skip
        sections.append(section)
    return tuple(sections)


def _by_attribute(
    mentioned: set[str], cases: list[CaseInfo], names: Attributor
) -> tuple[tuple[str, tuple[tuple[str, int, int], ...]], ...]:
    """Per attribute and value: cases that mention the code, of the cases with that value
    (values printed as the report prints text: a site's real name is replaced on request)."""
    having: dict[str, Counter[str]] = {}
    mentioning: dict[str, Counter[str]] = {}
    for case in cases:
        for name, value in case.attributes.items():
            if value:
                having.setdefault(name, Counter())[value] += 1
                if case.name in mentioned:
                    mentioning.setdefault(name, Counter())[value] += 1
    return tuple(
        (
            name,
            tuple(
                (names.text(v), mentioning.get(name, Counter())[v], n)
                for v, n in sorted(values.items())
            ),
        )
        for name, values in sorted(having.items())
    )


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
