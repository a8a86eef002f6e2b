"""The full-text index of document text (SQLite FTS5).

One row per paragraph, heading or survey answer span, with the span's id as rowid, so a hit
leads straight to its document and place. SQLAlchemy cannot model a virtual table, so the
statements live here (and, frozen, in the migration that introduced them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from collections.abc import Iterable

INDEXED_KINDS = ("paragraph", "heading", "question")

CREATE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 2')"
)


def is_fts_table(name: str | None) -> bool:
    """The index and the shadow tables FTS5 makes for it (Alembic must leave them alone)."""
    return bool(name) and str(name).startswith("doc_fts")


def include_in_autogenerate(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ == "table" and is_fts_table(name))


def create_index(connection: Connection) -> None:
    connection.execute(text(CREATE_SQL))


def add_rows(connection: Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index ``(span_id, text)`` pairs."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.executemany("INSERT INTO doc_fts (rowid, text) VALUES (?, ?)", rows)
    cursor.close()


def remove_document(connection: Connection, document_id: int) -> None:
    connection.execute(
        text(
            "DELETE FROM doc_fts WHERE rowid IN (SELECT id FROM doc_spans WHERE document_id = :doc)"
        ),
        {"doc": document_id},
    )


def match_span_ids(connection: Connection, query: str) -> list[int]:
    """Ids of indexed spans whose text matches an FTS5 query, in document order."""
    rows = connection.execute(
        text("SELECT rowid FROM doc_fts WHERE doc_fts MATCH :q ORDER BY rowid"), {"q": query}
    )
    return [int(r[0]) for r in rows]
