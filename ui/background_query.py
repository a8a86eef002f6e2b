"""Read-only queries off the GUI thread, so a big query never freezes the window.

A query is a plain, Qt-free callable ``fn() -> result`` (say ``lambda: segments(project, ids)``)
run on the global thread pool; its result comes back on the GUI thread through a callback.
The latest request wins: a result that arrives after a newer request was started is dropped,
never shown. A :class:`~workbench.errors.WorkbenchError` becomes its message; anything else
becomes "Something went wrong (ErrorClass)", never a traceback.

``fn`` must capture plain data only (the ``Project``, ids, strings), never a Qt object: the
pool thread drops the last reference to what ``fn`` holds, and a widget freed there would be
freed on the wrong thread. Outcomes travel through one application-wide courier object, so a
dock deleted while its query runs simply never hears back. The global pool is the one
:meth:`ui.workers.JobRunner.wait` drains before the main window closes the project.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEvent, QObject, QThreadPool, Signal

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Outcome:
    runner: weakref.ref[QueryRunner]
    generation: int
    value: Any
    error: str | None


class _Latest:
    """The newest generation of one runner, read by pool threads to skip stale work."""

    def __init__(self) -> None:
        self.generation = 0


class _Courier(QObject):
    """Carries outcomes from pool threads to the GUI thread; lives as long as the app."""

    arrived = Signal(object)  # _Outcome; queued, since it is emitted from a pool thread

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.arrived.connect(self._deliver)

    def _deliver(self, outcome: _Outcome) -> None:
        runner = outcome.runner()
        if runner is not None and shiboken6.isValid(runner):  # its dock may be gone
            runner._arrive(outcome)


_couriers: list[_Courier] = []  # at most one: the courier of the running application


def _courier() -> _Courier:
    """The courier, made on first use (always on the GUI thread) as a child of the app."""
    if not _couriers or not shiboken6.isValid(_couriers[0]):
        _couriers[:] = [_Courier(QCoreApplication.instance())]
    return _couriers[0]


def _run(fn: Callable[[], Any], generation: int, latest: _Latest) -> tuple[Any, str | None]:
    if latest.generation != generation:
        return None, None  # superseded before it started: its result would be dropped anyway
    try:
        return fn(), None
    except WorkbenchError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash or a traceback
        return None, f"Something went wrong ({exc.__class__.__name__})"


class QueryRunner(QObject):
    """Runs one read-only query at a time for its owner (a dock); the latest request wins."""

    finished = Signal()  # the latest query's result or error has been handed over

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = _Latest()
        self._pending: tuple[Callable[[Any], None], Callable[[str], None]] | None = None
        self._posted = threading.Event()  # set once the latest outcome is on its way

    @property
    def busy(self) -> bool:
        """True from :meth:`start` until its outcome is handed over (or :meth:`discard`)."""
        return self._pending is not None

    def start(
        self,
        fn: Callable[[], T],
        on_result: Callable[[T], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Run ``fn`` on a pool thread; hand its result (or error message) over on this thread."""
        self._latest.generation += 1
        generation, latest, courier = self._latest.generation, self._latest, _courier()
        runner = weakref.ref(self)
        posted = self._posted = threading.Event()
        self._pending = (on_result, on_error)

        def work() -> None:
            value, error = _run(fn, generation, latest)
            courier.arrived.emit(_Outcome(runner, generation, value, error))
            posted.set()

        QThreadPool.globalInstance().start(work)

    def discard(self) -> None:
        """Forget the running query: its result will never be shown."""
        self._latest.generation += 1
        self._pending = None

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the latest outcome is handed over (tests, screenshots); False on timeout."""
        deadline = QDeadlineTimer(msecs)  # a negative msecs waits for ever
        while self.busy:
            left = None if deadline.isForever() else max(deadline.remainingTime(), 0) / 1000
            if not self._posted.wait(left):
                return False
            QCoreApplication.sendPostedEvents(_courier(), QEvent.Type.MetaCall)
        return True

    def _arrive(self, outcome: _Outcome) -> None:
        if outcome.generation != self._latest.generation or self._pending is None:
            return  # a newer request was made: this result is stale
        on_result, on_error = self._pending
        self._pending = None
        if outcome.error is None:
            on_result(outcome.value)
        else:
            on_error(outcome.error)
        self.finished.emit()
