"""Codes against a case attribute and codes against codes: the crosstab and co-occurrence matrix.

Counting needs no text, so these queries never build segments: they fetch codings, turns and
case links in a few set-based statements and place each coding in its case in one pass
(:func:`coded_places`), resolving cases exactly as ``segments()`` does.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import select

from coding.locations import place_sorted
from coding.overlap import cooccurrence
from storage.models import Attribute, Case, CaseMember, CaseValue, Coding, DocSpan, Speaker
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from sqlalchemy.orm import Session

    from workbench.project import Project

NO_VALUE = "(no value)"
UNITS = ("cases", "codings")


def unique(ids: Iterable[int]) -> list[int]:
    """``ids`` in their order, each once."""
    return list(dict.fromkeys(ids))


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; ``None`` when there is nothing to divide by."""
    return 100.0 * part / whole if whole else None


# ---------------------------------------------------------------- codings placed in cases
class CodedPlace(NamedTuple):
    """One coding, without its text, with the case and participant it belongs to.

    A named tuple rather than a frozen dataclass: queries make tens of thousands of them.
    """

    coding_id: int
    code_id: int
    document_id: int
    start: int
    end: int
    case_id: int | None  # the case of the speaker of its turn, else of its document
    participant_id: int | None  # see coded_places


def coded_places(project: Project, code_ids: Collection[int]) -> list[CodedPlace]:
    """Every coding of ``code_ids`` in document order, placed in its case and participant.

    The case is the case of the speaker whose turn the coding starts in, or else the case the
    whole document belongs to (as ``segments()`` resolves it). The participant is the case of
    that speaker when the speaker is not an interviewer; a coding with no speaker at all (notes,
    surveys) has its document's case as participant. Interviewers' words and speakers linked to
    no case have no participant. Participants are counted by case, so a person interviewed twice
    counts once.
    """
    query = (
        select(Coding.id, Coding.code_id, Coding.document_id, Coding.start, Coding.end)
        .where(Coding.code_id.in_(list(code_ids)))
        .order_by(Coding.document_id, Coding.start, Coding.id)
    )
    with project.reading() as session:
        # Core, not ORM, execution: tens of thousands of plain rows, without ORM row loading.
        rows = session.connection().execute(query).all()
        docs = sorted({row[2] for row in rows})
        turns = _turns(session, docs)
        speakers: dict[int, tuple[int | None, bool]] = {
            sid: (case, interviewer)
            for sid, case, interviewer in session.execute(
                select(Speaker.id, Speaker.case_id, Speaker.is_interviewer).where(
                    Speaker.document_id.in_(docs)
                )
            )
        }
        document_case = _document_cases(session, docs)
    places: list[CodedPlace] = []
    for doc, group in groupby(rows, key=itemgetter(2)):
        grouped = list(group)
        located = place_sorted([row[3] for row in grouped], (), turns.get(doc, []))
        doc_case = document_case.get(doc)
        for (coding_id, code_id, _, start, end), (_, speaker, _) in zip(
            grouped, located, strict=True
        ):
            case = participant = None
            if speaker is not None:
                case, interviewer = speakers.get(speaker, (None, False))
                participant = None if interviewer else case
            else:
                participant = doc_case
            if case is None:
                case = doc_case
            places.append(CodedPlace(coding_id, code_id, doc, start, end, case, participant))
    return places


