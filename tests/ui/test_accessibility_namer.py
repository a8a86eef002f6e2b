"""The app-wide namer names the text fields Qt builds inside spin boxes and combo boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from tests.ui.a11y import accessible_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot


def _window(qtbot: QtBot, *controls: QWidget) -> QWidget:
    window = QWidget()
    window.setObjectName("export_options")
    qtbot.addWidget(window)
    layout = QFormLayout(window)
    for control in controls:
        layout.addRow(control.accessibleName(), control)
    return window


def _inner_edit(control: QWidget) -> QLineEdit:
    edit = control.findChild(QLineEdit)
    assert edit is not None
    return edit


def _date_edit() -> QAbstractSpinBox:
    return QDateEdit(QDate(2024, 5, 1))


@pytest.mark.parametrize("make", [QSpinBox, QDoubleSpinBox, _date_edit])
def test_a_spin_box_field_is_announced_with_the_spin_box_name(
    qtbot: QtBot, make: Callable[[], QAbstractSpinBox]
) -> None:
    spin = make()
    spin.setObjectName("quotes")
    spin.setAccessibleName("Quotes per code")
    window = _window(qtbot, spin)
    window.show()
    edit = _inner_edit(spin)
    assert edit.accessibleName() == "Quotes per code"
    assert accessible_name(edit) == "Quotes per code"


def test_an_editable_combo_box_field_is_announced_with_the_combo_box_name(qtbot: QtBot) -> None:
    combo = QComboBox()
    combo.setObjectName("navigator_folder")
    combo.setAccessibleName("Navigator folder")
    combo.setEditable(True)
    combo.addItems(["Interviews", "Workshops"])
    window = _window(qtbot, combo)
    window.show()
    edit = combo.lineEdit()
    assert edit is not None
    assert edit.accessibleName() == "Navigator folder"
    assert accessible_name(edit) == "Navigator folder"


def test_a_combo_box_made_editable_while_shown_gets_its_field_named(qtbot: QtBot) -> None:
    combo = QComboBox()
    combo.setObjectName("speaker")
    combo.setAccessibleName("Speaker")
    window = _window(qtbot, combo)
    window.show()
    combo.setEditable(True)  # Qt builds the line edit now, after the window was polished
    edit = combo.lineEdit()
    assert edit is not None
    qtbot.waitUntil(lambda: edit.accessibleName() == "Speaker")


def test_a_field_named_by_its_author_keeps_that_name(qtbot: QtBot) -> None:
    spin = QSpinBox()
    spin.setObjectName("quotes")
    spin.setAccessibleName("Quotes per code")
    _inner_edit(spin).setAccessibleName("Number of quotes")
    window = _window(qtbot, spin)
    window.show()
    assert _inner_edit(spin).accessibleName() == "Number of quotes"


def test_an_ordinary_line_edit_is_not_given_its_parent_name(qtbot: QtBot) -> None:
    panel = QWidget()
    panel.setAccessibleName("Export options")
    edit = QLineEdit(panel)
    window = _window(qtbot, panel)
    window.show()
    assert edit.accessibleName() == ""
