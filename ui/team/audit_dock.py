"""The audit viewer: who did what and when, filterable by person, operation and date, exportable.

Reads run off the GUI thread (a log can hold 100,000 entries) and a page at a time, newest
first; "Show more" adds the next page. Every command writes the log, so every change of the
project brings new entries: while the dock is on screen they are read at once and put at the
top; a dock out of sight (closed, or tabbed behind another) catches up when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.segments.compact_table import CompactTableView
from ui.synthesis.on_screen import OnScreenRefresh
from ui.team.audit_filters import AuditFilterBar
from ui.team.audit_model import AuditTableModel
from workbench.exporters.audit_csv import write_audit_csv
from workbench.queries.audit import (
    AuditFilter,
    audit_count,
    audit_operations,
    audit_page,
    audit_users,
    iter_audit_entries,
)

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from ui.workers import JobRunner
    from workbench.progress import Progress
    from workbench.project import Project
    from workbench.queries.audit import AuditRow, AuditUser

PAGE = 200  # entries read at a time
# What all but the last column are sized to show in full (a long name is elided).
COLUMN_SAMPLES = (
    "28 Sep 2026, 23:59:59",
    "Firstname Lastname",
    "Update coding (undone)",
    "coding 10000",
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one refresh brings back from the pool thread."""

    filters: AuditFilter
    rows: list[AuditRow]  # newest first
    whole: bool  # rows are the first page (else: the entries newer than those shown)
    total: int
    users: list[AuditUser]
    operations: list[str]


def _read(project: Project, filters: AuditFilter, newer_than: int | None) -> _Reading:
    """The first page, or the entries after ``newer_than`` (the first page again when there
    are more than a page of them). Runs on a pool thread."""
    rows = audit_page(project, filters, limit=PAGE + 1)
    if newer_than is not None:
        newer = [row for row in rows if row.id > newer_than]
        if len(newer) <= PAGE:
            rows = newer
        else:
            newer_than = None
    whole = newer_than is None
    return _Reading(
        filters, rows[:PAGE], whole, audit_count(project, filters), audit_users(project),
        audit_operations(project),
    )  # fmt: skip


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setToolTip(tip)
    return button


