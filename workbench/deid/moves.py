"""Moving everything that points into a document's text when the text is rewritten.

Codings, structure spans (paragraphs, turns, questions), anchored document memos and answers
to code suggestions all hold ``[start, end)`` offsets. :func:`capture` records them,
:func:`move_all` moves them through a :class:`coding.remap.OffsetMap`, and :func:`put_back`
restores the recorded offsets for undo. Ids never change, so links to codings and spans (NASSS
evidence, framework cells, case members, reviews) need no move. :func:`unindex` (before the
change) and :func:`index` (after it) rebuild the document's full-text rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from storage import fts
from storage.models import Coding, DocSpan, Memo, SuggestionVerdict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coding.remap import OffsetMap

# (model, start column, end column): every table with offsets into a document's text.
_TABLES: dict[str, tuple[Any, str, str]] = {
    "codings": (Coding, "start", "end"),
    "spans": (DocSpan, "start", "end"),
    "memos": (Memo, "anchor_start", "anchor_end"),
    "verdicts": (SuggestionVerdict, "start", "end"),
}


@dataclass
class Positions:
    """``id -> (start, end)`` per table for one document, and each coding's code."""

    document_id: int
    rows: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)
    coding_codes: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Moved:
    """What moving one document's offsets changed."""

    codings: frozenset[int]  # codings whose offsets changed
    lost: tuple[tuple[int, int, int], ...]  # (coding id, new start, new end): only a pseudonym
    memos: frozenset[int]


def capture(session: Session, document_id: int) -> Positions:
    positions = Positions(document_id)
    for name, (model, start, end) in _TABLES.items():
        query = select(model.id, getattr(model, start), getattr(model, end))
        if model is Memo:
            query = query.where(
                Memo.kind == "document",
                Memo.target_id == document_id,
                Memo.anchor_start.is_not(None),
                Memo.anchor_end.is_not(None),
            )
        else:
            query = query.where(model.document_id == document_id)
        positions.rows[name] = {int(i): (int(s), int(e)) for i, s, e in session.execute(query)}
    codes = select(Coding.id, Coding.code_id).where(Coding.document_id == document_id)
    positions.coding_codes = {int(i): int(c) for i, c in session.execute(codes)}
    return positions


def move_all(session: Session, positions: Positions, offsets: OffsetMap) -> Moved:
    """Move every recorded row through ``offsets``; codings left covering only a replacement
    come back in ``Moved.lost`` (a coding is never removed here)."""
    changed: dict[str, list[int]] = {}
    lost: list[tuple[int, int, int]] = []
    for name, (model, start_column, end_column) in _TABLES.items():
        updates = []
        for row_id, (start, end) in positions.rows[name].items():
            moved = offsets.move(start, end)
            if name == "codings" and moved.lost:
                lost.append((row_id, moved.start, moved.end))
            if (moved.start, moved.end) != (start, end):
                updates.append({"id": row_id, start_column: moved.start, end_column: moved.end})
        _write(session, model, updates)
        changed[name] = [u["id"] for u in updates]
    return Moved(frozenset(changed["codings"]), tuple(lost), frozenset(changed["memos"]))


def put_back(session: Session, positions: Positions) -> None:
    """Restore the offsets :func:`capture` recorded."""
    for name, (model, start_column, end_column) in _TABLES.items():
        rows = positions.rows[name].items()
        _write(session, model, [{"id": i, start_column: s, end_column: e} for i, (s, e) in rows])


def _write(session: Session, model: Any, updates: list[dict[str, int]]) -> None:
    if updates:  # ORM bulk update by primary key: one executemany
        session.execute(update(model), updates)


def unindex(session: Session, document_id: int) -> None:
    """Drop the document's full-text rows. The index is contentless: FTS5 is handed the text
    it indexed, so call this while the old text and spans are still in place."""
    fts.remove_document(session.connection(), document_id)


def index(session: Session, document_id: int, text: str) -> None:
    """Full-text rows for the document's spans as they are now, taken from ``text``."""
    spans = session.execute(
        select(DocSpan.id, DocSpan.start, DocSpan.end).where(
            DocSpan.document_id == document_id, DocSpan.kind.in_(fts.INDEXED_KINDS)
        )
    )
    fts.add_rows(session.connection(), [(int(i), text[s:e]) for i, s, e in spans])
