"""The lead's side of review packs: choosing and writing a pack, then reading, resolving and
opening the feedback a reviewer sent back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox
from sqlalchemy import insert

from storage.models import Pseudonym
from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from ui.session import ProjectSession
from ui.team.feedback_dock import NO_FEEDBACK, FeedbackDock
from ui.team.feedback_model import (
    ABOUT,
    AGREE,
    COMMENTS,
    DISAGREE,
    DOCUMENT,
    STATUS,
    SUGGESTED,
    UNSURE,
)
from ui.team.pack_dialog import NO_DESCRIPTION, PackDialog
from ui.workers import JobRunner
from workbench.project import ProjectEncryptedError
from workbench.review.ops import SaveReview
from workbench.review.pack_export import export_pack
from workbench.review.pack_open import is_review_pack, open_pack, pack_codes, pack_codings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui.team.exchange import ReportDialog
    from workbench.project import Project

INTERVIEW = (
    "Interviewer: Thank you for coming, Margaret.\n"
    "Margaret Jones: The nurse, Priya Shah, showed me the tablet.\n"
    "Interviewer: Did it help?\n"
    "Margaret Jones: I trust the readings now. The wifi drops at night.\n"
)
FOCUS_GROUP = (
    "Facilitator: What stopped the project?\nBob Smith: The funding stopped after the pilot.\n"
)
SITE_NOTES = "Site visit notes.\nNothing coded here yet.\n"
PSEUDONYMS = {"Margaret Jones": "Participant A", "Margaret": "Anne", "Priya Shah": "Nurse B"}


@dataclass
class Study:
    project: Project
    session: ProjectSession
    jobs: JobRunner
    interview: int
    focus_group: int
    notes: int
    trust: int
    access: int
    funding: int
    unused: int
    readings: int  # the coding of "I trust the readings now."
    wifi: int  # the coding of "The wifi drops at night."

    @property
    def default_pack(self) -> Path:
        return self.project.path.with_name("study review pack.qwbr")


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Iterator[Study]:
    sources = tmp_path / "sources"
    sources.mkdir()
    docs = import_texts(project, sources, {"interview_p01": INTERVIEW,
                                           "focus_group": FOCUS_GROUP,
                                           "site_notes": SITE_NOTES})  # fmt: skip
    trust = new_code(project, "Trust", definition="Confidence in the readings.\n\nMargaret "
                     "Jones put it best.")  # fmt: skip
    access = new_code(project, "Access", example="When the wifi drops")
    funding = new_code(project, "Funding")
    unused = new_code(project, "Unused", definition="Never applied.")
    with project.transaction() as session:
        session.execute(insert(Pseudonym), [{"original": o, "replacement": r}
                                            for o, r in PSEUDONYMS.items()])  # fmt: skip
    text, focus = project.document_text(docs["interview_p01"]), FOCUS_GROUP
    interview = docs["interview_p01"]
    readings = apply_coding(project, interview, trust, span_of(text, "I trust the readings now."))
    wifi = apply_coding(project, interview, access, span_of(text, "The wifi drops at night."))
    apply_coding(project, interview, trust, span_of(text, "The nurse, Priya Shah, showed me"))
    apply_coding(project, docs["focus_group"], funding,
                 span_of(focus, "The funding stopped after the pilot."))  # fmt: skip
    jobs = JobRunner()
    yield Study(project, ProjectSession(project), jobs, interview, docs["focus_group"],
                docs["site_notes"], trust, access, funding, unused, readings, wifi)  # fmt: skip
    jobs.wait(20000)


# ---------------------------------------------------------------------- the pack dialog
def make_dialog(qtbot: QtBot, study: Study) -> PackDialog:
    dialog = PackDialog(study.session, jobs=study.jobs, made_by="Ana Researcher")
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def ticked_names(dialog: PackDialog, which: str) -> list[str]:
    model = dialog.documents if which == "documents" else dialog.codes
    return [model.itemFromIndex(i).text() for i in _indexes(model)
            if model.itemFromIndex(i).checkState() == Qt.CheckState.Checked]  # fmt: skip


def _indexes(model: object, parent: QModelIndex | None = None) -> list[QModelIndex]:
    found: list[QModelIndex] = []
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):  # type: ignore[attr-defined]
        index = model.index(row, 0, parent)  # type: ignore[attr-defined]
        found += [index, *_indexes(model, index)]
    return found


def report_text(report: ReportDialog) -> str:
    """The report as read: its heading (the first line), then the rest."""
    return "\n".join([*(label.text() for label in report.findChildren(QLabel)),
                      report.text.toPlainText()])  # fmt: skip


def _code_index(dialog: PackDialog, name: str) -> QModelIndex:
    [index] = [i for i in _indexes(dialog.codes) if i.data() == name]
    return index


def description_of(dialog: PackDialog, name: str) -> str:
    return str(_code_index(dialog, name).siblingAtColumn(1).data())


def test_coded_documents_and_their_codes_come_ticked_with_what_reviewers_will_read(
    qtbot: QtBot, study: Study, qtmodeltester: object
) -> None:
    dialog = make_dialog(qtbot, study)
    qtmodeltester.check(dialog.documents)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.codes)  # type: ignore[attr-defined]
    assert ticked_names(dialog, "documents") == [
        "focus_group (1 coded passage)", "interview_p01 (3 coded passages)",
    ]  # fmt: skip
    assert ticked_names(dialog, "codes") == ["Trust", "Access", "Funding"]
    assert description_of(dialog, "Trust") == "Confidence in the readings."  # first paragraph
    assert description_of(dialog, "Access") == "When the wifi drops"  # the example, else
    assert description_of(dialog, "Funding") == NO_DESCRIPTION
    note = dialog.findChild(QLabel, "pack_description_note")
    assert note is not None
    assert "Edit descriptions in the codebook" in note.text()
    dialog.code_view.setCurrentIndex(_code_index(dialog, "Trust"))
    assert dialog.preview.text() == "Trust: Confidence in the readings."  # in full, wrapped
    assert dialog.map_note.text() == "The pseudonym map replaces 3 names on the way out."
    assert dialog.path.text() == str(study.default_pack)
    assert unnamed_interactive_widgets(dialog) == []


def test_codes_follow_the_ticked_documents_until_the_lead_chooses_them(
    qtbot: QtBot, study: Study
) -> None:
    dialog = make_dialog(qtbot, study)
    focus = dialog.documents.item(0)
    focus.setCheckState(Qt.CheckState.Unchecked)
    assert ticked_names(dialog, "codes") == ["Trust", "Access"]  # Funding is only there
    unused = dialog.codes.itemFromIndex(_code_index(dialog, "Unused"))
    unused.setCheckState(Qt.CheckState.Checked)
    focus.setCheckState(Qt.CheckState.Checked)
    assert ticked_names(dialog, "codes") == ["Trust", "Access", "Unused"]  # the lead's choice


def test_space_ticks_and_unticks_a_document_from_the_keyboard(qtbot: QtBot, study: Study) -> None:
    dialog = make_dialog(qtbot, study)
    view = dialog.document_view
    view.setFocus()
    view.setCurrentIndex(dialog.documents.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert ticked_names(dialog, "documents") == ["interview_p01 (3 coded passages)"]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert len(ticked_names(dialog, "documents")) == 2


def test_an_encrypted_pack_needs_a_passphrase_typed_twice_and_opens_only_with_it(
    qtbot: QtBot, study: Study
) -> None:
    dialog = make_dialog(qtbot, study)
    assert dialog.encrypt.isEnabled()
    assert not dialog.passphrase.first.isEnabled()
    dialog.encrypt.setChecked(True)
    assert dialog.passphrase.first.isEnabled()
    assert "separately" in dialog.safely.text()
    dialog.passphrase.first.setText("short")
    dialog.export_button.click()
    assert "at least 8 characters" in dialog.problem.text()
    dialog.passphrase.first.setText("tea at four on Thursday")
    dialog.passphrase.again.setText("tea at four on Friday")
    dialog.export_button.click()
    assert "differ" in dialog.problem.text()
    dialog.passphrase.again.setText("tea at four on Thursday")
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert not study.default_pack.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(ProjectEncryptedError):
        open_pack(study.default_pack, reviewer="Rita")
    with open_pack(
        study.default_pack, reviewer="Rita", passphrase="tea at four on Thursday"
    ) as pack:
        assert pack.encrypted
        assert len(pack_codings(pack, pack.user_id)) == 4


def test_export_writes_a_pack_and_warns_of_names_the_map_does_not_cover(
    qtbot: QtBot, study: Study
) -> None:
    dialog = make_dialog(qtbot, study)
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].codings == 4
    assert is_review_pack(study.default_pack)
    assert dialog.report is not None
    report = report_text(dialog.report)
    assert report.startswith("Wrote study review pack.qwbr: 2 documents, 3 codes, 4 coded")
    assert "Not in the pseudonym map" in report
    assert "Bob Smith" in report  # a speaker the map leaves as he is
    assert "not encrypted" in report
    assert not dialog.isVisible()
    assert unnamed_interactive_widgets(dialog.report) == []


def test_an_existing_pack_is_replaced_only_when_the_lead_says_so(
    qtbot: QtBot, study: Study, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "for rita"
    existing = tmp_path / "for rita.qwbr"
    existing.write_text("a reviewer's work", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    dialog = make_dialog(qtbot, study)
    dialog.browse.click()
    assert dialog.path.text() == str(existing)  # the suffix is added
    dialog.export_button.click()  # "No"
    assert existing.read_text(encoding="utf-8") == "a reviewer's work"
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()  # "Yes"
    assert is_review_pack(existing)


def test_a_pack_with_nothing_to_review_is_refused_in_plain_words(
    qtbot: QtBot, study: Study
) -> None:
    dialog = make_dialog(qtbot, study)
    dialog.set_all("codes", Qt.CheckState.Unchecked)
    dialog.export_button.click()
    assert dialog.problem.text() == "Tick at least one code."
    assert dialog.focusWidget() is dialog.code_view  # where to fix it
    dialog.set_all("documents", Qt.CheckState.Unchecked)
    dialog.documents.item(2).setCheckState(Qt.CheckState.Checked)  # the uncoded notes
    dialog.set_all("codes", Qt.CheckState.Checked)
    dialog.export_button.click()  # refused by the export itself, in the background
    qtbot.waitUntil(lambda: "None of the chosen codes" in dialog.problem.text(), timeout=20000)
    assert dialog.isVisible()
    assert not study.default_pack.exists()


# ---------------------------------------------------------------------- the feedback dock
def reviewed_pack(study: Study, folder: Path) -> Path:
    """A pack of the interview, reviewed by Rita: two passages and one code."""
    path = folder / "returned.qwbr"
    export_pack(study.project, path, document_ids=[study.interview],
                code_ids=[study.trust, study.access], made_by="Ana Researcher")  # fmt: skip
    verdicts = {
        "I trust the readings now.": ("agree", "Clearly about trust.", ""),
        "The wifi drops at night.": ("disagree", "This is the network.", "Connectivity"),
        "Trust": ("unsure", "", ""),
    }
    with open_pack(path, reviewer="Rita Reviewer") as pack:
        assert pack.user_id is not None
        targets = {c.text: ("coding", c.coding_id) for c in pack_codings(pack, pack.user_id)}
        targets |= {c.name: ("code", c.code_id) for c in pack_codes(pack, pack.user_id)}
        for key, (verdict, comment, suggested) in verdicts.items():
            kind, target = targets[key]
            pack.execute(SaveReview(reviewer_id=pack.user_id, target_kind=kind,
                                    target_id=target, verdict=verdict, comment=comment,
                                    suggested_code=suggested))  # fmt: skip
    return path


def make_dock(qtbot: QtBot, study: Study) -> FeedbackDock:
    dock = FeedbackDock(study.session, jobs=study.jobs)
    qtbot.addWidget(dock)
    dock.resize(1200, 460)
    dock.show()
    qtbot.waitExposed(dock)
    assert dock.wait()
    return dock


def import_into(qtbot: QtBot, dock: FeedbackDock, pack: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack), ""))
    dock.import_button.click()
    qtbot.waitUntil(lambda: dock.report is not None, timeout=20000)
    assert dock.wait()


@pytest.fixture
def dock(
    qtbot: QtBot, study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> FeedbackDock:
    made = make_dock(qtbot, study)
    import_into(qtbot, made, reviewed_pack(study, tmp_path), monkeypatch)
    return made


def shown_rows(dock: FeedbackDock, *columns: int) -> list[tuple[str, ...]]:
    """What the tree shows, row by row (passages indented by two spaces)."""
    rows = []
    for index in _indexes(dock.filter):
        indent = "  " if index.parent().isValid() else ""
        cells = [str(index.siblingAtColumn(c).data() or "") for c in columns]
        rows.append((indent + cells[0], *cells[1:]))
    return rows


def row_of(dock: FeedbackDock, about: str) -> QModelIndex:
    [index] = [i for i in _indexes(dock.filter) if i.data() == about]
    return index


def test_an_empty_project_says_how_feedback_arrives(qtbot: QtBot, study: Study) -> None:
    dock = make_dock(qtbot, study)
    assert dock.status.text() == NO_FEEDBACK
    assert not dock.resolve_button.isEnabled()


def test_imported_feedback_shows_verdicts_comments_and_suggestions_per_code_and_passage(
    dock: FeedbackDock, study: Study, qtmodeltester: object
) -> None:
    qtmodeltester.check(dock.model)  # type: ignore[attr-defined]
    qtmodeltester.check(dock.filter)  # type: ignore[attr-defined]
    assert dock.report is not None
    assert report_text(dock.report).startswith(
        "returned.qwbr: 3 pieces of feedback from Rita Reviewer.\nImported 3 new"
    )
    assert shown_rows(dock, ABOUT, DOCUMENT, AGREE, DISAGREE, UNSURE, STATUS) == [
        ("Trust", "1 passage", "1", "0", "1", "2 of 2 to resolve"),
        ("  The code as a whole", "", "0", "0", "1", "To resolve"),
        ("  “I trust the readings now.”", "interview_p01", "1", "0", "0", "To resolve"),
        ("Access", "1 passage", "0", "1", "0", "To resolve"),
        ("  “The wifi drops at night.”", "interview_p01", "0", "1", "0", "To resolve"),
    ]
    assert shown_rows(dock, ABOUT, COMMENTS, SUGGESTED)[2:5] == [
        ("  “I trust the readings now.”", "Rita Reviewer: Clearly about trust.", ""),
        ("Access", "1 comment", "Connectivity"),
        ("  “The wifi drops at night.”", "Rita Reviewer: This is the network.", "Connectivity"),
    ]
    assert dock.status.text() == "3 pieces of feedback from 1 reviewer; 3 left to resolve."
    dock.view.setCurrentIndex(row_of(dock, "“The wifi drops at night.”"))
    detail = dock.detail.toPlainText()
    assert "Rita Reviewer disagrees, suggests “Connectivity”: “This is the network.”" in detail
    assert unnamed_interactive_widgets(dock) == []


def test_feedback_is_marked_resolved_and_the_mark_undone(
    dock: FeedbackDock, study: Study, qtbot: QtBot
) -> None:
    dock.view.setCurrentIndex(row_of(dock, "“I trust the readings now.”"))
    assert dock.resolve_button.isEnabled()
    assert not dock.reopen_button.isEnabled()
    with qtbot.waitSignal(dock.runner.finished):
        dock.resolve_button.click()
    index = row_of(dock, "“I trust the readings now.”")
    assert index.siblingAtColumn(STATUS).data() == "Resolved"
    assert dock.view.currentIndex() == index  # the lead stays on the row
    assert dock.reopen_button.isEnabled()
    assert "resolved by Ana Researcher" in dock.detail.toPlainText()
    assert study.session.undo_label.endswith("Mark feedback resolved")
    with qtbot.waitSignal(dock.runner.finished):
        study.session.undo()
    assert row_of(dock, "“I trust the readings now.”").siblingAtColumn(STATUS).data() == (
        "To resolve"
    )


def test_a_codes_row_resolves_all_its_feedback_in_one_undoable_step(
    dock: FeedbackDock, study: Study, qtbot: QtBot
) -> None:
    dock.view.setCurrentIndex(row_of(dock, "Trust"))
    with qtbot.waitSignal(dock.runner.finished):
        dock.resolve_button.click()
    assert shown_rows(dock, ABOUT, STATUS)[:3] == [
        ("Trust", "Resolved"), ("  The code as a whole", "Resolved"),
        ("  “I trust the readings now.”", "Resolved"),
    ]  # fmt: skip
    with qtbot.waitSignal(dock.runner.finished):
        study.session.undo()
    assert row_of(dock, "Trust").siblingAtColumn(STATUS).data() == "2 of 2 to resolve"


def test_unresolved_only_hides_what_the_lead_has_dealt_with(
    dock: FeedbackDock, qtbot: QtBot
) -> None:
    dock.view.setCurrentIndex(row_of(dock, "Access"))
    with qtbot.waitSignal(dock.runner.finished):
        dock.resolve_button.click()
    dock.unresolved_only.setChecked(True)
    assert shown_rows(dock, ABOUT) == [
        ("Trust",), ("  The code as a whole",), ("  “I trust the readings now.”",),
    ]  # fmt: skip
    assert dock.view.currentIndex().isValid()  # the lead is on a row still
    dock.unresolved_only.setChecked(False)
    assert len(shown_rows(dock, ABOUT)) == 5


def test_double_click_or_enter_on_a_passage_opens_it_where_it_was_coded(
    dock: FeedbackDock, study: Study, qtbot: QtBot
) -> None:
    text = study.project.document_text(study.interview)
    expected = [study.interview, *span_of(text, "The wifi drops at night.")]
    index = row_of(dock, "“The wifi drops at night.”")
    dock.view.scrollTo(index)
    viewport, left = dock.view.viewport(), Qt.MouseButton.LeftButton
    centre = dock.view.visualRect(index).center()
    with qtbot.waitSignal(dock.passage_activated) as blocker:
        # QTest's double-click alone does not press first, as a real double-click does.
        qtbot.mouseClick(viewport, left, pos=centre)
        qtbot.mouseDClick(viewport, left, pos=centre)
    assert blocker.args == expected
    dock.view.setFocus()
    dock.view.setCurrentIndex(index)
    with qtbot.waitSignal(dock.passage_activated) as blocker:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert blocker.args == expected
    with qtbot.assertNotEmitted(dock.passage_activated):
        dock.view.activated.emit(row_of(dock, "The code as a whole"))


def test_a_file_that_is_not_a_pack_is_refused_in_words(
    qtbot: QtBot, study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = make_dock(qtbot, study)
    stray = tmp_path / "notes.qwbr"
    stray.write_text("not a pack", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(stray), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    with qtbot.waitSignal(dock.message, timeout=20000) as blocker:
        dock.import_button.click()
    assert blocker.args == ["notes.qwbr is not a review pack"]
    assert warnings == ["notes.qwbr is not a review pack"]
    assert dock.import_button.isEnabled()


def test_a_dock_tabbed_behind_another_reads_nothing_until_it_comes_forward(
    qtbot: QtBot, study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    feedback = FeedbackDock(study.session, window, jobs=study.jobs)
    other = QDockWidget("Other", window)
    other.setObjectName("other_dock")
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, feedback)
    window.tabifyDockWidget(feedback, other)
    window.resize(1000, 500)
    window.show()
    qtbot.waitExposed(window)
    feedback.raise_()
    qtbot.waitUntil(lambda: feedback.status.text() == NO_FEEDBACK)
    import_into(qtbot, feedback, reviewed_pack(study, tmp_path), monkeypatch)
    assert feedback.model.rowCount() == 2
    feedback.view.setCurrentIndex(row_of(feedback, "Access"))
    other.raise_()
    qtbot.waitUntil(lambda: not feedback._on_screen)
    assert feedback.isVisible()  # behind a tab, yet "visible" to Qt
    feedback.set_resolved(True)
    assert not feedback.runner.busy
    assert feedback.model.index(1, STATUS).data() == "To resolve"
    feedback.raise_()
    qtbot.waitUntil(lambda: feedback.model.index(1, STATUS).data() == "Resolved")
