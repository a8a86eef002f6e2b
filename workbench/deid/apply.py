"""Applying de-identification: each chosen document rewritten with its accepted detections.

One undoable :class:`ApplyDeidentification` step for all the chosen documents. For each, the
accepted detections become edits (:func:`coding.remap.remap`); every coding, span, memo anchor
and suggestion answer moves to the new offsets (:mod:`workbench.deid.moves`); the full-text rows
are rebuilt; the word count is updated; the document's review answers are removed (they point
into the old text); and the identifiable original is either kept in ``identifiable_originals``
(text and source file) or deleted. Either way the source file leaves ``documents``.

Deleting runs with ``PRAGMA secure_delete=ON`` so SQLite overwrites the freed pages, and the
full-text index is optimised so no deleted word lingers in it; :func:`apply_deidentification`
then checkpoints the write-ahead log. Backups made before (``PROJECT.qwb.backups/``) still hold
the identifiable text: the caller must say so.

A coding whose whole text was replaced is kept on its replacement and reported in
:attr:`ApplyReport.lost`; none is ever dropped. New strings get their replacement in the
pseudonym map (the one the review showed, if no other string took it meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, text, update

from coding.remap import Edit, remap
from storage.models import DeidDecision, Document, IdentifiableOriginal, Pseudonym
from workbench.changes import Changes
from workbench.commands import Command
from workbench.deid import moves
from workbench.deid.decisions import ACCEPTED, decisions_for
from workbench.deid.pseudonym_map import PseudonymMap
from workbench.deid.report import DELETED, KEPT, ApplyReport, LostCoding
from workbench.errors import OperationError
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.orm import Session

    from workbench.deid.detect import Detection
    from workbench.project import Project


@dataclass
class _Before:
    """One document as it was, for undo."""

    text: str
    word_count: int
    blob: bytes | None
    positions: moves.Positions


class ApplyDeidentification(Command):
    """Rewrite ``document_ids`` with the accepted ones among ``detections`` (see the module)."""

    object_kind = "document"

    def __init__(
        self,
        document_ids: Collection[int],
        detections: Sequence[Detection],
        *,
        keep_original: bool,
        user_id: int | None,
    ) -> None:
        self.document_ids = tuple(sorted(set(document_ids)))
        self.detections = sorted(detections, key=lambda d: (d.document_id, d.start))
        self.keep_original = keep_original
        self.user_id = user_id
        count = len(self.document_ids)
        self.label = f"De-identify {count} document{'' if count == 1 else 's'}"
        self.before: dict[int, _Before] = {}
        self.decisions: list[Row] = []
        self.originals_removed: list[Row] = []
        self.originals_added: list[int] = []
        self.pseudonyms_added: list[int] = []
        self.report: ApplyReport | None = None

    # ------------------------------------------------------------------ do
    def do(self, session: Session) -> Changes:
        stray = {d.document_id for d in self.detections} - set(self.document_ids)
        if not self.document_ids or stray:
            raise OperationError("Choose the documents to de-identify, with their detections")
        previous = session.execute(text("PRAGMA secure_delete")).scalar()
        session.execute(text("PRAGMA secure_delete = ON"))
        try:
            return self._do(session)
        finally:
            session.execute(text(f"PRAGMA secure_delete = {int(previous or 0)}"))

    def _do(self, session: Session) -> Changes:
        documents = self._load(session)
        decided = decisions_for(session, self.document_ids)
        pseudonyms = PseudonymMap.load(session)
        edits = {d: self._edits(d, documents[d][0], decided, pseudonyms) for d in documents}
        self.pseudonyms_added = self._store_pseudonyms(session, pseudonyms)
        self.decisions = list(decided.values())
        delete_ids(session, DeidDecision, [r["id"] for r in self.decisions])
        self._set_originals_aside(session, documents)
        moved: set[int] = set()
        memos: set[int] = set()
        lost: list[LostCoding] = []
        self.before = {}
        for document_id, (old_text, word_count, blob) in documents.items():
            positions = moves.capture(session, document_id)
            self.before[document_id] = _Before(old_text, word_count, blob, positions)
            moves.unindex(session, document_id)
            result = remap(old_text, edits[document_id])
            done = moves.move_all(session, positions, result.offsets)
            self._write_text(session, document_id, result.text, blob=None)
            moved |= done.codings
            memos |= done.memos
            lost += [
                LostCoding(i, document_id, positions.coding_codes[i], s, e) for i, s, e in done.lost
            ]
        if not self.keep_original:
            session.execute(text("INSERT INTO doc_fts (doc_fts) VALUES ('optimize')"))
        self.report = ApplyReport(
            self.document_ids,
            sum(map(len, edits.values())),
            KEPT if self.keep_original else DELETED,
            frozenset(moved),
            tuple(lost),
            len(self.pseudonyms_added),
        )
        return self._changes(moved, memos)

    def _load(self, session: Session) -> dict[int, tuple[str, int, bytes | None]]:
        rows = session.execute(
            select(Document.id, Document.text, Document.word_count, Document.original_blob).where(
                Document.id.in_(self.document_ids)
            )
        ).all()
        found = {int(i): (str(t), int(w), b) for i, t, w, b in rows}
        missing = [d for d in self.document_ids if d not in found]
        if missing:
            raise OperationError(f"Document {missing[0]} does not exist")
        return found

    def _edits(
        self,
        document_id: int,
        old_text: str,
        decided: dict[tuple[int, int, int], Row],
        pseudonyms: PseudonymMap,
    ) -> list[Edit]:
        edits: list[Edit] = []
        for d in (d for d in self.detections if d.document_id == document_id):
            if old_text[d.start : d.end] != d.text:
                raise OperationError(
                    "A document changed after its identifying details were "
                    "found: look for them again before applying"
                )
            row = decided.get((document_id, d.start, d.end))
            if (row["verdict"] if row is not None else ACCEPTED) != ACCEPTED:
                continue
            label = (row["label"] if row is not None else "") or d.label
            chosen = row["replacement"].strip() if row is not None else ""
            replacement = chosen or pseudonyms.propose(d.key, label, wanted=d.replacement)
            if edits and d.start < edits[-1].end:
                raise OperationError("Two detections to apply overlap: look for them again")
            edits.append(Edit(d.start, d.end, replacement))
        return edits

    def _store_pseudonyms(self, session: Session, pseudonyms: PseudonymMap) -> list[int]:
        added = []
        for entry in pseudonyms.proposals():
            values = {
                "original": entry.original,
                "replacement": entry.replacement,
                "label": entry.label,
                "source": entry.source,
            }
            added.append(
                int(
                    session.execute(
                        insert(Pseudonym).values(**values).returning(Pseudonym.id)
                    ).scalar_one()
                )
            )
        return added

    def _set_originals_aside(self, session: Session, documents: dict[int, Any]) -> None:
        """Keep each identifiable original (unless an earlier step kept one), or delete any."""
        kept = snapshot(
            session, IdentifiableOriginal, IdentifiableOriginal.document_id.in_(self.document_ids)
        )
        self.originals_removed, self.originals_added = [], []
        if not self.keep_original:
            self.originals_removed = kept
            delete_ids(session, IdentifiableOriginal, [r["id"] for r in kept])
            return
        already = {r["document_id"] for r in kept}
        for document_id, (old_text, _, blob) in documents.items():
            if document_id in already:
                continue
            values = {
                "document_id": document_id,
                "text": old_text,
                "original_blob": blob,
                "pseudonymised_by": self.user_id,
            }
            self.originals_added.append(
                int(
                    session.execute(
                        insert(IdentifiableOriginal)
                        .values(**values)
                        .returning(IdentifiableOriginal.id)
                    ).scalar_one()
                )
            )

    @staticmethod
    def _write_text(
        session: Session, document_id: int, new_text: str, *, blob: bytes | None
    ) -> None:
        session.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(text=new_text, word_count=len(new_text.split()), original_blob=blob)
        )
        moves.index(session, document_id, new_text)

    # ------------------------------------------------------------------ undo
    def undo(self, session: Session) -> Changes:
        moved: set[int] = set()
        for document_id, before in self.before.items():
            moves.unindex(session, document_id)
            moves.put_back(session, before.positions)
            moved |= set(before.positions.rows["codings"])
            session.execute(
                update(Document)
                .where(Document.id == document_id)
                .values(text=before.text, word_count=before.word_count, original_blob=before.blob)
            )
            moves.index(session, document_id, before.text)
        delete_ids(session, IdentifiableOriginal, self.originals_added)
        restore(session, IdentifiableOriginal, self.originals_removed)
        restore(session, DeidDecision, self.decisions)
        session.execute(delete(Pseudonym).where(Pseudonym.id.in_(self.pseudonyms_added)))
        memos = {m for b in self.before.values() for m in b.positions.rows["memos"]}
        return self._changes(moved, memos)

    def _changes(self, codings: set[int], memos: set[int]) -> Changes:
        codes = {
            c
            for b in self.before.values()
            for i, c in b.positions.coding_codes.items()
            if i in codings
        }
        return Changes(
            documents=frozenset(self.document_ids),
            codings=frozenset(codings),
            codes=frozenset(codes),
            memos=frozenset(memos),
        )

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        report = self.report
        after: dict[str, Any] = {
            "documents": list(self.document_ids),
            "original": KEPT if self.keep_original else DELETED,
        }
        if report is not None:
            after |= {
                "replacements": report.replacements,
                "lost_codings": len(report.lost),
                "codings_moved": len(report.codings_moved),
                "pseudonyms_added": report.pseudonyms_added,
            }
        return None, {}, after


def apply_deidentification(
    project: Project,
    document_ids: Collection[int],
    detections: Sequence[Detection],
    *,
    keep_original: bool,
) -> ApplyReport:
    """Run :class:`ApplyDeidentification` as one undoable step and tidy up after it: cached
    texts are dropped and, when originals were deleted, the write-ahead log is checkpointed so
    the old pages leave the disk too. ``project.undo()`` puts everything back."""
    command = ApplyDeidentification(
        document_ids, detections, keep_original=keep_original, user_id=project.user_id
    )
    project.execute(command)
    project.forget_documents(frozenset(command.document_ids))
    if not keep_original:  # best effort: a reader elsewhere may hold the log until it is done
        connection = project.engine.raw_connection()
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    assert command.report is not None
    return command.report
