"""Read models of the NASSS complexity assessment: the grid, history, evidence and profile.

The current rating of a case and domain is its newest row (highest id). The grid takes two
statements whatever its size: the cases with their type, and the current ratings with rater
and evidence count.

A coding belongs to a case when :func:`~workbench.queries.segments.segments` resolves it to
that case (the speaker's case, else the document's), or when its document is linked to the case
as a whole: interviews about a site or a technology are linked to that case while each
speaker stays a participant case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.models import (
    Attribute,
    Case,
    CaseMember,
    CaseValue,
    Code,
    Coding,
    NasssEvidence,
    NasssRating,
    Speaker,
    User,
)
from workbench.nasss import (
    ASSESSED_CASE_TYPES,
    CASE_TYPE_ATTRIBUTE,
    DOMAINS,
    FRAMEWORK,
    KEY_INDEX,
    NOT_ASSESSED,
    TOP_DOMAINS,
    Domain,
    check_key,
    rating_label,
    rating_level,
    spans_domains,
    sub_domains,
    top_domain,
)
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable
    from datetime import datetime

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from workbench.dto import Segment
    from workbench.project import Project


@dataclass(frozen=True, slots=True)
class AssessedCase:
    id: int
    name: str
    case_type: str | None  # the "Case type" attribute, lower case, if set


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating of a case and domain; ``id`` is None for a cell that was never rated."""

    id: int | None
    case_id: int
    domain_key: str
    rating: str
    rationale: str = ""
    rater: str | None = None
    rated_at: datetime | None = None
    evidence: int = 0  # number of linked codings

    @property
    def label(self) -> str:
        return rating_label(self.rating)

    @property
    def level(self) -> int | None:
        return rating_level(self.rating)


