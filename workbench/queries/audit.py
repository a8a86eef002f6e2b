"""The audit log as people read it: who did what, to which object, and when.

Filtering happens in SQL and rows come newest first, a page at a time (keyset paging on the
append-only id, so the thousandth page costs what the first does on a 100,000-row log). Each
row carries a short summary of its before/after values ("name: Trust → Trust in data"); the
log holds ids and values only, never transcript text, and so does the summary.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVarTuple

from sqlalchemy import func, select

from storage.models import AuditEntry, User

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy import Select

    from workbench.project import Project

Ts = TypeVarTuple("Ts")
_Columns: TypeAlias = tuple[int, datetime, int | None, str, str, str, int | None, str, str]
EXPORT_BATCH = 2000  # rows read per query while streaming the whole log to a file
_VALUE_CHARS, _LIST_ITEMS, _SUMMARY_CHARS = 40, 4, 240
_NOTHING: tuple[Any, ...] = (None, "", [], {})  # shown as "—"; left out when only one side has it
_SUFFIXES = {"undo": "undone", "redo": "redone"}
_NAMES = {"ImportRefi": "Import REFI-QDA project", "Macro": "Several steps", "RateDomain":
          "Rate NASSS domain", "MergeBundle": "Merge project"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry of the audit log, ready to show or export."""

    id: int
    at: datetime  # UTC, timezone-aware
    user_id: int | None
    user: str  # the person's name; "" when unknown
    operation: str  # as logged: "UpdateCode", "UpdateCode:undo"
    action: str  # for people: "Update code", "Update code (undone)"
    object_kind: str
    object_id: int | None
    summary: str  # "name: Trust → Trust in data"
    before: str  # JSON as logged
    after: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to show. ``since`` is inclusive, ``until`` exclusive; naive times are UTC."""

    user_id: int | None = None
    operation: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditUser:
    id: int
    name: str
    initials: str


def audit_entries(
    project: Project,
    *,
    user: int | None = None,
    operation: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """The newest ``limit`` entries (all when None) by person ``user`` (an id from
    :func:`audit_users`), of ``operation`` (from :func:`audit_operations`), in
    ``[since, until)``."""
    return audit_page(project, AuditFilter(user, operation, since, until), limit=limit)


def audit_page(
    project: Project,
    filters: AuditFilter,
    *,
    older_than: int | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Entries matching ``filters``, newest first; with ``older_than`` (the id of the last row
    already shown), only those logged before it: the next page."""
    query = _filtered(_rows(), filters).order_by(AuditEntry.id.desc())
    if older_than is not None:
        query = query.where(AuditEntry.id < older_than)
    if limit is not None:
        query = query.limit(limit)
    with project.reading() as session:
        return [_row(values) for values in session.execute(query).all()]


def iter_audit_entries(project: Project, filters: AuditFilter) -> Iterator[AuditRow]:
    """Every entry matching ``filters``, newest first, read a batch at a time (for export)."""
    older_than = None
    while True:
        batch = audit_page(project, filters, older_than=older_than, limit=EXPORT_BATCH)
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        older_than = batch[-1].id


def audit_count(project: Project, filters: AuditFilter) -> int:
    """How many entries match ``filters``."""
    query = _filtered(select(func.count(AuditEntry.id)), filters)
    with project.reading() as session:
        return int(session.scalar(query) or 0)


def audit_operations(project: Project) -> list[str]:
    """The operations that appear in the log, as logged, sorted."""
    query = select(AuditEntry.operation).distinct().order_by(AuditEntry.operation)
    with project.reading() as session:
        return [str(operation) for operation in session.scalars(query)]


def audit_users(project: Project) -> list[AuditUser]:
    """The people with at least one entry in the log, by name."""
    logged = select(AuditEntry.user_id).where(AuditEntry.user_id.is_not(None)).distinct()
    query = (
        select(User.id, User.name, User.initials)
        .where(User.id.in_(logged))
        .order_by(func.lower(User.name), User.id)
    )
    with project.reading() as session:
        return [AuditUser(int(i), str(n), str(s or "")) for i, n, s in session.execute(query)]


def operation_label(operation: str) -> str:
    """What people read for an operation: ``UpdateCoding:undo`` is "Update coding (undone)"."""
    name, _, suffix = operation.partition(":")
    label = _NAMES.get(name)
    if label is None:
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).split()
        label = " ".join([words[0], *(w.lower() for w in words[1:])]) if words else operation
    return f"{label} ({_SUFFIXES.get(suffix, suffix)})" if suffix else label


def change_summary(before: str, after: str) -> str:
    """What changed, in one line: "name: Trust → Trust in data; colour: #E69F00"."""
    old, new = _loaded(before), _loaded(after)
    parts = []
    for key in [*old, *(k for k in new if k not in old)]:
        field = key.replace("_", " ")
        if key in old and key in new:
            if old[key] != new[key]:
                parts.append(f"{field}: {_shown(old[key])} → {_shown(new[key])}")
        elif new.get(key) not in _NOTHING:
            parts.append(f"{field}: {_shown(new[key])}")
        elif old.get(key) not in _NOTHING:
            parts.append(f"{field}: {_shown(old[key])} → —")
    return _clipped("; ".join(parts), _SUMMARY_CHARS)


# ---------------------------------------------------------------------- helpers
def _rows() -> Select[*_Columns]:
    return select(
        AuditEntry.id, AuditEntry.at, AuditEntry.user_id, User.name, AuditEntry.operation,
        AuditEntry.object_kind, AuditEntry.object_id, AuditEntry.before, AuditEntry.after,
    ).outerjoin(User, User.id == AuditEntry.user_id)  # fmt: skip


def _filtered(query: Select[*Ts], filters: AuditFilter) -> Select[*Ts]:
    if filters.user_id is not None:
        query = query.where(AuditEntry.user_id == filters.user_id)
    if filters.operation is not None:
        query = query.where(AuditEntry.operation == filters.operation)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= _stored(filters.since))
    if filters.until is not None:
        query = query.where(AuditEntry.at < _stored(filters.until))
    return query


def _stored(moment: datetime) -> datetime:
    """A time as the log stores it: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _row(values: Sequence[Any]) -> AuditRow:
    entry_id, at, user_id, user, operation, kind, object_id, before, after = values
    before, after = before or "{}", after or "{}"
    return AuditRow(
        id=entry_id, at=at if at.tzinfo else at.replace(tzinfo=UTC), user_id=user_id,
        user=user or "", operation=operation, action=operation_label(operation),
        object_kind=kind or "", object_id=object_id, summary=change_summary(before, after),
        before=before, after=after,
    )  # fmt: skip


def _loaded(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {"value": text}
    if isinstance(value, dict):
        return value
    return {} if value is None else {"value": value}


def _shown(value: Any) -> str:
    """A logged value in a few words: lists cut to their first items, long text elided."""
    if value in _NOTHING:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        items = [_shown(item) for item in value[:_LIST_ITEMS]]
        more = len(value) - _LIST_ITEMS
        return ", ".join(items) + (f" … (+{more})" if more > 0 else "")
    if isinstance(value, dict):
        return ", ".join(f"{k}={_shown(v)}" for k, v in list(value.items())[:_LIST_ITEMS])
    return _clipped(" ".join(str(value).split()), _VALUE_CHARS)


def _clipped(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
