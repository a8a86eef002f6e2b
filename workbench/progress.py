"""Qt-free, thread-safe progress with cooperative cancel, shared by the CLI and ui/.

A job calls :meth:`Progress.start` and :meth:`Progress.advance`; whoever shows it polls
:meth:`Progress.snapshot` (ui/ at ~10 Hz) or passes a listener (the CLI's terminal bar).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class Cancelled(Exception):  # noqa: N818 - a request, not an error
    """Raised inside a job when the user asked to cancel."""


@dataclass(frozen=True, slots=True)
class ProgressState:
    done: int
    total: int
    label: str
    cancelled: bool


class Progress:
    def __init__(self, listener: Callable[[ProgressState], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0
        self._label = ""
        self._cancelled = False
        self._listener = listener

    def start(self, total: int, label: str = "") -> None:
        with self._lock:
            self._done, self._total, self._label = 0, total, label
        self._notify()

    def advance(self, amount: int = 1, label: str | None = None) -> None:
        with self._lock:
            self._done += amount
            if label is not None:
                self._label = label
        self._notify()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.cancelled:
            raise Cancelled

    def snapshot(self) -> ProgressState:
        with self._lock:
            return ProgressState(self._done, self._total, self._label, self._cancelled)

    def _notify(self) -> None:
        if self._listener is not None:
            self._listener(self.snapshot())
