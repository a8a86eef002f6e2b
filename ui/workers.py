"""Long work off the GUI thread, with a progress dialog that appears only if it takes a while.

A job is a plain callable ``job(progress) -> result`` from ``workbench`` (Qt-free). Jobs that
write to the project run one at a time on a one-thread pool (SQLite has one writer), read-only
jobs on the global pool. Progress is polled ten times a second; Cancel sets the job's
cooperative flag and the job rolls its transaction back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coding.codebook import CodebookError
from workbench.errors import WorkbenchError
from workbench.importers.base import ImportFailure
from workbench.progress import Cancelled, Progress

if TYPE_CHECKING:
    from collections.abc import Callable

SHOW_AFTER_MS = 500
POLL_MS = 100
_USER_ERRORS = (WorkbenchError, ImportFailure, CodebookError, OSError)


class JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, writes: bool) -> None:
        super().__init__()
        self.work = work
        self.writes = writes
        self.progress = progress
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except _USER_ERRORS as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            self.signals.failed.emit(f"Something went wrong ({exc.__class__.__name__})")
        else:
            if self.progress.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)


class JobRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writer_pool = QThreadPool(self)
        self.writer_pool.setMaxThreadCount(1)
        self._running: list[_Job] = []

    def start(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        *,
        on_failed: Callable[[str], None],
        writes: bool = True,
        window: QWidget | None = None,
    ) -> _Job:
        progress = Progress()
        job = _Job(work, progress, writes)
        job.setAutoDelete(False)
        dialog = QProgressDialog(label, "Cancel", 0, 0, window)
        dialog.setObjectName("progress_dialog")
        dialog.setAccessibleName(label)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.canceled.connect(progress.cancel)
        timer = QTimer(dialog)
        timer.setInterval(POLL_MS)
        timer.timeout.connect(lambda: _show(dialog, progress))
        timer.start()

        def finish(handler: Callable[..., None], *args: Any) -> None:
            timer.stop()
            dialog.reset()
            dialog.deleteLater()
            self._running.remove(job)
            handler(*args)

        job.signals.finished.connect(lambda result: finish(on_done, result))
        job.signals.failed.connect(lambda message: finish(on_failed, message))
        job.signals.cancelled.connect(lambda: finish(lambda: None))
        self._running.append(job)
        (self.writer_pool if writes else QThreadPool.globalInstance()).start(job)
        return job

    @property
    def writing(self) -> bool:
        """A job is writing to the project (the GUI must not start a transaction meanwhile)."""
        return any(job.writes for job in self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job is done (tests, and closing the window)."""
        return self.writer_pool.waitForDone(msecs) and QThreadPool.globalInstance().waitForDone(
            msecs
        )


def _show(dialog: QProgressDialog, progress: Progress) -> None:
    state = progress.snapshot()
    if state.total:
        dialog.setMaximum(state.total)
        dialog.setValue(min(state.done, state.total))
    if state.label:
        dialog.setLabelText(state.label)
