"""The document view: text, coding highlights, the stripes margin, selection and snapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QToolTip

from ui.document import DocumentView
from ui.document.highlights import Tints
from ui.session import ProjectSession
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode, UpdateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

ORANGE, BLUE = "#E69F00", "#56B4E9"
EMOJI_LINE = "P01: Honestly 😀😀 the kit is fine 👍🏽 mostly."


def _transcript() -> str:
    lines = [
        "Interviewer: How did the rollout of the tablets go on your ward?",
        "P01: The tablets arrived late. Nobody trained us on the portal, so we guessed.",
        EMOJI_LINE,
    ]
    for number in range(150):
        lines.append(f"Interviewer: And what happened in week {number}?")
        lines.append(f"P01: In week {number} the wifi dropped again. We printed everything.")
    lines.append("P01: The very last answer mentions the budget at the end.")
    return "\n".join(lines) + "\n"


class Study:
    """A real project with one imported transcript and two codes, shown in a view."""

    def __init__(self, project: Project, tmp_path: Path, qtbot: Any) -> None:
        source = tmp_path / "interview_p01.txt"
        source.write_text(_transcript(), encoding="utf-8")
        report = import_files(project, [source])
        self.document_id = report.document_ids[0]
        self.project = project
        self.text = project.document_text(self.document_id)
        self.session = ProjectSession(project)
        self.training = self._code("Training", ORANGE)
        self.budget = self._code("Budget", BLUE)
        self.view = DocumentView(self.session)
        qtbot.addWidget(self.view)
        self.view.resize(760, 360)
        self.view.show()
        qtbot.waitExposed(self.view)

    def _code(self, name: str, colour: str) -> int:
        command = CreateCode(name=name, colour=colour)
        assert self.session.run(command)
        assert command.code_id is not None
        return command.code_id

    def code(self, code_id: int, fragment: str, occurrence: int = 0) -> int:
        start = self.find(fragment, occurrence)
        command = ApplyCoding(
            document_id=self.document_id,
            code_id=code_id,
            start=start,
            end=start + len(fragment),
            user_id=self.project.user_id,
        )
        assert self.session.run(command)
        assert command.coding_id is not None
        return command.coding_id

    def find(self, fragment: str, occurrence: int = 0) -> int:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(fragment, start + 1)
        return start

    def highlighted(self) -> list[str]:
        """The text under each highlight the view draws now."""
        return [self.text[piece.start : piece.end] for piece, _ in self.view.highlights]

    def tint(self, *colours: str) -> QColor:
        palette = self.view.text.palette()
        tints = Tints(
            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        )
        return tints.tint(colours)


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Study:
    return Study(project, tmp_path, qtbot)


def _popup_texts(qtbot: Any) -> list[str]:
    """The action texts of the context menu that just popped up, which is then closed."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    menu.close()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    return texts


def test_showing_a_document_shows_its_text_read_only(study: Study) -> None:
    study.view.show_document(study.document_id)
    assert study.view.text.toPlainText() == study.text
    assert study.view.text.isReadOnly()
    assert study.view.text.accessibleName() == "Document text"
    assert study.view.stripes.accessibleName() == "Coding stripes"
    assert study.view.stripes.accessibleDescription() == "Coding stripes: 0 codings"


def test_codings_in_view_are_highlighted_in_their_code_colours(study: Study) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    assert study.highlighted() == ["Nobody trained us on the portal"]
    [(_piece, colour)] = study.view.highlights
    assert colour == study.tint(ORANGE)
    [(start, end, painted, overlapped)] = study.view.text.highlights
    assert painted == colour
    assert not overlapped
    rects = study.view.text.visible_text().rects(start, end)
    assert rects
    assert all(study.view.text.viewport().rect().intersects(r.toRect()) for r in rects)
    assert study.view.stripes.accessibleDescription() == "Coding stripes: 1 coding"


