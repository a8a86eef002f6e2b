"""Linking a transcript's speakers to cases and marking the interviewer, from the Cases dock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.ui.a11y import unnamed_interactive_widgets
from ui.cases.dock import CasesDock
from ui.session import ProjectSession
from workbench.importing.service import import_files
from workbench.ops.cases import CreateCase
from workbench.queries.navigation import document_speakers

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TRANSCRIPT = "Interviewer: How was it?\nP01: Hard at first.\nMum: She managed.\n"


def test_a_speaker_is_linked_to_another_case_and_marked_interviewer_then_undone(
    qtbot, project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "visit.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    document = import_files(project, [source]).document_ids[0]
    project.execute(CreateCase(name="Household A"))
    session = ProjectSession(project)
    dock = CasesDock(session)
    qtbot.addWidget(dock)
    dock.set_current_document(document)
    panel = dock.speakers
    assert unnamed_interactive_widgets(panel) == []
    speakers = {s.name: s for s in document_speakers(project, document)}
    assert speakers["Interviewer"].is_interviewer
    assert speakers["Interviewer"].case_id is None
    mum = speakers["Mum"]
    combo, interviewer = panel.rows[mum.id]
    combo.setCurrentIndex(combo.findText("Household A"))
    after = {s.name: s for s in document_speakers(project, document)}["Mum"]
    household = combo.findData(after.case_id)
    assert combo.itemText(household) == "Household A"
    combo, interviewer = panel.rows[mum.id]  # the panel was rebuilt from the new state
    interviewer.setChecked(True)
    assert {s.name: s for s in document_speakers(project, document)}["Mum"].is_interviewer
    session.undo()
    session.undo()
    restored = {s.name: s for s in document_speakers(project, document)}["Mum"]
    assert (restored.case_id, restored.is_interviewer) == (mum.case_id, False)


def test_the_panel_says_when_the_open_document_has_no_speakers(qtbot, project: Project) -> None:
    dock = CasesDock(ProjectSession(project))
    qtbot.addWidget(dock)
    dock.set_current_document(None)
    assert dock.speakers.rows == {}
