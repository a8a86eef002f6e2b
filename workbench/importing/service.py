"""The import job: read and parse every file first, then store them all in one transaction.

Parsing happens outside the transaction, so a file that fails is reported and the batch goes
on; nothing is written until every file has been read, so Cancel (or a crash) leaves the
project exactly as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Document
from workbench.importers.base import ImportFailure
from workbench.importers.registry import SURVEY_SUFFIXES, parser_for
from workbench.importers.safety import MAX_FILE_BYTES
from workbench.importing.store import DocumentWriter, PendingDocument
from workbench.importing.survey_store import SurveyColumns, pending_survey, store_survey_codes
from workbench.progress import Progress

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from workbench.project import Project

KINDS = ("transcript", "notes", "survey", "other")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    kind: str | None = None  # None: transcript when speaker turns are found, else notes
    cases_from_speakers: bool = True  # each participant (not the interviewer) becomes a case
    folder: str = ""
    keep_original: bool = False
    survey: SurveyColumns | None = None  # None: the columns are guessed


@dataclass
class ImportReport:
    imported: list[tuple[Path, list[int]]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # duplicates
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def document_ids(self) -> list[int]:
        return [doc for _, ids in self.imported for doc in ids]


def read_source(path: Path) -> bytes:
    """The file's bytes, or a plain-words failure (missing, folder, empty, too large)."""
    if not path.exists():
        raise ImportFailure("does not exist")
    if path.is_dir():
        raise ImportFailure("is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailure("is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise ImportFailure(f"is too large to import ({size // 2**20} MB; the limit is {limit} MB)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"cannot be read ({exc.strerror})") from None


def _parse(path: Path, data: bytes, sha: str, options: ImportOptions) -> list[PendingDocument]:
    suffix = path.suffix.lower()
    if suffix in SURVEY_SUFFIXES:
        return pending_survey(path, data, sha, options.survey)
    parsed = parser_for(suffix)(data, path.stem)
    return [
        PendingDocument(
            parsed=parsed,
            original_name=path.name,
            sha256=sha,
            kind=options.kind or parsed.kind,
            folder=options.folder,
            options={"kind": options.kind, "cases_from_speakers": options.cases_from_speakers},
            cases_from_speakers=options.cases_from_speakers,
            blob=data if options.keep_original else None,
        )
    ]


def import_files(
    project: Project,
    paths: Sequence[Path],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    options = options or ImportOptions()
    progress = progress or Progress()
    if options.kind is not None and options.kind not in KINDS:
        raise ImportFailure(f"“{options.kind}” is not a document kind ({', '.join(KINDS)})")
    report = ImportReport()
    with project.reading() as session:
        known = set(session.scalars(select(Document.sha256).where(Document.sha256.is_not(None))))
    pending: list[tuple[Path, list[PendingDocument]]] = []
    progress.start(len(paths) + 1, "Reading files")
    for path in paths:
        if progress.cancelled:
            report.cancelled = True
            return report
        progress.advance(label=f"Reading {path.name}")
        try:
            data = read_source(path)
            sha = hashlib.sha256(data).hexdigest()
            if sha in known:
                report.skipped.append((path, "is already in the project (same content)"))
                continue
            known.add(sha)
            pending.append((path, _parse(path, data, sha, options)))
        except ImportFailure as exc:
            report.failed.append((path, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a library choking on a hostile file
            report.failed.append((path, f"could not be read ({exc.__class__.__name__})"))
    if progress.cancelled:
        report.cancelled = True
        return report
    if pending:
        progress.advance(label="Saving")
        _store(project, pending, report)
    return report


def _store(
    project: Project, pending: list[tuple[Path, list[PendingDocument]]], report: ImportReport
) -> None:
    with project.transaction() as session:
        writer = DocumentWriter(session, project.user_id)
        try:
            for path, items in pending:
                ids = [writer.write(item) for item in items]
                if items and items[0].kind == "survey":
                    store_survey_codes(session, writer, items, ids, project.user_id)
                report.imported.append((path, ids))
        finally:
            writer.close()
        project.audit(
            session,
            "ImportFiles",
            {"files": [p.name for p, _ in pending], "documents": report.document_ids},
        )
