"""Reviewer mode: a contributor reviews a pack's passages from the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel
from sqlalchemy import select

from storage.models import Pseudonym, Review, User
from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from ui.review import reviewer_window
from ui.review.reviewer_window import ReviewerWindow, open_reviewer
from ui.settings import Settings
from ui.theme import apply_theme
from workbench.project import Coder, Project
from workbench.review.pack_export import export_pack

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

TALK = (
    "Interviewer: How did the rollout of the tablets go on Ward 9?\n"
    "Mary Jones: The tablets arrived late and nobody trained us on the portal. We learnt it "
    "from each other on nights, which took weeks.\n"
    + "".join(
        f"Interviewer: What happened in week {week}?\nMary Jones: Much the same as before.\n"
        for week in range(1, 41)
    )  # long enough that the whole document has to scroll to the last passage
    + "Interviewer: And now?\n"
    "Mary Jones: Night staff still print everything because the wifi drops in the side rooms.\n"
)
PASSAGES = (
    ("Training", "nobody trained us on the portal"),
    ("Infrastructure", "the wifi drops in the side rooms"),
    ("Workarounds", "Night staff still print everything"),
)
PSEUDONYMS = {"Mary Jones": "P07", "Ward 9": "the ward"}
IDENTIFYING = ("Mary", "Jones", "Ward 9", "Ana Researcher")


def make_pack(folder: Path) -> Path:
    """A lead's project with a pseudonym map, exported as a pack the way the lead does it."""
    with Project.create(
        folder / "ward-study.qwb", title="Ward study", coder=Coder("Ana Researcher", "AR")
    ) as lead:
        doc = import_texts(lead, folder, {"Interview 3": TALK})["Interview 3"]
        descriptions = {
            "Training": "Whether staff were shown how to use the new system.",
            "Infrastructure": "Networks, devices and power the system depends on.",
            "Workarounds": "What staff do instead when the system gets in the way.",
        }
        codes = {name: new_code(lead, name, definition=text) for name, text in descriptions.items()}
        # Coded out of reading order: the reviewer still meets them as they come in the text.
        for code, phrase in PASSAGES:
            apply_coding(lead, doc, codes[code], span_of(TALK, phrase))
        with lead.transaction() as session:
            session.add_all(Pseudonym(original=o, replacement=r) for o, r in PSEUDONYMS.items())
        path = folder / "ward-study.qwbr"
        export_pack(lead, path, document_ids=[doc], code_ids=list(codes.values()), made_by="AR")
    return path


