"""Review answers for detections: accept (the default), reject, or add a passage by hand.

One row per ``(document, start, end)`` in ``deid_decisions`` until the document is
de-identified. A detection nobody answered counts as accepted: over-redaction is the safe
default. An accepted decision for a passage nothing detected adds that passage by hand (a
nickname, "the blue house on the corner"); its label picks the replacement unless one is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from storage.models import DeidDecision, Document
from workbench.changes import Changes
from workbench.commands import Command
from workbench.deid.pseudonym_map import LABELS
from workbench.errors import OperationError
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.orm import Session

ACCEPTED, REJECTED = "accepted", "rejected"


@dataclass(frozen=True, slots=True)
class Decision:
    """A person's answer for ``[start, end)`` of a document. ``replacement`` "" means the
    pseudonym map's choice; ``label`` "" keeps the detection's label."""

    document_id: int
    start: int
    end: int
    verdict: str = ACCEPTED
    label: str = ""
    replacement: str = ""


def decisions_for(
    session: Session, document_ids: Collection[int]
) -> dict[tuple[int, int, int], Row]:
    """Stored decisions of these documents, by ``(document_id, start, end)``."""
    rows = snapshot(session, DeidDecision, DeidDecision.document_id.in_(list(document_ids)))
    return {(r["document_id"], r["start"], r["end"]): r for r in rows}


class DecideDetections(Command):
    """Store answers for one or many detections in one undoable step ("Reject all 'Will'")."""

    label = "Review de-identification"
    object_kind = "deid_decision"

    def __init__(self, decisions: Sequence[Decision], *, user_id: int | None) -> None:
        self.decisions = list(decisions)
        self.user_id = user_id
        self.before: list[Row] = []

    def do(self, session: Session) -> Changes:
        self._check(session)
        self.before = self._rows(session)
        existing = {(r["document_id"], r["start"], r["end"]): r["id"] for r in self.before}
        for d in self.decisions:
            values = {
                "verdict": d.verdict,
                "label": d.label,
                "replacement": d.replacement.strip(),
                "user_id": self.user_id,
            }
            row_id = existing.get((d.document_id, d.start, d.end))
            if row_id is None:
                keys = {"document_id": d.document_id, "start": d.start, "end": d.end}
                session.add(DeidDecision(**keys, **values))
            else:
                session.execute(
                    update(DeidDecision).where(DeidDecision.id == row_id).values(**values)
                )
        session.flush()
        return self._changes()

    def undo(self, session: Session) -> Changes:
        delete_ids(session, DeidDecision, [r["id"] for r in self._rows(session)])
        restore(session, DeidDecision, self.before)
        return self._changes()

    def _rows(self, session: Session) -> list[Row]:
        """Stored rows for the passages this step answers (filtered here: one OR per passage
        would pass SQLite's expression depth limit for a long "reject all")."""
        wanted = {(d.document_id, d.start, d.end) for d in self.decisions}
        rows = decisions_for(session, {d.document_id for d in self.decisions})
        return [row for key, row in rows.items() if key in wanted]

    def _check(self, session: Session) -> None:
        if not self.decisions:
            raise OperationError("No detection was chosen")
        ids = {d.document_id for d in self.decisions}
        lengths: dict[int, int] = {
            int(i): int(n)
            for i, n in session.execute(
                select(Document.id, func.length(Document.text)).where(Document.id.in_(ids))
            )
        }
        seen: set[tuple[int, int, int]] = set()
        for d in self.decisions:
            length = lengths.get(d.document_id)
            if length is None:
                raise OperationError(f"Document {d.document_id} does not exist")
            if not 0 <= d.start < d.end <= length:
                raise OperationError(
                    f"The passage {d.start}-{d.end} is empty or outside the document (0-{length})"
                )
            if d.verdict not in (ACCEPTED, REJECTED):
                raise OperationError(f"“{d.verdict}” is not a verdict: accepted or rejected")
            if d.label and d.label not in LABELS:
                raise OperationError(f"“{d.label}” is not a label; use one of: {', '.join(LABELS)}")
            key = (d.document_id, d.start, d.end)
            if key in seen:
                raise OperationError("The same passage was answered twice in one step")
            seen.add(key)

    def _changes(self) -> Changes:
        return Changes(documents=frozenset(d.document_id for d in self.decisions))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        counts = {v: sum(d.verdict == v for d in self.decisions) for v in (ACCEPTED, REJECTED)}
        return None, {"decisions": len(self.before)}, counts
