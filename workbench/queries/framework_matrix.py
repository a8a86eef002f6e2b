"""The Framework Method matrix (Gale et al. 2013): cases as rows, codes as columns.

Each cell counts the codings of that code (the code itself, not its sub-codes) that belong to
that case, and carries the analyst's summary with links to the codings it rests on. A coding
belongs to the case of the speaker whose turn it starts in, else to its document's case: the
same rule as :func:`workbench.queries.segments.segments`, here resolved inside SQLite so that a
whole matrix is counted in one statement instead of one query per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import (
    Case,
    CaseMember,
    Coding,
    FrameworkCell,
    FrameworkCellCoding,
    Speaker,
    User,
)
from workbench.dto import Segment
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

    from workbench.project import Project

# The case of each coding: its speaker's case (the last turn starting at or before the coding,
# if the coding starts inside it; turns never share a start), else the first whole-document case
# of its document.
_CODING_CASES = """
SELECT c.id, c.code_id, COALESCE(
    (SELECT s.case_id FROM speakers s WHERE s.id = (
        SELECT CASE WHEN t."end" > c.start THEN t.speaker_id END FROM doc_spans t
        WHERE t.document_id = c.document_id AND t.kind = 'turn'
          AND t.speaker_id IS NOT NULL AND t.start <= c.start
        ORDER BY t.start DESC LIMIT 1)),
    (SELECT m.case_id FROM case_members m
        WHERE m.document_id = c.document_id AND m.span_id IS NULL ORDER BY m.id LIMIT 1)
) AS case_id
FROM codings c WHERE {where}
"""


@dataclass(frozen=True, slots=True)
class MatrixCase:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class MatrixCode:
    id: int
    name: str
    label: str  # column header: "1A Nature of the condition", or the path if names clash
    framework: str
    framework_key: str


@dataclass(frozen=True, slots=True)
class MatrixCell:
    case_id: int
    code_id: int
    count: int = 0
    summary: str = ""
    author: str | None = None
    modified_at: datetime | None = None
    linked_coding_ids: tuple[int, ...] = ()  # the quotes the summary rests on, in text order

    @property
    def has_summary(self) -> bool:
        return bool(self.summary.strip())

    @property
    def is_empty(self) -> bool:
        """Nothing coded and nothing written: shown as an empty cell."""
        return self.count == 0 and not self.has_summary


@dataclass(frozen=True, slots=True)
class FrameworkMatrix:
    cases: tuple[MatrixCase, ...]
    codes: tuple[MatrixCode, ...]
    rows: tuple[tuple[MatrixCell, ...], ...]  # rows[case index][code index]

    def cell(self, row: int, column: int) -> MatrixCell:
        return self.rows[row][column]


@dataclass(frozen=True, slots=True)
class MatrixAxes:
    case_ids: tuple[int, ...]
    code_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CellQuote(Segment):
    """A coding of a cell; ``linked`` when the cell's summary rests on it."""

    linked: bool = False


def _marks(values: Sequence[int]) -> str:
    return ",".join("?" * len(values))


def coding_cases(session: Session, coding_ids: Sequence[int]) -> dict[int, tuple[int, int | None]]:
    """``coding id -> (code id, case id or None)`` for the given codings that exist."""
    if not coding_ids:
        return {}
    sql = _CODING_CASES.format(where=f"c.id IN ({_marks(coding_ids)})")
    rows = session.connection().exec_driver_sql(sql, tuple(coding_ids)).all()
    return {coding: (code, case) for coding, code, case in rows}


def _counts(
    session: Session, case_ids: Sequence[int], code_ids: Sequence[int]
) -> dict[tuple[int, int], int]:
    placed = _CODING_CASES.format(where=f"c.code_id IN ({_marks(code_ids)})")
    # Materialised, so that each coding's case is worked out once, not once per use.
    sql = (
        f"WITH placed AS MATERIALIZED ({placed}) SELECT case_id, code_id, count(*) FROM placed "
        f"WHERE case_id IN ({_marks(case_ids)}) GROUP BY case_id, code_id"
    )
    rows = session.connection().exec_driver_sql(sql, (*code_ids, *case_ids)).all()
    return {(case, code): n for case, code, n in rows}


_Written = tuple[str, str | None, "datetime | None", tuple[int, ...]]


def _summaries(
    session: Session, case_ids: Sequence[int], code_ids: Sequence[int]
) -> dict[tuple[int, int], _Written]:
    """Summary, author, date and links of the written cells."""
    in_matrix = (FrameworkCell.case_id.in_(case_ids), FrameworkCell.code_id.in_(code_ids))
    links: dict[int, list[int]] = {}
    for cell_id, coding_id in session.execute(
        select(FrameworkCellCoding.cell_id, FrameworkCellCoding.coding_id)
        .join(FrameworkCell, FrameworkCell.id == FrameworkCellCoding.cell_id)
        .join(Coding, Coding.id == FrameworkCellCoding.coding_id)
        .where(*in_matrix)
        .order_by(Coding.document_id, Coding.start, Coding.id)
    ):
        links.setdefault(cell_id, []).append(coding_id)
    rows = session.execute(
        select(
            FrameworkCell.id, FrameworkCell.case_id, FrameworkCell.code_id,
            FrameworkCell.summary, User.name, FrameworkCell.modified_at,
        )
        .outerjoin(User, User.id == FrameworkCell.author_id)
        .where(*in_matrix)
    )  # fmt: skip
    return {
        (case, code): (summary, author, at, tuple(links.get(cell, ())))
        for cell, case, code, summary, author, at in rows
    }