def test_codings_far_below_are_highlighted_only_once_scrolled_to(study: Study, qtbot: Any) -> None:
    study.code(study.budget, "budget")
    study.view.show_document(study.document_id)
    assert study.highlighted() == []
    assert study.view.stripes.brackets() == []
    bar = study.view.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: study.highlighted() == ["budget"])
    assert [b.coding.code_name for b in study.view.stripes.brackets()] == ["Budget"]


def test_emoji_before_a_coding_do_not_shift_its_highlight(study: Study) -> None:
    coded = study.code(study.training, "kit is fine")
    study.code(study.budget, "mostly")
    study.view.show_document(study.document_id)
    assert study.highlighted() == ["kit is fine", "mostly"]
    study.view.select_range(study.find("kit is fine"), study.find("kit is fine") + 11)
    assert study.view.text.textCursor().selectedText() == "kit is fine"
    assert study.view.codings_at(study.find("kit"))[0].id == coded


def test_overlapping_codings_blend_and_are_underlined(study: Study) -> None:
    study.code(study.training, "The tablets arrived late. Nobody trained")
    study.code(study.budget, "Nobody trained us")
    study.view.show_document(study.document_id)
    assert study.highlighted() == ["The tablets arrived late. ", "Nobody trained", " us"]
    colours = [colour for _, colour in study.view.highlights]
    assert colours == [study.tint(ORANGE), study.tint(ORANGE, BLUE), study.tint(BLUE)]
    assert len({c.name() for c in colours}) == 3
    assert [overlapped for *_, overlapped in study.view.text.highlights] == [False, True, False]
    assert len({b.column for b in study.view.stripes.brackets()}) == 2


def test_clicking_a_stripe_selects_the_coded_passage(study: Study, qtbot: Any) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    [bracket] = study.view.stripes.brackets()
    with qtbot.waitSignal(study.view.selection_changed) as signal:
        qtbot.mouseClick(study.view.stripes, Qt.MouseButton.LeftButton, pos=bracket.rect.center())
    start = study.find("Nobody trained")
    assert signal.args == [(start, start + len("Nobody trained us on the portal"))]
    assert study.view.text.textCursor().selectedText() == "Nobody trained us on the portal"
    study.view.select_range(0, 0)
    assert bracket.label is not None
    qtbot.mouseClick(study.view.stripes, Qt.MouseButton.LeftButton, pos=bracket.label.center())
    assert study.view.selected_range() == (start, start + len("Nobody trained us on the portal"))


def test_removing_a_coding_from_its_stripe_and_undoing(study: Study) -> None:
    coding = study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    menu = study.view.stripes.menu_for_coding(coding)
    assert [a.text() for a in menu.actions()] == [
        "Remove coding", "Resize to the selection", "Recode as…", "Coding memo…",
    ]  # fmt: skip
    menu.actions()[0].trigger()
    assert study.highlighted() == []
    assert study.view.stripes.brackets() == []
    study.session.undo()
    assert study.highlighted() == ["Nobody trained us on the portal"]


def test_recoding_from_the_stripe_menu(study: Study, monkeypatch: pytest.MonkeyPatch) -> None:
    coding = study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    offered: list[list[str]] = []

    def choose(*args: Any) -> tuple[str, bool]:
        offered.append(list(args[3]))
        return "Budget", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    study.view.stripes.menu_for_coding(coding).actions()[2].trigger()
    assert offered == [["Budget"]]
    [bracket] = study.view.stripes.brackets()
    assert bracket.coding.code_name == "Budget"
    assert study.view.highlights[0][1] == study.tint(BLUE)
    study.session.undo()
    assert study.view.stripes.brackets()[0].coding.code_name == "Training"


def test_writing_a_coding_memo_from_the_stripe_menu(
    study: Study, monkeypatch: pytest.MonkeyPatch
) -> None:
    coding = study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *args: ("Training gap at launch.", True)
    )
    study.view.stripes.menu_for_coding(coding).actions()[3].trigger()
    [saved] = document_codings(study.project, study.document_id)
    assert saved.memo == "Training gap at launch."
    assert "Training gap at launch." in study.view.stripes.brackets()[0].coding.memo
    study.session.undo()
    assert document_codings(study.project, study.document_id)[0].memo == ""


