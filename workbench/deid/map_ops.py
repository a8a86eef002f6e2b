"""Undoable changes to the pseudonym map: add a name, choose a replacement, remove a row.

Each is a :class:`~workbench.commands.Command` run by ``project.execute`` in one transaction.
Audit entries record the row id, label and source, never the name or its replacement. They
return empty :class:`~workbench.changes.Changes` (no document, code or coding changed); a
review screen that sees one of these commands done or undone detects again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, update

from storage.models import Pseudonym
from workbench.changes import Changes
from workbench.commands import Command
from workbench.deid.pseudonym_map import (
    LABELS,
    USER_SOURCE,
    MapEntry,
    PseudonymMap,
    label_for_name,
)
from workbench.errors import OperationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _check_label(label: str) -> None:
    if label and label not in LABELS:
        raise OperationError(f"“{label}” is not a label; use one of: {', '.join(LABELS)}")


def _check_replacement(original: str, replacement: str) -> None:
    if not replacement.strip():
        raise OperationError(
            "A replacement cannot be empty: the text must show something was there"
        )
    if " ".join(replacement.split()).casefold() == " ".join(original.split()).casefold():
        raise OperationError("A replacement must differ from the text it replaces")


class _MapCommand(Command):
    object_kind = "pseudonym"

    def __init__(self) -> None:
        self.row_id: int | None = None
        self.before: MapEntry | None = None  # the row as it was, when one was changed
        self.label_after = ""

    def _insert(self, session: Session, entry: MapEntry) -> None:
        values: dict[str, Any] = {
            "original": entry.original,
            "replacement": entry.replacement,
            "label": entry.label,
            "source": entry.source,
        }
        if self.row_id is not None:
            values["id"] = self.row_id  # the same row again on redo
        inserted = session.execute(insert(Pseudonym).values(**values).returning(Pseudonym.id))
        self.row_id = int(inserted.scalar_one())

    def undo(self, session: Session) -> Changes:
        assert self.row_id is not None
        if self.before is None:
            session.execute(delete(Pseudonym).where(Pseudonym.id == self.row_id))
        else:
            b = self.before
            session.execute(
                update(Pseudonym)
                .where(Pseudonym.id == self.row_id)
                .values(replacement=b.replacement, label=b.label, source=b.source)
            )
        return Changes()

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        before = (
            {}
            if self.before is None
            else {"label": self.before.label, "source": self.before.source}
        )
        return self.row_id, before, {"label": self.label_after}


class AddName(_MapCommand):
    """Add a name to find in every document (a participant's name, their hospital, their
    town), with the replacement the researcher chose, or the next free one for its label.
    A name already in the map becomes an added name and keeps its replacement unless a new one
    is given."""

    label = "Add a name to de-identify"

    def __init__(self, *, name: str, replacement: str = "", label: str = "") -> None:
        super().__init__()
        self.name = " ".join(name.split())
        self.replacement = replacement.strip()
        self.wanted_label = label

    def do(self, session: Session) -> Changes:
        if sum(c.isalnum() for c in self.name) < 2:
            raise OperationError("A name to de-identify needs at least two letters or digits")
        _check_label(self.wanted_label)
        if self.replacement:
            _check_replacement(self.name, self.replacement)
        pseudonyms = PseudonymMap.load(session)
        existing = pseudonyms.lookup(self.name)
        if existing is not None:
            assert existing.id is not None
            self.row_id, self.before = existing.id, existing
            self.label_after = self.wanted_label or existing.label
            session.execute(
                update(Pseudonym)
                .where(Pseudonym.id == existing.id)
                .values(
                    replacement=self.replacement or existing.replacement,
                    label=self.label_after,
                    source=USER_SOURCE,
                )
            )
            return Changes()
        self.label_after = self.wanted_label or label_for_name(self.name)
        replacement = self.replacement or pseudonyms.next_replacement(self.label_after)
        self._insert(session, MapEntry(None, self.name, replacement, self.label_after, USER_SOURCE))
        return Changes()


class SetReplacement(_MapCommand):
    """Choose the replacement a string gets everywhere ("Jane Smith" -> "[Participant 3]").
    A string not yet in the map is added as a name to find in every document."""

    label = "Choose a replacement"

    def __init__(self, *, original: str, replacement: str, label: str = "") -> None:
        super().__init__()
        self.original = " ".join(original.split())
        self.replacement = replacement.strip()
        self.wanted_label = label

    def do(self, session: Session) -> Changes:
        _check_label(self.wanted_label)
        _check_replacement(self.original, self.replacement)
        existing = PseudonymMap.load(session).lookup(self.original)
        if existing is None:
            self.label_after = self.wanted_label or label_for_name(self.original)
            entry = MapEntry(None, self.original, self.replacement, self.label_after, USER_SOURCE)
            self._insert(session, entry)
            return Changes()
        assert existing.id is not None
        self.row_id, self.before = existing.id, existing
        self.label_after = self.wanted_label or existing.label
        session.execute(
            update(Pseudonym)
            .where(Pseudonym.id == existing.id)
            .values(replacement=self.replacement, label=self.label_after)
        )
        return Changes()


class RemoveName(_MapCommand):
    """Take a string out of the map (an added name that was a mistake). Documents already
    de-identified keep their replacement."""

    label = "Remove a name from the pseudonym map"

    def __init__(self, *, original: str) -> None:
        super().__init__()
        self.original = original

    def do(self, session: Session) -> Changes:
        existing = PseudonymMap.load(session).lookup(self.original)
        if existing is None or existing.id is None:
            raise OperationError("That name is not in the pseudonym map")
        self.row_id, self.label_after = existing.id, existing.label
        self.before = existing
        session.execute(delete(Pseudonym).where(Pseudonym.id == existing.id))
        return Changes()

    def undo(self, session: Session) -> Changes:
        assert self.before is not None
        self._insert(session, self.before)
        return Changes()
