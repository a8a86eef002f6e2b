"""The barrier register: for each barrier code, who mentions it, what helps, what to do, quotes.

Counts come from :func:`workbench.queries.crosstab.coded_places` (no text); only the few
exemplar quotes are fetched as segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coding.overlap import cooccurrence
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.crosstab import AttributeValues, attribute_values, coded_places, unique
from workbench.queries.documents import list_memos
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.dto import CodeInfo, MemoInfo, Segment
    from workbench.project import Project
    from workbench.queries.crosstab import CodedPlace

BARRIER_FRAMEWORKS = ("Digital health barriers", "Health-tech career barriers")
# Passages longer than this make poor exemplars: they are quoted only when nothing shorter is.
QUOTE_MAX_CHARS = 600


@dataclass(frozen=True, slots=True)
class ValueCount:
    """Cases with one attribute value that mention a barrier, out of all cases with it."""

    value: str
    cases: int
    of: int

    def __str__(self) -> str:
        return f"{self.cases} of {self.of}"


@dataclass(frozen=True, slots=True)
class Facilitator:
    """A facilitator code coded on passages that overlap the barrier's."""

    code_id: int
    path: str
    passages: int  # pairs of overlapping codings of the two codes


@dataclass(frozen=True, slots=True)
class Barrier:
    code_id: int
    path: str
    definition: str
    codings: int
    cases: int
    participants: int
    breakdown: tuple[ValueCount, ...]  # by the register's attribute, in its column order
    facilitators: tuple[Facilitator, ...]  # most overlaps first
    recommendations: tuple[MemoInfo, ...]  # recommendation memos targeted at this code
    quotes: tuple[Segment, ...]  # exemplars, from different cases where possible

    def as_dict(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "path": self.path,
            "definition": self.definition,
            "codings": self.codings,
            "cases": self.cases,
            "participants": self.participants,
            "breakdown": [{"value": v.value, "cases": v.cases, "of": v.of} for v in self.breakdown],
            "facilitators": [
                {"code_id": f.code_id, "path": f.path, "passages": f.passages}
                for f in self.facilitators
            ],
            "recommendations": [
                {"memo_id": m.id, "title": m.title, "text": m.text, "author": m.author}
                for m in self.recommendations
            ],
            "quotes": [_quote_dict(q) for q in self.quotes],
        }


def _quote_dict(quote: Segment) -> dict[str, Any]:
    return {
        "coding_id": quote.coding_id,
        "case": quote.case,
        "speaker": quote.speaker,
        "document": quote.document_name,
        "paragraph": quote.paragraph,
        "time_start": quote.time_start,
        "text": quote.text,
    }


@dataclass(frozen=True, slots=True)
class BarrierRegister:
    attribute: str | None  # the attribute of every barrier's breakdown
    barriers: tuple[Barrier, ...]

    @property
    def mentioned(self) -> tuple[Barrier, ...]:
        """The barriers coded at least once."""
        return tuple(b for b in self.barriers if b.codings)

    def as_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "barriers": [b.as_dict() for b in self.barriers]}


# ---------------------------------------------------------------- which codes are barriers
def _marks(code: CodeInfo, by_id: dict[int, CodeInfo]) -> set[str]:
    """Whether a code is a barrier, a facilitator, both or neither.

    The nearest name that mentions either decides (the code's own, then its ancestors'), so
    "Barriers and facilitators/Facilitators/Champions" is a facilitator only.
    """
    current: CodeInfo | None = code
    while current is not None:
        name = current.name.casefold()
        marks = {"barrier"} if "barrier" in name else set()
        if "facilitat" in name:
            marks.add("facilitator")
        if marks:
            return marks
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return set()


def barrier_codes(codes: list[CodeInfo]) -> list[CodeInfo]:
    """Codable codes of the barrier templates, and codes named (or under a code named) as
    barriers, in tree order."""
    by_id = {c.id: c for c in codes}
    return [
        c
        for c in codes
        if c.is_codable
        and (
            (c.framework in BARRIER_FRAMEWORKS and "facilitator" not in _marks(c, by_id))
            or "barrier" in _marks(c, by_id)
        )
    ]


def facilitator_codes(codes: list[CodeInfo]) -> list[CodeInfo]:
    """Codable codes named (or under a code named) as facilitators, in tree order."""
    by_id = {c.id: c for c in codes}
    return [c for c in codes if c.is_codable and "facilitator" in _marks(c, by_id)]


