"""Errors a person can act on. Their message is shown as it is, never with a traceback."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error meant for the user."""


class OperationError(WorkbenchError):
    """An operation was refused (bad name, offsets outside the text, read-only project...)."""


class ReadOnlyError(OperationError):
    def __init__(self) -> None:
        super().__init__("This project is open read-only; changes cannot be made")


class ProjectBusyError(OperationError):
    def __init__(self) -> None:
        super().__init__(
            "The project is busy storing another change (an import, perhaps); "
            "nothing was changed. Try again in a moment."
        )
