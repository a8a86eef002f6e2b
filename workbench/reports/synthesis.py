"""The synthesis parts of the report as plain data: framework matrix, NASSS, barriers, charts.

Each part follows the report's choice of codes and cases, prints people by pseudonym through
the report's :class:`~workbench.reports.attribution.Attributor`, and is left out (None) when
the project has nothing for it, so a report never carries an empty chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.queries.barriers import barrier_register
from workbench.queries.crosstab import code_cooccurrence_matrix
from workbench.queries.framework_matrix import (
    FrameworkMatrix,
    default_matrix_axes,
    framework_matrix,
    has_summaries,
    linked_quotes,
)
from workbench.queries.nasss import assessed_cases, complexity_profile, evidence, nasss_grid

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from workbench.charts import Chart
    from workbench.dto import CaseInfo, Segment
    from workbench.project import Project
    from workbench.queries.barriers import Barrier
    from workbench.queries.nasss import NasssGrid, Rating
    from workbench.reports.attribution import Attributor
    from workbench.reports.model import CodeSection

EVIDENCE_QUOTES = 3  # per rated NASSS domain in the report
PROFILES_PER_CHART = 7  # cases compared in one complexity chart
REGISTER_QUOTES = 3  # exemplar quotes per barrier, fewer when the report asks for fewer
TOP_CODES = 12  # codes in the grouped chart and the heat map


@dataclass(frozen=True, slots=True)
class PrintedQuote:
    reference: str  # "Q3", or "" where quotes are simply listed
    text: str
    attribution: str


@dataclass(frozen=True, slots=True)
class MatrixPart:
    matrix: FrameworkMatrix
    case_names: tuple[str, ...]  # as printed
    numbers: dict[int, str]  # coding id -> "Qn"
    quotes: tuple[PrintedQuote, ...]


@dataclass(frozen=True, slots=True)
class NasssCase:
    name: str  # as printed
    case_type: str
    ratings: tuple[Rating, ...]  # the assessed keys, in NASSS order
    evidence: dict[str, tuple[PrintedQuote, ...]]


@dataclass(frozen=True, slots=True)
class NasssPart:
    grid: NasssGrid
    cases: tuple[NasssCase, ...]
    profiles: tuple[Chart, ...]


@dataclass(frozen=True, slots=True)
class RegisterPart:
    attribute: str | None
    barriers: tuple[Barrier, ...]  # the barriers mentioned at least once
    quotes: dict[int, tuple[PrintedQuote, ...]]  # code id -> exemplar quotes


@dataclass(frozen=True, slots=True)
class Figure:
    chart: Chart
    caption: str


@dataclass(frozen=True, slots=True)
class Synthesis:
    matrix: MatrixPart | None = None
    nasss: NasssPart | None = None
    register: RegisterPart | None = None
    overview: tuple[Figure, ...] = ()  # frequency and codes by attribute, before the themes
    cooccurrence: Figure | None = None


def printed(segments: Sequence[Segment], names: Attributor, refs: Sequence[str] = ()) -> tuple[
    PrintedQuote, ...
]:  # fmt: skip
    refs = list(refs) or [""] * len(segments)
    return tuple(
        PrintedQuote(ref, names.text(s.text), names.attribution(s))
        for ref, s in zip(refs, segments, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """What the report covers, as chosen in the export dialog or on the command line."""

    code_ids: Collection[int] | None
    cases: Sequence[CaseInfo]
    names: Attributor
    attribute: str | None = None
    quotes_per_code: int | None = None


def build_synthesis(project: Project, scope: Scope, sections: Sequence[CodeSection]) -> Synthesis:
    case_ids = {c.id for c in scope.cases}
    attribute = scope.attribute or chart_attribute(sections)
    names, code_ids = scope.names, scope.code_ids
    # One after another: matplotlib's work is Python (text layout), so chart threads or a
    # helper process gained nothing measurable on two cores (see docs/DECISIONS.md).
    return Synthesis(
        matrix=_matrix(project, code_ids, case_ids, names),
        nasss=_nasss(project, case_ids, names),
        register=_register(project, scope, attribute),
        overview=_overview(sections, attribute),
        cooccurrence=_cooccurrence(project, sections),
    )


def chart_attribute(sections: Sequence[CodeSection]) -> str | None:
    """The first attribute with 2 to 7 values (role, site...): a readable grouped chart."""
    seen: dict[str, int] = {}
    for section in sections:
        for name, values in section.by_attribute:
            seen[name] = max(seen.get(name, 0), len(values))
    return next((n for n, k in sorted(seen.items()) if 2 <= k <= 7 and n != "Case type"), None)


def _top(sections: Sequence[CodeSection], n: int) -> list[CodeSection]:
    return sorted(sections, key=lambda s: (-s.codings, s.path))[:n]


def _overview(sections: Sequence[CodeSection], attribute: str | None) -> tuple[Figure, ...]:
    from workbench.charts import code_frequency_chart, codes_by_attribute_chart

    if not sections:
        return ()
    counts = [(s.path, s.codings) for s in _top(sections, len(sections))]
    figures = [Figure(code_frequency_chart(counts), "Coded segments per code.")]
    if attribute:
        cells: dict[tuple[str, str], int] = {}
        values: dict[str, None] = {}
        for section in sections:
            for name, rows in section.by_attribute:
                for value, mentioning, _of in rows if name == attribute else ():
                    values.setdefault(value)
                    cells[(section.path, value)] = mentioning
        mentioned = [s for s in sections if any(cells.get((s.path, v)) for v in values)]
        top = _top(mentioned, TOP_CODES)
        if top:
            title = f"Cases mentioning each code, by {attribute}"
            chart = codes_by_attribute_chart(
                [s.path for s in top], list(values), cells, attribute=attribute, title=title
            )
            caption = f"Cases mentioning each of the {len(top)} most coded codes, by {attribute}."
            figures.append(Figure(chart, caption))
    return tuple(figures)


def _cooccurrence(project: Project, sections: Sequence[CodeSection]) -> Figure | None:
    from workbench.charts import cooccurrence_heatmap

    top = _top(sections, TOP_CODES)
    if len(top) < 2:
        return None
    found = code_cooccurrence_matrix(project, [s.code_id for s in top])
    matrix = [[found.count(a.code_id, b.code_id) for b in top] for a in top]
    chart = cooccurrence_heatmap([s.path for s in top], matrix)
    return Figure(chart, "Passages coded with both codes (diagonal: all passages of the code).")


def _matrix(
    project: Project, code_ids: Collection[int] | None, case_ids: set[int], names: Attributor
) -> MatrixPart | None:
    if not has_summaries(project):
        return None  # counts alone are the report's "Codes by case" table already
    axes = default_matrix_axes(project)
    codes = [c for c in axes.code_ids if code_ids is None or c in code_ids]
    rows = [c for c in axes.case_ids if c in case_ids]
    if not codes or not rows:
        return None
    matrix = _working_part(framework_matrix(project, rows, codes))
    if matrix is None:
        return None
    numbers: dict[int, str] = {}
    for row in matrix.rows:
        for cell in row:
            for coding_id in cell.linked_coding_ids:
                numbers.setdefault(coding_id, f"Q{len(numbers) + 1}")
    found = linked_quotes(project, matrix)
    listed = [c for c in numbers if c in found]
    quotes = printed([found[c] for c in listed], names, [numbers[c] for c in listed])
    printed_cases = tuple(names.person(c.name) for c in matrix.cases)
    return MatrixPart(matrix, printed_cases, numbers, quotes)


def _working_part(matrix: FrameworkMatrix) -> FrameworkMatrix | None:
    """The columns the team has summarised, and the rows with something in them: the whole
    project's matrix would bury the synthesis in empty cells."""
    columns = range(len(matrix.codes))
    keep = [j for j in columns if any(row[j].has_summary for row in matrix.rows)]
    rows = [i for i, row in enumerate(matrix.rows) if any(not row[j].is_empty for j in keep)]
    if not keep or not rows:
        return None
    return FrameworkMatrix(
        cases=tuple(matrix.cases[i] for i in rows),
        codes=tuple(matrix.codes[j] for j in keep),
        rows=tuple(tuple(matrix.rows[i][j] for j in keep) for i in rows),
    )


