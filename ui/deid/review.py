"""The review's answers as commands: accept, reject, relabel, choose a replacement, add a name,
mark a passage. Each is one undoable step through the session, stored at once, so closing the
screen loses nothing.

An answer (:class:`~workbench.deid.DecideDetections`) is shown at once: the rows change here
and the replacements are worked out again from the map (:mod:`ui.deid.replacements`). A
change to the pseudonym map (a replacement, an added name) may find new text in any document,
so it also asks for a new look, as does a passage overlapping a detection (detection merges
the two).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.deid.replacements import reproposed
from workbench.deid import (
    ACCEPTED,
    AddName,
    DecideDetections,
    Decision,
    Detection,
    SetReplacement,
    load_map,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ui.deid.model import DetectionModel
    from ui.session import ProjectSession
    from workbench.commands import Command

MANUAL, NAME = "manual", "name"


def _key(d: Detection) -> tuple[int, int, int]:
    return d.document_id, d.start, d.end


class ReviewActions(QObject):
    look_again = Signal()  # the map changed, or a passage needs merging: detect again
    done = Signal(str)  # a short note of what happened, for the status line

    def __init__(self, session: ProjectSession, model: DetectionModel, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.running_own = False  # True while our own command's change is announced

    def _run(self, command: Command) -> bool:
        self.running_own = True
        try:
            return self.session.run(command)
        finally:
            self.running_own = False

    # ------------------------------------------------------------------ answers
    def decide(
        self, chosen: Sequence[Detection], *, verdict: str | None = None, label: str | None = None
    ) -> bool:
        """Store a verdict or a label for ``chosen`` (a label goes to every row of the same
        text: one text, one replacement) and show it."""
        if not chosen:
            return False
        if label is not None:
            keys = {d.key.casefold() for d in chosen}
            chosen = [d for d in self.model.detections() if d.key.casefold() in keys]
        changed = {
            _key(d): replace(
                d,
                verdict=verdict or d.verdict,
                label=label or d.label,
                replacement="" if label and label != d.label else d.replacement,
                decided=True,
            )
            for d in chosen
        }
        decisions = [Decision(*key, verdict=d.verdict, label=d.label) for key, d in changed.items()]
        if not self._run(DecideDetections(decisions, user_id=self.session.user_id)):
            return False
        rows = [changed.get(_key(d), d) for d in self.model.detections()]
        self.refresh(rows)
        return True

    def toggle(self, chosen: Sequence[Detection]) -> bool:
        """Reject the chosen if any is accepted, else accept them all."""
        any_accepted = any(d.verdict == ACCEPTED for d in chosen)
        return self.decide(chosen, verdict="rejected" if any_accepted else ACCEPTED)

    def same_text(self, chosen: Iterable[Detection]) -> list[Detection]:
        """Every row showing the same words as one of ``chosen`` (case and spacing aside)."""
        words = {" ".join(d.text.split()).casefold() for d in chosen}
        return [d for d in self.model.detections() if " ".join(d.text.split()).casefold() in words]

    def refresh(self, rows: Sequence[Detection] | None = None) -> None:
        """Work the replacements out again from the stored map and show them."""
        current = self.model.detections() if rows is None else rows
        self.model.replace_all(reproposed(current, load_map(self.session.project)))

    # ------------------------------------------------------------------ the map
    def set_replacement(self, detection: Detection, replacement: str) -> bool:
        """``replacement`` for the detection's text in every document; then look again (the
        text is now a name found everywhere)."""
        command = SetReplacement(
            original=detection.key, replacement=replacement, label=detection.label
        )
        if not self._run(command):
            return False
        self.refresh()
        self.done.emit(f"“{replacement}” replaces this text everywhere; looking again")
        self.look_again.emit()
        return True

    def add_name(self, name: str, label: str) -> bool:
        if not self._run(AddName(name=name, label=label)):
            return False
        self.done.emit("Added the name; looking for it in the documents")
        self.look_again.emit()
        return True

    # ------------------------------------------------------------------ passages
    def mark_passage(self, document_id: int, start: int, end: int, label: str, text: str) -> bool:
        """Replace ``[start, end)`` too (words nothing detected), labelled ``label``."""
        decision = Decision(document_id, start, end, verdict=ACCEPTED, label=label)
        if not self._run(DecideDetections([decision], user_id=self.session.user_id)):
            return False
        rows = self.model.detections()
        overlaps = any(
            d.document_id == document_id and d.start < end and start < d.end for d in rows
        )
        if overlaps:
            self.done.emit("Marked the passage; looking again to merge it with its neighbour")
            self.look_again.emit()
            return True
        words = text[start:end]
        added = Detection(document_id, start, end, label or NAME, words, "", ACCEPTED, MANUAL,
                          words, True)  # fmt: skip
        rows.append(added)
        rows.sort(key=_key)
        self.model.set_detections(rows, self.model.names(), self.model.texts())
        self.refresh()
        self.done.emit("Marked the passage to be replaced")
        return True
