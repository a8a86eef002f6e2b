"""The de-identification review screen (File > De-identify documents…).

:func:`install` adds the menu entry to a main window; the entry opens one
:class:`~ui.deid.window.DeidWindow` (or brings back the open one) for the documents selected in
the navigator, and starts looking in them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ui.deid.window import DeidWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow

MENU_TEXT = "&De-identify documents…"


class DeidLauncher(QObject):
    """Opens the review screen of one main window; at most one at a time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("deid_launcher")
        self.window = window
        self.screen: DeidWindow | None = None

    def open(self) -> DeidWindow:
        if self.screen is not None:
            self.screen.show()
            self.screen.raise_()
            self.screen.activateWindow()
            return self.screen
        screen = DeidWindow(self.window, self.window.navigator.selected_document_ids())
        screen.finished.connect(self._closed)  # now, not once it is deleted later
        self.screen = screen
        screen.show()
        screen.activateWindow()
        screen.look()
        screen.table.setFocus()
        return screen

    def _closed(self, _result: int) -> None:
        self.screen = None


def _file_menu(window: MainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == "File":
            return menu  # type: ignore[return-value]
    return None


def install(window: MainWindow) -> QAction:
    """Add File > De-identify documents… to ``window`` (before Quit); returns the action."""
    launcher = DeidLauncher(window)
    action = QAction(MENU_TEXT, window)
    action.setObjectName("deidentify_documents")
    action.setToolTip("Find names, places, dates and identifiers, review them, replace them")
    action.triggered.connect(lambda _checked=False: launcher.open())
    menu = _file_menu(window)
    if menu is None:
        window.menuBar().addAction(action)
        return action
    actions = menu.actions()
    # After the import, export and exchange entries: before the separator above Quit.
    quit_at = next((i for i, a in enumerate(actions) if a.objectName() == "quit"), None)
    if quit_at is None:
        menu.addAction(action)
    else:
        separator = quit_at > 0 and actions[quit_at - 1].isSeparator()
        menu.insertAction(actions[quit_at - 1 if separator else quit_at], action)
    return action