@pytest.fixture
def pack_path(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    return make_pack(source)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def window(
    qtbot: QtBot, pack_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> ReviewerWindow:
    asked: list[str] = []

    def get_text(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append("name")
        return "Sam Contributor", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    opened = open_reviewer(pack_path, settings)
    qtbot.addWidget(opened)
    opened.resize(1100, 750)
    opened.show()
    qtbot.waitExposed(opened)
    assert asked == ["name"]  # the first run asks who is reviewing
    return opened


def press(qtbot: QtBot, window: ReviewerWindow, key: Qt.Key, *, alt: bool = False) -> None:
    """A key press where the keyboard is, as a person makes it."""
    target = QApplication.focusWidget() or window
    modifiers = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier(0)
    qtbot.keyClick(target, key, modifiers)


def stored_reviews(path: Path) -> list[tuple[str, int, str, str, str, str, str]]:
    """(reviewer, target id, target kind, verdict, comment, suggested code, reviewer's role)"""
    with Project.open(path, read_only=True) as pack, pack.reading() as session:
        rows = session.execute(
            select(
                User.name, Review.target_id, Review.target_kind, Review.verdict,
                Review.comment, Review.suggested_code, User.role,
            )
            .join(User, User.id == Review.reviewer_id)
            .order_by(Review.target_id)
        )  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_the_reviewer_never_sees_identifying_data(window: ReviewerWindow) -> None:
    shown = [window.windowTitle()]
    for index in range(len(window.passages)):
        window.go_to(index)
        window.passage_view.whole_document.setChecked(True)
        shown += [label.text() for label in window.findChildren(QLabel)]
        shown += [window.passage_view.passage_text.toPlainText()]
        shown += [window.passage_view.document_text.toPlainText()]
    seen = "\n".join(shown)
    assert "P07" in seen
    assert [name for name in IDENTIFYING if name in seen] == []


def test_a_contributor_reviews_three_passages_with_keys_only(
    qtbot: QtBot, window: ReviewerWindow, pack_path: Path
) -> None:
    view, panel = window.passage_view, window.panel
    assert view.code_name.text() == "Training"
    assert "shown how to use" in view.description.text()
    assert "Said by P07" in view.place.text()
    assert panel.progress_label.text() == "0 of 3 reviewed"
    window.panel.next.setFocus()  # wherever the focus is, letters and arrows do the work
    press(qtbot, window, Qt.Key.Key_A)
    assert panel.buttons["agree"].isChecked()
    press(qtbot, window, Qt.Key.Key_Right)
    assert panel.status.text().startswith("Saved: Agree. Passage 2 of 3")
    assert panel.progress_label.text() == "1 of 3 reviewed"
    assert view.code_name.text() == "Workarounds"  # reading order, not the order of coding
    press(qtbot, window, Qt.Key.Key_D)
    press(qtbot, window, Qt.Key.Key_C)  # C goes to the comment box
    assert QApplication.focusWidget() is panel.comment
    qtbot.keyClicks(panel.comment, "They print because of habit, not the system")
    assert panel.buttons["disagree"].isChecked()  # typing a "d" or "n" chose nothing
    press(qtbot, window, Qt.Key.Key_Tab)  # on to the suggestion
    qtbot.keyClicks(QApplication.focusWidget(), "Habit")
    press(qtbot, window, Qt.Key.Key_Right, alt=True)  # Alt+Right moves on from a text field
    assert panel.status.text().startswith("Saved: Disagree. Passage 3 of 3")
    assert panel.comment.toPlainText() == ""  # a fresh passage starts with a fresh box
    assert QApplication.focusWidget() is window.passage_view.passage_text  # back to reading
    press(qtbot, window, Qt.Key.Key_N)
    window.close()  # closing saves the last answer
    coding_ids = [p.coding_id for p in window.passages]
    assert sorted(stored_reviews(pack_path)) == sorted([
        ("Sam Contributor", coding_ids[0], "coding", "agree", "", "", "reviewer"),
        ("Sam Contributor", coding_ids[1], "coding", "disagree",
         "They print because of habit, not the system", "Habit", "reviewer"),
        ("Sam Contributor", coding_ids[2], "coding", "unsure", "", "", "reviewer"),
    ])  # fmt: skip


def test_reopening_a_pack_continues_where_the_reviewer_stopped(
    qtbot: QtBot, window: ReviewerWindow, pack_path: Path, settings: Settings
) -> None:
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_Right)
    window.close()
    again = open_reviewer(pack_path, settings)  # the name is remembered: no second question
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    assert again.panel.progress_label.text() == "1 of 3 reviewed"
    assert again.panel.position.text() == "Passage 2 of 3"
    press(qtbot, again, Qt.Key.Key_Left)
    assert again.panel.buttons["agree"].isChecked()  # their answer is shown again
    again.close()
    assert len(stored_reviews(pack_path)) == 1  # moving back and forth adds nothing


def test_changing_an_answer_updates_it_rather_than_adding_one(
    qtbot: QtBot, window: ReviewerWindow, pack_path: Path
) -> None:
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_D)
    press(qtbot, window, Qt.Key.Key_Right)
    window.close()
    assert [row[3] for row in stored_reviews(pack_path)] == ["disagree"]


def test_moving_on_from_the_last_passage_saves_it_and_says_it_was_the_last(
    qtbot: QtBot, window: ReviewerWindow, pack_path: Path
) -> None:
    window.go_to(len(window.passages) - 1)
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.panel.status.text() == (
        "Saved: Agree. This is the last passage. 1 of 3 reviewed."
    )
    assert window.panel.progress.value() == 1
    window.close()
    assert [row[3] for row in stored_reviews(pack_path)] == ["agree"]


def test_the_whole_document_shows_the_passage_in_view(qtbot: QtBot, window: ReviewerWindow) -> None:
    view = window.passage_view
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_W)
    assert view.whole_document.isChecked()
    assert view.pages.currentWidget() is view.document_text
    passage = view.passage()
    assert passage is not None
    shown = window.session.project.document_text(passage.document_id)
    assert view.document_text.toPlainText() == shown  # the pack's (pseudonymised) text
    qtbot.waitUntil(view.passage_visible)
    assert view.document_text.verticalScrollBar().value() > 0  # scrolled down to it
    press(qtbot, window, Qt.Key.Key_W)
    assert view.pages.currentWidget() is view.passage_text


