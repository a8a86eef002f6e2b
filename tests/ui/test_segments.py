"""The segments dock: coded passages of the selected codes, filters, sorting, jumping to one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from tests.ui.a11y import unnamed_interactive_widgets
from ui.segments.dock import SegmentsDock
from ui.segments.model import CASE, CODE, CODER, DOCUMENT, LOCATION, SPEAKER, TEXT
from ui.session import ProjectSession
from workbench.importing.service import import_files
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.documents import list_cases
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QComboBox

    from workbench.project import Project

P01 = (
    "Interviewer: How is the monitoring kit?\n"
    "P01: The kit mostly works, but the alerts are noisy.\n"
    "Interviewer: And the nurses?\n"
    "P01: They like the kit.\n"
)
P02 = (
    "Interviewer: Tell me about the sensors.\nP02: The sensors fall off the wall. The kit is old.\n"
)


class Study:
    """Two imported interviews, codes "Kit" and "Alerts", and a few codings."""

    def __init__(self, project: Project, folder: Path) -> None:
        paths = []
        for name, text in (("interview_p01.txt", P01), ("interview_p02.txt", P02)):
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        self.p01, self.p02 = import_files(project, paths).document_ids
        self.session = ProjectSession(project)
        self.kit = self.create_code("Kit")
        self.alerts = self.create_code("Alerts")

    def create_code(self, name: str) -> int:
        command = CreateCode(name=name)
        assert self.session.run(command)
        assert command.code_id is not None
        return command.code_id

    def code(self, code_id: int, document_id: int, phrase: str, *, anonymous: bool = False) -> None:
        """Code ``phrase`` as the project's coder (or, ``anonymous``, with no coder)."""
        start = self.session.project.document_text(document_id).index(phrase)
        apply = ApplyCoding(
            document_id=document_id,
            code_id=code_id,
            start=start,
            end=start + len(phrase),
            user_id=None if anonymous else self.session.user_id,
        )
        assert self.session.run(apply)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    study = Study(project, tmp_path)
    study.code(study.kit, study.p01, "The kit mostly works")
    study.code(study.kit, study.p01, "They like the kit.")
    study.code(study.kit, study.p02, "The kit is old.")
    study.code(study.alerts, study.p01, "the alerts are noisy")
    return study


def _show_codes(qtbot, dock: SegmentsDock, code_ids: list[int]) -> None:
    """Choose codes and wait for their segments, which are read off the GUI thread."""
    with qtbot.waitSignal(dock.results_shown):
        dock.show_codes(code_ids)


def _column(dock: SegmentsDock, column: int) -> list[str]:
    proxy = dock.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered in {combo.objectName()}"
    combo.setCurrentIndex(index)


def test_segments_of_the_selected_codes_show_case_speaker_and_place(qtbot, study, qtmodeltester):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    assert dock.proxy.rowCount() == 0
    assert "Select one or more codes" in dock.summary.text()
    _show_codes(qtbot, dock, [study.kit])
    assert _column(dock, TEXT) == ["The kit mostly works", "They like the kit.", "The kit is old."]
    assert _column(dock, CODE) == ["Kit"] * 3
    assert _column(dock, DOCUMENT) == ["interview_p01", "interview_p01", "interview_p02"]
    assert _column(dock, CASE) == ["P01", "P01", "P02"]
    assert _column(dock, SPEAKER) == ["P01", "P01", "P02"]
    assert _column(dock, CODER) == ["Ana Researcher"] * 3
    assert _column(dock, LOCATION) == ["¶ 2", "¶ 4", "¶ 2"]
    tooltip = dock.proxy.index(0, TEXT).data(Qt.ItemDataRole.ToolTipRole)
    assert "The kit mostly works" in tooltip
    assert dock.summary.text().startswith("3 segments of 1 code")
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)


