"""The project file's tables as typed SQLAlchemy 2 models.

One SQLite file per project. Every table has an integer primary key; every object that is
exported (REFI-QDA, review packs, merges) also carries a stable ``guid``. The full-text index
``doc_fts`` is an FTS5 virtual table that SQLAlchemy cannot describe; it is created by
``storage.fts`` and by the second migration.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints: Alembic's batch mode on SQLite can only alter constraints that have names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_guid() -> str:
    """A GUID in the upper-case form REFI-QDA writes."""
    return str(uuid.uuid4()).upper()


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _guid() -> Mapped[str]:
    return mapped_column(String(36), default=new_guid, unique=True)


def _created() -> Mapped[datetime]:
    return mapped_column(default=utc_now)


class ProjectInfo(Base):
    __tablename__ = "project_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    method_notes: Mapped[str] = mapped_column(Text, default="")
    schema_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = _created()
    modified_at: Mapped[datetime] = _created()


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('researcher', 'lead', 'reviewer', 'machine')", name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(Text)
    initials: Mapped[str] = mapped_column(String(16), default="")
    role: Mapped[str] = mapped_column(String(16), default="researcher")
    created_at: Mapped[datetime] = _created()


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("kind IN ('transcript', 'notes', 'survey', 'other')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    folder: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    importer: Mapped[str] = mapped_column(String(32), default="")
    import_options: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    language: Mapped[str] = mapped_column(String(16), default="en")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = _created()
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    original_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    pseudonymised_from: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()


class Speaker(Base):
    __tablename__ = "speakers"
    __table_args__ = (UniqueConstraint("document_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    is_interviewer: Mapped[bool] = mapped_column(Boolean, default=False)


class DocSpan(Base):
    __tablename__ = "doc_spans"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" >= start', name="range"),
        Index("ix_doc_spans_document_start", "document_id", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # paragraph | heading | turn | question | table
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    time_start: Mapped[float | None] = mapped_column(Float)
    time_end: Mapped[float | None] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(Text)


class Attribute(Base):
    __tablename__ = "attributes"
    __table_args__ = (CheckConstraint("type IN ('text', 'number', 'date', 'choice')", name="type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(Text, unique=True)
    type: Mapped[str] = mapped_column(String(16), default="text")
    choices: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, for type 'choice'
    position: Mapped[int] = mapped_column(Integer, default=0)


class CaseValue(Base):
    __tablename__ = "case_values"
    __table_args__ = (UniqueConstraint("case_id", "attribute_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attributes.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class CaseMember(Base):
    """A whole document (span_id NULL) or one span of it belongs to a case."""

    __tablename__ = "case_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    span_id: Mapped[int | None] = mapped_column(ForeignKey("doc_spans.id", ondelete="CASCADE"))


class Code(Base):
    __tablename__ = "codes"
    __table_args__ = (Index("ix_codes_framework_key", "framework", "framework_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(9), default="#0072B2")
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="")  # one per line
    guidance: Mapped[str] = mapped_column(Text, default="{}")  # JSON, e.g. NASSS complexity
    citation: Mapped[str] = mapped_column(Text, default="")
    framework: Mapped[str] = mapped_column(String(64), default="")
    framework_key: Mapped[str] = mapped_column(String(64), default="")
    is_codable: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class Coding(Base):
    __tablename__ = "codings"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="range"),
        Index("ix_codings_document_start", "document_id", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = _created()
    modified_at: Mapped[datetime] = _created()
    memo: Mapped[str] = mapped_column(Text, default="")
    # "" for a person's own coding; "keywords" or "classifier" for an accepted suggestion.
    origin: Mapped[str] = mapped_column(String(16), default="", server_default="")


class Memo(Base):
    """A memo; ``target_id`` points at the row its ``kind`` names (document, code, case...)."""

    __tablename__ = "memos"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('project', 'document', 'code', 'case', 'coding', 'journal', "
            "'recommendation')",
            name="kind",
        ),
        Index("ix_memos_kind_target", "kind", "target_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  # Markdown
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None] = mapped_column(Integer)
    anchor_start: Mapped[int | None] = mapped_column(Integer)  # a comment on part of a document
    anchor_end: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    modified_at: Mapped[datetime] = _created()


class NasssRating(Base):
    __tablename__ = "nasss_ratings"
    __table_args__ = (
        CheckConstraint(
            "rating IN ('simple', 'complicated', 'complex', 'not_assessed')", name="rating"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    domain_key: Mapped[str] = mapped_column(String(16))
    rating: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text, default="")
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rated_at: Mapped[datetime] = _created()


class NasssEvidence(Base):
    __tablename__ = "nasss_evidence"
    __table_args__ = (UniqueConstraint("rating_id", "coding_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("nasss_ratings.id", ondelete="CASCADE"))
    coding_id: Mapped[int] = mapped_column(ForeignKey("codings.id", ondelete="CASCADE"), index=True)


class FrameworkCell(Base):
    __tablename__ = "framework_cells"
    __table_args__ = (UniqueConstraint("case_id", "code_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    modified_at: Mapped[datetime] = _created()


class FrameworkCellCoding(Base):
    __tablename__ = "framework_cell_codings"
    __table_args__ = (UniqueConstraint("cell_id", "coding_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("framework_cells.id", ondelete="CASCADE"))
    coding_id: Mapped[int] = mapped_column(ForeignKey("codings.id", ondelete="CASCADE"), index=True)


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("target_kind IN ('coding', 'code', 'document')", name="target_kind"),
        CheckConstraint("verdict IN ('agree', 'disagree', 'unsure')", name="verdict"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    suggested_code: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]


class Pseudonym(Base):
    """Identifiable string -> replacement. Never exported."""

    __tablename__ = "pseudonyms"
    id: Mapped[int] = mapped_column(primary_key=True)
    original: Mapped[str] = mapped_column(Text, unique=True)
    replacement: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(32), default="", server_default="")  # e.g. PERSON
    # "user" for a name the researcher added (searched for in every document), else "detected".
    source: Mapped[str] = mapped_column(String(16), default="detected", server_default="detected")


class SuggestionVerdict(Base):
    """A person's answer to a machine suggestion, so a rejected one is never offered again."""

    __tablename__ = "suggestion_verdicts"
    __table_args__ = (
        CheckConstraint("verdict IN ('accepted', 'rejected')", name="verdict"),
        Index("ix_suggestion_verdicts_document", "document_id", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    verdict: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="")  # keywords | classifier
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = _created()


class DeidDecision(Base):
    """A reviewer's answer to one detection of identifying text, until it is applied."""

    __tablename__ = "deid_decisions"
    __table_args__ = (
        CheckConstraint("verdict IN ('accepted', 'rejected')", name="verdict"),
        UniqueConstraint("document_id", "start", "end"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    verdict: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(32), default="")
    replacement: Mapped[str] = mapped_column(Text, default="")  # "" means the map's choice
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = _created()


class IdentifiableOriginal(Base):
    """The text a pseudonymised document had before, kept only when the researcher chose to."""

    __tablename__ = "identifiable_originals"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    original_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    pseudonymised_at: Mapped[datetime] = _created()
    pseudonymised_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class AuditEntry(Base):
    """Append-only record of every operation: ids and values, never transcript text."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = _created()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    operation: Mapped[str] = mapped_column(String(64))
    object_kind: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    after: Mapped[str] = mapped_column(Text, default="{}")  # JSON
