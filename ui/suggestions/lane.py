"""The dock's language work, one piece at a time: reading the queue, training, measuring.

All three use the one loaded spaCy pipeline, so they never run side by side. A request made
while another piece runs waits its turn; asking again for something already waiting does
nothing more (ten coding changes in a row read the queue once). Training comes first, then
the queue, then measuring. The queue is read quietly (a :class:`~ui.background_query.
QueryRunner`: no dialog, the old rows stay); training and measuring are jobs of the window's
:class:`~ui.workers.JobRunner`, with its progress dialog and Cancel. The work itself is
described when its turn comes (``make``), so it reads the options chosen by then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.background_query import QueryRunner
from workbench.progress import Progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from ui.workers import JobRunner

QUEUE, TRAIN, MEASURE = "queue", "train", "measure"
ORDER = (TRAIN, QUEUE, MEASURE)


@dataclass(frozen=True, slots=True)
class Task:
    """One piece of work: ``label`` "" runs it quietly, else as a job with a progress dialog."""

    work: Callable[[Progress], Any]
    done: Callable[[Any], None]
    failed: Callable[[str], None]
    label: str = ""
    cancelled: Callable[[], None] = field(default=lambda: None)


class Lane(QObject):
    state_changed = Signal()  # something started or finished: buttons and status follow

    def __init__(self, jobs: JobRunner, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.window = window  # the progress dialog's parent
        self.runner = QueryRunner(self)
        self.running: str | None = None
        self.progress: Progress | None = None  # of the running job (None when quiet or idle)
        self._wanted: dict[str, Callable[[], Task]] = {}
        self._task: Task | None = None

    @property
    def idle(self) -> bool:
        return self.running is None and not self._wanted

    def waiting(self, kind: str) -> bool:
        """``kind`` runs now or has been asked for."""
        return self.running == kind or kind in self._wanted

    def wanted(self, kind: str) -> bool:
        """``kind`` has been asked for (again) and has not started yet."""
        return kind in self._wanted

    def request(self, kind: str, make: Callable[[], Task]) -> None:
        self._wanted[kind] = make
        self._next()
        self.state_changed.emit()

    def cancel(self) -> None:
        """Ask the running job to stop (quiet reads are short and simply finish)."""
        if self.progress is not None:
            self.progress.cancel()

    def _next(self) -> None:
        if self.running is not None:
            return
        kind = next((k for k in ORDER if k in self._wanted), None)
        if kind is None:
            return
        task = self._wanted.pop(kind)()
        self.running, self._task = kind, task
        if not task.label:
            # A quiet read; the pool thread gets the work alone (plain data), never the task,
            # whose callbacks belong to widgets.
            work, progress = task.work, Progress()
            self.runner.start(lambda: work(progress), self._done, self._failed)
            return
        job = self.jobs.start(
            task.label, task.work, self._done, on_failed=self._failed, writes=False,
            window=self.window,
        )  # fmt: skip
        self.progress = job.progress
        job.signals.cancelled.connect(self._cancelled)  # a bound method: queued to this thread

    def _finish(self, handler: Callable[[Task], None]) -> None:
        task = self._task
        self.running, self._task, self.progress = None, None, None
        if task is not None:
            handler(task)
        self._next()
        self.state_changed.emit()

    def _done(self, result: object) -> None:
        self._finish(lambda task: task.done(result))

    def _failed(self, message: str) -> None:
        self._finish(lambda task: task.failed(message))

    def _cancelled(self) -> None:
        self._finish(lambda task: task.cancelled())
