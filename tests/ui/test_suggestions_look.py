"""How the queue looks: code chips that stay readable on any code colour, text in the theme's
colours, rows and columns that grow with the zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from tests.ui.test_suggestions_support import Opened, finish, open_study, show_queue, wait_idle
from ui.document.highlights import contrast
from ui.suggestions.model import CODE, PASSAGE
from ui.theme import THEMES, apply_theme, apply_zoom
from workbench.ops.codes import UpdateCode

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

    from workbench.project import Project


@pytest.fixture
def opened(qtbot: QtBot, project: Project, tmp_path: Path, qapp: QApplication) -> Iterator[Opened]:
    shown = open_study(qtbot, project, tmp_path, "blank")
    show_queue(qtbot, shown)
    yield shown
    finish(shown)
    apply_theme(qapp, "light")
    apply_zoom(qapp, 0)


def _share_of(image: QImage, rect: QRect, colour: QColor) -> float:
    """The share of the pixels inside ``rect`` that are exactly ``colour``."""
    pixels = [
        image.pixelColor(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    return sum(p.rgb() == colour.rgb() for p in pixels) / max(1, len(pixels))


@pytest.mark.parametrize("colour", ["#1a1a40", "#ffff66", "#808080"])
def test_a_code_chip_shows_the_code_colour_with_text_that_reads_on_it(
    opened: Opened, qtbot: QtBot, colour: str
) -> None:
    dock = opened.dock
    opened.window.session.run(UpdateCode(opened.study.funding, colour=colour))
    wait_idle(qtbot, dock)
    chip = dock.model.index(0, CODE)
    assert dock.model.data(chip, Qt.ItemDataRole.DisplayRole) == "Funding"
    fill = dock.model.data(chip, Qt.ItemDataRole.BackgroundRole)
    ink = dock.model.data(chip, Qt.ItemDataRole.ForegroundRole)
    assert fill == QColor(colour)
    assert contrast(ink, fill) >= 4.5
    dock.view.clearSelection()  # the chip, not the selection, is what is looked at
    image = dock.view.viewport().grab().toImage()
    assert _share_of(image, dock.view.visualRect(chip), fill) > 0.15
    assert _share_of(image, dock.view.visualRect(chip), ink) > 0.0


@pytest.mark.parametrize("theme", THEMES)
def test_the_passage_is_drawn_in_the_theme_text_colour(
    opened: Opened, qtbot: QtBot, qapp: QApplication, theme: str
) -> None:
    apply_theme(qapp, theme)
    dock = opened.dock
    dock.view.setCurrentIndex(dock.model.index(0, CODE))
    qtbot.wait(10)
    image = dock.view.viewport().grab().toImage()
    palette = dock.view.palette()
    plain = dock.view.visualRect(dock.model.index(1, PASSAGE))
    chosen = dock.view.visualRect(dock.model.index(0, PASSAGE))
    assert _share_of(image, plain, palette.color(QPalette.ColorRole.Text)) > 0
    assert _share_of(image, chosen, palette.color(QPalette.ColorRole.HighlightedText)) > 0
    assert (
        contrast(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base))
        >= 4.5
    )


def test_rows_and_the_code_column_grow_with_the_zoom(
    opened: Opened, qtbot: QtBot, qapp: QApplication
) -> None:
    dock = opened.dock
    before = dock.view.rowHeight(0)
    apply_zoom(qapp, 8)
    qtbot.waitUntil(lambda: dock.view.rowHeight(0) > before)
    assert dock.view.rowHeight(0) >= dock.view.fontMetrics().height()
    name = dock.view.fontMetrics().horizontalAdvance("Connectivity")
    assert dock.view.columnWidth(CODE) > name  # the chip shows the whole name
