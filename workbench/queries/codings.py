"""The codings of one document, light enough to fetch on every repaint-worthy change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.models import Code, Coding, User

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Select

    from workbench.project import Project

_ID_BATCH = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters


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
    coder_id: int | None = None  # for the stripes, one block per coder
    coder_initials: str = ""


def _coding_rows() -> Select[int, int, str, str, int, int, str, str, int | None, str]:
    return (
        select(
            Coding.id, Coding.code_id, Code.name, Code.colour, Coding.start, Coding.end,
            User.name, Coding.memo, Coding.user_id, func.coalesce(User.initials, ""),
        )
        .join(Code, Code.id == Coding.code_id)
        .outerjoin(User, User.id == Coding.user_id)
    )  # fmt: skip


def document_codings(project: Project, document_id: int) -> list[DocumentCoding]:
    """Codings of ``document_id`` sorted by start, then longest first."""
    query = (
        _coding_rows()
        .where(Coding.document_id == document_id)
        .order_by(Coding.start, Coding.end.desc(), Coding.id)
    )
    with project.reading() as session:
        return [DocumentCoding(*row) for row in session.execute(query).all()]


def codings_by_id(
    project: Project, coding_ids: Iterable[int], *, document_id: int | None = None
) -> list[DocumentCoding]:
    """The codings among ``coding_ids`` that exist (of ``document_id`` only, when given),
    sorted like :func:`document_codings`.

    What a view refetches after a change: the ids of a :class:`~workbench.changes.Changes`
    name codings made, changed and deleted alike, and the deleted ones are simply absent.
    """
    wanted = sorted(set(coding_ids))
    found: list[DocumentCoding] = []
    with project.reading() as session:
        for first in range(0, len(wanted), _ID_BATCH):
            query = _coding_rows().where(Coding.id.in_(wanted[first : first + _ID_BATCH]))
            if document_id is not None:
                query = query.where(Coding.document_id == document_id)
            found += [DocumentCoding(*row) for row in session.execute(query).all()]
    found.sort(key=lambda c: (c.start, -c.end, c.id))
    return found


def code_looks(project: Project, code_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Name and colour of each of ``code_ids`` that exists: what its codings are drawn with."""
    wanted = sorted(set(code_ids))
    with project.reading() as session:
        rows = session.execute(select(Code.id, Code.name, Code.colour).where(Code.id.in_(wanted)))
        return {code_id: (name, colour) for code_id, name, colour in rows}
