"""Operations on cases, their attributes and values, and links to documents and speakers."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from storage.models import Attribute, Case, CaseMember, CaseValue, Document, Speaker, new_guid
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.ops.dependents import Dependents
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ATTRIBUTE_TYPES = ("text", "number", "date", "choice")


def _clean_name(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise OperationError(f"A {what} needs a name")
    return name


class CreateCase(Command):
    object_kind = "case"

    def __init__(self, *, name: str, description: str = "") -> None:
        self.name, self.description = name, description
        self.case_id: int | None = None
        self.guid = new_guid()  # the same on redo: exports and merges match by it
        self.label = f"Create case “{name.strip()}”"

    def do(self, session: Session) -> Changes:
        name = _clean_name(self.name, "case")
        if session.scalar(select(Case.id).where(func.lower(Case.name) == name.lower())):
            raise OperationError(f"There is already a case called “{name}”")
        values: dict[str, Any] = {"name": name, "description": self.description}
        values["guid"] = self.guid
        if self.case_id is not None:
            values["id"] = self.case_id
        inserted = session.execute(insert(Case).values(**values).returning(Case.id))
        self.case_id = inserted.scalar_one()
        return Changes(cases=frozenset({self.case_id}))

    def undo(self, session: Session) -> Changes:
        assert self.case_id is not None
        delete_ids(session, Case, [self.case_id])
        return Changes(cases=frozenset({self.case_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.case_id, {}, {"name": self.name}


class UpdateCase(Command):
    object_kind = "case"

    def __init__(self, case_id: int, **fields: str) -> None:
        if not fields or set(fields) - {"name", "description"}:
            raise TypeError("UpdateCase takes name and/or description")
        self.case_id, self.after = case_id, fields
        self.before: dict[str, str] = {}
        self.label = "Rename case" if set(fields) == {"name"} else "Edit case"

    def do(self, session: Session) -> Changes:
        case = session.get(Case, self.case_id)
        if case is None:
            raise OperationError(f"Case {self.case_id} does not exist")
        after = dict(self.after)
        if "name" in after:
            after["name"] = _clean_name(after["name"], "case")
            clash = session.scalar(
                select(Case.id).where(
                    func.lower(Case.name) == after["name"].lower(), Case.id != self.case_id
                )
            )
            if clash:
                raise OperationError(f"There is already a case called “{after['name']}”")
        self.before = {key: getattr(case, key) for key in after}
        session.execute(update(Case).where(Case.id == self.case_id).values(**after))
        return Changes(cases=frozenset({self.case_id}))

    def undo(self, session: Session) -> Changes:
        session.execute(update(Case).where(Case.id == self.case_id).values(**self.before))
        return Changes(cases=frozenset({self.case_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.case_id, self.before, self.after


class DeleteCase(Command):
    object_kind = "case"
    label = "Delete case"

    def __init__(self, case_id: int) -> None:
        self.case_id = case_id
        self.saved: dict[str, list[Row]] = {}
        self.dependents = Dependents()

    def do(self, session: Session) -> Changes:
        self.saved = {
            "case": snapshot(session, Case, Case.id == self.case_id),
            "values": snapshot(session, CaseValue, CaseValue.case_id == self.case_id),
            "members": snapshot(session, CaseMember, CaseMember.case_id == self.case_id),
            "speakers": snapshot(session, Speaker, Speaker.case_id == self.case_id),
        }
        if not self.saved["case"]:
            raise OperationError(f"Case {self.case_id} does not exist")
        self.dependents = Dependents()
        self.dependents.capture_cases(session, [self.case_id])
        self.dependents.remove_memos(session)
        session.execute(delete(Case).where(Case.id == self.case_id))
        return Changes(cases=frozenset({self.case_id}))

    def undo(self, session: Session) -> Changes:
        restore(session, Case, self.saved["case"])
        restore(session, CaseValue, self.saved["values"])
        restore(session, CaseMember, self.saved["members"])
        self.dependents.restore(session)
        speaker_ids = [r["id"] for r in self.saved["speakers"]]
        session.execute(
            update(Speaker).where(Speaker.id.in_(speaker_ids)).values(case_id=self.case_id)
        )
        return Changes(cases=frozenset({self.case_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.case_id, {"name": [r["name"] for r in self.saved.get("case", [])]}, {}


class CreateAttribute(Command):
    object_kind = "attribute"

    def __init__(self, *, name: str, kind: str = "text", choices: list[str] | None = None):
        if kind not in ATTRIBUTE_TYPES:
            allowed = ", ".join(ATTRIBUTE_TYPES)
            raise OperationError(f"“{kind}” is not an attribute type ({allowed})")
        self.name, self.type, self.choices = name, kind, choices or []
        self.attribute_id: int | None = None
        self.guid = new_guid()  # the same on redo: exports and merges match by it
        self.label = f"Create attribute “{name.strip()}”"

    def do(self, session: Session) -> Changes:
        name = _clean_name(self.name, "attribute")
        if session.scalar(select(Attribute.id).where(func.lower(Attribute.name) == name.lower())):
            raise OperationError(f"There is already an attribute called “{name}”")
        position = session.scalar(select(func.count(Attribute.id))) or 0
        values: dict[str, Any] = {"name": name, "type": self.type, "position": position}
        values["choices"] = json.dumps(self.choices)
        values["guid"] = self.guid
        if self.attribute_id is not None:
            values["id"] = self.attribute_id
        inserted = session.execute(insert(Attribute).values(**values).returning(Attribute.id))
        self.attribute_id = inserted.scalar_one()
        return Changes(attributes=True)

    def undo(self, session: Session) -> Changes:
        assert self.attribute_id is not None
        delete_ids(session, Attribute, [self.attribute_id])
        return Changes(attributes=True)

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.attribute_id, {}, {"name": self.name, "type": self.type}


class SetCaseValue(Command):
    """Set (or with ``None`` clear) one attribute value of one case."""

    object_kind = "case"
    label = "Set attribute value"

    def __init__(self, *, case_id: int, attribute_id: int, value: str | None) -> None:
        self.case_id, self.attribute_id, self.value = case_id, attribute_id, value
        self.before: str | None = None

    def do(self, session: Session) -> Changes:
        attribute = session.get(Attribute, self.attribute_id)
        if attribute is None or session.get(Case, self.case_id) is None:
            raise OperationError("That case or attribute no longer exists")
        if self.value is not None:
            _check_value(attribute, self.value)
        self.before = self._current(session)
        self._write(session, self.value)
        return Changes(cases=frozenset({self.case_id}))

    def undo(self, session: Session) -> Changes:
        self._write(session, self.before)
        return Changes(cases=frozenset({self.case_id}))

    def _current(self, session: Session) -> str | None:
        return session.scalar(
            select(CaseValue.value).where(
                CaseValue.case_id == self.case_id, CaseValue.attribute_id == self.attribute_id
            )
        )

    def _write(self, session: Session, value: str | None) -> None:
        session.execute(
            delete(CaseValue).where(
                CaseValue.case_id == self.case_id, CaseValue.attribute_id == self.attribute_id
            )
        )
        if value is not None:
            session.execute(
                insert(CaseValue).values(
                    case_id=self.case_id, attribute_id=self.attribute_id, value=value
                )
            )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.case_id, {"value": self.before}, {"value": self.value}


def _check_value(attribute: Attribute, value: str) -> None:
    if attribute.type == "number":
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise OperationError(f"“{attribute.name}” takes a number")
    elif attribute.type == "choice":
        choices = json.loads(attribute.choices or "[]")
        if choices and value not in choices:
            allowed = ", ".join(choices)
            raise OperationError(f"“{attribute.name}” takes one of: {allowed}")


class LinkDocumentToCase(Command):
    object_kind = "case"
    label = "Link document to case"

    def __init__(self, *, case_id: int, document_id: int) -> None:
        self.case_id, self.document_id = case_id, document_id
        self.member_id: int | None = None

    def do(self, session: Session) -> Changes:
        if (
            session.get(Case, self.case_id) is None
            or session.get(Document, self.document_id) is None
        ):
            raise OperationError("That case or document no longer exists")
        linked = session.scalar(
            select(CaseMember.id).where(
                CaseMember.case_id == self.case_id,
                CaseMember.document_id == self.document_id,
                CaseMember.span_id.is_(None),
            )
        )
        if linked is not None and linked != self.member_id:
            raise OperationError("The document already belongs to that case")
        values: dict[str, Any] = {"case_id": self.case_id, "document_id": self.document_id}
        if self.member_id is not None:
            values["id"] = self.member_id
        inserted = session.execute(insert(CaseMember).values(**values).returning(CaseMember.id))
        self.member_id = inserted.scalar_one()
        return Changes(cases=frozenset({self.case_id}), documents=frozenset({self.document_id}))

    def undo(self, session: Session) -> Changes:
        assert self.member_id is not None
        delete_ids(session, CaseMember, [self.member_id])
        return Changes(cases=frozenset({self.case_id}), documents=frozenset({self.document_id}))


class UpdateSpeaker(Command):
    """Link a speaker to a case (or unlink with None) and/or mark them as the interviewer."""

    object_kind = "speaker"
    label = "Edit speaker"

    def __init__(self, speaker_id: int, **fields: Any) -> None:
        if not fields or set(fields) - {"case_id", "is_interviewer"}:
            raise TypeError("UpdateSpeaker takes case_id and/or is_interviewer")
        self.speaker_id, self.after = speaker_id, fields
        self.before: dict[str, Any] = {}
        self.document_id = 0

    def do(self, session: Session) -> Changes:
        speaker = session.get(Speaker, self.speaker_id)
        if speaker is None:
            raise OperationError(f"Speaker {self.speaker_id} does not exist")
        self.document_id = speaker.document_id
        self.before = {key: getattr(speaker, key) for key in self.after}
        session.execute(update(Speaker).where(Speaker.id == self.speaker_id).values(**self.after))
        return self._changes()

    def undo(self, session: Session) -> Changes:
        session.execute(update(Speaker).where(Speaker.id == self.speaker_id).values(**self.before))
        return self._changes()

    def _changes(self) -> Changes:
        cases = {v for v in (self.before.get("case_id"), self.after.get("case_id")) if v}
        return Changes(cases=frozenset(cases), documents=frozenset({self.document_id}))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.speaker_id, self.before, self.after
