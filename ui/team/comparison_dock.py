"""The coder comparison: agreement figures per code, the passages two coders disagree on, and
both coders' codings of a code side by side.

Choose coder A and B and the unit; the figures and the disagreements are read off the GUI
thread, and only while the dock is on screen (a dock tabbed behind another catches up when it
is shown). Choosing a code's row lists that code's disagreements only; the pooled row (or
"All codes") lists them all. Enter or a double-click on a disagreement opens the passage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox, QWidget

from ui.background_query import QueryRunner
from ui.synthesis.on_screen import OnScreenRefresh
from ui.team.comparison_data import Comparison, load_comparison, load_strip
from ui.team.comparison_layout import ComparisonPanel
from ui.team.comparison_models import (
    CODE_ID_ROLE,
    POOLED_ID,
    DisagreementFilter,
    DisagreementTableModel,
    FiguresTableModel,
)
from ui.team.comparison_strip import EMPTY_TEXT
from workbench.exporters.agreement_xlsx import write_agreement_xlsx

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from ui.team.comparison_data import StripData
    from workbench.agreement import AgreementReport
    from workbench.agreement_disagreements import Disagreement
    from workbench.changes import Changes

TITLE = "Coder comparison"
LOADING = "Comparing…"


def caption(report: AgreementReport) -> str:
    """The unit, stated with the figures, and where the readings come from."""
    documents = len(report.documents)
    return (
        f"Unit: {report.unit}. {report.units:,} {report.unit_name} in {documents} "
        f"document{'s' if documents != 1 else ''} both coded, judged for each code. Kappa "
        "labels after Landis & Koch (1977); alpha after Krippendorff (2004)."
    )


def disagreements_caption(shown: int, total: int, code: str | None) -> str:
    listed = f"{shown} passage{'s' if shown != 1 else ''}"
    where = f" of {code}" if code else ""
    note = "" if code else " (always by character, whatever the unit)"
    if not total:
        return "No disagreements: wherever one coder applied a code, so did the other."
    return f"Disagreements{where}: {listed} only one coder coded{note}. Enter opens one."


class ComparisonDock(OnScreenRefresh, QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    message = Signal(str)  # for the status bar: "Wrote …", "Export failed: …"
    shown = Signal()  # the latest comparison (or why there is none) is on screen

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("comparison_dock")
        self.session = session
        self._stale = True
        self._on_screen = False  # set by visibilityChanged
        self.comparison: Comparison | None = None
        self.strip_data: StripData | None = None
        self.runner = QueryRunner(self)
        self.strip_runner = QueryRunner(self)
        self.figures = FiguresTableModel(self)
        self.disagreements = DisagreementTableModel(self)
        self.filter = DisagreementFilter(self)
        self.filter.setSourceModel(self.disagreements)
        self.panel = ComparisonPanel(self.figures, self.filter)
        self.setWidget(self.panel)
        self._connect()

    def _connect(self) -> None:
        panel = self.panel
        self.session.changed.connect(self._on_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        for combo in (panel.coder_a, panel.coder_b, panel.unit):
            combo.activated.connect(lambda _index: self.refresh())
        panel.export.clicked.connect(self.export_xlsx)
        panel.all_codes.clicked.connect(self.show_all_codes)
        panel.figures_view.selectionModel().currentChanged.connect(self._code_chosen)
        panel.disagreements_view.activated.connect(self._activate)
        panel.disagreements_view.selectionModel().currentChanged.connect(self._disagreement_chosen)

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Compare the chosen coders again (only while on screen: otherwise when next shown)."""
        if not self._shown():
            self._stale = True
            return
        self._stale = False
        panel = self.panel
        project, unit = self.session.project, panel.unit_name()
        first, second = panel.coder(panel.coder_a), panel.coder(panel.coder_b)
        panel.status.setText(LOADING)
        self.runner.start(
            lambda: load_comparison(project, first, second, unit), self._show, self._show_error
        )

    def _on_changed(self, changes: Changes) -> None:
        if changes.codings or changes.codes or changes.code_tree or changes.documents:
            self.refresh()

    def _show(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.strip_data = None  # the coders, or their codings, may differ now
        self.strip_runner.discard()
        panel = self.panel
        panel.set_coders(comparison.coders, comparison.pair)
        self.figures.set_report(comparison.report)
        self.disagreements.set_rows(comparison.disagreements)
        self.filter.set_code(None)
        report = comparison.report
        panel.status.setText(caption(report) if report is not None else comparison.message)
        panel.export.setEnabled(report is not None)
        panel.fit_tables()
        self._update_disagreements_caption()
        panel.strip.setVisible(bool(comparison.disagreements))
        self._show_strip(None)
        self.shown.emit()

    def _show_error(self, message: str) -> None:
        self.comparison = None
        self.figures.set_report(None)
        self.disagreements.set_rows([])
        self.panel.status.setText(message)
        self.panel.export.setEnabled(False)
        self._update_disagreements_caption()
        self.panel.strip.setVisible(False)
        self._show_strip(None)
        self.shown.emit()

    # ------------------------------------------------------------------ choosing
    def _code_chosen(self, current: QModelIndex) -> None:
        code = current.data(CODE_ID_ROLE) if current.isValid() else None
        self.filter.set_code(None if code in (None, POOLED_ID) else int(code))
        self._update_disagreements_caption()

    def show_all_codes(self) -> None:
        """List every code's disagreements (as when the pooled row is chosen)."""
        view = self.panel.figures_view
        pooled = self.figures.row_of(POOLED_ID)
        if pooled is not None:
            view.setCurrentIndex(self.figures.index(pooled, 0))
        self.filter.set_code(None)
        self._update_disagreements_caption()

    def _update_disagreements_caption(self) -> None:
        code_id = self.filter.code_id
        row = self.figures.row_of(code_id) if code_id is not None else None
        code = self.figures.row(row).code if row is not None else None
        total = self.disagreements.rowCount()
        text = disagreements_caption(self.filter.rowCount(), total, code)
        compared = self.comparison is not None and self.comparison.report is not None
        self.panel.disagreements_caption.setText(text if compared else "")
        self.panel.all_codes.setVisible(code is not None)

    def disagreement_at(self, row: int) -> Disagreement:
        """The disagreement on ``row`` of the list as shown (filtered)."""
        source = self.filter.mapToSource(self.filter.index(row, 0))
        return self.disagreements.disagreement(source.row())

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            item = self.disagreement_at(index.row())
            self.passage_activated.emit(item.document_id, item.start, item.end)

    # ------------------------------------------------------------------ the strip
    def _disagreement_chosen(self, current: QModelIndex) -> None:
        if not current.isValid() or self.comparison is None or self.comparison.pair is None:
            self._show_strip(None)
            return
        item = self.disagreement_at(current.row())
        data = self.strip_data
        if data is not None and (data.document_id, data.code_id) == (item.document_id,
                                                                     item.code_id):  # fmt: skip
            self._show_strip(item)
            return
        project, pair = self.session.project, self.comparison.pair
        doc, code = item.document_id, item.code_id
        self.strip_runner.start(
            lambda: load_strip(project, doc, code, pair),
            lambda found: self._strip_loaded(found, item),
            lambda message: self.panel.strip_caption.setText(message),
        )

    def _strip_loaded(self, data: StripData, item: Disagreement) -> None:
        self.strip_data = data
        self._show_strip(item)

    def _show_strip(self, item: Disagreement | None) -> None:
        panel, pair = self.panel, self.comparison.pair if self.comparison else None
        if item is None or pair is None or self.strip_data is None:
            panel.strip.show_strip(None, pair or ("", ""), None)
            panel.strip.setToolTip("")
            panel.strip_caption.setText(EMPTY_TEXT if panel.strip.isVisibleTo(panel) else "")
            return
        panel.strip.show_strip(self.strip_data, pair, (item.start, item.end))
        panel.strip_caption.setText(
            f"{item.document} · {item.code}, the whole document from left to right "
            "(dashed: coded by one coder only)"
        )
        panel.strip.setToolTip(panel.strip.description())

    # ------------------------------------------------------------------ export
    def export_xlsx(self) -> None:
        """Ask where, then write the figures shown to an .xlsx workbook."""
        report = self.comparison.report if self.comparison else None
        if report is None:
            return
        project = self.session.project
        suggested = project.path.with_name(f"{project.path.stem} agreement.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the agreement to Excel", str(suggested), "Excel workbook (*.xlsx)"
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
        try:
            write_agreement_xlsx(report, path)
        except OSError as exc:
            reason = f"The file could not be written: {exc.strerror or exc.__class__.__name__}."
            self.message.emit(f"Export failed: {reason}")
            QMessageBox.warning(self, "Export failed", reason)
            return
        self.message.emit(f"Wrote {path}")