def _nasss(project: Project, case_ids: set[int], names: Attributor) -> NasssPart | None:
    from workbench.charts import complexity_profile_comparison

    chosen = [c.id for c in assessed_cases(project) if c.id in case_ids]
    if not chosen:
        return None
    grid = nasss_grid(project, chosen)
    cases = []
    profiles: dict[str, list[tuple[str, str, int | None]]] = {}
    for case, row in zip(grid.cases, grid.rows, strict=True):
        rated = tuple(r for r in row if r.id is not None)
        quotes = {
            r.domain_key: printed(evidence(project, case.id, r.domain_key)[:EVIDENCE_QUOTES], names)
            for r in rated
            if r.evidence
        }
        name = names.person(case.name)
        cases.append(NasssCase(name, case.case_type or "", rated, quotes))
        profiles[name] = complexity_profile(project, case.id)
    charts = []
    items = list(profiles.items())
    for start in range(0, len(items), PROFILES_PER_CHART):
        chunk = dict(items[start : start + PROFILES_PER_CHART])
        charts.append(complexity_profile_comparison(chunk, title="NASSS complexity by domain"))
    return NasssPart(grid, tuple(cases), tuple(charts))


def _register(project: Project, scope: Scope, attribute: str | None) -> RegisterPart | None:
    limit = REGISTER_QUOTES
    if scope.quotes_per_code is not None:
        limit = min(limit, scope.quotes_per_code)
    register = barrier_register(project, attribute=attribute, quotes_per_barrier=limit)
    barriers = tuple(
        b for b in register.mentioned if scope.code_ids is None or b.code_id in scope.code_ids
    )
    if not barriers:
        return None
    case_names = {c.name for c in scope.cases}
    quotes = {  # quotes stay within the report's cases (passages of no case always qualify)
        b.code_id: printed(
            [q for q in b.quotes if q.case is None or q.case in case_names], scope.names
        )
        for b in barriers
    }
    return RegisterPart(register.attribute, barriers, quotes)
