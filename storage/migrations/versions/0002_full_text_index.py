"""full-text index of paragraph, heading and answer spans (FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Frozen copy of the statements in storage/fts.py as they were at this revision; fills the
index from the document text of any spans already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE doc_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        sa.text(
            "INSERT INTO doc_fts (rowid, text) "
            'SELECT s.id, substr(d.text, s.start + 1, s."end" - s.start) '
            "FROM doc_spans s JOIN documents d ON d.id = s.document_id "
            "WHERE s.kind IN ('paragraph', 'heading', 'question')"
        )
    )


def downgrade() -> None:
    op.execute("DROP TABLE doc_fts")
