"""Reviewers' feedback, for the lead: per code and per coded passage, with the verdicts, the
comments and the codes reviewers suggest, each marked resolved or not.

"Import feedback from a pack…" brings a returned review pack's feedback in (one undoable
step, run in the background) and shows what came in. "Mark resolved" and "Reopen" act on the
chosen row (a code's row: all the feedback under it) as one undoable step. Enter or a
double-click on a passage opens it in its document. The feedback is read off the GUI thread,
and only while the dock is on screen: a dock tabbed behind another catches up when shown.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.synthesis.on_screen import OnScreenRefresh
from ui.team.exchange import ReportDialog
from ui.team.feedback_model import (
    KEY_ROLE,
    FeedbackGroup,
    FeedbackTreeModel,
    UnresolvedFilter,
    load_feedback,
    said,
)
from workbench.changes import Changes
from workbench.review.pack_open import PACK_SUFFIX

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.session import ProjectSession
    from ui.workers import JobRunner
    from workbench.progress import Progress
    from workbench.review.pack_import import FeedbackReport, ReviewLine

T = TypeVar("T")
TITLE = "Reviewers' feedback"
PACK_FILES = f"Review packs (*{PACK_SUFFIX})"
CANCELLED = "Cancelled: nothing was written."
NO_FEEDBACK = ("No feedback yet. When a reviewer sends a review pack back, import it with "
               "“Import feedback from a pack…”.")  # fmt: skip
CHOOSE_A_ROW = "Choose a row to read its feedback in full."
# What the narrow columns are sized to show (the comments take the rest).
COLUMN_SAMPLES = ("A passage as long as a short sentence, quoted", "interview_p01 (1)", "Agree",
                  "Disagree", "Not sure", "2 of 3 to resolve", "A suggested code")  # fmt: skip


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setToolTip(tip)
    return button


def start_job(
    jobs: JobRunner,
    label: str,
    work: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[str], None],
    window: QWidget,
) -> None:
    """Run ``work`` as a writing job. Writing a pack or importing feedback cannot stop half
    way: if it finished before Cancel took effect, what it did is reported, never hidden."""
    finished: list[T] = []

    def run(_progress: Progress) -> T:
        result = work()
        finished.append(result)
        return result

    job = jobs.start(label, run, done, on_failed=failed, writes=True, window=window)
    job.signals.cancelled.connect(lambda: done(finished[0]) if finished else failed(CANCELLED))


def status_line(groups: list[FeedbackGroup]) -> str:
    lines = [line for group in groups for line in group.lines()]
    if not lines:
        return NO_FEEDBACK
    reviewers = len({line.reviewer for line in lines})
    open_ = sum(not line.resolved for line in lines)
    return (f"{len(lines)} piece{'s' if len(lines) != 1 else ''} of feedback from {reviewers} "
            f"reviewer{'s' if reviewers != 1 else ''}; "
            f"{open_ or 'none'} left to resolve.")  # fmt: skip


class FeedbackDock(OnScreenRefresh, QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    message = Signal(str)  # for the status bar

    def __init__(
        self, session: ProjectSession, parent: QWidget | None = None, *, jobs: JobRunner
    ) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("feedback_dock")
        self.session, self.jobs = session, jobs
        self._stale = True  # read on first show
        self._on_screen = False  # set by visibilityChanged
        self.report: ReportDialog | None = None  # the last import's report
        self._importing = False
        self.runner = QueryRunner(self)
        self.model = FeedbackTreeModel(self)
        self.filter = UnresolvedFilter(self)
        self.filter.setSourceModel(self.model)
        self.view = QTreeView()
        self.detail = QTextBrowser()
        self.status = QLabel("Reading the feedback…")
        self.import_button = _button("&Import feedback from a pack…", "feedback_import",
                                     "Bring in the feedback in a review pack a reviewer "
                                     "sent back")  # fmt: skip
        self.unresolved_only = QCheckBox("&Unresolved only")
        self.resolve_button = _button("Mark &resolved", "feedback_resolve",
                                      "Mark the chosen feedback dealt with (undoable)")  # fmt: skip
        self.reopen_button = _button("Re&open", "feedback_reopen",
                                     "Mark the chosen feedback unresolved again")  # fmt: skip
        self.setWidget(self._build())
        self._connect()
        self._update_buttons()

    def _build(self) -> QWidget:
        view = self.view
        view.setObjectName("feedback_tree")
        view.setAccessibleName("Feedback per code and passage")
        view.setModel(self.filter)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.header().setStretchLastSection(True)
        view.header().setAccessibleName("Columns of the feedback")
        self._size_columns()
        self.detail.setObjectName("feedback_detail")
        self.detail.setAccessibleName("The chosen feedback in full")
        self.detail.setOpenLinks(False)
        self.detail.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        self.unresolved_only.setObjectName("feedback_unresolved_only")
        self.unresolved_only.setAccessibleName("Unresolved only")
        self.unresolved_only.setToolTip("Hide feedback the lead has marked resolved")
        self.status.setObjectName("feedback_status")
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (self.import_button, self.unresolved_only):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.resolve_button)
        bar.addWidget(self.reopen_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("feedback_split")
        split.addWidget(view)
        split.addWidget(self.detail)
        split.setSizes([300, 110])
        split.setChildrenCollapsible(False)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        return body

    def _size_columns(self) -> None:
        """Widths that follow the font (the zoom), in bold as a code's row is; the comments
        take the rest."""
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        padding = 3 * metrics.averageCharWidth()
        for column, sample in enumerate(COLUMN_SAMPLES):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_columns()

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        self.import_button.clicked.connect(self.import_pack)
        self.unresolved_only.toggled.connect(self._filter_changed)
        self.resolve_button.clicked.connect(lambda: self.set_resolved(True))
        self.reopen_button.clicked.connect(lambda: self.set_resolved(False))
        self.view.activated.connect(self._activate)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

    # ------------------------------------------------------------------ reading
    def _on_changed(self, changes: Changes) -> None:
        if changes.codings or changes.codes or changes.code_tree or changes.documents:
            self.refresh()

    def refresh(self) -> None:
        """Read the feedback again (now if on screen, else when next shown)."""
        if not self._shown():
            self._stale = True
            return
        self._stale = False
        project = self.session.project
        self.runner.start(lambda: load_feedback(project), self._arrived, self._failed)

    def _arrived(self, groups: list[FeedbackGroup]) -> None:
        current = self.view.currentIndex()
        key, row = current.data(KEY_ROLE), current.row()
        self.model.set_groups(groups)
        self.view.expandAll()
        self.status.setText(status_line(groups))
        self._restore_current(key, row)
        self._update_buttons()
        self._show_detail(self.view.currentIndex())

    def _restore_current(self, key: object, row: int) -> None:
        """Keep the row the lead was on; if it is filtered out now, the one in its place."""
        if key is None:
            return
        index = self.filter.mapFromSource(self.model.index_of(key))
        if not index.isValid() and self.filter.rowCount() and row >= 0:
            index = self._nearest(row)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _nearest(self, row: int) -> QModelIndex:
        index = self.filter.index(0, 0)
        for _ in range(row):
            below = self.view.indexBelow(index)
            if not below.isValid():
                break
            index = below
        return index

    def _failed(self, message: str) -> None:
        self.status.setText(f"The feedback could not be read: {message}")

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the read under way is shown (tests, screenshots)."""
        return self.runner.wait(msecs)

    # ------------------------------------------------------------------ choosing
    def _filter_changed(self, only: bool) -> None:
        current = self.view.currentIndex()
        key, row = current.data(KEY_ROLE), current.row()
        self.filter.set_unresolved_only(only)
        self.view.expandAll()
        self._restore_current(key, row)
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        self._show_detail(current)

    def _lines(self) -> list[ReviewLine]:
        return self.model.lines_at(self.filter.mapToSource(self.view.currentIndex()))

    def _update_buttons(self) -> None:
        lines = self._lines()
        writable = not self.session.read_only
        self.import_button.setEnabled(writable and not self._importing)
        self.resolve_button.setEnabled(writable and any(not line.resolved for line in lines))
        self.reopen_button.setEnabled(writable and any(line.resolved for line in lines))

    def _show_detail(self, current: QModelIndex) -> None:
        source = self.filter.mapToSource(current)
        entry, group = self.model.entry_at(source), self.model.group_at(source)
        if group is None:
            self.detail.setPlainText(CHOOSE_A_ROW if self.model.rowCount() else "")
            return
        parts = [f"<p><b>{escape(group.title)}</b></p>"]
        if entry is not None and entry.item.target_kind == "coding" and entry.passage:
            place = escape(entry.item.document_name)
            parts.append(f"<p>{place}: <i>“{escape(entry.passage)}”</i></p>")
        elif entry is not None:
            parts.append(f"<p>{escape(entry.about)}</p>")
        lines = self.model.lines_at(source)
        parts.append("<ul>" + "".join(f"<li>{escape(said(li))}</li>" for li in lines) + "</ul>")
        self.detail.setHtml("".join(parts))

    def _activate(self, index: QModelIndex) -> None:
        entry = self.model.entry_at(self.filter.mapToSource(index))
        if entry is None or entry.item.gone or entry.item.target_kind != "coding":
            return
        item = entry.item
        if item.document_id is not None and item.start is not None and item.end is not None:
            self.passage_activated.emit(item.document_id, item.start, item.end)

    # ------------------------------------------------------------------ resolving
    def set_resolved(self, resolved: bool) -> None:
        """Mark the chosen row's feedback resolved (or open again), as one undoable step."""
        from workbench.commands import Macro
        from workbench.review.ops import ResolveReview

        wanted = [line.id for line in self._lines() if line.resolved != resolved]
        if not wanted:
            return
        user = self.session.user_id
        steps = [ResolveReview(review_id, resolved, user_id=user) for review_id in wanted]
        if self.session.run(steps[0] if len(steps) == 1 else Macro(steps[0].label, steps)):
            word = "resolved" if resolved else "unresolved"
            self.message.emit(f"Marked {len(steps)} piece{'s' if len(steps) != 1 else ''} "
                              f"of feedback {word} (Edit › Undo takes it back)")  # fmt: skip

    # ------------------------------------------------------------------ importing
    def import_pack(self) -> None:
        """Ask for a returned pack, bring its feedback in, then say what came in."""
        project = self.session.project
        name, _ = QFileDialog.getOpenFileName(self, "Import reviewers' feedback",
                                              str(project.path.parent), PACK_FILES)  # fmt: skip
        if not name:
            return
        path = Path(name)
        from workbench.review.pack_import import import_feedback

        self._importing = True
        self._update_buttons()
        start_job(self.jobs, f"Importing feedback from {path.name}",
                  lambda: import_feedback(project, path), self._imported, self._import_failed,
                  self)  # fmt: skip

    def _imported(self, report: FeedbackReport) -> None:
        self._importing = False
        self._update_buttons()
        self.session.announce(Changes())  # the import is on the undo stack and in the log
        self.show()  # started from the File menu, the lead wants to see what came in
        self.raise_()
        self.refresh()
        self.report = ReportDialog(f"Feedback from {report.pack}", report.lines(), self)
        self.report.open()
        self.message.emit(report.lines()[0])

    def _import_failed(self, message: str) -> None:
        self._importing = False
        self._update_buttons()
        self.message.emit(message)
        QMessageBox.warning(self, "Could not import the feedback", message)
