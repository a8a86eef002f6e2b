"""Snapshots of table rows as plain dicts, so that undo can put back exactly what was there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Table, delete, insert, select

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

    from storage.models import Base

Row = dict[str, Any]


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def snapshot(session: Session, model: type[Base], *where: ColumnElement[bool]) -> list[Row]:
    table = _table(model)
    rows = session.execute(select(table).where(*where).order_by(table.c.id)).mappings()
    return [dict(r) for r in rows]


def restore(session: Session, model: type[Base], rows: list[Row]) -> None:
    if rows:
        session.execute(insert(_table(model)), rows)


def delete_ids(session: Session, model: type[Base], ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        table = _table(model)
        session.execute(delete(table).where(table.c.id.in_(ids)))
