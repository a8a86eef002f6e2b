"""Naming the clear button Qt adds to a line edit, which otherwise has no name to announce."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton


def enable_clear_button(line_edit: QLineEdit, name: str) -> None:
    """Show the line edit's clear button and give it ``name`` for screen readers."""
    line_edit.setClearButtonEnabled(True)
    for button in line_edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