@dataclass(frozen=True, slots=True)
class NasssGrid:
    """Cases x domains; ``rows[i][j]`` is the current rating of ``cases[i]``, ``domains[j]``."""

    cases: tuple[AssessedCase, ...]
    domains: tuple[Domain, ...]
    rows: tuple[tuple[Rating, ...], ...]

    def cell(self, case_id: int, domain_key: str) -> Rating:
        for case, row in zip(self.cases, self.rows, strict=True):
            if case.id == case_id:
                return row[KEY_INDEX[domain_key]]
        raise KeyError(case_id)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A coding proposed as evidence, with the NASSS key of its code and whether it is linked."""

    segment: Segment
    domain_key: str
    linked: bool


# ---------------------------------------------------------------- cases
def _case_types(session: Session) -> dict[int, str]:
    query = (
        select(CaseValue.case_id, CaseValue.value)
        .join(Attribute, Attribute.id == CaseValue.attribute_id)
        .where(func.lower(Attribute.name) == CASE_TYPE_ATTRIBUTE.lower())
    )
    return {case: value.strip().lower() for case, value in session.execute(query)}


def _cases(session: Session, case_ids: Iterable[int] | None) -> list[AssessedCase]:
    types = _case_types(session)
    names = dict(session.execute(select(Case.id, Case.name).order_by(Case.name)).all())
    if case_ids is None:
        rated = set(session.scalars(select(NasssRating.case_id).distinct()))
        case_ids = [i for i in names if i in rated or types.get(i) in ASSESSED_CASE_TYPES]
    return [AssessedCase(i, names[i], types.get(i)) for i in case_ids if i in names]


def assessed_cases(project: Project) -> list[AssessedCase]:
    """Cases whose type is technology, project or site, or that already have ratings; by name."""
    with project.reading() as session:
        return _cases(session, None)


# ---------------------------------------------------------------- ratings
def _ratings(session: Session, *where: ColumnElement[bool]) -> list[Rating]:
    evidence = (
        select(func.count())
        .where(NasssEvidence.rating_id == NasssRating.id)
        .correlate(NasssRating)
        .scalar_subquery()
    )
    query = (
        select(
            NasssRating.id, NasssRating.case_id, NasssRating.domain_key, NasssRating.rating,
            NasssRating.rationale, User.name, NasssRating.rated_at, evidence,
        )
        .outerjoin(User, User.id == NasssRating.rater_id)
        .where(*where)
        .order_by(NasssRating.id.desc())
    )  # fmt: skip
    return [Rating(*row) for row in session.execute(query).all()]


def _current(session: Session, case_ids: Collection[int]) -> list[Rating]:
    newest = (
        select(func.max(NasssRating.id))
        .where(NasssRating.case_id.in_(list(case_ids)))
        .group_by(NasssRating.case_id, NasssRating.domain_key)
    )
    return _ratings(session, NasssRating.id.in_(newest))


def nasss_grid(project: Project, case_ids: Iterable[int] | None = None) -> NasssGrid:
    """The current rating of every domain for ``case_ids`` (in that order; default: the
    assessed cases by name); cells never rated read "not assessed"."""
    with project.reading() as session:
        cases = _cases(session, case_ids)
        current = {(r.case_id, r.domain_key): r for r in _current(session, [c.id for c in cases])}
    rows = tuple(
        tuple(
            current.get((case.id, d.key)) or Rating(None, case.id, d.key, NOT_ASSESSED)
            for d in DOMAINS
        )
        for case in cases
    )
    return NasssGrid(tuple(cases), DOMAINS, rows)


def rating_history(project: Project, case_id: int, domain_key: str) -> list[Rating]:
    """Every rating of one case and domain, newest (the current one) first."""
    key = check_key(domain_key)
    with project.reading() as session:
        return _ratings(session, NasssRating.case_id == case_id, NasssRating.domain_key == key)


def complexity_profile(project: Project, case_id: int) -> list[tuple[str, str, int | None]]:
    """(key, name, level) of the seven domains, for the profile chart.

    A domain rated itself shows its rating; a domain rated only through its sub-domains shows
    the most complex of them; a domain with neither has no level (None, never zero).
    """
    with project.reading() as session:
        levels = {r.domain_key: r.level for r in _current(session, [case_id])}
    profile = []
    for top in TOP_DOMAINS:
        level = levels.get(top.key)
        if level is None:
            parts = [levels.get(d.key) for d in sub_domains(top.key)]
            level = max((p for p in parts if p is not None), default=None)
        profile.append((top.key, top.name, level))
    return profile


# ---------------------------------------------------------------- evidence
def _linked(session: Session, case_id: int, key: str) -> set[int]:
    newest = (
        select(NasssRating.id)
        .where(NasssRating.case_id == case_id, NasssRating.domain_key == key)
        .order_by(NasssRating.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return set(
        session.scalars(select(NasssEvidence.coding_id).where(NasssEvidence.rating_id == newest))
    )


def evidence(project: Project, case_id: int, domain_key: str) -> list[Segment]:
    """The codings linked to the current rating of one case and domain, in document order."""
    key = check_key(domain_key)
    with project.reading() as session:
        linked = _linked(session, case_id, key)
        rows = session.execute(
            select(Coding.code_id, Coding.document_id).where(Coding.id.in_(linked))
        ).all()
    if not linked:
        return []
    found = segments(project, {r[0] for r in rows}, document_ids={r[1] for r in rows})
    return [s for s in found if s.coding_id in linked]


def _code_keys(session: Session) -> dict[int, str]:
    """``code id -> NASSS key`` for every code in a NASSS tree; a code the team added below a
    NASSS code takes the key of the nearest NASSS code above it."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.framework, Code.framework_key))
    parents: dict[int, int | None] = {}
    own: dict[int, str] = {}  # "" for the template's root heading
    for code_id, parent, framework, key in rows:
        parents[code_id] = parent
        if framework == FRAMEWORK:
            own[code_id] = key
    keys: dict[int, str] = {}
    for code_id in parents:
        current: int | None = code_id
        while current is not None and current not in own:  # climb past the team's own codes
            current = parents.get(current)
        if current is not None and own[current]:
            keys[code_id] = own[current]
    return keys


def _proposed_codes(keys: dict[int, str], key: str) -> dict[int, str]:
    """The codes whose codings are proposed for ``key``: its code and sub-codes, or for
    domain 7 every NASSS code, since embedding over time draws on all the other domains."""
    if spans_domains(key):
        return keys
    return {c: k for c, k in keys.items() if k == key or top_domain(k) == key}


def _case_documents(session: Session, case_id: int) -> tuple[str, set[int], set[int]]:
    """The case's name, the documents linked to it whole, and every document it may be in."""
    name = session.scalar(select(Case.name).where(Case.id == case_id)) or ""
    whole = set(
        session.scalars(
            select(CaseMember.document_id).where(
                CaseMember.case_id == case_id, CaseMember.span_id.is_(None)
            )
        )
    )
    spoken = session.scalars(select(Speaker.document_id).where(Speaker.case_id == case_id))
    return name, whole, whole | set(spoken)


def proposed_evidence(project: Project, case_id: int, domain_key: str) -> list[Proposal]:
    """The case's codings under the NASSS code for ``domain_key`` and its sub-codes (for
    domain 7 and its sub-domains: under any NASSS code), marking those already linked."""
    key = check_key(domain_key)
    with project.reading() as session:
        codes = _proposed_codes(_code_keys(session), key)
        name, whole, documents = _case_documents(session, case_id)
        linked = _linked(session, case_id, key)
    if not codes or not documents:
        return []
    return [
        Proposal(s, codes[s.code_id], s.coding_id in linked)
        for s in segments(project, codes, document_ids=documents)
        if s.case == name or s.document_id in whole
    ]
