"""The evidence of one NASSS cell: the case's passages under that NASSS code, ticked if linked.

Ticking and unticking only marks passages; "Save evidence" (or Ctrl+Enter in the list) links
exactly the ticked ones in one undoable step. Double-click or Enter opens a passage in its
document. Ticks the user has not saved survive a refresh of the same cell.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.synthesis.nasss_editor import SaveKeyFilter
from workbench.nasss import spans_domains
from workbench.ops.nasss import SetEvidence

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.commands import Command
    from workbench.dto import Segment
    from workbench.queries.nasss import Proposal

CODING_ID_ROLE = Qt.ItemDataRole.UserRole + 43
MAX_PASSAGE_CHARS = 400  # longer passages are cut in the list; the tooltip holds them whole
NO_CELL = "Choose a cell to see the passages it can rest on."
LOADING = "Loading passages…"


def _location(segment: Segment) -> str:
    if segment.time_start is not None:
        seconds = int(segment.time_start)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return (
            f"at {hours:d}:{minutes:02d}:{seconds:02d}" if hours else f"at {minutes}:{seconds:02d}"
        )
    return f"paragraph {segment.paragraph}"


def passage_source(proposal: Proposal, cell_key: str) -> str:
    """Where a passage comes from: speaker, case, document, location and, if not the cell's
    own code, the NASSS key it is coded under (always for domain 7, which spans them all)."""
    segment = proposal.segment
    parts = [segment.speaker or "No speaker"]
    if segment.case and segment.case != segment.speaker:
        parts.append(f"case {segment.case}")
    parts.append(f"{segment.document_name}, {_location(segment)}")
    if proposal.domain_key != cell_key or spans_domains(cell_key):
        parts.append(f"coded {proposal.domain_key}")
    return " · ".join(parts)


def _passage_text(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_PASSAGE_CHARS else flat[: MAX_PASSAGE_CHARS - 1] + "…"


class NasssEvidencePanel(QWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)
    saved = Signal()
    back_to_grid = Signal()  # Escape

    def __init__(self, run: Callable[[Command], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nasss_evidence")
        self._run = run
        self._cell: tuple[int, str] | None = None
        self._rater_id: int | None = None
        self._proposals: list[Proposal] = []
        self._touched = False  # the user changed a tick since the cell's evidence was loaded
        self.read_only = False
        self.heading = QLabel(NO_CELL)
        self.heading.setObjectName("nasss_evidence_heading")
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("nasss_proposals")
        self.list.setAccessibleName("Proposed evidence passages")
        self.list.setToolTip(
            "Space ticks or unticks a passage; Enter or double-click opens it in its document"
        )
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.count = QLabel("")
        self.count.setObjectName("nasss_evidence_count")
        self.save_button = QPushButton("Save evidence")
        self.save_button.setObjectName("nasss_save_evidence")
        self.save_button.setAccessibleName("Save evidence")
        self.save_button.setToolTip("Link exactly the ticked passages to the rating (Ctrl+Enter)")
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.keys = SaveKeyFilter(self.save, self)
        self.keys.watch([self.list, self.save_button])
        self.keys.escaped.connect(self.back_to_grid)
        self.list.itemChanged.connect(self._ticked)
        self.list.itemActivated.connect(self._activate)
        self.save_button.clicked.connect(self.save)
        self._update_state()

    # ------------------------------------------------------------------ contents
    def set_cell(self, cell: tuple[int, str] | None, rater_id: int | None) -> None:
        """Show "loading" for a new cell; its proposals follow through :meth:`set_proposals`."""
        if cell != self._cell:
            self._cell, self._touched, self._proposals = cell, False, []
            self.list.clear()
            self.heading.setText(LOADING if cell is not None else NO_CELL)
        self._rater_id = rater_id
        self._update_state()

    def set_proposals(self, cell: tuple[int, str], proposals: list[Proposal]) -> None:
        if cell != self._cell:
            return  # the user has moved on to another cell
        ticked = self.ticked() if self._touched else None
        self._proposals = proposals
        self.list.blockSignals(True)  # building the list is no tick by the user
        self.list.clear()
        for proposal in proposals:
            self.list.addItem(self._item(proposal, cell[1], ticked))
        self.list.blockSignals(False)
        key = cell[1]
        if proposals:
            self.heading.setText(f"Passages that can support {key}: tick the ones it rests on")
        else:
            under = "any NASSS code" if spans_domains(key) else f"NASSS {key} or its sub-codes"
            self.heading.setText(f"No passages of this case are coded under {under} yet.")
        self._update_state()

    def _item(self, proposal: Proposal, key: str, ticked: set[int] | None) -> QListWidgetItem:
        segment = proposal.segment
        source = passage_source(proposal, key)
        item = QListWidgetItem(f"{_passage_text(segment.text)}\n{source}")
        item.setData(CODING_ID_ROLE, segment.coding_id)
        item.setToolTip(f"{segment.text}\n\n{source}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if not self.read_only:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        on = segment.coding_id in ticked if ticked is not None else proposal.linked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        return item

    def ticked(self) -> set[int]:
        """The coding ids of the ticked passages."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return {
            int(item.data(CODING_ID_ROLE))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        }

    def linked(self) -> set[int]:
        return {p.segment.coding_id for p in self._proposals if p.linked}

    @property
    def dirty(self) -> bool:
        return self.ticked() != self.linked()

    def _ticked(self, _item: QListWidgetItem) -> None:
        self._touched = True
        self._update_state()

    def _update_state(self) -> None:
        total, ticked = len(self._proposals), len(self.ticked())
        self.count.setText(f"{ticked} of {total} ticked" if total else "")
        if self.dirty:
            self.count.setText(self.count.text() + " (not saved)")
        self.save_button.setEnabled(self._cell is not None and not self.read_only and self.dirty)

    # ------------------------------------------------------------------ actions
    def save(self) -> bool:
        if self._cell is None or not self.save_button.isEnabled():
            return False
        case_id, key = self._cell
        done = self._run(SetEvidence(case_id, key, sorted(self.ticked()), self._rater_id))
        if done:  # linked now; the refresh that follows confirms it
            ticked = self.ticked()
            self._proposals = [
                replace(p, linked=p.segment.coding_id in ticked) for p in self._proposals
            ]
            self._touched = False
            self._update_state()
            self.saved.emit()
        return done

    def _activate(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self._proposals):
            segment = self._proposals[row].segment
            self.passage_activated.emit(segment.document_id, segment.start, segment.end)
