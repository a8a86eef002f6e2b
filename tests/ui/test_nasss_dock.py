"""The NASSS dock: the cases x domains grid, rating from the keyboard, history, evidence,
comparing cases, marking a case for assessment and the complexity profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMainWindow

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.test_nasss import Study, build_study
from ui.session import ProjectSession
from ui.synthesis.nasss_dock import NasssDock
from workbench.charts.complexity import LEVEL_COLOURS
from workbench.ops.cases import CreateCase, LinkDocumentToCase
from workbench.ops.nasss import MarkCaseForAssessment, RateDomain
from workbench.queries.nasss import evidence, rating_history

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.project import Project

_Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Setup:
    session: ProjectSession
    study: Study
    day_unit: int  # a second site, P02's interview linked to it


@pytest.fixture
def setup(project: Project, tmp_path: Path) -> Setup:
    study = build_study(project, tmp_path)
    day_unit = CreateCase(name="Day unit")
    project.execute(day_unit)
    assert day_unit.case_id is not None
    project.execute(
        LinkDocumentToCase(case_id=day_unit.case_id, document_id=study.documents["p02"])
    )
    for case_id in (study.site, day_unit.case_id):
        project.execute(MarkCaseForAssessment(case_id, "site"))
    return Setup(ProjectSession(project), study, day_unit.case_id)


def _active_dock(qtbot: QtBot, setup: Setup) -> NasssDock:
    """A dock in an active window, so the keyboard focus moves as it would for a user."""
    dock = _dock(qtbot, setup)
    with qtbot.waitActive(dock):
        dock.activateWindow()
    return dock


def _dock(qtbot: QtBot, setup: Setup) -> NasssDock:
    dock = NasssDock(setup.session)
    qtbot.addWidget(dock)
    dock.resize(1200, 700)
    dock.show()
    qtbot.waitExposed(dock)
    dock.runner.wait()
    return dock


def _cell(dock: NasssDock, case: str, key: str, role: int = _Role.DisplayRole) -> Any:
    model = dock.model
    row = next(
        r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == case
    )
    return model.index(row, model.column_of(key)).data(role)


def _rows(dock: NasssDock) -> list[str]:
    proxy = dock.proxy
    return [proxy.headerData(r, Qt.Orientation.Vertical) for r in range(proxy.rowCount())]


def _rate(setup: Setup, case_id: int, key: str, rating: str, rationale: str = "") -> None:
    user = setup.session.user_id
    assert setup.session.run(RateDomain(case_id, key, rating, rationale, user))


def _ctrl_enter(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_grid_shows_each_assessed_case_by_domain_in_words_and_colour(
    qtbot: QtBot, setup: Setup, qtmodeltester
) -> None:
    _rate(setup, setup.study.site, "4", "complex", "Nurses reject the portal")
    dock = _dock(qtbot, setup)
    assert _rows(dock) == ["Day unit", "Ward 3"]
    assert dock.model.columnCount() == 30
    assert dock.model.headerData(0, Qt.Orientation.Horizontal) == "1"
    tooltip = dock.model.headerData(
        dock.model.column_of("4A"), Qt.Orientation.Horizontal, _Role.ToolTipRole
    )
    assert tooltip == "Sub-domain 4A: Staff (role, practice and identity)"
    assert _cell(dock, "Ward 3", "4") == "Complex"
    assert _cell(dock, "Ward 3", "4", _Role.BackgroundRole).color() == QColor(LEVEL_COLOURS[3])
    assert _cell(dock, "Ward 3", "4", _Role.ForegroundRole).color() == QColor("#ffffff")
    tip = _cell(dock, "Ward 3", "4", _Role.ToolTipRole)
    assert tip.splitlines()[:3] == ["Ward 3: 4 Adopter system", "Complex", tip.splitlines()[2]]
    assert tip.splitlines()[2].startswith("Rated by Ana Researcher on ")
    assert "Rationale: Nurses reject the portal" in tip
    assert "Evidence: 0 passages" in tip
    # A cell never rated says so in words, never by a missing colour alone.
    assert _cell(dock, "Ward 3", "5") == "—"
    assert _cell(dock, "Ward 3", "5", _Role.AccessibleTextRole) == "Not assessed"
    assert _cell(dock, "Ward 3", "5", _Role.BackgroundRole) is None
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)


def test_the_colours_of_the_ratings_differ_in_greyscale_and_keep_their_text_readable(
    qtbot: QtBot, setup: Setup
) -> None:
    for key, rating in (("1", "simple"), ("2", "complicated"), ("3", "complex")):
        _rate(setup, setup.study.site, key, rating)
    dock = _dock(qtbot, setup)
    greys = [
        QColor(_cell(dock, "Ward 3", key, _Role.BackgroundRole).color()).lightnessF()
        for key in ("1", "2", "3")
    ]
    assert greys[0] > greys[1] > greys[2]  # simple light, complicated mid, complex dark
    assert min(greys[0] - greys[1], greys[1] - greys[2]) > 0.15


def test_rating_a_cell_from_the_keyboard_saves_it_and_undo_reverts_it(
    qtbot: QtBot, setup: Setup
) -> None:
    dock = _active_dock(qtbot, setup)
    assert dock.select_cell(setup.study.site, "4B")
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_Right)  # arrow keys move cell to cell
    assert dock.current_cell() == (setup.study.site, "4C")
    qtbot.keyClick(dock.view, Qt.Key.Key_Left)
    assert dock.current_cell() == (setup.study.site, "4B")
    qtbot.keyClick(dock.view, Qt.Key.Key_Return)  # Enter: to the rating
    not_assessed = dock.editor.radios["not_assessed"]
    assert QApplication.focusWidget() is not_assessed
    qtbot.keyClick(not_assessed, Qt.Key.Key_Left)  # arrows choose within the ratings
    assert dock.editor.chosen_rating() == "complex"
    qtbot.keyClick(dock.editor.radios["complex"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dock.editor.rationale
    qtbot.keyClicks(dock.editor.rationale, "Carers are not reached")
    _ctrl_enter(qtbot, dock.editor.rationale)

    assert _cell(dock, "Ward 3", "4B") == "Complex"
    assert _cell(dock, "Ward 3", "4B", _Role.BackgroundRole).color() == QColor(LEVEL_COLOURS[3])
    assert "Carers are not reached" in _cell(dock, "Ward 3", "4B", _Role.ToolTipRole)
    assert not dock.editor.save_button.isEnabled()  # nothing left unsaved
    qtbot.keyClick(dock.editor.rationale, Qt.Key.Key_Escape)  # back to the grid
    assert QApplication.focusWidget() is dock.view
    setup.session.undo()
    assert _cell(dock, "Ward 3", "4B") == "—"
    assert dock.editor.chosen_rating() == "not_assessed"
    assert dock.editor.rationale.toPlainText() == ""


def test_a_rating_can_be_picked_with_its_access_key(qtbot: QtBot, setup: Setup) -> None:
    dock = _active_dock(qtbot, setup)
    dock.select_cell(setup.day_unit, "2")
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # Com&plicated
    qtbot.waitUntil(lambda: dock.editor.chosen_rating() == "complicated")  # an animated click
    _ctrl_enter(qtbot, dock.view)  # Ctrl+Enter saves from the grid too
    assert _cell(dock, "Day unit", "2") == "Complicated"


def test_ctrl_enter_saves_the_rating_even_where_the_window_binds_the_same_key(
    qtbot: QtBot, setup: Setup
) -> None:
    window = QMainWindow()  # the main window's Code menu binds Ctrl+Return too
    qtbot.addWidget(window)
    applied: list[bool] = []
    action = QAction("Apply current code", window)
    action.setShortcut(QKeySequence("Ctrl+Return"))
    action.triggered.connect(lambda: applied.append(True))
    window.addAction(action)
    dock = NasssDock(setup.session, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1200, 700)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    dock.select_cell(setup.study.site, "1")
    dock.editor.choose("simple")
    dock.editor.rationale.setFocus()
    _ctrl_enter(qtbot, dock.editor.rationale)
    assert _cell(dock, "Ward 3", "1") == "Simple"
    assert applied == []


def test_the_history_lists_every_rating_of_the_cell_newest_first(
    qtbot: QtBot, setup: Setup
) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "2")
    dock.editor.choose("simple")
    dock.editor.rationale.setPlainText("Tablets work")
    assert dock.editor.save()
    dock.editor.choose("complex")
    dock.editor.rationale.setPlainText("The wifi drops every night")
    assert dock.editor.save()
    dock.runner.wait()
    lines = [dock.editor.history.item(i).text() for i in range(dock.editor.history.count())]
    assert len(lines) == 2
    assert lines[0].startswith("Complex (current), by Ana Researcher")
    assert "The wifi drops every night" in lines[0]
    assert lines[1].startswith("Simple, by Ana Researcher")
    assert "Tablets work" in lines[1]
    assert [r.rating for r in rating_history(setup.session.project, setup.study.site, "2")] == [
        "complex", "simple",
    ]  # fmt: skip


def _proposal_texts(dock: NasssDock) -> list[str]:
    panel = dock.evidence.list
    return [panel.item(i).text() for i in range(panel.count())]


def test_the_evidence_proposals_are_listed_and_saving_links_the_ticked_ones(
    qtbot: QtBot, setup: Setup
) -> None:
    project, study = setup.session.project, setup.study
    dock = _dock(qtbot, setup)
    dock.select_cell(study.site, "4")
    dock.runner.wait()
    texts = _proposal_texts(dock)
    assert texts == [
        "The nurses feel the portal\nP01 · p01, paragraph 3",
        "not part of their job\nP01 · p01, paragraph 3 · coded 4A",
        "Patients find the readings confusing\nP01 · p01, paragraph 4 · coded 4B",
    ]
    assert not dock.evidence.save_button.isEnabled()
    panel = dock.evidence.list
    panel.item(0).setCheckState(Qt.CheckState.Checked)
    panel.item(2).setCheckState(Qt.CheckState.Checked)
    assert dock.evidence.count.text() == "2 of 3 ticked (not saved)"
    with qtbot.waitActive(dock):
        dock.activateWindow()
    panel.setFocus()
    _ctrl_enter(qtbot, panel)
    linked = [s.text for s in evidence(project, study.site, "4")]
    assert linked == ["The nurses feel the portal", "Patients find the readings confusing"]
    dock.runner.wait()
    assert dock.evidence.count.text() == "2 of 3 ticked"
    assert "Evidence: 2 passages" in _cell(dock, "Ward 3", "4", _Role.ToolTipRole)
    setup.session.undo()
    assert evidence(project, study.site, "4") == []


def test_domain_7_proposes_passages_of_every_domain_with_their_source_key(
    qtbot: QtBot, setup: Setup
) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "7")
    dock.runner.wait()
    sources = [text.split("\n")[1] for text in _proposal_texts(dock)]
    assert [s.rsplit(" · ", 1)[1] for s in sources] == [
        "coded 2A", "coded 4", "coded 4A", "coded 4B",
    ]  # fmt: skip


def test_unsaved_ticks_survive_a_change_made_elsewhere(qtbot: QtBot, setup: Setup) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "4")
    dock.runner.wait()
    dock.evidence.list.item(1).setCheckState(Qt.CheckState.Checked)
    _rate(setup, setup.day_unit, "1", "simple")  # another change refreshes the dock
    dock.runner.wait()
    assert dock.evidence.list.item(1).checkState() == Qt.CheckState.Checked
    assert dock.evidence.save_button.isEnabled()


def test_an_unsaved_rating_survives_saving_the_evidence_first(qtbot: QtBot, setup: Setup) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "4B")  # never rated
    dock.runner.wait()
    dock.editor.choose("complicated")
    dock.editor.rationale.setPlainText("Patients struggle with the readings")
    dock.evidence.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dock.evidence.save()  # makes a "not assessed" rating to hold the evidence
    dock.runner.wait()
    assert dock.editor.chosen_rating() == "complicated"
    assert dock.editor.rationale.toPlainText() == "Patients struggle with the readings"
    assert dock.editor.save()
    assert _cell(dock, "Ward 3", "4B") == "Complicated"
    assert "Evidence: 1 passage" in _cell(dock, "Ward 3", "4B", _Role.ToolTipRole)


def test_double_clicking_a_passage_asks_to_open_it_in_its_document(
    qtbot: QtBot, setup: Setup
) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.day_unit, "2D")
    dock.runner.wait()
    panel = dock.evidence.list
    panel.doItemsLayout()
    centre = panel.visualItemRect(panel.item(0)).center()
    with qtbot.waitSignal(dock.passage_activated) as signal:
        qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    document = setup.study.documents["p02"]
    text = setup.session.project.document_text(document)
    start = text.index("contract with the supplier")
    assert signal.args == [document, start, start + len("contract with the supplier")]


def test_compare_shows_only_the_selected_cases_side_by_side(qtbot: QtBot, setup: Setup) -> None:
    third = CreateCase(name="Portal")
    assert setup.session.run(third)
    assert third.case_id is not None
    assert setup.session.run(MarkCaseForAssessment(third.case_id, "technology"))
    dock = _dock(qtbot, setup)
    assert _rows(dock) == ["Day unit", "Portal", "Ward 3"]
    dock.compare_button.click()  # one case selected: nothing to compare
    assert _rows(dock) == ["Day unit", "Portal", "Ward 3"]
    assert "two or more" in dock.message.text()
    dock.view.selectRow(0)
    dock.view.selectionModel().select(
        dock.proxy.index(2, 0), dock.view.selectionModel().SelectionFlag.Select
    )
    dock.compare_button.click()
    assert dock.compare_button.isChecked()
    assert _rows(dock) == ["Day unit", "Ward 3"]
    _rate(setup, setup.study.site, "1", "complex")  # a refresh keeps the comparison
    assert _rows(dock) == ["Day unit", "Ward 3"]
    dock.compare_button.click()
    assert _rows(dock) == ["Day unit", "Portal", "Ward 3"]


def test_domains_only_shows_the_seven_domains(qtbot: QtBot, setup: Setup) -> None:
    dock = _dock(qtbot, setup)
    dock.domains_only.click()
    headers = [
        dock.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(dock.proxy.columnCount())
    ]
    assert headers == ["1", "2", "3", "4", "5", "6", "7"]
    dock.domains_only.click()
    assert dock.proxy.columnCount() == 30


def test_marking_a_case_for_assessment_adds_it_to_the_grid(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = _dock(qtbot, setup)
    offered: list[list[str]] = []

    def answer(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return ("P02", True) if len(offered) == 1 else ("Technology", True)

    monkeypatch.setattr(QInputDialog, "getItem", answer)
    dock.mark_button.click()
    assert offered == [["P01", "P02"], ["Technology", "Project", "Site"]]
    assert _rows(dock) == ["Day unit", "P02", "Ward 3"]
    assert dock.current_cell() == (setup.study.p02, "1")
    setup.session.undo()
    assert _rows(dock) == ["Day unit", "Ward 3"]


def test_the_profile_shows_the_current_cases_chart_with_its_alternative_text(
    qtbot: QtBot, setup: Setup
) -> None:
    _rate(setup, setup.study.site, "4", "complex")
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "4")
    dock.profile_button.click()
    assert dock.profile.isVisible()
    assert dock.profile.runner.wait(60_000)
    assert not dock.profile.chart.pixmap().isNull()
    assert dock.profile.chart.accessibleName() == "Complexity profile: Ward 3"
    assert "4 Adopter system: complex" in dock.profile.alt_text
    dock.view.selectRow(0)  # Day unit and Ward 3, compared: both profiles in one chart
    dock.view.selectionModel().select(
        dock.proxy.index(1, 0), dock.view.selectionModel().SelectionFlag.Select
    )
    dock.compare_button.click()
    assert dock.profile.runner.wait(60_000)
    assert dock.profile.chart.accessibleName() == "Complexity profiles compared"
    assert "Day unit" in dock.profile.alt_text
    assert "Ward 3" in dock.profile.alt_text


def test_a_hidden_dock_catches_up_when_shown(qtbot: QtBot, setup: Setup) -> None:
    dock = _dock(qtbot, setup)
    dock.hide()
    _rate(setup, setup.study.site, "6", "simple")
    assert _cell(dock, "Ward 3", "6") == "—"  # not read while nobody looks
    dock.show()
    assert _cell(dock, "Ward 3", "6") == "Simple"


def test_every_control_of_the_dock_is_named_for_screen_readers(qtbot: QtBot, setup: Setup) -> None:
    dock = _dock(qtbot, setup)
    dock.select_cell(setup.study.site, "4")
    dock.runner.wait()
    assert unnamed_interactive_widgets(dock) == []
    assert all(w.objectName() for w in (dock.view, dock.mark_button, dock.compare_button))