def test_right_clicking_a_stripe_opens_its_menu(study: Study, qtbot: Any) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    [bracket] = study.view.stripes.brackets()
    where = bracket.rect.center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, study.view.stripes.mapToGlobal(where)
    )
    QApplication.sendEvent(study.view.stripes, event)
    assert _popup_texts(qtbot) == [
        "Remove coding",
        "Resize to the selection",
        "Recode as…",
        "Coding memo…",
    ]


def test_shift_f10_in_the_text_offers_the_coding_under_the_cursor(study: Study, qtbot: Any) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    inside = study.find("trained")
    study.view.select_range(inside, inside)
    qtbot.keyClick(study.view.text, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert _popup_texts(qtbot)[:4] == [
        "Remove coding",
        "Resize to the selection",
        "Recode as…",
        "Coding memo…",
    ]
    study.view.select_range(0, 0)  # no coding at the start: only the standard actions
    qtbot.keyClick(study.view.text, Qt.Key.Key_Menu)
    texts = _popup_texts(qtbot)
    assert "Remove coding" not in texts
    assert texts


def test_overlapping_codings_get_one_submenu_each(study: Study) -> None:
    study.code(study.training, "The tablets arrived late. Nobody trained")
    study.code(study.budget, "Nobody trained us")
    study.view.show_document(study.document_id)
    units = study.view.content.utf16.to_utf16(study.find("trained")) if study.view.content else 0
    menu = study.view.text.build_context_menu(units)
    titles = [a.text() for a in menu.actions() if a.menu()]
    assert titles == ["Coding “Training” (Ana Researcher)", "Coding “Budget” (Ana Researcher)"]


def test_the_stripes_work_from_the_keyboard(study: Study, qtbot: Any) -> None:
    study.code(study.training, "The tablets arrived late.")
    study.code(study.budget, "Nobody trained us")
    study.view.show_document(study.document_id)
    study.view.stripes.setFocus()
    qtbot.keyClick(study.view.stripes, Qt.Key.Key_Down)
    qtbot.keyClick(study.view.stripes, Qt.Key.Key_Down)
    qtbot.keyClick(study.view.stripes, Qt.Key.Key_Return)
    start = study.find("Nobody trained us")
    assert study.view.selected_range() == (start, start + len("Nobody trained us"))
    qtbot.keyClick(study.view.stripes, Qt.Key.Key_Menu)
    assert _popup_texts(qtbot) == [
        "Remove coding",
        "Resize to the selection",
        "Recode as…",
        "Coding memo…",
    ]


def test_selection_round_trips_in_code_points(study: Study, qtbot: Any) -> None:
    study.view.show_document(study.document_id)
    start = study.find("the kit")
    with qtbot.waitSignal(study.view.selection_changed) as signal:
        study.view.select_range(start, start + len("the kit is fine 👍🏽"))
    assert signal.args == [(start, start + len("the kit is fine 👍🏽"))]
    assert study.view.selected_range() == (start, start + len("the kit is fine 👍🏽"))
    assert study.view.text.textCursor().selectedText() == "the kit is fine 👍🏽"
    study.view.select_range(start, start)
    assert study.view.selected_range() is None


def test_a_selection_far_below_is_scrolled_into_view(study: Study) -> None:
    study.view.show_document(study.document_id)
    start = study.find("budget")
    study.view.select_range(start, start + 6)
    visible = study.view.text.visible_text()
    assert visible.start <= study.view.text.textCursor().selectionStart() < visible.end


def test_snapping_the_selection_to_words_sentence_and_turn(study: Study) -> None:
    study.view.show_document(study.document_id)
    start = study.find("ablets arrived la")
    study.view.select_range(start, start + len("ablets arrived la"))
    snapped = study.view.snap_selection("words")
    assert snapped is not None
    assert study.text[snapped[0] : snapped[1]] == "tablets arrived late"
    assert study.view.snap_selection("sentence") == _span(study, "The tablets arrived late.")
    assert study.view.snap_selection("turn") == _span(
        study, "The tablets arrived late. Nobody trained us on the portal, so we guessed."
    )
    study.view.select_range(study.find("Honestly"), study.find("Honestly"))
    assert study.view.snap_selection("words") == _span(study, "Honestly")


def _span(study: Study, fragment: str) -> tuple[int, int]:
    start = study.find(fragment)
    return start, start + len(fragment)


def test_hovering_shows_the_codes_coders_and_speaker(
    study: Study, monkeypatch: pytest.MonkeyPatch
) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    tip = study.view.tooltip_at(study.find("trained"))
    assert "<i>P01</i>" in tip
    assert "<b>Training</b> — Ana Researcher" in tip
    assert "Training" not in study.view.tooltip_at(study.find("tablets arrived"))
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *args: shown.append(text))
    viewport = study.view.text.viewport()
    cursor = study.view.text.cursor_for(*[study.view.text.textCursor().position()] * 2)
    cursor.setPosition(study.find("trained") + 2)
    where = study.view.text.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)
    assert shown
    assert "<b>Training</b>" in shown[0]


