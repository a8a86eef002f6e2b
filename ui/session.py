"""The open project as the Qt side sees it: commands in, change notifications out.

Every dock and view talks to the project through one :class:`ProjectSession`. It runs
workbench commands (each one short transaction), turns the :class:`~workbench.changes.Changes`
they return into a Qt signal so views refresh only what changed, and mirrors the undo stack
for the Edit menu. No ORM object ever reaches ui/: reads go through ``workbench.queries``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.changes import Changes
    from workbench.commands import Command
    from workbench.project import Project


class ProjectSession(QObject):
    """Runs commands on the GUI thread and tells everyone what changed."""

    changed = Signal(object)  # Changes
    undo_state_changed = Signal()
    failed = Signal(str)  # a message for the user

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        project.undo_stack.subscribe(self.undo_state_changed.emit)
        # Set by the window: a reason no change may start now (an import is being stored).
        # Asking first keeps the GUI from waiting on the database lock.
        self.blocked_reason: Callable[[], str | None] = lambda: None

    @property
    def read_only(self) -> bool:
        return self.project.read_only

    @property
    def user_id(self) -> int | None:
        return self.project.user_id

    def run(self, command: Command) -> bool:
        """Do ``command``; on a user error, emit :attr:`failed` and leave everything as it was."""
        if self._blocked():
            return False
        try:
            changes = self.project.execute(command)
        except WorkbenchError as exc:
            self.failed.emit(str(exc))
            return False
        self.changed.emit(changes)
        return True

    def undo(self) -> None:
        self._step(self.project.undo)

    def redo(self) -> None:
        self._step(self.project.redo)

    def _step(self, step: Callable[[], Changes | None]) -> None:
        if self._blocked():
            return
        try:
            changes = step()
        except WorkbenchError as exc:
            self.failed.emit(str(exc))
            return
        if changes is not None:
            self.changed.emit(changes)

    def _blocked(self) -> bool:
        reason = self.blocked_reason()
        if reason:
            self.failed.emit(reason)
        return bool(reason)

    def announce(self, changes: Changes) -> None:
        """Tell views about changes made outside a command (an import job, say)."""
        self.changed.emit(changes)

    @property
    def undo_label(self) -> str:
        return self.project.undo_stack.undo_label

    @property
    def redo_label(self) -> str:
        return self.project.undo_stack.redo_label

    @property
    def can_undo(self) -> bool:
        return self.project.undo_stack.can_undo and not self.read_only

    @property
    def can_redo(self) -> bool:
        return self.project.undo_stack.can_redo and not self.read_only
