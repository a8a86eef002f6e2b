"""contentless full-text index: the text is stored once, in documents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Frozen copy of the statements in storage/fts.py as they were at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_FILL = (
    "INSERT INTO doc_fts (rowid, text) "
    'SELECT s.id, substr(d.text, s.start + 1, s."end" - s.start) '
    "FROM doc_spans s JOIN documents d ON d.id = s.document_id "
    "WHERE s.kind IN ('paragraph', 'heading', 'question')"
)


def upgrade() -> None:
    op.execute("DROP TABLE doc_fts")
    op.execute(
        "CREATE VIRTUAL TABLE doc_fts USING fts5("
        "text, content = '', tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(sa.text(_FILL))


def downgrade() -> None:
    op.execute("DROP TABLE doc_fts")
    op.execute(
        "CREATE VIRTUAL TABLE doc_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(sa.text(_FILL))
