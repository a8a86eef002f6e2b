"""Operations of the NASSS complexity assessment: case type, ratings with history, evidence.

A rating is never edited in place: rating a domain again inserts a new row, so the rows of a
case and domain are its history and the newest one (highest id) is the current rating. The
evidence (codings) hangs off a rating row; a new rating starts with the evidence of the one it
replaces. Redo puts back the very rows the first run made (ids, guids and times included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, literal, select

from storage.models import Attribute, Case, Coding, NasssEvidence, NasssRating
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.nasss import (
    CASE_TYPE_ATTRIBUTE,
    CASE_TYPES,
    NOT_ASSESSED,
    check_key,
    check_rating,
    rating_label,
)
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


def _check_case(session: Session, case_id: int) -> None:
    if session.get(Case, case_id) is None:
        raise OperationError(f"Case {case_id} does not exist")


def current_rating_id(session: Session, case_id: int, domain_key: str) -> int | None:
    """The id of the current (newest) rating of one case and domain, if it was ever rated."""
    return session.scalar(
        select(NasssRating.id)
        .where(NasssRating.case_id == case_id, NasssRating.domain_key == domain_key)
        .order_by(NasssRating.id.desc())
        .limit(1)
    )


def _insert_rating(session: Session, values: dict[str, Any]) -> Row:
    new_id = session.execute(insert(NasssRating).values(**values).returning(NasssRating.id))
    return snapshot(session, NasssRating, NasssRating.id == new_id.scalar_one())[0]


def _changes(case_id: int) -> Changes:
    return Changes(cases=frozenset({case_id}), synthesis=True)


class MarkCaseForAssessment(Command):
    """Set a case's "Case type" (creating that choice attribute if the project has none).

    Technologies, projects and sites are the cases NASSS assesses; ``None`` clears the type.
    """

    object_kind = "case"
    label = "Set case type"

    def __init__(self, case_id: int, case_type: str | None) -> None:
        if case_type is not None:
            case_type = case_type.strip().lower()
            if case_type not in CASE_TYPES:
                raise OperationError(
                    f"“{case_type}” is not a case type (choose {', '.join(CASE_TYPES)})"
                )
        self.case_id, self.case_type = case_id, case_type
        self.steps: list[Command] = []

    def do(self, session: Session) -> Changes:
        _check_case(session, self.case_id)
        if self.steps:  # redo: the same steps, reusing the attribute's id
            changes = Changes()
            for step in self.steps:
                changes |= step.do(session)
            return changes | _changes(self.case_id)
        changes, steps = Changes(), list[Command]()
        attribute_id = session.scalar(
            select(Attribute.id).where(func.lower(Attribute.name) == CASE_TYPE_ATTRIBUTE.lower())
        )
        if attribute_id is None:
            create = CreateAttribute(
                name=CASE_TYPE_ATTRIBUTE, kind="choice", choices=list(CASE_TYPES)
            )
            changes |= create.do(session)
            steps.append(create)
            attribute_id = create.attribute_id
            assert attribute_id is not None
        set_value = SetCaseValue(
            case_id=self.case_id, attribute_id=attribute_id, value=self.case_type
        )
        changes |= set_value.do(session)
        self.steps = [*steps, set_value]  # kept only once every step has succeeded
        return changes | _changes(self.case_id)

    def undo(self, session: Session) -> Changes:
        changes = Changes()
        for step in reversed(self.steps):
            changes |= step.undo(session)
        return changes | _changes(self.case_id)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        created = any(isinstance(step, CreateAttribute) for step in self.steps)
        return self.case_id, {}, {"case_type": self.case_type, "created_attribute": created}


class RateDomain(Command):
    """Rate one NASSS domain or sub-domain of a case; the earlier ratings stay as history."""

    object_kind = "nasss_rating"

    def __init__(
        self,
        case_id: int,
        domain_key: str,
        rating: str,
        rationale: str = "",
        rater_id: int | None = None,
    ) -> None:
        self.case_id = case_id
        self.domain_key, self.rating = check_key(domain_key), check_rating(rating)
        self.rationale, self.rater_id = rationale, rater_id
        self.previous: Row | None = None
        self.inserted: Row = {}
        self.copied: list[Row] = []
        self.label = f"Rate {self.domain_key} as {rating_label(self.rating).lower()}"

    def do(self, session: Session) -> Changes:
        _check_case(session, self.case_id)
        if self.inserted:  # redo
            restore(session, NasssRating, [self.inserted])
            restore(session, NasssEvidence, self.copied)
            return _changes(self.case_id)
        previous_id = current_rating_id(session, self.case_id, self.domain_key)
        if previous_id is not None:
            self.previous = snapshot(session, NasssRating, NasssRating.id == previous_id)[0]
        self.inserted = _insert_rating(
            session,
            {
                "case_id": self.case_id,
                "domain_key": self.domain_key,
                "rating": self.rating,
                "rationale": self.rationale,
                "rater_id": self.rater_id,
            },
        )
        new_id = self.inserted["id"]
        if previous_id is not None:  # a re-rating keeps its evidence unless that is changed
            kept = select(literal(new_id), NasssEvidence.coding_id).where(
                NasssEvidence.rating_id == previous_id
            )
            session.execute(insert(NasssEvidence).from_select(["rating_id", "coding_id"], kept))
        self.copied = snapshot(session, NasssEvidence, NasssEvidence.rating_id == new_id)
        return _changes(self.case_id)

    def undo(self, session: Session) -> Changes:
        delete_ids(session, NasssEvidence, [r["id"] for r in self.copied])
        delete_ids(session, NasssRating, [self.inserted["id"]])
        return _changes(self.case_id)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        # The rationale may quote a transcript: it is never logged.
        before = {"rating": self.previous["rating"]} if self.previous else {}
        after = {"case_id": self.case_id, "domain_key": self.domain_key, "rating": self.rating}
        return self.inserted.get("id"), before, after | {"evidence": len(self.copied)}


class SetEvidence(Command):
    """Link exactly ``coding_ids`` to the current rating of one case and domain.

    A domain never rated gets a "not assessed" rating first, so evidence can be gathered
    before the rating is decided.
    """

    object_kind = "nasss_rating"
    label = "Set NASSS evidence"

    def __init__(
        self,
        case_id: int,
        domain_key: str,
        coding_ids: Iterable[int],
        rater_id: int | None = None,
    ) -> None:
        self.case_id, self.domain_key = case_id, check_key(domain_key)
        self.coding_ids = list(dict.fromkeys(coding_ids))
        self.rater_id = rater_id
        self.rating_id: int | None = None
        self.created: list[Row] = []  # the "not assessed" rating made to hold the evidence
        self.before: list[Row] = []
        self.after: list[Row] | None = None

    def do(self, session: Session) -> Changes:
        _check_case(session, self.case_id)
        self._check_codings(session)
        if self.after is not None:  # redo
            assert self.rating_id is not None
            restore(session, NasssRating, self.created)
            self._unlink(session)
            restore(session, NasssEvidence, self.after)
            return _changes(self.case_id)
        self.rating_id = current_rating_id(session, self.case_id, self.domain_key)
        if self.rating_id is None:
            values = {"case_id": self.case_id, "domain_key": self.domain_key}
            values |= {"rating": NOT_ASSESSED, "rater_id": self.rater_id}
            self.created = [_insert_rating(session, values)]
            self.rating_id = self.created[0]["id"]
        self.before = snapshot(session, NasssEvidence, NasssEvidence.rating_id == self.rating_id)
        self._unlink(session)
        links = [{"rating_id": self.rating_id, "coding_id": c} for c in self.coding_ids]
        restore(session, NasssEvidence, links)
        self.after = snapshot(session, NasssEvidence, NasssEvidence.rating_id == self.rating_id)
        return _changes(self.case_id)

    def undo(self, session: Session) -> Changes:
        self._unlink(session)
        restore(session, NasssEvidence, self.before)
        delete_ids(session, NasssRating, [r["id"] for r in self.created])
        return _changes(self.case_id)

    def _unlink(self, session: Session) -> None:
        session.execute(delete(NasssEvidence).where(NasssEvidence.rating_id == self.rating_id))

    def _check_codings(self, session: Session) -> None:
        found = set(session.scalars(select(Coding.id).where(Coding.id.in_(self.coding_ids))))
        missing = [c for c in self.coding_ids if c not in found]
        if missing:
            listed = ", ".join(str(c) for c in missing[:5])
            raise OperationError(
                f"Some of the chosen passages are no longer coded (coding {listed}); "
                "nothing was linked"
            )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        before = {"codings": [r["coding_id"] for r in self.before]}
        after = {"case_id": self.case_id, "domain_key": self.domain_key}
        return self.rating_id, before, after | {"codings": self.coding_ids}
