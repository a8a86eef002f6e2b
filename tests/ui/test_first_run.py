"""First run asks who is coding; every control can be named by a screen reader."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.a11y import unnamed_interactive_widgets
from ui.first_run import FirstRunDialog


def test_typing_a_name_suggests_initials_and_an_empty_name_is_not_accepted(qtbot) -> None:
    dialog = FirstRunDialog("")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert unnamed_interactive_widgets(dialog) == []
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Ana Maria Researcher")
    assert dialog.initials.text() == "AMR"
    dialog.name.clear()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.result() == 0
    assert dialog.name.placeholderText() == "Please type your name"
    qtbot.keyClicks(dialog.name, "Ana")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.result() == 1
    assert dialog.demo.isChecked()
