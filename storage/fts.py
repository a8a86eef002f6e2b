"""The full-text index of document text (SQLite FTS5).

One row per paragraph, heading or survey answer span, with the span's id as rowid, so a hit
leads straight to its document and place. SQLAlchemy cannot model a virtual table, so the
statements live here (and, frozen, in the migration that introduced them).

The index is contentless (``content=''``): the text is already in ``documents.text``, and
storing it a second time cost an eighth of every import. A contentless table forgets what it
indexed, so removing rows means handing FTS5 the same text again (the 'delete' command);
``remove_document`` reads it from the document, so call it before the text or spans change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from collections.abc import Iterable

INDEXED_KINDS = ("paragraph", "heading", "question")

CREATE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5("
    "text, content = '', tokenize = 'unicode61 remove_diacritics 2')"
)
_INDEXED_SQL = ", ".join(f"'{kind}'" for kind in INDEXED_KINDS)


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
    """Drop a document's rows; its text and spans must still be the ones that were indexed."""
    connection.execute(
        text(
            "INSERT INTO doc_fts (doc_fts, rowid, text) "
            "SELECT 'delete', s.id, substr(d.text, s.start + 1, s.\"end\" - s.start) "
            "FROM doc_spans s JOIN documents d ON d.id = s.document_id "
            f"WHERE s.document_id = :doc AND s.kind IN ({_INDEXED_SQL})"
        ),
        {"doc": document_id},
    )


def match_span_ids(connection: Connection, query: str) -> list[int]:
    """Ids of indexed spans whose text matches an FTS5 query, in document order."""
    rows = connection.execute(
        text("SELECT rowid FROM doc_fts WHERE doc_fts MATCH :q ORDER BY rowid"), {"q": query}
    )
    return [int(r[0]) for r in rows]
