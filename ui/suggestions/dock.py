"""The suggestions dock: codes suggested for sentences, answered one by one from the keyboard.

Left, the queue (code, document, why, passage); right, how often the suggestions are right,
measured on the project's own codings. Above, where suggestions come from (keywords, the
classifier, both) and the classifier's training. Nothing is coded until the person accepts.

The queue runs spaCy over every document, so it is read off the GUI thread, and only while the
dock is on screen: when codings change the old rows stay, marked "Updating…", until the new ones
arrive. Reading, training and measuring take turns (:mod:`ui.suggestions.lane`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.nlp_status import LanguagePipeline
from ui.segments.compact_table import CompactTableView, ElideDelegate
from ui.suggestions.actions import KEY_HELP, SuggestionAnswers
from ui.suggestions.columns import ColumnFitter
from ui.suggestions.delegates import CodeChipDelegate, KwicDelegate
from ui.suggestions.figures import classifier_state, figures_html
from ui.suggestions.lane import MEASURE, QUEUE, TRAIN, Lane
from ui.suggestions.model import CODE, DOCUMENT, PASSAGE, SuggestionTableModel
from ui.suggestions.work import SuggestionWork
from ui.synthesis.on_screen import OnScreenRefresh

if TYPE_CHECKING:
    from collections.abc import Collection

    from ui.session import ProjectSession
    from ui.suggestions.reading import Key, QueueReading, QueueRow
    from ui.workers import JobRunner
    from workbench.changes import Changes

SOURCES = (
    ("all", "Keywords and classifier", "Suggestions from code keywords and from the classifier"),
    ("keywords", "Keywords only", "Sentences that contain a keyword of a code"),
    ("classifier", "Classifier only", "Uncoded sentences the classifier finds like your codings"),
)
POLL_MS = 100
UPDATING = "Updating…"
READING = "Reading suggestions… The first time also loads the language pipeline."


def _named(widget: QWidget, name: str, accessible: str, tip: str = "") -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)


class SuggestionsDock(OnScreenRefresh, QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    message = Signal(str)  # for the status bar
    queue_shown = Signal()  # the rows (or the error) of the latest reading are shown

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        jobs: JobRunner,
        language: LanguagePipeline | None = None,
    ) -> None:
        super().__init__("Suggestions", parent)
        self.setObjectName("suggestions_dock")
        self.session = session
        self.language = language or LanguagePipeline(None, self)
        self._stale = True  # read on first show
        self._on_screen = False
        self._error: str | None = None
        self._notes: tuple[str, ...] = ()
        self._read_once = False
        self._figures = ""
        self.lane = Lane(jobs, self, self)
        self.work = SuggestionWork(self)
        self.model = SuggestionTableModel(self)
        self._build()
        self.answers = SuggestionAnswers(self)
        self.setWidget(self._layout())
        self._connect()
        self._update()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.source = QComboBox()
        _named(self.source, "suggestions_source", "Suggest from",
               "Where suggestions come from: code keywords, the classifier, or both")  # fmt: skip
        for key, label, tip in SOURCES:
            self.source.addItem(label, key)
            self.source.setItemData(self.source.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.train_button = QPushButton("Trai&n the classifier")
        _named(self.train_button, "suggestions_train", "Train the classifier",
               "Learn from your codings, in the background, on this computer")  # fmt: skip
        self.measure_button = QPushButton("&Measure")
        _named(self.measure_button, "suggestions_measure", "Measure",
               "How often suggestions are right on codings held out from training")  # fmt: skip
        self.progress = QProgressBar()
        _named(self.progress, "suggestions_progress", "Progress")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        _named(self.cancel_button, "suggestions_cancel", "Cancel",
               "Stop: the classifier and the figures in use stay as they were")  # fmt: skip
        self.state = QLabel()
        self.state.setObjectName("suggestions_classifier_state")
        self.state.setWordWrap(True)
        self.view = CompactTableView.for_model(
            self.model, object_name="suggestions_table", accessible_name="Code suggestions"
        )
        self.view.setAccessibleDescription(KEY_HELP)
        self.view.setItemDelegateForColumn(CODE, CodeChipDelegate(self.view))
        self.view.setItemDelegateForColumn(DOCUMENT, ElideDelegate(Qt.TextElideMode.ElideMiddle))
        self.view.setItemDelegateForColumn(PASSAGE, KwicDelegate(self.view))
        self.columns = ColumnFitter(self.view)
        self.figures = QTextBrowser()
        _named(self.figures, "suggestions_figures", "How often the suggestions are right")
        self.figures.setAccessibleDescription("Precision and recall measured on held-out codings")
        self.figures.setTabChangesFocus(True)  # Tab moves on; arrows and Page keys scroll
        self.figures.setOpenLinks(False)
        self.summary = QLabel()
        self.summary.setObjectName("suggestions_summary")
        self.summary.setWordWrap(True)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._refresh_soon = QTimer(self)  # several changes in one go read the queue once
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)

    def _layout(self) -> QWidget:
        top = QHBoxLayout()
        label = QLabel("Su&ggest from:")
        label.setBuddy(self.source)
        for widget in (label, self.source, self.train_button, self.measure_button):
            top.addWidget(widget)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        top.addStretch(0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("suggestions_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.figures)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([2000, 1000])  # the queue first; the figures beside it
        bottom = QHBoxLayout()
        for button in self.answers.buttons:
            bottom.addWidget(button)
        bottom.addWidget(self.summary, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        return body

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        self.language.ready.connect(self._language_ready)
        self.source.currentIndexChanged.connect(lambda _i: self.refresh())
        self.train_button.clicked.connect(self.work.train)
        self.measure_button.clicked.connect(self.work.measure)
        self.cancel_button.clicked.connect(self.lane.cancel)
        self.lane.state_changed.connect(self._update)
        self._poll.timeout.connect(self._show_progress)
        self._refresh_soon.timeout.connect(self.refresh)
        self.view.doubleClicked.connect(self.activate_index)
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(lambda _new, _old: self.answers.update())

    # ------------------------------------------------------------------ reading the queue
    @property
    def idle(self) -> bool:
        """Nothing to read, train or measure, and no reading about to start (tests)."""
        waiting = self._stale and self._shown() and self.language.loading
        return self.lane.idle and not self._refresh_soon.isActive() and not waiting

    @property
    def source_key(self) -> str:
        return str(self.source.currentData())

    def set_source(self, key: str) -> None:
        self.source.setCurrentIndex(self.source.findData(key))

    def _language_ready(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the queue again (now if on screen, else when next shown); rows stay till then."""
        if not self._shown():
            self._stale = True
            return
        if not self.language.is_ready and self.language.error is None:
            # The window loads the pipeline shortly after start-up; reading before that would
            # load it a second way, competing with start-up for the interpreter.
            self._stale = True
            self.summary.setText(READING)
            self.language.load()
            return
        self._stale = False
        self.lane.request(QUEUE, self.work.queue_task)

    def show_reading(self, reading: QueueReading) -> None:
        if self.lane.wanted(QUEUE):
            return  # read before a newer change or choice: the next reading is on its way
        key, row = self._current_key(), self.view.currentIndex().row()
        self.model.set_rows(reading.rows)
        self.work.note_model(reading.model)
        self._notes, self._error = reading.notes, None
        self._read_once = self._read_once or bool(reading.rows)
        self.columns.rows_changed()
        self._restore_current(key, row)
        self._update()
        self.queue_shown.emit()

    def show_error(self, message: str) -> None:
        self._error = message
        self._update()
        self.queue_shown.emit()

    def _on_changed(self, changes: Changes) -> None:
        coding = bool(changes.codings or changes.codes or changes.code_tree)
        if coding:
            self.work.codings_changed()  # what the figures were measured on has changed
        # An empty Changes is a rejection (or its undo or redo): it changes the queue only.
        if coding or changes.empty or changes.documents:
            self._refresh_soon.start()

    # ------------------------------------------------------------------ rows
    def current_row(self) -> QueueRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _current_key(self) -> Key | None:
        row = self.current_row()
        return row.key if row is not None else None

    def take_out(self, keys: Collection[Key]) -> None:
        """Remove answered suggestions; the row that took the first one's place is current."""
        first = self.model.remove_keys(set(keys))
        if first is not None:
            self._restore_current(None, first)
        self._update()

    def _restore_current(self, key: Key | None, row: int) -> None:
        found = self.model.row_of(key) if key is not None else None
        count = self.model.rowCount()
        if found is None and count:
            found = min(max(row, 0), count - 1)
        if found is None:
            self.answers.update()
            return
        index = self.model.index(found, CODE)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        self.answers.update()

    def focus_queue(self) -> None:
        """Show the dock and put the keyboard in the queue (Code, Suggestions)."""
        self.show()
        self.raise_()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self._restore_current(None, 0)

    # ------------------------------------------------------------------ showing state
    def _update(self) -> None:
        running = self.lane.running
        job = running in (TRAIN, MEASURE)
        self.progress.setVisible(job)
        self.cancel_button.setVisible(job)
        if job and not self._poll.isActive():
            self.progress.setRange(0, 0)
            self._poll.start()
        elif not job:
            self._poll.stop()
        report = self.work.report
        trained = report is not None and report.trained
        self.train_button.setText("Retrai&n the classifier" if trained else "Trai&n the classifier")
        self.train_button.setEnabled(not self.lane.waiting(TRAIN))
        self.measure_button.setEnabled(not self.lane.waiting(MEASURE))
        self.state.setText(" ".join(t for t in (classifier_state(report), self.work.note) if t))
        figures = figures_html(report, self.work.evaluation, stale=self.work.measured_stale)
        if figures != self._figures:  # setHtml scrolls back to the top: only when it changed
            self._figures = figures
            self.figures.setHtml(figures)
        self.summary.setText(self._summary())
        self.answers.update()

    def _summary(self) -> str:
        reading = self.lane.waiting(QUEUE)
        count = self.model.rowCount()
        if self._error is not None:
            return f"The suggestions could not be read: {self._error}"
        if count == 0:
            if reading:
                return UPDATING if self._read_once else READING
            return " ".join(("No open suggestions.", *self._notes))
        documents = len({row.suggestion.document_id for row in self.model.rows()})
        noun = "suggestion" if count == 1 else "suggestions"
        place = "document" if documents == 1 else "documents"
        text = f"{count:,} {noun} in {documents:,} {place}."
        return f"{UPDATING} {text}" if reading else f"{text} Enter accepts, R rejects."

    def _show_progress(self) -> None:
        progress = self.lane.progress
        if progress is None:
            return
        state = progress.snapshot()
        self.progress.setRange(0, max(state.total, 0))
        self.progress.setValue(min(state.done, state.total))
        label = state.label or "Working"
        self.progress.setFormat(f"{label}: %p%" if state.total else label)
        self.progress.setAccessibleName(label)

    def activate_index(self, index: QModelIndex) -> None:
        """Open the passage of ``index`` (a double-click): the document takes the keyboard."""
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.answers.show_current(keep_focus=False)