def _turns(session: Session, docs: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    """``document -> [(start, end, speaker id)]`` of its speaker turns, sorted by start."""
    turns: dict[int, list[tuple[int, int, int]]] = {}
    query = (
        select(DocSpan.document_id, DocSpan.start, DocSpan.end, DocSpan.speaker_id)
        .where(
            DocSpan.kind == "turn",
            DocSpan.speaker_id.is_not(None),
            DocSpan.document_id.in_(docs),
        )
        .order_by(DocSpan.document_id, DocSpan.start)
    )
    for doc, start, end, speaker in session.connection().execute(query):
        if speaker is not None:  # always, by the query; this tells the type checker
            turns.setdefault(doc, []).append((start, end, speaker))
    return turns


def _document_cases(session: Session, docs: list[int]) -> dict[int, int]:
    """``document -> case`` for documents that belong to a case as a whole (the first link)."""
    cases: dict[int, int] = {}
    query = (
        select(CaseMember.document_id, CaseMember.case_id)
        .where(CaseMember.document_id.in_(docs), CaseMember.span_id.is_(None))
        .order_by(CaseMember.id)
    )
    for doc, case in session.execute(query):
        cases.setdefault(doc, case)
    return cases


# ---------------------------------------------------------------- one attribute's values
@dataclass(frozen=True, slots=True)
class AttributeValues:
    """The value of one attribute for every case, and its values in display order."""

    name: str
    columns: tuple[str, ...]  # choices order or sorted; NO_VALUE last when a case has none
    case_value: dict[int, str]  # case id -> value, for cases that have one
    cases_with: dict[str, int]  # value (or NO_VALUE) -> number of cases

    def value_of(self, case_id: int | None) -> str:
        if case_id is None:
            return NO_VALUE
        return self.case_value.get(case_id, NO_VALUE)


def attribute_values(project: Project, name: str) -> AttributeValues:
    """The values of the case attribute called ``name`` (case-insensitive)."""
    with project.reading() as session:
        found = session.execute(
            select(Attribute.id, Attribute.name, Attribute.type, Attribute.choices)
        ).all()
        match = [row for row in found if row[1].casefold() == name.strip().casefold()]
        if not match:
            known = ", ".join(row[1] for row in found) or "none yet"
            raise OperationError(f"No case attribute is called “{name}” (attributes: {known})")
        attribute_id, real_name, kind, choices = match[0]
        case_ids = list(session.scalars(select(Case.id)))
        case_value = {
            case: value
            for case, value in session.execute(
                select(CaseValue.case_id, CaseValue.value).where(
                    CaseValue.attribute_id == attribute_id
                )
            )
            if value.strip()
        }
    counts = Counter(case_value.get(case, NO_VALUE) for case in case_ids)
    columns = _ordered(kind, _choices(choices), set(counts) - {NO_VALUE})
    if counts[NO_VALUE]:
        columns.append(NO_VALUE)
    return AttributeValues(real_name, tuple(columns), case_value, dict(counts))


def _choices(raw: str | None) -> list[str]:
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def _ordered(kind: str, choices: list[str], present: set[str]) -> list[str]:
    """Values in choices order (for choice attributes), then the rest sorted."""
    listed = [c for c in choices if c in present] if kind == "choice" else []
    rest = present - set(listed)
    if kind == "number":
        return listed + sorted(rest, key=_number_key)
    return listed + sorted(rest, key=lambda v: (v.casefold(), v))


def _number_key(value: str) -> tuple[int, float, str]:
    try:
        return 0, float(value), value
    except ValueError:
        return 1, 0.0, value


# ---------------------------------------------------------------- code x attribute crosstab
@dataclass(frozen=True, slots=True)
class CrosstabRow:
    code_id: int
    path: str
    counts: tuple[int, ...]  # one per column of the crosstab
    total: int
    row_percent: tuple[float | None, ...]  # of this row's total
    column_percent: tuple[float | None, ...]  # of the column's denominator


@dataclass(frozen=True, slots=True)
class Crosstab:
    """Codes (rows) by the values of one attribute (columns).

    ``unit`` "cases": a cell counts the cases with that value coded with that code, and a
    column's denominator is the number of cases with that value, coded or not ("3 of 5
    nurses"). ``unit`` "codings": a cell counts codings, codings in no case fall under
    NO_VALUE, and a column's denominator is its total.
    """

    attribute: str
    unit: str
    columns: tuple[str, ...]
    denominators: tuple[int, ...]
    rows: tuple[CrosstabRow, ...]
    column_totals: tuple[int, ...]  # cases coded with any of the codes, or codings
    total: int

    def cell(self, code_id: int, value: str) -> int:
        row = next(r for r in self.rows if r.code_id == code_id)
        return row.counts[self.columns.index(value)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "unit": self.unit,
            "columns": [
                {"value": value, "denominator": denominator, "total": total}
                for value, denominator, total in zip(
                    self.columns, self.denominators, self.column_totals, strict=True
                )
            ],
            "rows": [_row_dict(self.columns, row) for row in self.rows],
            "total": self.total,
        }


def _row_dict(columns: tuple[str, ...], row: CrosstabRow) -> dict[str, Any]:
    return {
        "code_id": row.code_id,
        "path": row.path,
        "total": row.total,
        "counts": dict(zip(columns, row.counts, strict=True)),
        "row_percent": dict(zip(columns, map(_rounded, row.row_percent), strict=True)),
        "column_percent": dict(zip(columns, map(_rounded, row.column_percent), strict=True)),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def code_attribute_crosstab(
    project: Project, code_ids: Collection[int], attribute_name: str, *, unit: str = "cases"
) -> Crosstab:
    """Counts of ``code_ids`` (in that order) by the values of ``attribute_name``."""
    if unit not in UNITS:
        raise OperationError(f"“{unit}” is not a unit of a crosstab ({', '.join(UNITS)})")
    codes = unique(code_ids)
    values = attribute_values(project, attribute_name)
    places = coded_places(project, codes)
    paths = code_paths(list_codes(project))
    columns = list(values.columns)
    if unit == "codings" and NO_VALUE not in columns and any(p.case_id is None for p in places):
        columns.append(NO_VALUE)
    counted = _case_cells(values, places) if unit == "cases" else _coding_cells(values, places)
    empty: dict[str, set[int]] = {}
    totals = [len(set().union(*(counted.get(c, empty).get(v, ()) for c in codes))) for v in columns]
    denominators = (
        [values.cases_with.get(v, 0) for v in columns] if unit == "cases" else list(totals)
    )
    rows = []
    for code in codes:
        counts = [len(counted.get(code, empty).get(v, ())) for v in columns]
        total = sum(counts)
        rows.append(
            CrosstabRow(
                code, paths.get(code, str(code)), tuple(counts), total,
                tuple(percent(n, total) for n in counts),
                tuple(percent(n, d) for n, d in zip(counts, denominators, strict=True)),
            )
        )  # fmt: skip
    return Crosstab(
        values.name, unit, tuple(columns), tuple(denominators), tuple(rows), tuple(totals),
        sum(totals),
    )  # fmt: skip


_Cells = dict[int, dict[str, set[int]]]  # code -> value -> the cases (or codings) counted


def _case_cells(values: AttributeValues, places: list[CodedPlace]) -> _Cells:
    cells: _Cells = {}
    for place in places:
        if place.case_id is not None:
            by_value = cells.setdefault(place.code_id, {})
            by_value.setdefault(values.value_of(place.case_id), set()).add(place.case_id)
    return cells


def _coding_cells(values: AttributeValues, places: list[CodedPlace]) -> _Cells:
    cells: _Cells = {}
    for place in places:
        by_value = cells.setdefault(place.code_id, {})
        by_value.setdefault(values.value_of(place.case_id), set()).add(place.coding_id)
    return cells


# ---------------------------------------------------------------- code co-occurrence
@dataclass(frozen=True, slots=True)
class CooccurrenceMatrix:
    """Codes against codes, in the order given: square and symmetric.

    Off the diagonal, the number of pairs of overlapping codings of the two codes (passages
    that share at least one character); on the diagonal, the number of codings of the code.
    """

    code_ids: tuple[int, ...]
    paths: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, first: int, second: int) -> int:
        return self.counts[self.code_ids.index(first)][self.code_ids.index(second)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "codes": [
                {"code_id": code, "path": path}
                for code, path in zip(self.code_ids, self.paths, strict=True)
            ],
            "counts": [list(row) for row in self.counts],
        }


def code_cooccurrence_matrix(project: Project, code_ids: Collection[int]) -> CooccurrenceMatrix:
    codes = unique(code_ids)
    with project.reading() as session:
        rows = [
            (doc, start, end, code)
            for doc, start, end, code in session.connection().execute(
                select(Coding.document_id, Coding.start, Coding.end, Coding.code_id).where(
                    Coding.code_id.in_(codes)
                )
            )
        ]
    pairs = cooccurrence(rows)
    index = {code: i for i, code in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in codes]
    for (first, second), n in pairs.items():
        matrix[index[first]][index[second]] = matrix[index[second]][index[first]] = n
    for code, n in Counter(row[3] for row in rows).items():
        matrix[index[code]][index[code]] = n
    paths = code_paths(list_codes(project))
    return CooccurrenceMatrix(
        tuple(codes),
        tuple(paths.get(code, str(code)) for code in codes),
        tuple(tuple(row) for row in matrix),
    )
