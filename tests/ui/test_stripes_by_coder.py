"""Stripes by coder: one block of stripe columns per coder, headed by their initials."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from tests.ui.a11y import unnamed_interactive_widgets
from ui.document import DocumentView
from ui.document.by_coder_action import stripes_by_coder_action
from ui.document.coder_columns import MAX_PER_CODER, CoderColumns
from ui.document.columns import StripeColumns, sort_key
from ui.session import ProjectSession
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding, RemoveCoding, UpdateCoding
from workbench.project import Coder
from workbench.queries.codings import DocumentCoding, document_codings

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui.document.stripe_layout import Bracket
    from workbench.commands import Command
    from workbench.project import Project

LINES = [
    "Interviewer: How did the rollout of the tablets go on your ward?",
    "P01: The tablets arrived late. Nobody trained us on the portal, so we guessed.",
    "Interviewer: And the wifi?",
    "P01: The wifi dropped every night. We printed everything and kept paper notes.",
] * 10


class Study:
    """A transcript coded by Ana (AR) and Ben (BC), shown in a view."""

    def __init__(self, project: Project, tmp_path: Path, qtbot: QtBot) -> None:
        source = tmp_path / "interview_p01.txt"
        source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
        self.document_id = import_files(project, [source]).document_ids[0]
        self.project, self.qtbot = project, qtbot
        self.text = project.document_text(self.document_id)
        self.session = ProjectSession(project)
        self.ana = project.user_id
        with project.transaction() as session:
            self.ben = project.user_for(session, Coder("Ben Coder", "BC"))
        self.training = self.code("Training", "#E69F00")
        self.wifi = self.code("Wifi", "#56B4E9")
        self.ana_training = self.apply(self.training, "Nobody trained us on the portal", self.ana)
        self.ben_training = self.apply(self.training, "Nobody trained us on the portal", self.ben)
        self.ana_wifi = self.apply(self.wifi, "The wifi dropped every night", self.ana)
        self.view = self.open_view()

    def code(self, name: str, colour: str) -> int:
        command = CreateCode(name=name, colour=colour)
        self.run(command)
        assert command.code_id is not None
        return command.code_id

    def apply(self, code_id: int, fragment: str, user_id: int | None, occurrence: int = 0) -> int:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(fragment, start + 1)
        command = ApplyCoding(document_id=self.document_id, code_id=code_id, start=start,
                              end=start + len(fragment), user_id=user_id)  # fmt: skip
        self.run(command)
        assert command.coding_id is not None
        return command.coding_id

    def run(self, command: Command) -> None:
        assert self.session.run(command)

    def open_view(self) -> DocumentView:
        view = DocumentView(self.session)
        self.qtbot.addWidget(view)
        view.resize(820, 360)
        view.show()
        self.qtbot.waitExposed(view)
        view.show_document(self.document_id)
        return view

    def bracket(self, coding_id: int) -> Bracket:
        return next(b for b in self.view.stripes.brackets() if b.coding.id == coding_id)

    def assert_like_a_fresh_view(self) -> None:
        fresh = self.open_view()
        fresh.set_stripes_by_coder(self.view.stripes_by_coder)
        assert dict(self.view.columns) == dict(fresh.columns)
        assert self.view.columns.depth == fresh.columns.depth
        shown = [(b.coding.id, b.rect, b.label) for b in self.view.stripes.brackets()]
        assert shown == [(b.coding.id, b.rect, b.label) for b in fresh.stripes.brackets()]
        fresh.close()


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: QtBot) -> Study:
    return Study(project, tmp_path, qtbot)


def _group_of(columns: CoderColumns, column: int) -> str:
    return next(g.name for g in columns.groups if g.first <= column < g.first + g.width)


def test_codings_know_their_coder(study: Study) -> None:
    coders = {c.id: (c.coder, c.coder_id, c.coder_initials) for c in study.view.index.codings}
    assert coders[study.ana_training] == ("Ana Researcher", study.ana, "AR")
    assert coders[study.ben_training] == ("Ben Coder", study.ben, "BC")


def test_two_coders_codings_of_one_passage_sit_side_by_side(study: Study) -> None:
    study.view.set_stripes_by_coder(True)
    columns = study.view.columns
    assert isinstance(columns, CoderColumns)
    assert [(g.name, g.initials) for g in columns.groups] == [
        ("Ana Researcher", "AR"), ("Ben Coder", "BC"),
    ]  # fmt: skip
    assert _group_of(columns, columns[study.ana_training]) == "Ana Researcher"
    assert _group_of(columns, columns[study.ben_training]) == "Ben Coder"
    assert _group_of(columns, columns[study.ana_wifi]) == "Ana Researcher"
    ana, ben = study.bracket(study.ana_training), study.bracket(study.ben_training)
    assert ana.rect.top() == ben.rect.top()  # the same passage, level
    assert ana.rect.right() < ben.rect.left()  # Ana's block first, then Ben's


def test_without_by_coder_one_coders_columns_mix_with_the_others(study: Study) -> None:
    columns = study.view.columns
    assert isinstance(columns, StripeColumns)
    assert {columns[study.ana_training], columns[study.ben_training]} == {0, 1}
    assert study.view.stripes.header_height() == 0


def test_bracket_labels_name_the_coder(study: Study) -> None:
    stripes = study.view.stripes
    assert stripes.label_text(study.bracket(study.ben_training).coding) == "Training"
    study.view.set_stripes_by_coder(True)
    labels = {b.coding.id: stripes.label_text(b.coding) for b in stripes.brackets() if b.label}
    assert labels[study.ana_training] == "AR: Training"
    assert labels[study.ben_training] == "BC: Training"
    assert labels[study.ana_wifi] == "AR: Wifi"


def test_the_header_row_keeps_brackets_level_with_their_text(study: Study) -> None:
    study.view.set_stripes_by_coder(True)
    stripes, text = study.view.stripes, study.view.text
    assert stripes.header_height() > 0
    assert text.viewportMargins().top() == stripes.header_height()
    bracket = study.bracket(study.ben_training)
    start = study.view.content.utf16.to_utf16(study.text.index("Nobody trained"))  # type: ignore[union-attr]
    line_top = text.visible_text().line_top(start)
    in_text = text.viewport().mapTo(study.view, QPoint(0, int(line_top))).y()
    assert stripes.mapTo(study.view, bracket.rect.topLeft()).y() == in_text
    assert bracket.label is not None
    assert bracket.label.top() >= stripes.header_height()


def test_clicking_a_bracket_by_coder_selects_its_passage(study: Study, qtbot: QtBot) -> None:
    study.view.set_stripes_by_coder(True)
    bracket = study.bracket(study.ben_training)
    with qtbot.waitSignal(study.view.coding_selected) as chosen:
        qtbot.mouseClick(study.view.stripes, Qt.MouseButton.LeftButton, pos=bracket.rect.center())
    assert chosen.args == [study.ben_training]
    start = study.text.index("Nobody trained us on the portal")
    assert study.view.selected_range() == (start, start + len("Nobody trained us on the portal"))


def test_switching_back_restores_the_usual_stripes(study: Study) -> None:
    before = [(b.coding.id, b.rect, b.label) for b in study.view.stripes.brackets()]
    width = study.view.stripes.width()
    study.view.set_stripes_by_coder(True)
    assert study.view.stripes.width() != width or study.view.stripes.header_height()
    study.view.set_stripes_by_coder(False)
    assert isinstance(study.view.columns, StripeColumns)
    assert study.view.text.viewportMargins().top() == 0
    assert [(b.coding.id, b.rect, b.label) for b in study.view.stripes.brackets()] == before
    assert study.view.stripes.width() == width


def test_changes_by_coder_are_taken_in_place_like_a_fresh_view(study: Study) -> None:
    study.view.set_stripes_by_coder(True)
    carol = study.project.user_for
    with study.project.transaction() as session:
        third = carol(session, Coder("Carol Lead", "CL"))
    study.apply(study.wifi, "The wifi dropped every night", third)  # a new coder's block
    study.assert_like_a_fresh_view()
    study.apply(study.wifi, "We printed everything", study.ben, occurrence=2)
    study.assert_like_a_fresh_view()
    study.run(UpdateCoding(study.ben_training, code_id=study.wifi))  # recode
    study.assert_like_a_fresh_view()
    study.run(RemoveCoding(study.ana_wifi))
    study.assert_like_a_fresh_view()
    study.session.undo()
    study.assert_like_a_fresh_view()


def _coding(coding_id: int, start: int, length: int, coder: int | None) -> DocumentCoding:
    name = None if coder is None else f"Coder {coder}"
    return DocumentCoding(coding_id, 1, "Code", "#000000", start, start + length, name, "",
                          coder, "")  # fmt: skip


def test_coder_columns_after_random_changes_equal_columns_worked_out_afresh() -> None:
    rng = random.Random(5)
    coders = [1, 2, 3, None]
    codings = sorted(
        (_coding(n, rng.randrange(0, 8000), rng.randrange(1, 500), rng.choice(coders))
         for n in range(300)),
        key=sort_key,
    )  # fmt: skip
    columns = CoderColumns(codings)
    for new_id in range(1000, 1300):
        victim = rng.choice(codings)
        change = rng.randrange(4)
        gone = [victim] if change else []
        made = [_coding(new_id, rng.randrange(0, 8000), rng.randrange(1, 500), rng.choice(coders))]
        if change == 1:
            made = []
        elif change == 2:
            moved = victim.start + rng.randrange(-40, 40)
            made = [_coding(victim.id, moved, victim.end - victim.start, victim.coder_id)]
        elif change == 3:
            made = [_coding(victim.id, victim.start, victim.end - victim.start, rng.choice(coders))]
        codings = sorted([c for c in codings if c not in gone] + made, key=sort_key)
        columns.update(codings, gone + made)
        afresh = CoderColumns(codings)
        assert dict(columns) == dict(afresh)
        assert columns.groups == afresh.groups
        assert all(g.width <= MAX_PER_CODER for g in columns.groups)


def test_one_action_switches_every_open_view(study: Study, qtbot: QtBot) -> None:
    other = study.open_view()
    action = stripes_by_coder_action(study.view, lambda: [study.view, other])
    assert action.isCheckable()
    assert not action.isChecked()
    assert action.objectName() == "stripes_by_coder"
    assert action.toolTip()
    action.trigger()
    assert [study.view.stripes_by_coder, other.stripes_by_coder] == [True, True]
    action.trigger()
    assert [study.view.stripes_by_coder, other.stripes_by_coder] == [False, False]


def test_screen_readers_hear_the_coders_and_every_control_is_named(
    study: Study, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    study.view.set_stripes_by_coder(True)
    stripes = study.view.stripes
    assert stripes.accessibleDescription() == (
        "Coding stripes: 3 codings, by coder, left to right: AR (Ana Researcher), BC (Ben Coder)"
    )
    assert unnamed_interactive_widgets(study.view) == []
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _at, text, *_a: shown.append(text))
    columns = study.view.columns
    assert isinstance(columns, CoderColumns)
    ben = columns.groups[1]
    x = 2 + ben.first * stripes.stripe_geometry().column_width + 2
    where = QPoint(x, stripes.header_height() // 2)
    stripes.event(QHelpEvent(QEvent.Type.ToolTip, where, stripes.mapToGlobal(where)))
    assert shown == ["Codings by Ben Coder (BC)"]


def test_the_keyboard_still_walks_the_brackets_by_coder(study: Study, qtbot: QtBot) -> None:
    study.view.set_stripes_by_coder(True)
    stripes = study.view.stripes
    stripes.setFocus()
    picked: list[Any] = []
    stripes.coding_clicked.connect(picked.append)
    for _ in range(2):
        qtbot.keyClick(stripes, Qt.Key.Key_Down)
    qtbot.keyClick(stripes, Qt.Key.Key_Return)
    assert len(picked) == 1
    assert picked[0] in {study.ana_training, study.ben_training, study.ana_wifi}


def test_document_codings_carry_the_coder_initials(study: Study) -> None:
    found = document_codings(study.project, study.document_id)
    assert {c.coder_initials for c in found} == {"AR", "BC"}
