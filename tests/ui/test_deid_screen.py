"""The review screen's models pass Qt's model checks; every control has a name a screen reader
can say; the marks stay readable in every theme; the screen follows the font size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.a11y import accessible_name, unnamed_interactive_widgets
from tests.ui.test_deid_review import Study, apply, choose, studied
from tests.ui.test_theme_contrast import contrast
from ui.deid.context import mark_colours
from ui.deid.model import CONTEXT, DETECTION_ROLE, DetectionFilter, DetectionModel
from ui.theme import THEMES, apply_theme, apply_zoom

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Iterator[Study]:
    yield from studied(project, tmp_path, qtbot)


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[QApplication]:
    """The light theme and the normal font come back after the test."""
    yield qapp
    apply_theme(qapp, "light")
    apply_zoom(qapp, 0)


def test_the_detection_models_pass_the_model_checks(study: Study, qtmodeltester: Any) -> None:
    screen = study.review(study.window("blank"))
    model = DetectionModel()
    model.set_detections(screen.model.detections(), screen.model.names(), screen.model.texts())
    qtmodeltester.check(model)
    proxy = DetectionFilter()
    proxy.setSourceModel(model)
    proxy.set_filters(label="person", verdict=None, document_id=None)
    qtmodeltester.check(proxy)
    assert {proxy.index(r, 0).data(DETECTION_ROLE).label for r in range(proxy.rowCount())} == {
        "person"
    }


def test_the_lost_codings_model_passes_the_model_checks(
    study: Study, qtbot: Any, qtmodeltester: Any
) -> None:
    screen = study.review(study.window("blank"))
    report = apply(qtbot, screen)
    assert report.model.rowCount() == 1
    qtmodeltester.check(report.model)
    report.close()


def test_every_control_of_the_screen_and_its_dialogs_has_a_spoken_name(
    study: Study, qtbot: Any
) -> None:
    screen = study.review(study.window("blank"))
    assert unnamed_interactive_widgets(screen) == []
    screen.apply_button.click()
    assert screen.confirm is not None
    assert unnamed_interactive_widgets(screen.confirm) == []
    screen.confirm.reject()
    report = apply(qtbot, screen)
    assert unnamed_interactive_widgets(report) == []
    report.close()


def test_a_screen_reader_hears_the_detected_words_in_their_context(study: Study) -> None:
    screen = study.review(study.window("blank"))
    found = choose(screen, "St Mary's Hospital")
    row = screen.filter.index(screen.table.currentIndex().row(), CONTEXT)
    spoken = str(row.data(Qt.ItemDataRole.AccessibleTextRole))
    assert spoken.startswith("“St Mary's Hospital” in: ")
    assert "Dr Sarah Jones at St Mary's Hospital. She was lovely." in spoken
    assert found.document_id == study.p01
    assert accessible_name(screen.filters.counts) == "7 detections, 0 rejected"
    assert screen.editor.title() == "“St Mary's Hospital” — found by the name rules"


@pytest.mark.parametrize("theme", THEMES)
def test_the_mark_is_readable_and_drawn_in_every_theme(
    study: Study, qtbot: Any, restored: QApplication, theme: str
) -> None:
    apply_theme(restored, theme)
    screen = study.review(study.window("blank"))
    fill, ink = mark_colours(screen.palette())
    assert contrast(fill, ink) >= 7  # the detected words on their mark
    highlight = screen.palette().color(QPalette.ColorRole.Highlight)
    assert fill.rgb() != highlight.rgb()  # a marked row stays marked when it is selected
    image = screen.table.viewport().grab().toImage()
    marked = sum(
        QColor(image.pixel(x, y)).rgb() == fill.rgb()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    assert marked > 50  # the table draws the marks
    passage = screen.passage.extraSelections()
    assert any(s.format.background().color().rgb() == fill.rgb() for s in passage)


def test_the_screen_follows_the_font_size(study: Study, qtbot: Any, restored: QApplication) -> None:
    screen = study.review(study.window("blank"))
    table = screen.table
    row, label = table.verticalHeader().defaultSectionSize(), table.columnWidth(2)
    apply_zoom(restored, 8)  # Qt posts the font change to every widget
    qtbot.waitUntil(lambda: table.verticalHeader().defaultSectionSize() > row)
    qtbot.waitUntil(lambda: table.columnWidth(2) > label)  # "Email address" still fits
    assert table.columnWidth(2) >= table.fontMetrics().horizontalAdvance("Email address")


def test_tab_moves_from_the_list_to_the_passage_and_on_to_the_controls(
    study: Study, qtbot: Any
) -> None:
    screen = study.review(study.window("blank"))
    screen.table.setFocus()
    visited = []
    for _ in range(8):
        widget = QApplication.focusWidget()
        assert widget is not None
        visited.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert visited == [
        "deid_detections", "deid_passage", "deid_passage_label", "deid_mark_passage",
        "deid_accept", "deid_reject", "deid_label", "deid_replacement",
    ]  # fmt: skip
