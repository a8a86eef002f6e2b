"""Writing parsed documents into the project in bulk, inside the caller's transaction.

Ids are assigned here (the import holds the only write transaction) so that spans, speakers,
the full-text index and memos can be inserted with ``executemany`` on the raw cursor: the
ORM's per-object bookkeeping would cost more than parsing the files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

from storage import fts
from storage.models import Memo, new_guid
from workbench.importers.turns import is_interviewer_name

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session

    from workbench.importers.base import ParsedDocument

_FTS_KINDS = frozenset(fts.INDEXED_KINDS)
_WORD_CHUNK = 1 << 20
_SPACE = re.compile(r"\s")


def count_words(text: str) -> int:
    """``len(text.split())`` without holding every word at once.

    A single 50 MB line split whole is ten million strings (600 MB); a chunk at a time, each
    ending at a whitespace character so no word is cut in two, stays within a few MB.
    """
    count, start = 0, 0
    while start < len(text):
        found = _SPACE.search(text, min(start + _WORD_CHUNK, len(text)))
        end = found.start() + 1 if found is not None else len(text)
        count += len(text[start:end].split())
        start = end
    return count


@dataclass
class PendingDocument:
    """A parsed document waiting to be stored, with what the import decided about it."""

    parsed: ParsedDocument
    original_name: str
    sha256: str
    kind: str
    folder: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    cases_from_speakers: bool = True
    case_name: str | None = None  # survey respondent: the whole document belongs to this case
    blob: bytes | None = None
    # Survey only, on the first document: every respondent's (case name, attributes), including
    # respondents who left every question blank and so have no document.
    respondents: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # Worked out where the document is made (the parsing thread), not in the write transaction.
    word_count: int = field(init=False)
    guid: str = field(init=False, default_factory=new_guid)
    speaker_guids: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.word_count = count_words(self.parsed.text)
        self.speaker_guids = {name: new_guid() for name in self.parsed.speakers}


class DocumentWriter:
    """Stores pending documents; one instance per import transaction."""

    def __init__(self, session: Session, user_id: int | None) -> None:
        self.session = session
        self.user_id = user_id
        raw = session.connection().connection.driver_connection
        assert raw is not None
        self.cursor: sqlite3.Cursor = raw.cursor()
        # Loaded once: a per-speaker lookup through the ORM costs more than parsing the file.
        self.case_cache: dict[str, int] = {
            str(name).casefold(): int(case_id)
            for case_id, name in self.cursor.execute("SELECT id, name FROM cases")
        }
        self.next_document = self._max("documents") + 1
        # The text form SQLAlchemy's SQLite DateTime type reads back.
        self.now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        self.next_span = self._max("doc_spans") + 1
        self._merging_paused = False
        self.next_speaker = self._max("speakers") + 1

    def _max(self, table: str) -> int:
        row = self.cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        return int(row[0])

    def write(self, item: PendingDocument) -> int:
        if not self._merging_paused:
            # Merging index segments while thousands of rows arrive costs a fifth of the
            # indexing time; merge once at the end instead (see close()).
            self.cursor.execute("INSERT INTO doc_fts (doc_fts, rank) VALUES ('automerge', 0)")
            self._merging_paused = True
        parsed = item.parsed
        document_id = self.next_document
        self.next_document += 1
        options = json.dumps(item.options | {"metadata": dict(parsed.metadata)})
        self.cursor.execute(
            "INSERT INTO documents (id, guid, name, kind, folder, text, original_name, sha256, "
            "importer, import_options, language, word_count, imported_at, imported_by, "
            "original_blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)",
            (
                document_id, item.guid, parsed.name, item.kind, item.folder, parsed.text,
                item.original_name, item.sha256, parsed.importer, options,
                item.word_count, self.now, self.user_id, item.blob,
            ),
        )  # fmt: skip
        speakers = self._write_speakers(document_id, item)
        self._write_spans(document_id, parsed, speakers)
        self._write_comments(document_id, parsed)
        if item.case_name is not None:
            case_id = self.case_for(item.case_name)
            self.cursor.execute(
                "INSERT INTO case_members (case_id, document_id) VALUES (?, ?)",
                (case_id, document_id),
            )
        return document_id

    def case_for(self, name: str) -> int:
        """Id of the case called ``name`` (any letter case), created if new."""
        key = name.casefold()
        if key not in self.case_cache:
            self.cursor.execute(
                "INSERT INTO cases (guid, name, description, created_at) VALUES (?, ?, '', ?)",
                (new_guid(), name, self.now),
            )
            self.case_cache[key] = int(self.cursor.lastrowid or 0)
        return self.case_cache[key]

    def _write_speakers(self, document_id: int, item: PendingDocument) -> dict[str, int]:
        ids: dict[str, int] = {}
        rows = []
        for name, guid in item.speaker_guids.items():
            interviewer = is_interviewer_name(name)
            case_id = None
            if item.cases_from_speakers and not interviewer:
                case_id = self.case_for(name)
            ids[name] = self.next_speaker
            rows.append((self.next_speaker, guid, document_id, name, case_id, interviewer))
            self.next_speaker += 1
        self.cursor.executemany(
            "INSERT INTO speakers (id, guid, document_id, name, case_id, is_interviewer) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return ids

    def _write_spans(
        self, document_id: int, parsed: ParsedDocument, speakers: dict[str, int]
    ) -> None:
        text = parsed.text
        rows = []
        indexed = []
        span_id = self.next_span
        for span in parsed.spans:
            speaker = speakers.get(span.speaker) if span.speaker else None
            rows.append(
                (span_id, document_id, span.start, span.end, span.kind, speaker,
                 span.time_start, span.time_end, span.label)
            )  # fmt: skip
            if span.kind in _FTS_KINDS:
                indexed.append((span_id, text[span.start : span.end]))
            span_id += 1
        self.next_span = span_id
        self.cursor.executemany(
            'INSERT INTO doc_spans (id, document_id, start, "end", kind, speaker_id, '
            "time_start, time_end, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.cursor.executemany("INSERT INTO doc_fts (rowid, text) VALUES (?, ?)", indexed)

    def _write_comments(self, document_id: int, parsed: ParsedDocument) -> None:
        for comment in parsed.comments:
            self.session.execute(
                insert(Memo).values(
                    kind="document",
                    target_id=document_id,
                    title=f"Comment by {comment.author}" if comment.author else "Comment",
                    text=comment.text,
                    anchor_start=comment.start,
                    anchor_end=comment.end,
                    author_id=self.user_id,
                )
            )

    def close(self) -> None:
        if self._merging_paused:
            self.cursor.execute("INSERT INTO doc_fts (doc_fts, rank) VALUES ('automerge', 4)")
        self.cursor.close()
