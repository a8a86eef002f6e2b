"""The coder comparison dock on a real project: two interviews imported through the import
service, coded by Ana (the project's coder) and Ben with Training and Infrastructure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QWidget

from tests.ui.a11y import unnamed_interactive_widgets
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from ui.session import ProjectSession
from ui.team.comparison_data import choose_pair
from ui.team.comparison_dock import ComparisonDock
from ui.team.comparison_models import CODE_ID_ROLE
from ui.team.comparison_strip import EMPTY_TEXT
from workbench.ops.codings import ApplyCoding
from workbench.project import Coder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.project import Project

WARD = (
    "Interviewer: How did the rollout go? Tell me about training.\n"
    "P01: The tablets arrived late. Nobody trained us on the portal.\n"
    "\n"
    "P01: Night staff still print everything. The wifi drops.\n"
)
HOME = (
    "Interviewer: What helps at home?\n"
    "P02: My daughter sets up the tablet. The signal is poor upstairs.\n"
)
ANA, BEN = "Ana Researcher", "Ben Coder"


@dataclass(frozen=True)
class Study:
    project: Project
    ward: int
    home: int
    training: int
    infrastructure: int
    ben: int


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    docs = import_texts(project, tmp_path, {"ward": WARD, "home": HOME})
    ward, home = docs["ward"], docs["home"]
    training = new_code(project, "Training", parent_id=new_code(project, "Barriers"))
    infrastructure = new_code(project, "Infrastructure")
    with project.transaction() as session:
        ben = project.user_for(session, Coder(BEN, "BC"))
    ana = project.user_id
    for doc, text, code, phrase, user in (
        (ward, WARD, training, "Nobody trained us on the portal", ana),
        (ward, WARD, training, "Nobody trained us", ben),
        (ward, WARD, training, "Tell me about training", ben),
        (ward, WARD, infrastructure, "The wifi drops", ana),
        (ward, WARD, infrastructure, "Night staff still print everything. The wifi drops", ben),
        (home, HOME, infrastructure, "The signal is poor upstairs", ana),
        (home, HOME, infrastructure, "The signal is poor upstairs", ben),
        (home, HOME, training, "My daughter sets up the tablet", ana),
    ):
        apply_coding(project, doc, code, span_of(text, phrase), user)
    return Study(project, ward, home, training, infrastructure, ben)


def _drain() -> None:
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.sendPostedEvents()


@pytest.fixture
def dock(qtbot: QtBot, study: Study) -> Iterator[ComparisonDock]:
    made = ComparisonDock(ProjectSession(study.project))
    qtbot.addWidget(made)
    made.resize(1300, 700)
    with qtbot.waitSignal(made.shown):
        made.show()  # the comparison reads the project only once it is in sight
    yield made
    _drain()


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


# ---------------------------------------------------------------- figures
def test_the_figures_of_each_code_and_the_pooled_row_are_shown_with_the_unit(
    dock: ComparisonDock, qtmodeltester
) -> None:
    panel = dock.panel
    assert (panel.coder_a.currentText(), panel.coder_b.currentText()) == (ANA, BEN)
    assert panel.unit.currentData() == "character"
    assert panel.status.text().startswith("Unit: character. ")
    assert "in 2 documents both coded" in panel.status.text()
    assert "Landis & Koch (1977)" in panel.status.text()
    assert headers(dock.figures) == [
        "Code", "Agreement", "Cohen's kappa", "Krippendorff's alpha", "Units",
        ANA, BEN,
    ]  # fmt: skip
    tip = dock.figures.headerData(5, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == f"The characters {ANA} coded with the code"
    report = dock.comparison.report
    rows = [cells(dock.figures, r) for r in range(dock.figures.rowCount())]
    assert [row[0] for row in rows] == ["Barriers/Training", "Infrastructure", "Pooled (2 codes)"]
    training = report.codes[0].figures
    assert rows[0][1] == f"{training.percent:.1f}%"
    assert rows[0][2] == f"{training.kappa:.3f} ({training.kappa_label})"
    assert rows[0][3] == f"{training.alpha:.3f} ({training.alpha_label})"
    assert rows[0][4] == f"{report.units:,}"
    assert rows[0][5:] == [f"{training.coded[0]:,}", f"{training.coded[1]:,}"]
    assert dock.figures.index(2, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert panel.export.isEnabled()
    assert panel.strip_caption.text() == EMPTY_TEXT  # until a disagreement is chosen
    for model in (dock.figures, dock.disagreements, dock.filter):
        qtmodeltester.check(model)


def test_changing_the_unit_reads_again_and_states_the_new_unit(
    qtbot: QtBot, dock: ComparisonDock
) -> None:
    unit = dock.panel.unit
    unit.setCurrentIndex(unit.findData("sentence"))
    with qtbot.waitSignal(dock.shown):
        unit.activated.emit(unit.currentIndex())
    assert dock.comparison.report.unit == "sentence"
    assert dock.panel.status.text().startswith("Unit: sentence. ")
    assert "sentences in 2 documents" in dock.panel.status.text()


def test_swapping_the_coders_swaps_the_columns(qtbot: QtBot, dock: ComparisonDock) -> None:
    panel = dock.panel
    panel.coder_a.setCurrentIndex(panel.coder_a.findData(BEN))
    panel.coder_b.setCurrentIndex(panel.coder_b.findData(ANA))
    with qtbot.waitSignal(dock.shown):
        panel.coder_b.activated.emit(panel.coder_b.currentIndex())
    assert headers(dock.figures)[5:] == [BEN, ANA]
    assert dock.comparison.pair == (BEN, ANA)


def test_the_same_coder_twice_asks_for_two_coders(qtbot: QtBot, dock: ComparisonDock) -> None:
    panel = dock.panel
    panel.coder_b.setCurrentIndex(panel.coder_b.findData(ANA))
    with qtbot.waitSignal(dock.shown):
        panel.coder_b.activated.emit(panel.coder_b.currentIndex())
    assert panel.status.text() == "Choose two different coders to compare."
    assert dock.figures.rowCount() == 0
    assert not panel.export.isEnabled()


def test_a_project_with_one_coder_says_what_to_do(qtbot: QtBot, project: Project, tmp_path) -> None:
    doc = import_texts(project, tmp_path, {"ward": WARD})["ward"]
    apply_coding(project, doc, new_code(project, "Training"), span_of(WARD, "Nobody"))
    made = ComparisonDock(ProjectSession(project))
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.shown):
        made.show()
    assert "only Ana Researcher has coded" in made.panel.status.text()
    assert "Merge another coder's project" in made.panel.status.text()
    assert not made.panel.coder_a.isEnabled()
    assert not made.panel.export.isEnabled()
    assert made.panel.strip.isHidden()
    _drain()


# ---------------------------------------------------------------- disagreements
def test_the_disagreements_say_both_coders_decisions_in_words(dock: ComparisonDock) -> None:
    listed = [cells(dock.filter, r) for r in range(dock.filter.rowCount())]
    assert [row[0] for row in listed] == ["home", "ward", "ward", "ward"]  # by document name
    assert listed[0][1:] == [
        "¶ 2", "Barriers/Training", f"{ANA} coded it; {BEN} did not",
        "My daughter sets up the tablet",
    ]  # fmt: skip
    assert listed[1][2:] == [
        "Barriers/Training", f"{BEN} coded it; {ANA} did not", "Tell me about training"
    ]  # fmt: skip
    assert [row[4] for row in listed[2:]] == [
        "on the portal",
        "Night staff still print everything.",
    ]
    assert dock.panel.disagreements_caption.text().startswith("Disagreements: 4 passages")


def test_choosing_a_code_lists_only_its_disagreements_until_all_codes(
    dock: ComparisonDock, study: Study
) -> None:
    panel = dock.panel
    panel.figures_view.setCurrentIndex(dock.figures.index(1, 0))  # Infrastructure
    assert dock.filter.rowCount() == 1
    assert dock.filter.index(0, 0).data(CODE_ID_ROLE) == study.infrastructure
    assert panel.disagreements_caption.text().startswith("Disagreements of Infrastructure: 1 ")
    assert not panel.all_codes.isHidden()
    panel.all_codes.click()
    assert dock.filter.rowCount() == 4
    assert panel.figures_view.currentIndex().row() == 2  # the pooled row
    assert panel.all_codes.isHidden()


def test_enter_on_a_disagreement_opens_its_passage(
    qtbot: QtBot, dock: ComparisonDock, study: Study
) -> None:
    view = dock.panel.disagreements_view
    view.setFocus()
    view.setCurrentIndex(dock.filter.index(1, 0))
    start, end = span_of(WARD, "Tell me about training")
    with qtbot.waitSignal(dock.passage_activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [study.ward, start, end]


def test_a_chosen_disagreement_sets_both_coders_codings_side_by_side(
    qtbot: QtBot, dock: ComparisonDock, study: Study
) -> None:
    view = dock.panel.disagreements_view
    with qtbot.waitSignal(dock.strip_runner.finished):
        view.setCurrentIndex(dock.filter.index(1, 0))  # ward, Training, Ben only
    strip = dock.panel.strip
    assert strip.data is not None
    assert (strip.data.document_id, strip.data.code_id) == (study.ward, study.training)
    assert strip.data.first == (span_of(WARD, "Nobody trained us on the portal"),)
    assert strip.current == span_of(WARD, "Tell me about training")
    description = strip.accessibleDescription()
    assert description == (
        f"{ANA} coded 1 passage, {BEN} 2 passages; 2 passages coded by one of them only."
    )
    assert dock.panel.strip_caption.text().startswith("ward · Barriers/Training, the whole")
    assert dock.panel.strip.toolTip() == description
    view.setCurrentIndex(dock.filter.index(2, 0))  # the same document and code: no new read
    assert not dock.strip_runner.busy
    assert strip.current == span_of(WARD, " on the portal")


def test_a_new_coding_updates_the_figures_and_the_list(
    qtbot: QtBot, dock: ComparisonDock, study: Study
) -> None:
    start, end = span_of(WARD, "Tell me about training")
    command = ApplyCoding(document_id=study.ward, code_id=study.training, start=start, end=end,
                          user_id=study.project.user_id)  # fmt: skip
    with qtbot.waitSignal(dock.shown):
        dock.session.run(command)
    assert dock.filter.rowCount() == 3  # Ana now agrees with Ben there


# ---------------------------------------------------------------- only while on screen
def test_nothing_is_read_while_the_dock_is_tabbed_behind_another(
    qtbot: QtBot, study: Study
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    other = QDockWidget("Other", window)
    other.setObjectName("other_dock")
    other.setWidget(QWidget())
    made = ComparisonDock(ProjectSession(study.project), window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, other)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, made)
    window.tabifyDockWidget(other, made)
    other.raise_()
    window.show()
    qtbot.waitExposed(window)
    assert made.isVisible()  # tabbed behind: still "visible" to Qt
    assert made.comparison is None
    assert not made.runner.busy
    with qtbot.waitSignal(made.shown):
        made.raise_()
    assert made.comparison is not None
    assert made.comparison.report is not None
    other.raise_()
    start, end = span_of(WARD, "Tell me about training")
    made.session.run(ApplyCoding(document_id=study.ward, code_id=study.training, start=start,
                                 end=end, user_id=study.project.user_id))  # fmt: skip
    assert not made.runner.busy  # out of sight: marked stale, read when shown again
    with qtbot.waitSignal(made.shown):
        made.raise_()
    assert made.filter.rowCount() == 3
    _drain()


# ---------------------------------------------------------------- export, keyboard, names
def test_export_writes_the_figures_to_an_xlsx_workbook(
    dock: ComparisonDock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "agreement"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), "Excel (*.xlsx)")
    )
    messages: list[str] = []
    dock.message.connect(messages.append)
    dock.panel.export.click()
    written = tmp_path / "agreement.xlsx"
    assert messages == [f"Wrote {written}"]
    sheet = openpyxl.load_workbook(written).active
    assert sheet is not None
    assert str(sheet["A1"].value).startswith(f"Agreement between {ANA} and {BEN} · unit: character")
    assert [sheet[f"A{r}"].value for r in (4, 5, 6)] == [
        "Barriers/Training", "Infrastructure", "Pooled (2 codes)"
    ]  # fmt: skip


def test_every_control_is_named_and_reachable_from_the_keyboard(dock: ComparisonDock) -> None:
    assert unnamed_interactive_widgets(dock) == []
    panel = dock.panel
    chain = []
    widget = panel.coder_a
    for _ in range(8):
        chain.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus or not (
            widget.isVisible()
        ):
            widget = widget.nextInFocusChain()
    for name in ("comparison_coder_b", "comparison_unit", "comparison_export",
                 "comparison_figures", "comparison_disagreements"):  # fmt: skip
        assert name in chain


def test_the_first_two_coders_are_compared_until_others_are_chosen() -> None:
    assert choose_pair(["Ana", "Ben", "Cleo"], None, None) == ("Ana", "Ben")
    assert choose_pair(["Ana", "Ben", "Cleo"], "Cleo", None) == ("Cleo", "Ana")
    assert choose_pair(["Ana", "Ben", "Cleo"], "Gone", "Ana") == ("Ben", "Ana")
    assert choose_pair(["Ana"], "Ana", None) is None


def test_the_comparison_renders_offscreen(dock: ComparisonDock, qtbot: QtBot) -> None:
    with qtbot.waitSignal(dock.strip_runner.finished):
        dock.panel.disagreements_view.setCurrentIndex(dock.filter.index(1, 0))
    image = dock.grab()
    assert image.save("/tmp/comparison_dock.png")
    assert image.width() >= 1300
