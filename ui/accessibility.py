"""Names for the parts Qt builds itself, so a screen reader can announce every control.

Header views, table corner buttons, tab close buttons, toolbar and menu-bar extension buttons,
line-edit clear buttons and the line edits inside spin boxes and editable combo boxes come
without accessible names. An application-wide event filter names each one when it is first
polished, including those created later (a new tab's close button, a new view's header).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTabBar,
    QWidget,
)

_BY_OBJECT_NAME = {
    "qt_tableview_cornerbutton": "Select all rows",
    "qt_toolbar_ext_button": "More tools",
    "qt_menubar_ext_button": "More menus",
    "qt_dockwidget_closebutton": "Close panel",
    "qt_dockwidget_floatbutton": "Detach panel",
}


def _owner_name(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.accessibleName():
            return parent.accessibleName()
        parent = parent.parentWidget()
    return ""


def _editor_owner(widget: QWidget) -> QWidget | None:
    """The spin box or editable combo box whose text field ``widget`` is, if it is one."""
    parent = widget.parentWidget()
    if not isinstance(widget, QLineEdit):
        return None
    if isinstance(parent, QAbstractSpinBox):
        return parent  # QSpinBox, QDoubleSpinBox, QDateEdit...: its only line edit
    if isinstance(parent, QComboBox) and parent.lineEdit() is widget:
        return parent
    return None


def name_for(widget: QWidget) -> str:
    """A name for a Qt-made part, or "" when it is not one we know."""
    control = _editor_owner(widget)
    if control is not None:
        return control.accessibleName()  # the field is the control: it answers to the same name
    if widget.objectName() in _BY_OBJECT_NAME:
        return _BY_OBJECT_NAME[widget.objectName()]
    if isinstance(widget, QHeaderView):
        side = "Column" if widget.orientation().name == "Horizontal" else "Row"
        owner = _owner_name(widget)
        return f"{side} headers of {owner}" if owner else f"{side} headers"
    parent = widget.parentWidget()
    if isinstance(widget, QAbstractButton) and isinstance(parent, QTabBar):
        return "Close tab"
    # The clear button Qt adds inside a line edit with clearButtonEnabled.
    if (
        type(widget).__name__ == "QToolButton"
        and parent is not None
        and parent.inherits("QLineEdit")
    ):
        field = parent.accessibleName()
        return f"Clear {field[0].lower()}{field[1:]}" if field else "Clear"
    return ""


class AccessibleNamer(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            name_widget(watched)
        return False


def name_widget(widget: QWidget) -> None:
    if not widget.accessibleName():
        name = name_for(widget)
        if name:
            widget.setAccessibleName(name)
            if isinstance(widget, QAbstractButton) and not widget.toolTip():
                widget.setToolTip(name)  # these buttons show an icon, no text


def name_tree(root: QWidget) -> None:
    """Name the Qt-made parts that exist already (the filter catches the later ones)."""
    for widget in [root, *root.findChildren(QWidget)]:
        name_widget(widget)


_installed: list[AccessibleNamer] = []


def install(app: QApplication) -> None:
    """Install the namer once per application."""
    if not _installed:
        namer = AccessibleNamer(app)
        app.installEventFilter(namer)
        _installed.append(namer)
