"""Small read queries the navigator, segments and cases views need: attributes, speakers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Attribute, Speaker

if TYPE_CHECKING:
    from workbench.project import Project


@dataclass(frozen=True, slots=True)
class AttributeInfo:
    """A case attribute: its id (for SetCaseValue), type and, for choices, the allowed values."""

    id: int
    name: str
    kind: str  # text | number | date | choice
    choices: tuple[str, ...]


def list_attributes(project: Project) -> list[AttributeInfo]:
    """Every case attribute in its column order."""
    query = select(Attribute.id, Attribute.name, Attribute.type, Attribute.choices).order_by(
        Attribute.position, Attribute.id
    )
    with project.reading() as session:
        rows = session.execute(query).all()
    return [
        AttributeInfo(attr_id, name, kind, _choices(choices))
        for attr_id, name, kind, choices in rows
    ]


def _choices(raw: str | None) -> tuple[str, ...]:
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in values) if isinstance(values, list) else ()


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    id: int
    name: str
    case_id: int | None
    is_interviewer: bool


def document_speakers(project: Project, document_id: int) -> list[SpeakerInfo]:
    """The speakers of one document, in order of first appearance."""
    query = (
        select(Speaker.id, Speaker.name, Speaker.case_id, Speaker.is_interviewer)
        .where(Speaker.document_id == document_id)
        .order_by(Speaker.id)
    )
    with project.reading() as session:
        return [SpeakerInfo(*row) for row in session.execute(query).all()]
