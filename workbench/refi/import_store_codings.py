"""The codings of a REFI-QDA file, stored with their coder, times and memo.

NVivo writes one selection per coding, so the same range often appears several times;
exporters may also write overlapping codings of one code by one coder. The Workbench keeps
one segment per code and coder where they overlap or touch (as applying a code does, see
``ApplyCoding``), so such codings are joined here, and a coding already in the project (same
document, code, coder and range) is not added again. A coding with no coder, or a coder the
file does not list, is recorded as "Unknown coder (<tool>)", never as the person importing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from storage.models import Code, Coding
from workbench.refi.import_context import naive_utc, stored_guid
from workbench.refi.import_report import plural, were
from workbench.refi.import_store_codes import unknown_coder

if TYPE_CHECKING:
    from workbench.refi.import_context import StoreContext
    from workbench.refi.import_model import RefiCoding
    from workbench.refi.import_offsets import PlacedText


@dataclass(frozen=True, slots=True)
class _Row:
    document_id: int
    code_id: int
    user_id: int
    start: int
    end: int
    memo: str
    coding: RefiCoding
    joined: tuple[str, ...] = ()  # REFI GUIDs of codings joined into this one


def store_codings(ctx: StoreContext, placed: list[PlacedText]) -> None:
    rows, missing_code = _rows(ctx, placed)
    if missing_code:
        ctx.report.left_out.append(
            f"{plural(missing_code, 'coding')} of codes that are not in the file's codebook "
            f"{were(missing_code)} not brought in."
        )
    rows = _without_headings(ctx, rows)
    joined = _joined(rows)
    if len(joined) < len(rows):
        n = len(rows) - len(joined)
        ctx.report.warnings.append(
            f"{plural(n, 'coding')} that repeated or overlapped another of the same code by the "
            f"same coder {were(n)} joined with it: the Workbench marks a passage once per code "
            "and coder."
        )
    fresh = _not_in_project(ctx, joined)
    _insert(ctx, fresh)


def _rows(ctx: StoreContext, placed: list[PlacedText]) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    missing_code = 0
    for item in placed:
        document_id = ctx.documents.get(item.source.guid)
        if document_id is None:
            continue
        spans = [(0, len(item.text), "", c) for c in item.source.whole_codings]
        for placed_selection in item.selections:
            selection = placed_selection.selection
            ctx.selections[selection.guid] = (
                document_id,
                placed_selection.start,
                placed_selection.end,
            )
            if placed_selection.start < placed_selection.end:
                spans.extend(
                    (placed_selection.start, placed_selection.end, selection.description, c)
                    for c in selection.codings
                )
        for start, end, memo, coding in spans:
            code_id = ctx.codes.get(coding.code_guid)
            if code_id is None:
                missing_code += 1
                continue
            user_id = ctx.users.get(coding.user_guid or "") or unknown_coder(ctx)
            memo = memo if memo.strip() else ""
            rows.append(_Row(document_id, code_id, user_id, start, end, memo, coding))
    return rows, missing_code


def _without_headings(ctx: StoreContext, rows: list[_Row]) -> list[_Row]:
    """Codings of codes that are headings in this project's codebook cannot be kept (a code
    the file marks as a heading but codes anyway was made codable when it was created)."""
    query = select(Code.id, Code.name).where(Code.is_codable.is_(False))
    headings = {int(i): str(name) for i, name in ctx.session.execute(query)}
    kept = [row for row in rows if row.code_id not in headings]
    lost = Counter(row.code_id for row in rows if row.code_id in headings)
    for code_id, n in lost.items():
        name = headings[code_id]
        if n:
            ctx.report.left_out.append(
                f"{plural(n, 'coding')} of “{name}” {were(n)} not brought in: in this project "
                "it is a heading, which cannot be applied."
            )
    return kept


def _joined(rows: list[_Row]) -> list[_Row]:
    """Codings of one code by one coder that overlap or touch, joined into one."""
    rows = sorted(rows, key=lambda r: (r.document_id, r.code_id, r.user_id, r.start, r.end))
    joined: list[_Row] = []
    for row in rows:
        last = joined[-1] if joined else None
        same = last is not None and (last.document_id, last.code_id, last.user_id) == (
            row.document_id,
            row.code_id,
            row.user_id,
        )
        if last is None or not same or row.start > last.end:
            joined.append(row)
            continue
        memos = [m for m in (last.memo, row.memo) if m]
        joined[-1] = replace(
            last,
            end=max(last.end, row.end),
            memo="\n\n".join(dict.fromkeys(memos)),
            joined=(*last.joined, row.coding.guid),
        )
    return joined


def _not_in_project(ctx: StoreContext, rows: list[_Row]) -> list[_Row]:
    """Rows whose document, code, coder and range are not coded in the project yet."""
    documents = {r.document_id for r in rows} - ctx.new_documents
    if not documents:
        return rows
    query = select(
        Coding.id, Coding.document_id, Coding.code_id, Coding.user_id, Coding.start, Coding.end
    ).where(Coding.document_id.in_(documents))
    present = {tuple(row[1:]): int(row[0]) for row in ctx.session.execute(query)}
    fresh = []
    for row in rows:
        key = (row.document_id, row.code_id, row.user_id, row.start, row.end)
        if key in present:
            for guid in (row.coding.guid, *row.joined):
                ctx.codings[guid] = present[key]
        else:
            fresh.append(row)
    already = len(rows) - len(fresh)
    if already:
        ctx.report.reused.append(
            f"{plural(already, 'coding')} {were(already)} already in the project and "
            f"{were(already)} not added again."
        )
    return fresh


def _insert(ctx: StoreContext, rows: list[_Row]) -> None:
    session = ctx.session
    taken = {str(g).lower() for g in session.scalars(select(Coding.guid))}
    next_id = int(session.scalar(select(func.coalesce(func.max(Coding.id), 0))) or 0) + 1
    values = []
    for row in rows:
        created = naive_utc(row.coding.created, ctx.now)
        values.append(
            {
                "id": next_id,
                "guid": stored_guid(row.coding.guid, taken),
                "document_id": row.document_id,
                "code_id": row.code_id,
                "start": row.start,
                "end": row.end,
                "user_id": row.user_id,
                "memo": row.memo,
                "created_at": created,
                "modified_at": naive_utc(row.coding.modified, created),
            }
        )
        for guid in (row.coding.guid, *row.joined):
            ctx.codings[guid] = next_id
        next_id += 1
    if values:
        session.execute(insert(Coding), values)
    ctx.report.codings = len(values)