def test_nothing_but_the_feedback_can_be_edited(window: ReviewerWindow) -> None:
    view = window.passage_view
    assert view.passage_text.isReadOnly()
    assert view.document_text.isReadOnly()
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["Review", "View"]  # no codebook, coding, import or export


def test_every_control_has_a_name_a_screen_reader_can_say(window: ReviewerWindow) -> None:
    assert unnamed_interactive_widgets(window) == []
    assert window.panel.progress.accessibleName() == "Progress: 0 of 3 reviewed"


def test_the_passage_is_at_least_half_as_large_again_as_the_app_text_and_follows_zoom(
    qapp: QApplication, window: ReviewerWindow
) -> None:
    app_points = qapp.font().pointSizeF()
    assert _passage_points(window) >= 1.5 * app_points
    font = qapp.font()
    try:
        bigger = type(font)(font)
        bigger.setPointSizeF(app_points + 4)
        qapp.setFont(bigger)
        qapp.processEvents()  # Qt posts the font change to every widget
        assert _passage_points(window) >= 1.5 * (app_points + 4)
    finally:
        qapp.setFont(font)
        qapp.processEvents()


def _passage_points(window: ReviewerWindow) -> float:
    """The point size the passage's own words are drawn in."""
    document = window.passage_view.passage_text.document()
    passage = window.passage_view.passage()
    assert passage is not None
    found = document.find(passage.text.strip())
    assert not found.isNull()
    return found.charFormat().font().pointSizeF()


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
def test_reviewer_mode_renders_calmly_in_each_theme(
    qapp: QApplication, qtbot: QtBot, window: ReviewerWindow, theme: str, tmp_path: Path
) -> None:
    try:
        apply_theme(qapp, theme)
        window.panel.choose("agree")
        qtbot.wait(10)
        picture = window.grab()
        assert not picture.isNull()
        picture.save(str(tmp_path / f"reviewer_{theme}.png"))
        window.passage_view.whole_document.setChecked(True)
        qtbot.waitUntil(window.passage_view.passage_visible)
        window.grab().save(str(tmp_path / f"reviewer_{theme}_document.png"))
    finally:
        apply_theme(qapp, "light")


def test_the_reviewer_is_asked_for_a_name_only_once(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([("  ", True), ("Sam", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    assert reviewer_window.ask_reviewer_name(settings) == "Reviewer"  # blank: asked again
    assert reviewer_window.ask_reviewer_name(settings) == "Sam"
    assert reviewer_window.ask_reviewer_name(settings) == "Sam"


def test_the_app_opens_a_pack_in_reviewer_mode_and_a_project_in_the_workbench(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import AppController
    from ui.main_window import MainWindow

    pack = make_pack(tmp_path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sam", True))
    app = AppController(Settings(tmp_path / "app.ini"))
    window = app.open(pack)
    qtbot.addWidget(window)
    assert isinstance(window, ReviewerWindow)
    lead = tmp_path / "lead.qwb"
    Project.create(lead).close()
    main = app.open(lead)
    qtbot.addWidget(main)
    assert isinstance(main, MainWindow)
    app.jobs.wait(5000)
    main.close()
