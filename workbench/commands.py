"""A Qt-free undo stack (glue's CommandStack, Anki's collection undo).

A command holds ids and before/after values, never ORM objects. ``do`` and ``undo`` each run
inside one transaction opened by the project, and return the :class:`Changes` they made.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from workbench.changes import Changes

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session

MAX_UNDO = 200


class Command(ABC):
    """One undoable operation. Subclasses set ``label`` (shown as "Undo <label>")."""

    label: str = "change"
    object_kind: str = ""

    @abstractmethod
    def do(self, session: Session) -> Changes: ...

    @abstractmethod
    def undo(self, session: Session) -> Changes: ...

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        """(object id, before, after) for the audit log: ids and values, never document text."""
        return None, {}, {}


class Macro(Command):
    """Several commands done and undone as one step (a compound action)."""

    def __init__(self, label: str, commands: Sequence[Command]) -> None:
        self.label = label
        self.commands = list(commands)

    def do(self, session: Session) -> Changes:
        changes = Changes()
        for command in self.commands:
            changes |= command.do(session)
        return changes

    def undo(self, session: Session) -> Changes:
        changes = Changes()
        for command in reversed(self.commands):
            changes |= command.undo(session)
        return changes

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return None, {}, {"steps": [type(c).__name__ for c in self.commands]}


class CommandStack:
    """Done and undone commands. Listeners are told after every change of the stack."""

    def __init__(self, limit: int = MAX_UNDO) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._limit = limit
        self._listeners: list[Callable[[], None]] = []

    def pushed(self, command: Command) -> None:
        self._done.append(command)
        del self._done[: -self._limit]
        self._undone.clear()
        self._notify()

    def pop_undo(self) -> Command | None:
        return self._done.pop() if self._done else None

    def pop_redo(self) -> Command | None:
        return self._undone.pop() if self._undone else None

    def undone(self, command: Command) -> None:
        self._undone.append(command)
        self._notify()

    def redone(self, command: Command) -> None:
        self._done.append(command)
        self._notify()

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._notify()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    def history(self) -> list[str]:
        """Labels of done commands, oldest first (for an undo history view)."""
        return [c.label for c in self._done]

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()
