"""The speakers of the open document: which case each belongs to, and who interviewed.

Participants become cases when a transcript is imported; here a researcher corrects that:
links a speaker to another case (or none) and marks interviewers, so that their words are
not counted as a participant's.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from workbench.ops.cases import UpdateSpeaker
from workbench.queries.documents import list_cases
from workbench.queries.navigation import document_speakers

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes


class SpeakersPanel(QGroupBox):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Speakers of the open document", parent)
        self.setObjectName("speakers_panel")
        self.session = session
        self.document_id: int | None = None
        self.grid = QGridLayout(self)
        self.rows: dict[int, tuple[QComboBox, QCheckBox]] = {}
        session.changed.connect(self._changed)
        self.set_document(None)

    def set_document(self, document_id: int | None) -> None:
        self.document_id = document_id
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.cases or (
            self.document_id is not None and self.document_id in changes.documents
        ):
            self.refresh()

    def refresh(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; hide it now
                widget.deleteLater()
        self.rows.clear()
        speakers = (
            document_speakers(self.session.project, self.document_id)
            if self.document_id is not None
            else []
        )
        if not speakers:
            self.grid.addWidget(QLabel("The open document has no speakers."), 0, 0)
            return
        cases = [(c.id, c.name) for c in list_cases(self.session.project)]
        for row, speaker in enumerate(speakers):
            label = QLabel(speaker.name)
            case = QComboBox()
            case.setObjectName(f"speaker_case_{speaker.id}")
            case.setAccessibleName(f"Case of speaker {speaker.name}")
            case.addItem("No case", None)
            for case_id, name in cases:
                case.addItem(name, case_id)
            case.setCurrentIndex(max(0, case.findData(speaker.case_id)))
            interviewer = QCheckBox("Interviewer")
            interviewer.setObjectName(f"speaker_interviewer_{speaker.id}")
            interviewer.setAccessibleName(f"{speaker.name} is an interviewer")
            interviewer.setChecked(speaker.is_interviewer)
            for widget in (case, interviewer):
                widget.setEnabled(not self.session.read_only)
            label.setBuddy(case)
            case.currentIndexChanged.connect(partial(self._set_case, speaker.id, case))
            interviewer.toggled.connect(partial(self._set_interviewer, speaker.id))
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(case, row, 1)
            self.grid.addWidget(interviewer, row, 2)
            self.rows[speaker.id] = (case, interviewer)

    def _set_case(self, speaker_id: int, combo: QComboBox, _index: int) -> None:
        self.session.run(UpdateSpeaker(speaker_id, case_id=combo.currentData()))

    def _set_interviewer(self, speaker_id: int, checked: bool) -> None:
        self.session.run(UpdateSpeaker(speaker_id, is_interviewer=checked))
