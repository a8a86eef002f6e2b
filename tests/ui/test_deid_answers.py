"""Answering in the review screen: with the keys, by relabelling, by marking words in the
passage, by choosing a replacement; filters and counts; and every answer kept when the screen
is closed and opened again, and undone with Ctrl+Z."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_deid_review import (
    P01,
    Study,
    choose,
    key,
    rows,
    shown,
    studied,
    wait_for_look,
)
from ui.deid.window import DeidWindow

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Iterator[Study]:
    yield from studied(project, tmp_path, qtbot)


def test_answers_are_kept_when_the_screen_is_closed_and_opened_again(
    study: Study, qtbot: Any
) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Patel")
    key(qtbot, screen, Qt.Key.Key_R)
    choose(screen, "LS1 4AP")
    screen.editor.focus_label()
    screen.editor.label.hidePopup()
    screen.editor.label.setCurrentIndex(screen.editor.label.findData("place"))
    screen.editor.label.activated.emit(screen.editor.label.currentIndex())
    assert (study.p01, "LS1 4AP", "place", "[Place 1]", "accepted") in shown(screen)
    screen.close_button.click()
    qtbot.waitUntil(lambda: window.findChild(DeidWindow) is None)

    again = study.review(window)
    assert again is not screen
    assert (study.p02, "Patel", "person", "", "rejected") in shown(again)  # takes no number
    assert (study.p01, "LS1 4AP", "place", "[Place 1]", "accepted") in shown(again)


def test_review_keys_accept_reject_switch_and_answer_every_occurrence(
    study: Study, qtbot: Any
) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Sarah Jones")
    key(qtbot, screen, Qt.Key.Key_R, shift=True)  # every "Sarah Jones" at once
    assert {d.verdict for d in rows(screen) if d.text == "Sarah Jones"} == {"rejected"}
    assert screen.filters.counts.text() == "7 detections, 2 rejected"
    choose(screen, "Sarah Jones", 1)
    key(qtbot, screen, Qt.Key.Key_Space)
    verdicts = [d.verdict for d in rows(screen) if d.text == "Sarah Jones"]
    assert sorted(verdicts) == ["accepted", "rejected"]
    key(qtbot, screen, Qt.Key.Key_A, shift=True)
    assert {d.verdict for d in rows(screen) if d.text == "Sarah Jones"} == {"accepted"}
    assert {d.replacement for d in rows(screen) if d.text == "Sarah Jones"} == {"[Person 1]"}
    screen.session.undo()  # Ctrl+Z: the last answer (accept all) is undone, and shown
    wait_for_look(qtbot, screen)
    assert sorted(d.verdict for d in rows(screen) if d.text == "Sarah Jones") == [
        "accepted",
        "rejected",
    ]


def test_marking_words_in_the_passage_adds_them_as_a_passage_to_replace(
    study: Study, qtbot: Any
) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Sarah Jones")
    key(qtbot, screen, Qt.Key.Key_P)
    assert screen.passage.hasFocus()
    shown_text = screen.passage.toPlainText()
    start = shown_text.index("the river")
    cursor = screen.passage.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("the river"), cursor.MoveMode.KeepAnchor)
    screen.passage.setTextCursor(cursor)
    screen.passage_label.setCurrentIndex(screen.passage_label.findData("place"))
    screen.mark.click()
    river = P01.index("the river")
    added = next(d for d in rows(screen) if d.text == "the river")
    assert (added.document_id, added.start, added.end) == (study.p01, river, river + 9)
    assert (added.label, added.replacement, added.source) == ("place", "[Place 1]", "manual")
    assert screen.current_detection() == added
    screen.close_button.click()
    again = study.review(window)  # stored: detection finds it as a passage marked by hand
    assert any(d.text == "the river" and d.source == "manual" for d in rows(again))


def test_filters_show_one_label_verdict_or_document_and_say_how_many(
    study: Study, qtbot: Any
) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Patel")
    key(qtbot, screen, Qt.Key.Key_R)
    filters = screen.filters
    filters.label.setCurrentIndex(filters.label.findData("person"))
    assert {d.label for d in rows(screen)} == {"person"}
    assert filters.counts.text() == "7 detections, 1 rejected (3 shown)"
    filters.verdict.setCurrentIndex(filters.verdict.findData("rejected"))
    assert [d.text for d in rows(screen)] == ["Patel"]
    filters.label.setCurrentIndex(0)
    filters.verdict.setCurrentIndex(0)
    filters.document.setCurrentIndex(filters.document.findData(study.p02))
    assert [d.text for d in rows(screen)] == ["Patel", "Sarah Jones"]
    assert filters.counts.text() == "7 detections, 1 rejected (2 shown)"


def test_undoing_a_replacement_shows_the_one_before_everywhere(study: Study, qtbot: Any) -> None:
    window = study.window("blank")
    screen = study.review(window)
    choose(screen, "Patel")
    screen.editor.replacement.setText("[Consultant]")
    screen.editor.everywhere.click()
    wait_for_look(qtbot, screen)
    assert (study.p02, "Patel", "person", "[Consultant]", "accepted") in shown(screen)
    assert screen.undo.toolTip() == "Undo Choose a replacement (Ctrl+Z)"
    screen.undo.click()
    wait_for_look(qtbot, screen)
    assert (study.p02, "Patel", "person", "[Person 2]", "accepted") in shown(screen)
    choose(screen, "Patel")
    screen.editor.replacement.setText("  ")  # an empty replacement is refused, in plain words
    screen.editor.everywhere.click()
    assert "cannot be empty" in screen.status.text()
