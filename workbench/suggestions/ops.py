"""A person's answers to suggestions, as undoable commands (one transaction each).

Accepting codes the passage as the accepting person (``user_id``) with the machine source in
``codings.origin``, joining an overlapping or touching coding of the same code by the same
person as :class:`~workbench.ops.codings.ApplyCoding` does, and records an 'accepted' verdict.
Rejecting records a 'rejected' verdict, so the queue never offers that code for that passage
again. Audit entries hold ids, offsets, source and score: never text, not even the keywords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

from storage.models import SuggestionVerdict
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.ops.codings import ApplyCoding, check_codable
from workbench.rows import Row, delete_ids, restore, snapshot
from workbench.suggestions.results import SOURCES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from workbench.suggestions.results import Suggestion


class _Verdict:
    """The verdict row of one answer: inserted once, put back with the same id on redo."""

    def __init__(self, suggestion: Suggestion, verdict: str, user_id: int | None) -> None:
        if suggestion.source not in SOURCES:
            raise OperationError(f"Unknown suggestion source “{suggestion.source}”")
        self.values: dict[str, Any] = {
            "document_id": suggestion.document_id,
            "code_id": suggestion.code_id,
            "start": suggestion.start,
            "end": suggestion.end,
            "verdict": verdict,
            "source": suggestion.source,
            "user_id": user_id,
        }
        self.row: Row = {}

    def write(self, session: Session) -> None:
        if self.row:
            restore(session, SuggestionVerdict, [self.row])
            return
        inserted = session.execute(
            insert(SuggestionVerdict).values(**self.values).returning(SuggestionVerdict.id)
        )
        verdict_id = inserted.scalar_one()
        self.row = snapshot(session, SuggestionVerdict, SuggestionVerdict.id == verdict_id)[0]

    def remove(self, session: Session) -> None:
        delete_ids(session, SuggestionVerdict, [self.row["id"]])

    def audit(self, score: float) -> dict[str, Any]:
        keys = ("document_id", "code_id", "start", "end", "source")
        return {key: self.values[key] for key in keys} | {"score": score}


class AcceptSuggestion(Command):
    """Code the suggested passage as ``user_id``, with the suggestion's source as origin."""

    object_kind = "coding"

    def __init__(self, suggestion: Suggestion, *, user_id: int | None) -> None:
        self.suggestion = suggestion
        self.verdict = _Verdict(suggestion, "accepted", user_id)
        self.apply = ApplyCoding(
            document_id=suggestion.document_id, code_id=suggestion.code_id,
            start=suggestion.start, end=suggestion.end, user_id=user_id,
            origin=suggestion.source,
        )  # fmt: skip
        self.label = "Accept suggestion"

    def do(self, session: Session) -> Changes:
        changes = self.apply.do(session)
        self.label = self.apply.label.replace("Apply code", "Accept suggestion", 1)
        self.verdict.write(session)
        return changes

    def undo(self, session: Session) -> Changes:
        self.verdict.remove(session)
        return self.apply.undo(session)

    @property
    def coding_id(self) -> int | None:
        """The coding the acceptance made (joined with any it touched), once done."""
        return self.apply.coding_id

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        joined = [r["id"] for r in self.apply.joined]
        return self.coding_id, {}, self.verdict.audit(self.suggestion.score) | {"joined": joined}


class RejectSuggestion(Command):
    """Remember that a person said no: the suggestion is never offered again.

    Changes no coding, so its :class:`Changes` is empty; a suggestion view refreshes on the
    undo stack's notifications (``CommandStack.subscribe``) to see undo and redo of it.
    """

    object_kind = "suggestion"

    def __init__(self, suggestion: Suggestion, *, user_id: int | None) -> None:
        self.suggestion = suggestion
        self.verdict = _Verdict(suggestion, "rejected", user_id)
        self.label = "Reject suggestion"

    def do(self, session: Session) -> Changes:
        self.verdict.write(session)
        return Changes()

    def undo(self, session: Session) -> Changes:
        self.verdict.remove(session)
        return Changes()

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.verdict.row.get("id"), {}, self.verdict.audit(self.suggestion.score)


class AcceptAllForCode(Command):
    """Accept every given suggestion of one code, as one undoable step."""

    object_kind = "code"

    def __init__(
        self, code_id: int, suggestions: Sequence[Suggestion], *, user_id: int | None
    ) -> None:
        if any(s.code_id != code_id for s in suggestions):
            raise OperationError("Accept all takes the suggestions of one code only")
        self.code_id = code_id
        self.accepts = [AcceptSuggestion(s, user_id=user_id) for s in suggestions]
        self.label = f"Accept {len(self.accepts)} suggestions"

    def do(self, session: Session) -> Changes:
        code = check_codable(session, self.code_id)
        self.label = f"Accept {len(self.accepts)} suggestions for “{code.name}”"
        changes = Changes(codes=frozenset({self.code_id}))
        for accept in self.accepts:
            changes |= accept.do(session)
        return changes

    def undo(self, session: Session) -> Changes:
        changes = Changes(codes=frozenset({self.code_id}))
        for accept in reversed(self.accepts):
            changes |= accept.undo(session)
        return changes

    @property
    def coding_ids(self) -> list[int]:
        """Codings that remain after the step (later acceptances may join earlier ones)."""
        ids = [a.coding_id for a in self.accepts if a.coding_id is not None]
        joined = {r["id"] for a in self.accepts for r in a.apply.joined}
        return [i for i in dict.fromkeys(ids) if i not in joined]

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        sources = sorted({a.suggestion.source for a in self.accepts})
        after = {"accepted": len(self.accepts), "sources": sources, "codings": self.coding_ids}
        return self.code_id, {}, after
