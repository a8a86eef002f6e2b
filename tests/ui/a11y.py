"""What a screen reader would announce for each interactive widget of a window."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
    QSlider, QTabBar, QTextEdit,
)  # fmt: skip


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _where(widget: QWidget) -> str:
    chain = []
    current: QWidget | None = widget
    while current is not None:
        chain.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return " < ".join(chain)


def _inside_combo_popup(widget: QWidget) -> bool:
    """A combo box's drop-down list is Qt's own; the combo box carries the name."""
    current = widget.parentWidget()
    while current is not None:
        if isinstance(current, QComboBox):
            return True
        current = current.parentWidget()
    return False


def unnamed_interactive_widgets(root: QWidget) -> list[str]:
    """Every interactive widget under ``root`` that a screen reader could not name."""
    return [
        _where(widget)
        for widget in [root, *root.findChildren(QWidget)]
        if isinstance(widget, INTERACTIVE)
        and not accessible_name(widget)
        and not _inside_combo_popup(widget)
    ]