def test_hovering_a_stripe_names_code_coder_and_memo(
    study: Study, monkeypatch: pytest.MonkeyPatch
) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *args: shown.append(text))
    where = study.view.stripes.brackets()[0].rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, study.view.stripes.mapToGlobal(where))
    QApplication.sendEvent(study.view.stripes, event)
    assert shown == ["<b>Training</b><br>Coded by Ana Researcher"]


def test_applying_a_code_adds_its_highlight(study: Study) -> None:
    study.view.show_document(study.document_id)
    assert study.highlighted() == []
    study.code(study.budget, "printed everything")
    assert study.highlighted() == ["printed everything"]
    assert [b.coding.code_name for b in study.view.stripes.brackets()] == ["Budget"]
    study.session.undo()
    assert study.highlighted() == []


def test_recolouring_a_code_repaints_its_codings(study: Study) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    assert study.session.run(UpdateCode(study.training, colour="#009E73"))
    assert study.view.highlights[0][1] == study.tint("#009E73")


def test_a_bigger_font_widens_the_stripes(study: Study, qtbot: Any) -> None:
    study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    before = study.view.stripes.width()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * 2)
    try:
        app.setFont(bigger)
        qtbot.waitUntil(lambda: study.view.stripes.width() > before)
        assert study.view.stripes.brackets()
    finally:
        app.setFont(font)


def test_other_documents_changing_leaves_the_view_alone(study: Study, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("P02: Something else entirely.\n", encoding="utf-8")
    other_id = import_files(study.project, [other]).document_ids[0]
    study.view.show_document(study.document_id)
    before = study.view.index
    study.session.run(
        ApplyCoding(document_id=other_id, code_id=study.budget, start=5, end=14, user_id=None)
    )
    assert study.view.index is before  # nothing of this document was reloaded
    assert study.highlighted() == []


def test_a_new_theme_retints_the_codings_and_keeps_the_place(study: Study) -> None:
    study.code(study.budget, "budget")
    study.view.show_document(study.document_id)
    bar = study.view.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    light = study.view.highlights[0][1]
    dark = QPalette(study.view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    study.view.setPalette(dark)
    assert bar.value() == bar.maximum()
    assert study.highlighted() == ["budget"]
    assert study.view.highlights[0][1] == study.tint(BLUE)
    assert study.view.highlights[0][1] != light


def test_a_coding_is_resized_to_the_selection_from_its_stripe_and_undo_restores_it(
    study: Study,
) -> None:
    coding = study.code(study.training, "Nobody trained us on the portal")
    study.view.show_document(study.document_id)
    text = study.project.document_text(study.document_id)
    start = text.index("Nobody trained us")
    study.view.select_range(start, start + len("Nobody trained us"))
    menu = study.view.stripes.menu_for_coding(coding)
    resize = next(a for a in menu.actions() if a.objectName() == "resize_coding")
    assert resize.isEnabled()
    resize.trigger()
    assert study.highlighted() == ["Nobody trained us"]
    study.session.undo()
    assert study.highlighted() == ["Nobody trained us on the portal"]