class AuditDock(OnScreenRefresh, QDockWidget):
    message = Signal(str)  # for the status bar: "Wrote …", "Export failed: …"

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        jobs: JobRunner | None = None,
    ) -> None:
        super().__init__("Audit log", parent)
        self.setObjectName("audit_dock")
        self.session, self.jobs = session, jobs
        self._stale = True  # read on first show
        self._on_screen = False  # set by visibilityChanged
        self._shown_filters: AuditFilter | None = None  # what the rows were read for
        self._total = 0
        self._generation = 0  # bumped when the rows are replaced: an older "more" is dropped
        self.runner = QueryRunner(self)
        self.more_runner = QueryRunner(self)
        self.filters = AuditFilterBar()
        self.model = AuditTableModel(self)
        self.view = CompactTableView.for_model(
            self.model, object_name="audit_table", accessible_name="Audit log entries"
        )
        self.status = QLabel("Reading the audit log…")
        self.status.setObjectName("audit_status")
        self.more_button = _button("Show &more", "audit_show_more", f"Show {PAGE} older entries")
        self.export_button = _button(
            "E&xport…", "audit_export", "Write the entries that match the filters to a .csv file"
        )
        self.more_button.setEnabled(False)  # until the first page is read
        self.export_button.setEnabled(False)
        self.setWidget(self._layout())
        self._connect()

    def _size_columns(self) -> None:
        """Widths that follow the font (the zoom); the change column takes the rest."""
        metrics, padding = self.view.fontMetrics(), 3 * self.view.fontMetrics().averageCharWidth()
        for column, sample in enumerate(COLUMN_SAMPLES):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_columns()

    def _layout(self) -> QWidget:
        self._size_columns()
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.more_button)
        footer.addWidget(self.export_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        return body

    def _connect(self) -> None:
        self.session.changed.connect(lambda _changes: self.refresh())
        self.visibilityChanged.connect(self._visibility_changed)
        self.filters.changed.connect(self.refresh)
        self.more_button.clicked.connect(self.show_more)
        self.export_button.clicked.connect(self.export_csv)

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Read what is new (now if on screen, else when next shown); everything again when
        the filters changed."""
        if not self._shown():
            self._stale = True
            return
        self._stale = False
        filters = self.filters.current()
        newer_than = self.model.newest_id if filters == self._shown_filters else None
        if filters != self._shown_filters:
            self.status.setText("Reading the audit log…")
        project = self.session.project
        self.runner.start(lambda: _read(project, filters, newer_than), self._arrived, self._failed)

    def _arrived(self, reading: _Reading) -> None:
        if reading.whole:
            self._generation += 1
            self.more_runner.discard()
            self.model.set_rows(reading.rows)
            self._shown_filters = reading.filters
        else:
            self.model.put_first(reading.rows)
        self._total = reading.total
        self.filters.set_choices(reading.users, reading.operations)
        self._update_status()

    def show_more(self) -> None:
        """Add the next page of older entries below those shown."""
        oldest, filters = self.model.oldest_id, self._shown_filters
        if oldest is None or filters is None:
            return
        generation, project = self._generation, self.session.project
        self.more_button.setEnabled(False)
        self.more_runner.start(
            lambda: audit_page(project, filters, older_than=oldest, limit=PAGE),
            lambda rows: self._more(generation, oldest, rows),
            self._failed,
        )

    def _more(self, generation: int, oldest: int, rows: list[AuditRow]) -> None:
        if generation == self._generation and self.model.oldest_id == oldest:
            self.model.put_last(rows)
        self._update_status()

    def _update_status(self) -> None:
        shown, total = self.model.rowCount(), self._total
        if total == 0:
            text = "No entries match the filters." if self._filtered() else "The log is empty."
        else:
            text = (
                f"Showing {shown:,} of {total:,} entr{'y' if total == 1 else 'ies'}, newest first"
            )
        self.status.setText(text)
        self.more_button.setEnabled(shown < total)
        self.export_button.setEnabled(total > 0)

    def _filtered(self) -> bool:
        return self._shown_filters not in (None, AuditFilter())

    def _failed(self, message: str) -> None:
        self.status.setText(f"The audit log could not be read: {message}")
        self.more_button.setEnabled(self.model.rowCount() < self._total)

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the reads under way are shown (tests, screenshots)."""
        return self.runner.wait(msecs) and self.more_runner.wait(msecs)

    # ------------------------------------------------------------------ export
    def export_csv(self) -> None:
        """Ask where, then write every entry that matches the filters (not only those shown)."""
        filters = self._shown_filters or AuditFilter()
        project = self.session.project
        suggested = project.path.with_name(f"{project.path.stem} audit log.csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the audit log", str(suggested), "CSV file (*.csv)"
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".csv") else Path(f"{name}.csv")
        total = self._total

        def work(progress: Progress | None = None) -> tuple[Path, int]:
            if progress is not None:
                progress.start(total, "Writing the audit log")
            rows = iter_audit_entries(project, filters)
            return path, write_audit_csv(rows, path, progress=progress)

        if self.jobs is not None:
            self.jobs.start(
                f"Exporting {path.name}", work, self._exported, on_failed=self._export_failed,
                writes=False, window=self,
            )  # fmt: skip
            return
        try:
            self._exported(work())
        except OSError as exc:
            self._export_failed(f"The file could not be written: {exc.strerror or exc}.")

    def _exported(self, result: tuple[Path, int]) -> None:
        path, count = result
        text = f"Wrote {count:,} audit entr{'y' if count == 1 else 'ies'} to {path}"
        self.status.setText(text)
        self.message.emit(text)

    def _export_failed(self, message: str) -> None:
        self.message.emit(f"Export failed: {message}")
        QMessageBox.warning(self, "Export failed", message)
