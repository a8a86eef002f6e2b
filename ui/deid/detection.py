"""Looking for identifying details in the background, with progress and Cancel.

Detection reads every chosen document with the language pipeline, so it runs as a read-only
job of the window's :class:`~ui.workers.JobRunner` (the progress dialog appears after half a
second). Asking again while a look is under way, or changing an answer meanwhile, makes the
runner look once more when it finishes: a result read before the change is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from workbench.deid import detect

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtWidgets import QWidget

    from ui.workers import JobRunner
    from workbench.deid import Detection
    from workbench.progress import Progress
    from workbench.project import Project

LOOKING = "Looking for names, places, dates and identifiers"


@dataclass(frozen=True, slots=True)
class Found:
    """What one look found: the documents looked in, their detections and their texts."""

    document_ids: tuple[int, ...]
    detections: list[Detection]
    texts: dict[int, str]
    pipeline: str  # which pipeline found them, in words


def _look(
    project: Project, document_ids: tuple[int, ...], configured: str | None, progress: Progress
) -> Found:
    from coding.nlp.pipeline import load_pipeline  # loaded already by detect (cached)

    detections = detect(project, document_ids, configured=configured, progress=progress)
    loaded = load_pipeline(configured)
    pipeline = (
        f"the language model {loaded.name}"
        if loaded.trained
        else "rules only (no trained language model: a name without a title such as “Dr” "
        "may be missed; add it as a name)"
    )
    texts = project.document_texts(frozenset(document_ids))
    return Found(document_ids, detections, texts, pipeline)


class DetectionRunner(QObject):
    found = Signal(object)  # Found
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        project: Project,
        jobs: JobRunner,
        configured: str | None,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.project = project
        self.jobs = jobs
        self.configured = configured
        self.window = window
        self._running: tuple[int, ...] | None = None
        self._again: tuple[int, ...] | None = None
        self._progress: Progress | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def look(self, document_ids: Sequence[int]) -> None:
        """Look in ``document_ids``; if a look is under way, look again once it ends."""
        chosen = tuple(sorted(set(document_ids)))
        if self._running is not None:
            self._again = chosen
            return
        self._start(chosen)

    def cancel(self) -> None:
        """Stop the look under way (as its progress dialog's Cancel does)."""
        if self._progress is not None:
            self._again = None
            self._progress.cancel()

    def outdated(self) -> None:
        """Something changed the answers or the map: a look under way must be repeated."""
        if self._running is not None and self._again is None:
            self._again = self._running

    def _start(self, chosen: tuple[int, ...]) -> None:
        project, configured = self.project, self.configured
        self._running, self._again = chosen, None
        job = self.jobs.start(
            LOOKING,
            lambda progress: _look(project, chosen, configured, progress),
            self._done,
            on_failed=self._failed,
            writes=False,
            window=self.window,
        )
        job.signals.cancelled.connect(self._cancelled)
        self._progress = job.progress

    def _done(self, result: Found) -> None:
        self._running = self._progress = None
        if self._again is not None:
            self._start(self._again)
            return
        self.found.emit(result)

    def _failed(self, message: str) -> None:
        self._running = self._again = self._progress = None
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._running = self._again = self._progress = None
        self.cancelled.emit()
