"""The codings of one document, light enough to fetch on every repaint-worthy change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Code, Coding, User

if TYPE_CHECKING:
    from workbench.project import Project


@dataclass(frozen=True, slots=True)
class DocumentCoding:
    """A coding as a document view draws it: range, code, colour, coder. No text."""

    id: int
    code_id: int
    code_name: str
    colour: str
    start: int
    end: int
    coder: str | None
    memo: str


def document_codings(project: Project, document_id: int) -> list[DocumentCoding]:
    """Codings of ``document_id`` sorted by start, then longest first."""
    query = (
        select(
            Coding.id, Coding.code_id, Code.name, Code.colour, Coding.start, Coding.end,
            User.name, Coding.memo,
        )
        .join(Code, Code.id == Coding.code_id)
        .outerjoin(User, User.id == Coding.user_id)
        .where(Coding.document_id == document_id)
        .order_by(Coding.start, Coding.end.desc(), Coding.id)
    )  # fmt: skip
    with project.reading() as session:
        return [DocumentCoding(*row) for row in session.execute(query).all()]
