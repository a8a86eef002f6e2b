"""language tools: suggestion origin and verdicts, de-identification decisions and originals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(16), nullable=False, server_default=""))
    with op.batch_alter_table("pseudonyms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.String(32), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("source", sa.String(16), nullable=False, server_default="detected")
        )
    op.create_table(
        "suggestion_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "verdict IN ('accepted', 'rejected')", name=op.f("ck_suggestion_verdicts_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_suggestion_verdicts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["codes.id"],
            name=op.f("fk_suggestion_verdicts_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_suggestion_verdicts_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_verdicts")),
    )
    with op.batch_alter_table("suggestion_verdicts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_suggestion_verdicts_document", ["document_id", "start"], unique=False
        )
    op.create_table(
        "deid_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("replacement", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "verdict IN ('accepted', 'rejected')", name=op.f("ck_deid_decisions_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_deid_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deid_decisions_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deid_decisions")),
        sa.UniqueConstraint(
            "document_id", "start", "end", name=op.f("uq_deid_decisions_document_id")
        ),
    )
    op.create_table(
        "identifiable_originals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("original_blob", sa.LargeBinary(), nullable=True),
        sa.Column("pseudonymised_at", sa.DateTime(), nullable=False),
        sa.Column("pseudonymised_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_identifiable_originals_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pseudonymised_by"],
            ["users.id"],
            name=op.f("fk_identifiable_originals_pseudonymised_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identifiable_originals")),
        sa.UniqueConstraint("document_id", name=op.f("uq_identifiable_originals_document_id")),
    )


def downgrade() -> None:
    op.drop_table("identifiable_originals")
    op.drop_table("deid_decisions")
    with op.batch_alter_table("suggestion_verdicts", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestion_verdicts_document")
    op.drop_table("suggestion_verdicts")
    with op.batch_alter_table("pseudonyms", schema=None) as batch_op:
        batch_op.drop_column("source")
        batch_op.drop_column("label")
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_column("origin")
