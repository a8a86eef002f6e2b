"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 13:27:17.947762
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attributes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "type IN ('text', 'number', 'date', 'choice')", name=op.f("ck_attributes_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributes")),
        sa.UniqueConstraint("guid", name=op.f("uq_attributes_guid")),
        sa.UniqueConstraint("name", name=op.f("uq_attributes_name")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("guid", name=op.f("uq_cases_guid")),
        sa.UniqueConstraint("name", name=op.f("uq_cases_name")),
    )
    op.create_table(
        "project_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("method_notes", sa.Text(), nullable=False),
        sa.Column("schema_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_info")),
        sa.UniqueConstraint("guid", name=op.f("uq_project_info_guid")),
    )
    op.create_table(
        "pseudonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("replacement", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonyms")),
        sa.UniqueConstraint("original", name=op.f("uq_pseudonyms_original")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("initials", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('researcher', 'lead', 'reviewer', 'machine')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("guid", name=op.f("uq_users_guid")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("object_kind", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "case_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("attribute_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attribute_id"],
            ["attributes.id"],
            name=op.f("fk_case_values_attribute_id_attributes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_values_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_values")),
        sa.UniqueConstraint("case_id", "attribute_id", name=op.f("uq_case_values_case_id")),
    )
    with op.batch_alter_table("case_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_values_attribute_id"), ["attribute_id"], unique=False
        )

    op.create_table(
        "codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=9), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("inclusion", sa.Text(), nullable=False),
        sa.Column("exclusion", sa.Text(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("framework_key", sa.String(length=64), nullable=False),
        sa.Column("is_codable", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_codes_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["codes.id"], name=op.f("fk_codes_parent_id_codes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codes")),
        sa.UniqueConstraint("guid", name=op.f("uq_codes_guid")),
    )
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_codes_framework_key", ["framework", "framework_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_codes_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("importer", sa.String(length=32), nullable=False),
        sa.Column("import_options", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("original_blob", sa.LargeBinary(), nullable=True),
        sa.Column("pseudonymised_from", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('transcript', 'notes', 'survey', 'other')", name=op.f("ck_documents_kind")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"],
            ["users.id"],
            name=op.f("fk_documents_imported_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pseudonymised_from"],
            ["documents.id"],
            name=op.f("fk_documents_pseudonymised_from_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("guid", name=op.f("uq_documents_guid")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "memos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("anchor_start", sa.Integer(), nullable=True),
        sa.Column("anchor_end", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('project', 'document', 'code', 'case', 'coding', 'journal', 'recommendation')",
            name=op.f("ck_memos_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_memos_author_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memos")),
        sa.UniqueConstraint("guid", name=op.f("uq_memos_guid")),
    )
    with op.batch_alter_table("memos", schema=None) as batch_op:
        batch_op.create_index("ix_memos_kind_target", ["kind", "target_id"], unique=False)

    op.create_table(
        "nasss_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("domain_key", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "rating IN ('simple', 'complicated', 'complex', 'not_assessed')",
            name=op.f("ck_nasss_ratings_rating"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_nasss_ratings_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["users.id"],
            name=op.f("fk_nasss_ratings_rater_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nasss_ratings")),
        sa.UniqueConstraint("guid", name=op.f("uq_nasss_ratings_guid")),
    )
    with op.batch_alter_table("nasss_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nasss_ratings_case_id"), ["case_id"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("suggested_code", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "target_kind IN ('coding', 'code', 'document')", name=op.f("ck_reviews_target_kind")
        ),
        sa.CheckConstraint(
            "verdict IN ('agree', 'disagree', 'unsure')", name=op.f("ck_reviews_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["users.id"],
            name=op.f("fk_reviews_resolved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name=op.f("fk_reviews_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("guid", name=op.f("uq_reviews_guid")),
    )
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_codings_range")),
        sa.ForeignKeyConstraint(
            ["code_id"], ["codes.id"], name=op.f("fk_codings_code_id_codes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_codings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_codings_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codings")),
        sa.UniqueConstraint("guid", name=op.f("uq_codings_guid")),
    )
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_codings_code_id"), ["code_id"], unique=False)
        batch_op.create_index("ix_codings_document_start", ["document_id", "start"], unique=False)
        batch_op.create_index(batch_op.f("ix_codings_user_id"), ["user_id"], unique=False)

    op.create_table(
        "framework_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_framework_cells_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_framework_cells_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["codes.id"],
            name=op.f("fk_framework_cells_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_cells")),
        sa.UniqueConstraint("case_id", "code_id", name=op.f("uq_framework_cells_case_id")),
    )
    with op.batch_alter_table("framework_cells", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_cells_code_id"), ["code_id"], unique=False)

    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("is_interviewer", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_speakers_case_id_cases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_speakers_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
        sa.UniqueConstraint("document_id", "name", name=op.f("uq_speakers_document_id")),
        sa.UniqueConstraint("guid", name=op.f("uq_speakers_guid")),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speakers_case_id"), ["case_id"], unique=False)

    op.create_table(
        "doc_spans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("time_start", sa.Float(), nullable=True),
        sa.Column("time_end", sa.Float(), nullable=True),
        sa.Column("label", sa.Text(), nullable=True),
        sa.CheckConstraint('start >= 0 AND "end" >= start', name=op.f("ck_doc_spans_range")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_doc_spans_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_doc_spans_speaker_id_speakers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doc_spans")),
    )
    with op.batch_alter_table("doc_spans", schema=None) as batch_op:
        batch_op.create_index("ix_doc_spans_document_start", ["document_id", "start"], unique=False)

    op.create_table(
        "framework_cell_codings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cell_id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cell_id"],
            ["framework_cells.id"],
            name=op.f("fk_framework_cell_codings_cell_id_framework_cells"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coding_id"],
            ["codings.id"],
            name=op.f("fk_framework_cell_codings_coding_id_codings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_cell_codings")),
        sa.UniqueConstraint("cell_id", "coding_id", name=op.f("uq_framework_cell_codings_cell_id")),
    )
    with op.batch_alter_table("framework_cell_codings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_framework_cell_codings_coding_id"), ["coding_id"], unique=False
        )

    op.create_table(
        "nasss_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coding_id"],
            ["codings.id"],
            name=op.f("fk_nasss_evidence_coding_id_codings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["nasss_ratings.id"],
            name=op.f("fk_nasss_evidence_rating_id_nasss_ratings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nasss_evidence")),
        sa.UniqueConstraint("rating_id", "coding_id", name=op.f("uq_nasss_evidence_rating_id")),
    )
    with op.batch_alter_table("nasss_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nasss_evidence_coding_id"), ["coding_id"], unique=False
        )

    op.create_table(
        "case_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("span_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_members_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_case_members_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["span_id"],
            ["doc_spans.id"],
            name=op.f("fk_case_members_span_id_doc_spans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_members")),
    )
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_members_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_members_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_members_document_id"))
        batch_op.drop_index(batch_op.f("ix_case_members_case_id"))

    op.drop_table("case_members")
    with op.batch_alter_table("nasss_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nasss_evidence_coding_id"))

    op.drop_table("nasss_evidence")
    with op.batch_alter_table("framework_cell_codings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_cell_codings_coding_id"))

    op.drop_table("framework_cell_codings")
    with op.batch_alter_table("doc_spans", schema=None) as batch_op:
        batch_op.drop_index("ix_doc_spans_document_start")

    op.drop_table("doc_spans")
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speakers_case_id"))

    op.drop_table("speakers")
    with op.batch_alter_table("framework_cells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_cells_code_id"))

    op.drop_table("framework_cells")
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codings_user_id"))
        batch_op.drop_index("ix_codings_document_start")
        batch_op.drop_index(batch_op.f("ix_codings_code_id"))

    op.drop_table("codings")
    op.drop_table("reviews")
    with op.batch_alter_table("nasss_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nasss_ratings_case_id"))

    op.drop_table("nasss_ratings")
    with op.batch_alter_table("memos", schema=None) as batch_op:
        batch_op.drop_index("ix_memos_kind_target")

    op.drop_table("memos")
    op.drop_table("documents")
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codes_parent_id"))
        batch_op.drop_index("ix_codes_framework_key")

    op.drop_table("codes")
    with op.batch_alter_table("case_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_values_attribute_id"))

    op.drop_table("case_values")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("pseudonyms")
    op.drop_table("project_info")
    op.drop_table("cases")
    op.drop_table("attributes")
