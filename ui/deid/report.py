"""What applying did, said plainly: replacements made, codings moved, the codings now covering
only a pseudonym (listed: none is ever dropped silently), and what became of the original.

Enter or a double click on a listed coding opens its document at the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QVBoxLayout, QWidget

from ui.deid.apply_flow import backups_note
from ui.row_model import Index, RowTableModel
from ui.segments.compact_table import CompactTableView
from workbench.deid import KEPT
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from workbench.deid import ApplyReport
    from workbench.project import Project


@dataclass(frozen=True, slots=True)
class LostRow:
    """A coding left covering only a replacement, as the report lists it."""

    document_id: int
    document: str
    code: str
    covers: str  # the replacement it now covers
    start: int
    end: int


def lost_rows(project: Project, report: ApplyReport) -> list[LostRow]:
    documents = {d.id: d.name for d in list_documents(project)}
    codes = {c.id: c.name for c in list_codes(project)}
    return [
        LostRow(
            lost.document_id,
            documents.get(lost.document_id, f"Document {lost.document_id}"),
            codes.get(lost.code_id, f"Code {lost.code_id}"),
            project.document_text(lost.document_id)[lost.start : lost.end],
            lost.start,
            lost.end,
        )
        for lost in report.lost
    ]


class LostCodingModel(RowTableModel[LostRow]):
    columns = ("Document", "Code", "Now covers only")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows[index.row()]
        return (row.document, row.code, row.covers)[index.column()]


def summary(report: ApplyReport, lost: int) -> str:
    documents = len(report.documents)
    moved = len(report.codings_moved - {item.coding_id for item in report.lost})
    lines = [
        f"Replaced {report.replacements:,} passage{'' if report.replacements == 1 else 's'} in "
        f"{documents} document{'' if documents == 1 else 's'}.",
        f"{moved:,} coding{' moved' if moved == 1 else 's moved'} with their words.",
        "The identifiable original is kept inside the project."
        if report.original == KEPT
        else "The identifiable original (text and source file) was deleted from the project.",
    ]
    if lost:
        lines.append(
            f"{lost:,} coding{' now covers' if lost == 1 else 's now cover'} only a "
            f"replacement: check {'it' if lost == 1 else 'them'} below (Enter opens "
            f"{'it' if lost == 1 else 'one'})."
        )
    else:
        lines.append("No coding lost its words.")
    return "\n".join(lines)


class ApplyReportDialog(QDialog):
    passage_activated = Signal(int, int, int)  # document id, start, end

    def __init__(
        self, project: Project, report: ApplyReport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deid_report")
        self.setWindowTitle("De-identification done")
        rows = lost_rows(project, report)
        self.summary = QLabel(summary(report, len(rows)))
        self.summary.setObjectName("deid_report_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = LostCodingModel(self)
        self.model.set_rows(rows)
        self.lost = CompactTableView.for_model(
            self.model, object_name="deid_lost_codings",
            accessible_name="Codings now covering only a replacement",
        )  # fmt: skip
        self.lost.setVisible(bool(rows))
        self.lost.resizeColumnsToContents()
        self.lost.activated.connect(self._activate)
        backups = QLabel(backups_note(project.path))
        backups.setObjectName("deid_report_backups")
        backups.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("deid_report_close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lost, 1)
        layout.addWidget(backups)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth() * 76
        for label in (self.summary, backups):
            label.setMinimumWidth(width)  # a wrapped label then asks for its full height
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    def _activate(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        self.passage_activated.emit(row.document_id, row.start, row.end)
