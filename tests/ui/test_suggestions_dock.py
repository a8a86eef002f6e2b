"""Answering suggestions from the keyboard: accept, reject, accept all, show in the document.

Keyword suggestions only here (the classifier is not trained): the queue is, in document order,
Funding for a ward_b sentence with "budget", then Connectivity for a ward_b sentence and two
ward_c sentences with "wifi".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.ui.test_suggestions_support import (
    PIPELINES,
    Opened,
    codings,
    finish,
    open_study,
    passages,
    show_queue,
    verdicts,
    wait_idle,
)
from tests.workbench.test_suggestions_study import UNCODED_WARD
from ui.document.highlights import contrast
from ui.suggestions.model import CODE, KWIC_ROLE, PASSAGE, WHY
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.project import Project

WIFI_SLOW, WIFI_FAILS = "The wifi was slow all week.", "The wifi fails at night."
QUEUE = [
    ("Funding", "ward_b", UNCODED_WARD[1]),
    ("Connectivity", "ward_b", UNCODED_WARD[3]),
    ("Connectivity", "ward_c", WIFI_SLOW),
    ("Connectivity", "ward_c", WIFI_FAILS),
]


@pytest.fixture(params=PIPELINES)
def opened(
    request: pytest.FixtureRequest, qtbot: QtBot, project: Project, tmp_path: Path
) -> Iterator[Opened]:
    shown = open_study(qtbot, project, tmp_path, request.param)
    show_queue(qtbot, shown)
    yield shown
    finish(shown)


@pytest.fixture
def blank(qtbot: QtBot, project: Project, tmp_path: Path) -> Iterator[Opened]:
    shown = open_study(qtbot, project, tmp_path, "blank")
    show_queue(qtbot, shown)
    yield shown
    finish(shown)


def _span(project: Project, document_id: int, sentence: str) -> tuple[int, int]:
    start = project.document_text(document_id).index(sentence)
    return start, start + len(sentence)


def _press(qtbot: QtBot, opened: Opened, key: Qt.Key, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(opened.dock.view, key, modifier)


def test_each_row_shows_the_code_the_document_and_the_keyword_in_its_sentence(
    opened: Opened, project: Project, qtmodeltester: object
) -> None:
    dock = opened.dock
    assert passages(dock) == QUEUE
    model = dock.model
    assert model.data(model.index(0, PASSAGE), KWIC_ROLE) == (
        "The ward ", "budget", " has no money left for funding the licences after the grant."
    )  # fmt: skip
    assert model.data(model.index(0, WHY)) == "Keyword “budget”"
    colours = {code.id: code.colour for code in list_codes(project)}
    for row in range(model.rowCount()):
        chip = model.index(row, CODE)
        fill = model.data(chip, Qt.ItemDataRole.BackgroundRole)
        assert fill == QColor(colours[model.row(row).suggestion.code_id])
        assert contrast(model.data(chip, Qt.ItemDataRole.ForegroundRole), fill) >= 4.5
    assert dock.summary.text().startswith("4 suggestions in 2 documents.")
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_before_training_the_dock_says_the_classifier_has_not_been_trained(
    blank: Opened,
) -> None:
    dock = blank.dock
    assert "has not been trained in this session" in dock.state.text()
    assert dock.train_button.text().replace("&", "") == "Train the classifier"
    assert "Not measured yet" in dock.figures.toPlainText()


def test_enter_accepts_the_suggestion_as_the_person_with_its_origin_and_moves_on(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, study = opened.dock, opened.study
    _press(qtbot, opened, Qt.Key.Key_Return)
    start, end = _span(project, study.uncoded, UNCODED_WARD[1])
    assert codings(project, study.uncoded) == [
        (study.funding, start, end, project.user_id, "keywords")
    ]
    assert verdicts(project) == [(study.uncoded, study.funding, start, "accepted",
                                  project.user_id)]  # fmt: skip
    assert passages(dock) == QUEUE[1:]  # gone at once, before the queue is read again
    assert dock.current_row() == dock.model.row(0)  # the next one is current
    assert opened.window.session.undo_label.startswith("Accept suggestion")
    wait_idle(qtbot, dock)
    assert passages(dock) == QUEUE[1:]
    assert dock.current_row() == dock.model.row(0)


def test_a_accepts_r_and_delete_reject(blank: Opened, project: Project, qtbot: QtBot) -> None:
    study = blank.study
    _press(qtbot, blank, Qt.Key.Key_A)
    _press(qtbot, blank, Qt.Key.Key_R)
    _press(qtbot, blank, Qt.Key.Key_Delete)
    assert passages(blank.dock) == QUEUE[3:]
    assert [row[3] for row in verdicts(project)] == ["accepted", "rejected", "rejected"]
    assert [row[0] for row in codings(project, study.uncoded)] == [study.funding]
    assert codings(project, blank.ward_c) == []  # a rejection codes nothing


def test_a_rejected_suggestion_is_not_offered_again_until_the_rejection_is_undone(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, session = opened.dock, opened.window.session
    dock.view.setCurrentIndex(dock.model.index(1, CODE))
    _press(qtbot, opened, Qt.Key.Key_R)
    wait_idle(qtbot, dock)
    dock.refresh()
    wait_idle(qtbot, dock)
    assert passages(dock) == [QUEUE[0], *QUEUE[2:]]
    session.undo()  # the rejection changed no coding: the dock still hears of its undo
    wait_idle(qtbot, dock)
    assert passages(dock) == QUEUE
    session.redo()
    wait_idle(qtbot, dock)
    assert passages(dock) == [QUEUE[0], *QUEUE[2:]]
    assert verdicts(project)[-1][3] == "rejected"


def test_shift_a_accepts_every_suggestion_of_the_code_and_one_undo_takes_them_back(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, study = opened.dock, opened.study
    dock.view.setCurrentIndex(dock.model.index(1, CODE))
    assert dock.answers.buttons[2].text().replace("&", "") == "Accept all 3 for “Connectivity”"
    _press(qtbot, opened, Qt.Key.Key_A, shift=True)
    coded = [*codings(project, study.uncoded), *codings(project, opened.ward_c)]
    assert [(c[0], c[3], c[4]) for c in coded] == [(study.connectivity, project.user_id,
                                                   "keywords")] * 3  # fmt: skip
    assert passages(dock) == QUEUE[:1]
    assert "Accepted 3 suggestions for “Connectivity”" in opened.window.statusBar().currentMessage()
    opened.window.session.undo()
    assert codings(project, study.uncoded) == codings(project, opened.ward_c) == []
    wait_idle(qtbot, dock)
    assert passages(dock) == QUEUE


def test_space_shows_the_passage_in_its_document_and_the_queue_keeps_the_keyboard(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, window = opened.dock, opened.window
    dock.view.setCurrentIndex(dock.model.index(2, CODE))
    _press(qtbot, opened, Qt.Key.Key_Space)
    view = window.current_view()
    assert view is not None
    assert view.document_id == opened.ward_c
    assert view.selected_range() == _span(project, opened.ward_c, WIFI_SLOW)
    assert QApplication.focusWidget() is dock.view
    _press(qtbot, opened, Qt.Key.Key_Down)
    rect = dock.view.visualRect(dock.view.currentIndex())
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_range() == _span(project, opened.ward_c, WIFI_FAILS)
    assert QApplication.focusWidget() is not dock.view  # a double-click goes to the document
    assert codings(project, opened.ward_c) == []  # looking codes nothing


def test_coding_elsewhere_reads_the_queue_again_keeping_the_rows_meanwhile(
    blank: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, study = blank.dock, blank.study
    start, end = _span(project, blank.ward_c, WIFI_FAILS)
    blank.window.session.run(
        ApplyCoding(document_id=blank.ward_c, code_id=study.connectivity, start=start, end=end,
                    user_id=project.user_id)
    )  # fmt: skip
    dock.refresh()
    assert passages(dock) == QUEUE  # the old rows stay until the new ones come
    assert dock.summary.text().startswith("Updating…")
    wait_idle(qtbot, dock)
    assert passages(dock) == QUEUE[:3]
    assert not dock.summary.text().startswith("Updating")
