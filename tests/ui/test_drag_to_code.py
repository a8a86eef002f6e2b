"""Coding by dragging: select a passage, drag it onto a code in the codebook, undo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from ui.codebook.dock import CodebookDock
from ui.codebook.mime import SELECTION_MIME, read_selection
from ui.document import DocumentView
from ui.session import ProjectSession
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QMimeData

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: How is the blood pressure kit?\n"
    "P01: Honestly 😀😀 the kit is fine 👍🏽 mostly.\n"
    "P01: My daughter sets the tablet up when she visits.\n"
)


class Desk:
    """A transcript open in a document view beside the codebook, as in the main window."""

    def __init__(self, project: Project, tmp_path: Path, qtbot: Any) -> None:
        source = tmp_path / "interview_p01.txt"
        source.write_text(INTERVIEW, encoding="utf-8")
        self.document_id = import_files(project, [source]).document_ids[0]
        self.project = project
        self.text = project.document_text(self.document_id)
        self.session = ProjectSession(project)
        command = CreateCode(name="Trust in the kit")
        assert self.session.run(command)
        assert command.code_id is not None
        self.code_id = command.code_id
        self.view = DocumentView(self.session)
        self.dock = CodebookDock(self.session)
        for widget in (self.view, self.dock):
            qtbot.addWidget(widget)
            widget.resize(600, 400)
            widget.show()
        self.view.show_document(self.document_id)

    def select(self, phrase: str) -> None:
        """Select ``phrase`` as a person would: Qt finds it and selects it (UTF-16 units)."""
        cursor = self.view.text.document().find(phrase)
        assert not cursor.isNull()
        self.view.text.setTextCursor(cursor)

    def drop_on_code(self, data: QMimeData) -> bool:
        model, index = self.dock.model, self.dock.model.index_of(self.code_id)
        action = Qt.DropAction.CopyAction
        assert model.canDropMimeData(data, action, -1, -1, index)
        return model.dropMimeData(data, action, -1, -1, index)

    def codings(self) -> list[tuple[int, int, int]]:
        found = document_codings(self.project, self.document_id)
        return [(c.code_id, c.start, c.end) for c in found]

    def span(self, phrase: str) -> tuple[int, int]:
        start = self.text.index(phrase)
        return start, start + len(phrase)


@pytest.fixture
def desk(project: Project, tmp_path: Path, qtbot: Any) -> Desk:
    return Desk(project, tmp_path, qtbot)


@pytest.mark.parametrize(
    "phrase", ["How is the blood pressure kit?", "the kit is fine 👍🏽 mostly", "the tablet up"]
)
def test_a_dragged_selection_carries_its_document_and_code_point_range(
    desk: Desk, phrase: str
) -> None:
    desk.select(phrase)
    data = desk.view.text.createMimeDataFromSelection()  # what Qt puts on the drag
    assert data.hasFormat(SELECTION_MIME)
    assert read_selection(data) == (desk.document_id, *desk.span(phrase))
    assert data.text() == phrase  # other applications get the passage as plain text


def test_dropping_a_passage_after_emoji_on_a_code_codes_exactly_it_and_undo_removes_it(
    desk: Desk,
) -> None:
    shown = desk.view.text.toPlainText()
    desk.select("the kit is fine")
    assert desk.drop_on_code(desk.view.text.createMimeDataFromSelection())
    start, end = desk.span("the kit is fine")
    assert desk.codings() == [(desk.code_id, start, end)]
    assert desk.text[start:end] == "the kit is fine"
    assert [c.start for c in desk.view.index.codings] == [start]  # the view shows it at once
    assert desk.view.text.toPlainText() == shown  # the drag never touched the text
    assert desk.session.can_undo
    desk.session.undo()
    assert desk.codings() == []
    assert desk.view.index.codings == []


def test_a_passage_spanning_turns_is_coded_whole(desk: Desk) -> None:
    cursor = desk.view.text.textCursor()
    first, last = desk.span("👍🏽 mostly")[0], desk.span("sets the tablet")[1]
    utf16 = desk.view.content.utf16 if desk.view.content else None
    assert utf16 is not None
    cursor.setPosition(utf16.to_utf16(first))
    cursor.setPosition(utf16.to_utf16(last), QTextCursor.MoveMode.KeepAnchor)
    desk.view.text.setTextCursor(cursor)
    assert desk.drop_on_code(desk.view.text.createMimeDataFromSelection())
    assert desk.codings() == [(desk.code_id, first, last)]


def test_the_text_offers_only_a_copy_and_ignores_drops_on_itself(desk: Desk) -> None:
    flags = desk.view.text.textInteractionFlags()
    assert not flags & Qt.TextInteractionFlag.TextEditable  # Qt then drags with CopyAction only
    shown = desk.view.text.toPlainText()
    desk.select("the kit is fine")
    data = desk.view.text.createMimeDataFromSelection()
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, data,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(desk.view.text.viewport(), drop)
    assert desk.view.text.toPlainText() == shown
    assert desk.codings() == []


def test_without_a_selection_nothing_of_ours_is_dragged(desk: Desk) -> None:
    assert desk.view.text.selection_mime_data() is None
    assert not desk.view.text.createMimeDataFromSelection().hasFormat(SELECTION_MIME)