def _matrix_codes(project: Project, code_ids: Sequence[int]) -> list[MatrixCode]:
    codes = list_codes(project)
    paths = code_paths(codes)
    by_id = {c.id: c for c in codes}
    chosen = [by_id[i] for i in code_ids if i in by_id]
    labels = [f"{c.framework_key} {c.name}" if c.framework_key else c.name for c in chosen]
    clashing = {label for label in labels if labels.count(label) > 1}
    return [
        MatrixCode(c.id, c.name, paths[c.id] if label in clashing else label, c.framework,
                   c.framework_key)
        for c, label in zip(chosen, labels, strict=True)
    ]  # fmt: skip


def framework_matrix(
    project: Project, case_ids: Iterable[int], code_ids: Iterable[int]
) -> FrameworkMatrix:
    """The matrix for cases and codes in the order given; unknown or repeated ids are left out."""
    codes = _matrix_codes(project, list(dict.fromkeys(code_ids)))
    wanted_cases = list(dict.fromkeys(case_ids))
    with project.reading() as session:
        names = dict(
            session.execute(select(Case.id, Case.name).where(Case.id.in_(wanted_cases))).all()
        )
        cases = [MatrixCase(i, names[i]) for i in wanted_cases if i in names]
        case_list, code_list = [c.id for c in cases], [c.id for c in codes]
        counts = _counts(session, case_list, code_list) if cases and codes else {}
        summaries = _summaries(session, case_list, code_list)
    rows = tuple(
        tuple(_cell(case.id, code.id, counts, summaries) for code in codes) for case in cases
    )
    return FrameworkMatrix(tuple(cases), tuple(codes), rows)


def _cell(
    case_id: int,
    code_id: int,
    counts: dict[tuple[int, int], int],
    summaries: dict[tuple[int, int], _Written],
) -> MatrixCell:
    count = counts.get((case_id, code_id), 0)
    written = summaries.get((case_id, code_id))
    if written is None:
        return MatrixCell(case_id, code_id, count)
    return MatrixCell(case_id, code_id, count, *written)


def has_summaries(project: Project) -> bool:
    """Whether anyone has written a summary in the matrix yet."""
    with project.reading() as session:
        found = session.scalar(select(FrameworkCell.id).where(FrameworkCell.summary != "").limit(1))
    return found is not None


def default_matrix_axes(project: Project) -> MatrixAxes:
    """Every case that has codings, by name; every codable code, in codebook order."""
    codes = [c.id for c in list_codes(project) if c.is_codable]
    with project.reading() as session:
        placed = _CODING_CASES.format(where="1")
        coded = {case for (case,) in session.connection().exec_driver_sql(
            f"WITH placed AS MATERIALIZED ({placed}) "
            "SELECT DISTINCT case_id FROM placed WHERE case_id IS NOT NULL"
        )}  # fmt: skip
        named = session.execute(select(Case.id).order_by(Case.name, Case.id)).scalars()
        cases = [case for case in named if case in coded]
    return MatrixAxes(tuple(cases), tuple(codes))


def _case_documents(session: Session, case_id: int) -> set[int]:
    """Documents where codings of ``case_id`` can be: via a speaker or a whole-document link."""
    spoken = select(Speaker.document_id).where(Speaker.case_id == case_id)
    linked = select(CaseMember.document_id).where(
        CaseMember.case_id == case_id, CaseMember.span_id.is_(None)
    )
    docs = set(session.scalars(spoken))
    docs.update(session.scalars(linked))
    return docs


def cell_quotes(project: Project, case_id: int, code_id: int) -> list[CellQuote]:
    """The codings of one cell in text order, ``linked`` where the summary rests on them."""
    with project.reading() as session:
        name = session.scalar(select(Case.name).where(Case.id == case_id))
        docs = _case_documents(session, case_id)
        linked = set(
            session.scalars(
                select(FrameworkCellCoding.coding_id)
                .join(FrameworkCell, FrameworkCell.id == FrameworkCellCoding.cell_id)
                .where(FrameworkCell.case_id == case_id, FrameworkCell.code_id == code_id)
            )
        )
    if name is None or not docs:
        return []
    return [
        _quote(s, s.coding_id in linked)
        for s in segments(project, [code_id], document_ids=docs)
        if s.case == name
    ]


def _quote(segment: Segment, linked: bool) -> CellQuote:
    values: dict[str, Any] = {f.name: getattr(segment, f.name) for f in fields(Segment)}
    return CellQuote(**values, linked=linked)


def linked_quotes(project: Project, matrix: FrameworkMatrix) -> dict[int, Segment]:
    """``coding id -> Segment`` of every coding a summary in ``matrix`` is linked to."""
    wanted = {i for row in matrix.rows for cell in row for i in cell.linked_coding_ids}
    if not wanted:
        return {}
    with project.reading() as session:
        where = Coding.id.in_(wanted)
        docs = set(session.scalars(select(Coding.document_id).where(where).distinct()))
        codes = set(session.scalars(select(Coding.code_id).where(where).distinct()))
    found = segments(project, codes, document_ids=docs)
    return {s.coding_id: s for s in found if s.coding_id in wanted}
