"""The register dock on a real project: two interviews coded with the barrier template, a Role
attribute (P01 and P03 nurses, P02 a manager), a facilitator code and a recommendation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QInputDialog

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench import test_barriers as barrier_setup
from ui.session import ProjectSession
from ui.synthesis.chart_view import BY_ATTRIBUTE, HEATMAP
from ui.synthesis.crosstab_model import COLUMN_PERCENT, ROW_PERCENT
from ui.synthesis.register_dock import CHARTS_TAB, CROSSTAB_TAB, RegisterDock
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import find_codes
from workbench.queries.documents import list_memos

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.project import Project

# The project of tests/workbench/test_barriers.py, as the fixture "study".
study = barrier_setup.study
Study = barrier_setup.Study
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def dock(qtbot, project: Project, study: Study) -> Iterator[RegisterDock]:
    made = RegisterDock(ProjectSession(project))
    qtbot.addWidget(made)
    made.resize(1200, 750)
    with qtbot.waitSignal(made.register.shown):
        made.show()  # the register reads the project only once it is in sight
    yield made
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.sendPostedEvents()


def cells(view_model, row: int) -> list[str]:
    return [view_model.index(row, c).data() for c in range(view_model.columnCount())]


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def show_tab(qtbot, dock: RegisterDock, index: int):
    panel = dock.panels()[index]
    with qtbot.waitSignal(panel.shown):
        dock.tabs.setCurrentIndex(index)
    return panel


# ---------------------------------------------------------------- barrier register
def test_the_register_lists_each_mentioned_barrier_with_cases_and_participants(
    dock, study, qtmodeltester
):
    panel = dock.register
    rows = [cells(panel.proxy, r)[:4] for r in range(panel.proxy.rowCount())]
    assert [row[1:] for row in rows] == [["5", "2", "2"], ["1", "1", "1"]]
    assert rows[0][0].endswith("/Connectivity coverage and bandwidth")
    assert panel.summary.text().startswith("2 of ")
    assert headers(panel.model)[-2:] == ["Facilitators", "Recommendations"]
    assert cells(panel.model, 0)[-2:] == ["Digital champions (1)", "0"]
    panel.show_all.setChecked(True)
    assert panel.model.rowCount() > 2, "barriers nobody mentions are listed too"
    for model in (panel.model, panel.proxy, panel.quotes):
        qtmodeltester.check(model)


def test_breaking_the_register_down_by_role_reads_k_of_n_cases_per_value(qtbot, dock, study):
    panel = dock.register
    with qtbot.waitSignal(panel.shown):
        panel.attribute.setCurrentIndex(panel.attribute.findText("Role"))
    assert headers(panel.model)[4:6] == ["Role: nurse", "Role: manager"]
    assert cells(panel.model, 0)[4:6] == ["1 of 2", "1 of 1"]  # connectivity
    assert cells(panel.model, 1)[4:6] == ["0 of 2", "1 of 1"]  # staff workload
    tip = panel.model.index(0, 4).data(TOOLTIP)
    assert tip == "1 of the 2 cases whose Role is “nurse” mention this barrier"


def test_a_barrier_shows_its_definition_facilitators_and_quotes_which_open_the_passage(
    qtbot, dock, study
):
    panel = dock.register
    assert panel.current_barrier().code_id == study.connectivity
    details = panel.details.toPlainText()
    assert "Definition: There is no signal" in details
    assert "Facilitators/Digital champions: 1 overlapping passage" in details
    assert [panel.quotes.quote(r).case for r in range(panel.quotes.rowCount())] == [
        "P01",
        "P02",
        "P01",
    ]
    quote = panel.quotes.quote(0)
    assert quote.text.startswith("The wifi drops")
    centre = panel.quote_view.visualRect(panel.quotes.index(0, 0)).center()
    viewport, left = panel.quote_view.viewport(), Qt.MouseButton.LeftButton
    with qtbot.waitSignal(dock.passage_activated) as opened:
        qtbot.mouseClick(viewport, left, pos=centre)
        qtbot.mouseDClick(viewport, left, pos=centre)
    document, start, end = opened.args
    assert document == study.ward
    assert barrier_setup.WARD[start:end].startswith("The wifi drops")
    panel.quote_view.setCurrentIndex(panel.quotes.index(1, 0))
    with qtbot.waitSignal(dock.passage_activated) as opened:
        qtbot.keyClick(panel.quote_view, Qt.Key.Key_Return)
    assert opened.args[0] == study.clinic


def test_a_recommendation_added_to_a_barrier_is_listed_beside_it_until_undone(
    qtbot, dock, study, project, monkeypatch
):
    panel = dock.register
    panel.view.setCurrentIndex(panel.proxy.index(1, 0))  # the staff workload barrier
    asked: list[str] = []

    def answer(_parent, _title, label, _text):
        asked.append(label)
        return "Protect training time on the rota\nAgree it with the ward managers.", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    with qtbot.waitSignal(panel.shown):
        panel.add_button.click()
    assert "Staff capacity and workload" in asked[0]
    (memo,) = list_memos(project, kind="recommendation")
    assert (memo.title, memo.text, memo.target_id) == (
        "Protect training time on the rota",
        "Agree it with the ward managers.",
        study.staff,
    )
    assert panel.current_barrier().code_id == study.staff, "the chosen barrier stays chosen"
    assert cells(panel.model, 1)[-1] == "1"
    assert "Protect training time on the rota" in panel.details.toPlainText()
    with qtbot.waitSignal(panel.shown):
        dock.session.undo()
    assert list_memos(project, kind="recommendation") == []
    assert cells(panel.model, 1)[-1] == "0"
    assert "Protect training time" not in panel.details.toPlainText()


def test_a_cancelled_recommendation_changes_nothing(dock, project, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *_args: ("Half a thought", False))
    dock.register.add_button.click()
    assert list_memos(project, kind="recommendation") == []


# ---------------------------------------------------------------- crosstab
def test_the_crosstab_counts_cases_by_role_with_row_and_column_percentages(
    qtbot, dock, study, qtmodeltester
):
    panel = show_tab(qtbot, dock, CROSSTAB_TAB)
    assert panel.attribute.attribute() == "Role"
    assert headers(panel.model) == ["Code", "nurse (of 2)", "manager (of 1)", "Total"]
    table = [cells(panel.model, r) for r in range(panel.model.rowCount())]
    assert [row[1:] for row in table] == [
        ["1", "1", "2"],  # connectivity: P01 (nurse), P02 (manager)
        ["0", "1", "1"],  # staff workload: P02
        ["1", "0", "1"],  # digital champions: P01
        ["1", "1", "2"],  # cases coded with any of them: P01, P02 (P03 has no interview)
    ]
    assert table[-1][0] == "Total"
    assert table[2][0] == "Facilitators/Digital champions"
    panel.display.setCurrentIndex(panel.display.findData(ROW_PERCENT))
    assert cells(panel.model, 0)[1:] == ["50%", "50%", "100%"]
    panel.display.setCurrentIndex(panel.display.findData(COLUMN_PERCENT))
    assert cells(panel.model, 0)[1:] == ["50%", "100%", "67%"]  # of 2 nurses, 1 manager, 3 cases
    assert cells(panel.model, 3)[1:] == ["50%", "100%", "67%"]
    assert panel.model.index(0, 1).data(TOOLTIP).startswith("1 case with Role “nurse” coded with")
    qtmodeltester.check(panel.model)


def test_counting_codings_puts_the_interviewers_question_under_no_value(qtbot, dock, study):
    panel = show_tab(qtbot, dock, CROSSTAB_TAB)
    with qtbot.waitSignal(panel.shown):
        panel.unit.setCurrentIndex(panel.unit.findData("codings"))
    assert headers(panel.model) == ["Code", "nurse", "manager", "(no value)", "Total"]
    assert cells(panel.model, 0)[1:] == ["3", "1", "1", "5"]


def test_the_cooccurrence_matrix_counts_overlapping_codings(qtbot, dock, study, qtmodeltester):
    panel = show_tab(qtbot, dock, CROSSTAB_TAB)
    matrix = panel.matrix_model
    assert headers(matrix) == ["Code", "1", "2", "3"]
    assert [cells(matrix, r)[1:] for r in range(3)] == [
        ["(5)", "0", "1"],
        ["0", "(1)", "0"],
        ["1", "0", "(1)"],
    ]
    assert cells(matrix, 2)[0] == "3. Facilitators/Digital champions"
    qtmodeltester.check(matrix)


def test_codes_chosen_in_the_codebook_narrow_the_crosstab_until_all_are_asked_for(
    qtbot, dock, project, study
):
    panel = show_tab(qtbot, dock, CROSSTAB_TAB)
    (facilitators,) = find_codes(project, "Facilitators")
    with qtbot.waitSignal(panel.shown):
        dock.set_codes([facilitators.id])  # a group code covers the coded codes under it
    assert [r.code_id for r in panel.tables.crosstab.rows] == [study.champions]
    assert not panel.all_codes.isHidden()
    with qtbot.waitSignal(panel.shown):
        panel.all_codes.click()
    assert len(panel.tables.crosstab.rows) == 3
    assert panel.all_codes.isHidden()


def test_only_the_visible_tab_reads_again_after_a_change(qtbot, dock, project, study):
    crosstab = show_tab(qtbot, dock, CROSSTAB_TAB)
    dock.tabs.setCurrentIndex(0)
    assert dock.register.runner.wait()
    start = barrier_setup.WARD.index("Out in the villages")
    coding = ApplyCoding(
        document_id=study.ward, code_id=study.staff, start=start, end=start + 10,
        user_id=project.user_id,
    )  # fmt: skip
    with qtbot.waitSignal(dock.register.shown):
        assert dock.session.run(coding)
    assert crosstab.stale, "the hidden tab waits"
    assert not crosstab.runner.busy
    assert cells(dock.register.model, 1)[1] == "2"
    show_tab(qtbot, dock, CROSSTAB_TAB)
    assert not crosstab.stale
    assert cells(crosstab.model, 1)[1:] == ["1", "1", "2"]


# ---------------------------------------------------------------- charts
def test_a_chart_is_shown_with_its_description_and_caption(qtbot, dock, study):
    panel = show_tab(qtbot, dock, CHARTS_TAB)
    assert not panel.image.pixmap().isNull()
    assert panel.chart is not None
    assert panel.chart.alt_text in panel.image.accessibleDescription()
    assert "Connectivity coverage and bandwidth (5)" in panel.chart.alt_text
    assert panel.caption.text() == f"Figure: {panel.chart.alt_text}"
    assert not panel.attribute.isEnabled(), "the attribute matters only to one chart"
    for kind, words in ((BY_ATTRIBUTE, "by Role"), (HEATMAP, "overlapping text")):
        with qtbot.waitSignal(panel.shown):
            panel.kind.setCurrentIndex(panel.kind.findData(kind))
        assert words in panel.chart.alt_text
        assert panel.chart.alt_text in panel.image.accessibleDescription()
        assert not panel.image.pixmap().isNull()
    assert "Digital champions" in panel.chart.alt_text


def test_charting_by_attribute_without_attributes_says_what_to_do(qtbot, project):
    made = RegisterDock(ProjectSession(project))
    qtbot.addWidget(made)
    made.tabs.setCurrentIndex(CHARTS_TAB)
    with qtbot.waitSignal(made.charts.shown):
        made.show()
    assert "No data" in made.charts.chart.alt_text or "No data" in made.charts.caption.text()
    with qtbot.waitSignal(made.charts.shown):
        made.charts.kind.setCurrentIndex(made.charts.kind.findData(BY_ATTRIBUTE))
    assert made.charts.summary.text().startswith("Add a case attribute")
    assert not made.charts.save_button.isEnabled()
    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_save_image_writes_the_chart_png(qtbot, dock, tmp_path: Path, monkeypatch):
    panel = show_tab(qtbot, dock, CHARTS_TAB)
    target = tmp_path / "frequency"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: (str(target), "PNG images (*.png)")
    )
    panel.save_button.click()
    saved = tmp_path / "frequency.png"
    assert saved.read_bytes() == panel.chart.png
    assert saved.read_bytes().startswith(PNG_SIGNATURE)
    assert panel.summary.text() == "Saved the chart as frequency.png."


# ---------------------------------------------------------------- accessibility
def test_every_interactive_widget_of_every_tab_has_a_name(qtbot, dock):
    assert unnamed_interactive_widgets(dock) == []
    for index in (CROSSTAB_TAB, CHARTS_TAB):
        show_tab(qtbot, dock, index)
        assert unnamed_interactive_widgets(dock) == []
