"""The Framework Method matrix dock: the grid of cases x codes beside the cell editor.

Arrow keys move from cell to cell; Enter or F2 goes into the summary, Escape comes back;
leaving a changed cell saves it. The matrix is computed again (a few set-based statements)
when summaries, codings, cases or codes change, and only while the dock is on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.synthesis.matrix_axes import MatrixAxesDialog, axis_choices, store_axes, stored_axes
from ui.synthesis.matrix_delegate import MatrixCellDelegate, WrappingHeader
from ui.synthesis.matrix_editor import MatrixCellEditor
from ui.synthesis.matrix_model import MatrixTableModel
from ui.synthesis.on_screen import OnScreenRefresh
from workbench.errors import WorkbenchError
from workbench.exporters.matrix_xlsx import export_matrix_xlsx
from workbench.queries.codes import list_codes
from workbench.queries.framework_matrix import (
    MatrixAxes,
    cell_quotes,
    default_matrix_axes,
    framework_matrix,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from ui.session import ProjectSession
    from ui.settings import Settings
    from ui.workers import JobRunner
    from workbench.changes import Changes
    from workbench.dto import CodeInfo
    from workbench.progress import Progress
    from workbench.queries.framework_matrix import CellQuote, MatrixCell

CELL_LINES = 4  # three lines of summary and the count
COLUMN_CHARS = 28
_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)


class MatrixTableView(QTableView):
    """A grid moved with the arrow keys; Enter, F2 or a double-click asks to edit the cell."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matrix_table")
        self.setAccessibleName("Framework matrix: cases by codes")
        self.setItemDelegate(MatrixCellDelegate(self))
        self.setHorizontalHeader(WrappingHeader(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the editor
        self.setWordWrap(False)  # the delegate wraps and elides the summary itself
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.fit_sections()

    def fit_sections(self) -> None:
        """Row height and column width from the font, so they grow with the zoom."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * CELL_LINES + 10)
        self.horizontalHeader().setDefaultSectionSize(metrics.averageCharWidth() * COLUMN_CHARS)
        self.horizontalHeader().setMinimumSectionSize(metrics.averageCharWidth() * 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_sections()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _EDIT_KEYS and plain and self.currentIndex().isValid():
            self.edit_requested.emit()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.indexAt(event.position().toPoint()).isValid():
            self.edit_requested.emit()
            return
        super().mouseDoubleClickEvent(event)


class MatrixDock(OnScreenRefresh, QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    message = Signal(str)  # for the status bar: "Wrote …", "Export failed: …"

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        jobs: JobRunner | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__("Framework matrix", parent)
        self.setObjectName("matrix_dock")
        self.session, self.jobs, self.settings = session, jobs, settings
        path = session.project.path
        self._chosen: MatrixAxes | None = stored_axes(settings, path) if settings else None
        self._codes: list[CodeInfo] | None = None
        self._stale = True
        self._on_screen = False  # set by visibilityChanged
        self._sized = False
        self._reverting = False
        self.axes_dialog: MatrixAxesDialog | None = None
        self.model = MatrixTableModel(self)
        self.view = MatrixTableView()
        self.view.setModel(self.model)
        self.editor = MatrixCellEditor(session)
        self.status = QLabel()
        self.status.setObjectName("matrix_status")
        self.status.setWordWrap(True)
        self.toolbar = self._make_toolbar()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("matrix_split")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.view)
        self.split.addWidget(self.editor)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.status)
        layout.addWidget(self.split, 1)
        self.setWidget(body)
        self._connect()

    def _make_toolbar(self) -> QToolBar:
        toolbar = QToolBar("Matrix tools")
        toolbar.setObjectName("matrix_toolbar")
        toolbar.setAccessibleName("Matrix tools")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.choose_action = self._action(
            toolbar, "Choose cases and codes…", "matrix_choose", "Pick and order rows and columns"
        )
        self.export_action = self._action(
            toolbar, "Export to Excel…", "matrix_export", "Write the matrix to an .xlsx file"
        )
        return toolbar

    def _action(self, toolbar: QToolBar, text: str, name: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip)
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if button is not None:
            button.setObjectName(f"{name}_button")
            button.setAccessibleName(text.rstrip("…"))
        return action

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.choose_action.triggered.connect(self.choose_axes)
        self.export_action.triggered.connect(self.export_xlsx)
        self.view.edit_requested.connect(self.editor.focus_summary)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.editor.leave_requested.connect(self._back_to_grid)
        self.editor.passage_activated.connect(self.passage_activated)
        self.visibilityChanged.connect(self._visibility_changed)

    # ------------------------------------------------------------------ loading
    @property
    def axes(self) -> MatrixAxes | None:
        """The cases and codes the user chose; None while the default applies."""
        return self._chosen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # refreshes a stale matrix
        if not self._sized:  # the grid gets the larger share; the splitter keeps it after
            self._sized = True
            width = max(self.split.width(), 600)
            self.split.setSizes([width * 11 // 20, width * 9 // 20])

    def refresh(self) -> None:
        """Compute the matrix again (only while on screen: otherwise when next shown)."""
        if not self._shown():
            self._stale = True
            return
        self._stale = False
        project = self.session.project
        axes = self._chosen or default_matrix_axes(project)
        if self._codes is None:
            self._codes = list_codes(project)
        self.model.set_matrix(framework_matrix(project, axes.case_ids, axes.code_ids), self._codes)
        self._update_status()
        self._follow_editor()

    def _on_changed(self, changes: Changes) -> None:
        codes = bool(changes.codes) or changes.code_tree
        if codes:
            self._codes = None  # names, paths or definitions may have changed
        if codes or changes.synthesis or changes.codings or changes.cases:
            self.refresh()

    def _follow_editor(self) -> None:
        """Keep the editor on its cell (with fresh quotes), or on the current cell."""
        key = self.editor.cell_key
        place = self.model.position_of(*key) if key else None
        if place is not None:
            row, column = place
            if self.view.currentIndex() != self.model.index(row, column):
                self._reverting = True  # only moving the highlight: nothing to save or load
                self.view.setCurrentIndex(self.model.index(row, column))
                self._reverting = False
            self.editor.update_cell(*self._cell_content(row, column))
            return
        if self.model.rowCount() and self.model.columnCount():
            current = self.view.currentIndex()
            self._load(current if current.isValid() else self.model.index(0, 0))
        else:
            self.editor.show_cell(None)

    def _cell_content(self, row: int, column: int) -> tuple[MatrixCell, str, list[CellQuote]]:
        matrix = self.model.matrix
        cell = matrix.rows[row][column]
        title = f"{matrix.cases[row].name} × {matrix.codes[column].label}"
        return cell, title, cell_quotes(self.session.project, cell.case_id, cell.code_id)

    def _load(self, index: QModelIndex) -> None:
        if self.view.currentIndex() != index:
            self._reverting = True
            self.view.setCurrentIndex(index)
            self._reverting = False
        self.editor.show_cell(*self._cell_content(index.row(), index.column()))

    def _update_status(self) -> None:
        matrix = self.model.matrix
        if not matrix.cases or not matrix.codes:
            self.status.setText(
                "Nothing to show yet: code passages of some cases, or choose cases and codes."
            )
            return
        cells = [cell for row in matrix.rows for cell in row]
        empty = sum(cell.is_empty for cell in cells)
        written = sum(cell.has_summary for cell in cells)
        self.status.setText(
            f"{len(matrix.cases)} cases × {len(matrix.codes)} codes · "
            f"{written} of {len(cells)} cells summarised · {empty} empty (—). "
            "Arrow keys move; Enter edits the summary; Escape comes back."
        )

    # ------------------------------------------------------------------ moving
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting or not current.isValid():
            return
        if self.editor.is_dirty() and not self.editor.save():
            # The summary could not be saved: stay on its cell so nothing is lost.
            self._reverting = True
            self.view.setCurrentIndex(previous)
            self._reverting = False
            return
        self._load(current)

    def _back_to_grid(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def commit_edits(self) -> bool:
        """Save the summary being edited, if it changed (before closing, say)."""
        return self.editor.save()

    # ------------------------------------------------------------------ axes
    def choose_axes(self) -> MatrixAxesDialog:
        """Open the chooser (window-modal, no nested event loop); its choice applies on OK."""
        self.commit_edits()
        project = self.session.project
        default = default_matrix_axes(project)
        dialog = MatrixAxesDialog(axis_choices(project), self._chosen or default, default, self)
        dialog.accepted.connect(
            lambda: self.set_axes(None if dialog.is_default() else dialog.axes())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.axes_dialog = dialog
        dialog.open()
        return dialog

    def set_axes(self, axes: MatrixAxes | None) -> None:
        """Show these cases and codes in this order; None goes back to the default."""
        self.commit_edits()
        self._chosen = axes
        if self.settings is not None:
            store_axes(self.settings, self.session.project.path, axes)
        self.refresh()

    # ------------------------------------------------------------------ export
    def export_xlsx(self) -> None:
        """Ask where, then write the matrix as shown (in the background when given a runner)."""
        self.commit_edits()
        matrix = self.model.matrix
        if not matrix.cases or not matrix.codes:
            self._failed("The matrix is empty: choose cases and codes first.")
            return
        project = self.session.project
        suggested = project.path.with_name(f"{project.path.stem} framework matrix.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the matrix to Excel", str(suggested), "Excel workbook (*.xlsx)"
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
        cases, codes = [c.id for c in matrix.cases], [c.id for c in matrix.codes]

        def work(_progress: Progress | None = None) -> Path:
            export_matrix_xlsx(project, path, case_ids=cases, code_ids=codes)
            return path

        if self.jobs is not None:
            self.jobs.start(
                f"Exporting {path.name}", work, self._exported, on_failed=self._failed,
                writes=False, window=self,
            )  # fmt: skip
            return
        try:
            self._exported(work())
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            self._failed(_reason(exc))

    def _exported(self, path: Path) -> None:
        self.status.setText(f"Wrote {path}")
        self.message.emit(f"Wrote {path}")

    def _failed(self, message: str) -> None:
        self.message.emit(f"Export failed: {message}")
        QMessageBox.warning(self, "Export failed", message)


def _reason(exc: Exception) -> str:
    """What the user reads: the reason for their own errors, only the kind for a bug."""
    if isinstance(exc, OSError):
        return f"The file could not be written: {exc.strerror or exc.__class__.__name__}."
    if isinstance(exc, WorkbenchError) and str(exc).strip():
        return str(exc).strip()
    return f"Something went wrong ({exc.__class__.__name__})."