# ---------------------------------------------------------------- the register
def barrier_register(
    project: Project,
    code_ids: Collection[int] | None = None,
    *,
    attribute: str | None = None,
    quotes_per_barrier: int = 3,
) -> BarrierRegister:
    """The register of ``code_ids`` (in that order), or of every barrier code in tree order.

    Cases and participants are counted as :func:`~workbench.queries.crosstab.coded_places`
    places codings: a case is the speaker's case, else the document's; a participant is the
    case of a speaker who is not an interviewer, or the document's case when the passage has
    no speaker. The breakdown counts cases by their value of ``attribute``. Facilitators are
    facilitator codes (see :func:`facilitator_codes`) on overlapping passages.
    """
    codes = list_codes(project)
    known = {c.id: c for c in codes}
    chosen = unique(code_ids) if code_ids is not None else [c.id for c in barrier_codes(codes)]
    missing = [c for c in chosen if c not in known]
    if missing:
        raise OperationError(f"No code has the id {missing[0]}")
    values = attribute_values(project, attribute) if attribute is not None else None
    helpers = [c.id for c in facilitator_codes(codes) if c.id not in set(chosen)]
    places = coded_places(project, [*chosen, *helpers])
    by_code: dict[int, list[CodedPlace]] = {code: [] for code in chosen}
    for place in places:
        if place.code_id in by_code:
            by_code[place.code_id].append(place)
    paths = code_paths(codes)
    overlaps = _facilitators(places, set(helpers), paths)
    recommendations: dict[int | None, list[MemoInfo]] = {}
    for memo in list_memos(project, kind="recommendation"):
        recommendations.setdefault(memo.target_id, []).append(memo)
    quotes = _quotes(
        project, {code: pick_quotes(by_code[code], quotes_per_barrier) for code in chosen}
    )
    barriers = tuple(
        Barrier(
            code, paths[code], known[code].definition, len(by_code[code]),
            len({p.case_id for p in by_code[code]} - {None}),
            len({p.participant_id for p in by_code[code]} - {None}),
            _breakdown(values, by_code[code]),
            tuple(overlaps.get(code, ())), tuple(recommendations.get(code, ())),
            tuple(quotes.get(code, ())),
        )
        for code in chosen
    )  # fmt: skip
    return BarrierRegister(values.name if values else None, barriers)


def _breakdown(values: AttributeValues | None, places: list[CodedPlace]) -> tuple[ValueCount, ...]:
    if values is None:
        return ()
    cases = {p.case_id for p in places if p.case_id is not None}
    mentioning = [values.value_of(case) for case in cases]
    return tuple(
        ValueCount(value, mentioning.count(value), values.cases_with.get(value, 0))
        for value in values.columns
    )


def _facilitators(
    places: list[CodedPlace], helpers: set[int], paths: dict[int, str]
) -> dict[int, list[Facilitator]]:
    """``barrier -> facilitators`` on overlapping passages, most overlaps first."""
    pairs = cooccurrence((p.document_id, p.start, p.end, p.code_id) for p in places)
    found: dict[int, list[Facilitator]] = {}
    for (first, second), n in pairs.items():
        for barrier, helper in ((first, second), (second, first)):
            if helper in helpers and barrier not in helpers:
                found.setdefault(barrier, []).append(Facilitator(helper, paths[helper], n))
    for listed in found.values():
        listed.sort(key=lambda f: (-f.passages, f.path.casefold(), f.code_id))
    return found


# ---------------------------------------------------------------- exemplar quotes
def _quote_rank(place: CodedPlace) -> tuple[bool, bool, int, int, int, int]:
    """Participants' words before interviewers' and unplaced passages; longest first among
    passages of a quotable length, then over-long ones shortest first; then document order."""
    length = place.end - place.start
    too_long = length > QUOTE_MAX_CHARS
    return (
        place.participant_id is None,
        too_long,
        length if too_long else -length,
        place.document_id,
        place.start,
        place.coding_id,
    )


def pick_quotes(places: list[CodedPlace], n: int) -> list[CodedPlace]:
    """Up to ``n`` codings to quote, best first.

    First the best passage of each case in turn, then the best of the rest; never the same
    passage twice (two coders may have coded it).
    """
    ranked = sorted(places, key=_quote_rank)
    chosen: list[CodedPlace] = []
    passages: set[tuple[int, int, int]] = set()
    cases: set[int] = set()
    for one_per_case in (True, False):
        for place in ranked:
            passage = (place.document_id, place.start, place.end)
            if len(chosen) >= n or passage in passages:
                continue
            if one_per_case and (place.case_id is None or place.case_id in cases):
                continue
            chosen.append(place)
            passages.add(passage)
            if place.case_id is not None:
                cases.add(place.case_id)
    return chosen


def _quotes(project: Project, picked: dict[int, list[CodedPlace]]) -> dict[int, list[Segment]]:
    """The segments of the picked codings, in the order they were picked."""
    wanted = [p for listed in picked.values() for p in listed]
    if not wanted:
        return {}
    ids = {p.coding_id for p in wanted}
    found = {s.coding_id: s for s in segments(project, {p.code_id for p in wanted}, coding_ids=ids)}
    return {
        code: [found[p.coding_id] for p in listed if p.coding_id in found]
        for code, listed in picked.items()
    }