def test_a_new_coding_appears_and_undo_takes_it_away(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    _show_codes(qtbot, dock, [study.kit, study.alerts])
    assert dock.proxy.rowCount() == 4
    with qtbot.waitSignal(dock.results_shown):
        study.code(study.alerts, study.p02, "The sensors fall off the wall.")
    assert dock.proxy.rowCount() == 5
    assert "The sensors fall off the wall." in _column(dock, TEXT)
    with qtbot.waitSignal(dock.results_shown):
        study.session.undo()
    assert dock.proxy.rowCount() == 4


def test_codings_of_other_codes_leave_the_list_alone(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    _show_codes(qtbot, dock, [study.alerts])
    with qtbot.assertNotEmitted(dock.model.modelReset):
        study.code(study.kit, study.p02, "The sensors fall off the wall.")
        assert not dock.runner.busy, "no query was started for a code not shown"
    assert dock.proxy.rowCount() == 1


def test_filters_by_case_by_attribute_value_and_by_coder(qtbot, study):
    session = study.session
    assert session.run(CreateAttribute(name="site", kind="text"))
    site = list_attributes(session.project)[0].id
    for case in list_cases(session.project):
        value = "Northvale" if case.name == "P01" else "Riverside"
        assert session.run(SetCaseValue(case_id=case.id, attribute_id=site, value=value))
    study.code(study.alerts, study.p02, "sensors fall off", anonymous=True)
    study.code(study.kit, study.p02, "The sensors fall off the wall.")
    dock = SegmentsDock(session)
    qtbot.addWidget(dock)
    _show_codes(qtbot, dock, [study.kit, study.alerts])
    total = dock.proxy.rowCount()
    filters = dock.filters
    _choose(filters.case_filter, "P02")
    assert set(_column(dock, CASE)) == {"P02"}
    assert "(filtered)" in dock.summary.text()
    _choose(filters.case_filter, "All cases")
    assert dock.proxy.rowCount() == total
    assert not filters.value_filter.isEnabled()
    _choose(filters.attribute_filter, "site")
    assert filters.value_filter.isEnabled()
    _choose(filters.value_filter, "Northvale")
    assert set(_column(dock, CASE)) == {"P01"}
    _choose(filters.attribute_filter, "Any attribute")
    _choose(filters.coder_filter, "Ana Researcher")
    assert set(_column(dock, CODER)) == {"Ana Researcher"}
    assert dock.proxy.rowCount() == total - 1, "the coding without a coder is filtered out"


def test_sorting_by_a_column_and_back_to_document_order(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    _show_codes(qtbot, dock, [study.kit, study.alerts])
    dock.view.sortByColumn(CODE, Qt.SortOrder.AscendingOrder)
    assert _column(dock, CODE) == ["Alerts", "Kit", "Kit", "Kit"]
    dock.view.sortByColumn(LOCATION, Qt.SortOrder.DescendingOrder)
    assert _column(dock, DOCUMENT)[0] == "interview_p02"


def test_double_click_or_enter_jumps_to_the_passage(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    dock.resize(900, 400)
    dock.show()
    qtbot.waitExposed(dock)
    _show_codes(qtbot, dock, [study.kit])
    index = dock.proxy.index(2, TEXT)
    centre = dock.view.visualRect(index).center()
    with qtbot.waitSignal(dock.segment_activated) as blocker:
        qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    document_id, start, end = blocker.args
    assert document_id == study.p02
    assert study.session.project.document_text(document_id)[start:end] == "The kit is old."
    dock.view.setCurrentIndex(dock.proxy.index(0, TEXT))
    with qtbot.waitSignal(dock.segment_activated) as blocker:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert blocker.args[0] == study.p01


def test_rows_grow_with_the_text_size(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    before = dock.view.verticalHeader().defaultSectionSize()
    font = QFont(dock.view.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    dock.view.setFont(font)
    assert dock.view.verticalHeader().defaultSectionSize() > before


def test_every_control_is_named_for_screen_readers(qtbot, study):
    dock = SegmentsDock(study.session)
    qtbot.addWidget(dock)
    _show_codes(qtbot, dock, [study.kit])
    assert dock.objectName() == "segments_dock"
    assert unnamed_interactive_widgets(dock) == []
