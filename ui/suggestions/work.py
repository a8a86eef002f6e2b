"""The suggestions dock's background work and what it brings back.

Three pieces, each a plain workbench call run on a pool thread by the dock's
:class:`~ui.suggestions.lane.Lane`: reading the queue, training the classifier (the model
stays in this process's memory) and measuring both sources on held-out codings. This object
keeps their results for the dock to show: the classifier's training report, the latest
figures, whether codings changed since they were measured, and a note on the last job.
Every piece captures plain data only (the project, strings), never a widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ui.suggestions.lane import MEASURE, TRAIN, Task
from ui.suggestions.reading import read_queue
from workbench.suggestions import evaluate, train_model

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.suggestions.dock import SuggestionsDock
    from workbench.progress import Progress
    from workbench.suggestions import Evaluation, TrainingReport

TRAINING = "Training the classifier on your codings"
MEASURING = "Measuring the suggestions on held-out codings"


class SuggestionWork(QObject):
    def __init__(self, dock: SuggestionsDock) -> None:
        super().__init__(dock)
        self.dock = dock
        self.report: TrainingReport | None = None
        self.evaluation: Evaluation | None = None
        self.measured_stale = False  # codings changed after the figures were measured
        self.note = ""  # how the last training or measuring ended, when worth saying
        self._edits = 0  # coding changes seen: a measurement knows whether it is still current

    @property
    def configured(self) -> str | None:
        return self.dock.language.configured

    # ------------------------------------------------------------------ the queue
    def queue_task(self) -> Task:
        project, source = self.dock.session.project, self.dock.source_key
        configured = self.configured
        return Task(
            work=lambda _progress: read_queue(project, source, configured),
            done=self.dock.show_reading,
            failed=self.dock.show_error,
        )

    def note_model(self, model: TrainingReport | None) -> None:
        """The classifier the queue used; a report of "nothing to learn" stays said."""
        if model is not None or (self.report is not None and self.report.trained):
            self.report = model

    def codings_changed(self) -> None:
        self._edits += 1
        if self.evaluation is not None:
            self.measured_stale = True

    # ------------------------------------------------------------------ training
    def train(self) -> None:
        """Train (or retrain) the classifier in the background; the queue and the figures
        follow when it has finished. The model in use stays until then, or on Cancel."""
        if self.dock.lane.waiting(TRAIN):
            return
        self.note = ""
        self.dock.lane.request(TRAIN, self._train_task)

    def _train_task(self) -> Task:
        project, configured = self.dock.session.project, self.configured

        def work(progress: Progress) -> TrainingReport:
            return train_model(project, progress, configured=configured)

        return Task(
            work=work, done=self._trained, failed=self._failed("Training"), label=TRAINING,
            cancelled=lambda: self._say("Training cancelled: the classifier in use is unchanged."),
        )  # fmt: skip

    def _trained(self, report: TrainingReport) -> None:
        self.report = report
        self.note = ""
        self.dock.message.emit(report.message)
        self.dock.refresh()
        if report.trained:
            self.measure()

    # ------------------------------------------------------------------ measuring
    def measure(self) -> None:
        """Measure both sources on held-out codings in the background (a separate model)."""
        if self.dock.lane.waiting(MEASURE):
            return
        self.note = ""
        self.dock.lane.request(MEASURE, self._measure_task)

    def _measure_task(self) -> Task:
        project, configured, edits = self.dock.session.project, self.configured, self._edits

        def work(progress: Progress) -> Evaluation:
            return evaluate(project, progress, configured=configured)

        def done(evaluation: Evaluation) -> None:
            self.evaluation = evaluation
            self.measured_stale = edits != self._edits
            self.dock.message.emit("Measured how often the suggestions are right")

        return Task(
            work=work, done=done, failed=self._failed("Measuring"), label=MEASURING,
            cancelled=lambda: self._say("Measuring cancelled: the figures shown are unchanged."),
        )  # fmt: skip

    # ------------------------------------------------------------------ outcomes
    def _failed(self, what: str) -> Callable[[str], None]:
        return lambda message: self._say(f"{what} failed: {message}")

    def _say(self, note: str) -> None:
        self.note = note
        self.dock.message.emit(note)
