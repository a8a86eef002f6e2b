"""The import job: read and parse every file first, then store them all in one transaction.

Parsing happens outside the transaction, so a file that fails is reported and the batch goes
on; nothing is written until every file has been read, so Cancel (or a crash) leaves the
project exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Document
from workbench.importers.base import ImportFailure
from workbench.importers.registry import SURVEY_SUFFIXES, parser_for
from workbench.importers.safety import MAX_FILE_BYTES
from workbench.importing.parse_processes import parsed_in_a_process, worth_a_process
from workbench.importing.store import DocumentWriter, PendingDocument
from workbench.importing.survey_store import SurveyColumns, pending_survey, store_survey_codes
from workbench.progress import Cancelled, Progress

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from sqlalchemy.orm import Session

    from workbench.project import Project

KINDS = ("transcript", "notes", "survey", "other")
_log = logging.getLogger(__name__)


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


def readable_name(name: str) -> str:
    """A file name as text SQLite can store and a person can read.

    A name that is not UTF-8 on disk ("caf\\xe9.txt" unpacked from a Windows zip) reaches
    Python as lone surrogates, which SQLite refuses: the whole batch failed with a
    UnicodeEncodeError. Such bytes become U+FFFD, control characters (a newline, an escape
    sequence) a space.
    """
    text = os.fsencode(name).decode("utf-8", errors="replace")
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def _parse(path: Path, data: bytes, sha: str, options: ImportOptions) -> list[PendingDocument]:
    path = path.with_name(readable_name(path.name))
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


# A parsed file, or the reason it was skipped or failed.
_Outcome = tuple[Path, list[PendingDocument] | None, str | None, str | None]
_QUEUE_DEPTH = 8  # parsed files waiting to be written: bounds memory on big batches


def _read_and_parse(
    path: Path, options: ImportOptions, known: set[str]
) -> tuple[list[PendingDocument] | None, str | None, str | None]:
    """(documents, skipped reason, failure reason) for one file."""
    try:
        data = read_source(path)
        sha = hashlib.sha256(data).hexdigest()
        if sha in known:
            return None, "is already in the project (same content)", None
        known.add(sha)
        return _parse(path, data, sha, options), None, None
    except ImportFailure as exc:
        return None, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a library choking on a hostile file
        # The researcher gets plain words, not a class name; the log gets the class name
        # (never the file's name or text) for a bug report.
        _log.warning("an importer failed on a %s file: %s", path.suffix, type(exc).__name__)
        return None, None, _unreadable(path)


def read_and_parse_unchecked(
    path: Path, options: ImportOptions
) -> tuple[str | None, list[PendingDocument] | None, str | None]:
    """(sha256, documents, failure reason) for one file, without the duplicate check (the
    caller does it, in order); used by the parsing process."""
    try:
        data = read_source(path)
    except ImportFailure as exc:
        return None, None, str(exc)
    sha = hashlib.sha256(data).hexdigest()
    try:
        return sha, _parse(path, data, sha, options), None
    except ImportFailure as exc:
        return sha, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a library choking on a hostile file
        _log.warning("an importer failed on a %s file: %s", path.suffix, type(exc).__name__)
        return sha, None, _unreadable(path)


def _unreadable(path: Path) -> str:
    suffix = path.suffix.lower()
    return f"could not be read: it may be damaged, or not really a {suffix} file"


def _parsed_in_background(
    paths: Sequence[Path],
    options: Callable[[Path], ImportOptions],
    known: set[str],
    progress: Progress,
) -> Iterator[_Outcome]:
    """Parse on a second thread while the caller writes the previous file.

    Parsing is Python work that holds the GIL; SQLite releases it while it inserts and
    indexes, so the two overlap on a second core. The queue is bounded to keep memory flat.
    """
    results: queue.Queue[_Outcome | None] = queue.Queue(maxsize=_QUEUE_DEPTH)
    stop = threading.Event()

    def produce() -> None:
        try:
            for path in paths:
                if stop.is_set() or progress.cancelled:
                    break
                documents, skipped, failed = _read_and_parse(path, options(path), known)
                results.put((path, documents, skipped, failed))
        finally:
            results.put(None)

    worker = threading.Thread(target=produce, name="import-parser", daemon=True)
    worker.start()
    try:
        while (item := results.get()) is not None:
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                results.get(timeout=0.05)
        worker.join()


def import_files(
    project: Project,
    paths: Sequence[Path],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    *,
    per_file: Mapping[Path, ImportOptions] | None = None,
) -> ImportReport:
    """Import ``paths`` in one transaction: all the files that could be read, or nothing.

    Unreadable files are reported and the rest go in; Cancel rolls everything back.
    ``per_file`` gives some files their own options (a survey's column mapping, say).
    """
    default = options or ImportOptions()
    chosen = dict(per_file or {})
    progress = progress or Progress()
    for each in (default, *chosen.values()):
        if each.kind is not None and each.kind not in KINDS:
            raise ImportFailure(f"“{each.kind}” is not a document kind ({', '.join(KINDS)})")
    report = ImportReport()
    with project.reading() as session:
        hashes = session.scalars(select(Document.sha256).where(Document.sha256.is_not(None)))
        known = {sha for sha in hashes if sha}
    progress.start(len(paths), "Reading files")
    try:
        with project.transaction() as session:
            reader = parsed_in_a_process if worth_a_process(paths) else _parsed_in_background
            outcomes = reader(paths, lambda path: chosen.get(path, default), known, progress)
            _store_all(project, session, outcomes, report, progress)
    except Cancelled:
        return ImportReport(cancelled=True)
    project.forget_documents(set(report.document_ids))  # new ids may be ones undo freed
    return report


def _store_all(
    project: Project,
    session: Session,
    outcomes: Iterator[_Outcome],
    report: ImportReport,
    progress: Progress,
) -> None:
    writer = DocumentWriter(session, project.user_id)
    try:
        for path, items, skipped, failed in outcomes:
            progress.check()
            progress.advance(label=f"Importing {path.name}")
            if skipped is not None:
                report.skipped.append((path, skipped))
            elif failed is not None or items is None:
                report.failed.append((path, failed or "could not be read"))
            else:
                ids = [writer.write(item) for item in items]
                if items[0].kind == "survey":
                    store_survey_codes(session, writer, items, ids, project.user_id)
                report.imported.append((path, ids))
        progress.check()
    finally:
        writer.close()
    if report.imported:
        files = [readable_name(p.name) for p, _ in report.imported]
        project.audit(session, "ImportFiles", {"files": files, "documents": report.document_ids})
