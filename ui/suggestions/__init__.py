"""Code suggestions in the main window: a queue to accept or reject, and honest figures.

:func:`install` adds the Suggestions dock to a main window (tabbed with the bottom panes), a
"Suggestions" entry to the Code menu (``SUGGESTIONS_KEY``) and the dock's toggle to the View
menu, and routes the dock's passages and messages to the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui import accessibility
from ui.suggestions.dock import SuggestionsDock

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["SUGGESTIONS_KEY", "SuggestionsDock", "install"]

SUGGESTIONS_KEY = "Ctrl+Alt+G"  # free in the window: Ctrl+Alt+S, A, B and L are taken


def install(window: MainWindow) -> SuggestionsDock:
    """Create the Suggestions dock in ``window`` with its menu entries; returns the dock."""
    dock = SuggestionsDock(window.session, window, jobs=window.jobs, language=window.language)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.segments, dock)
    if not window.restoreDockWidget(dock):  # placed where the user left it, if they did
        window.segments.raise_()
    dock.passage_activated.connect(window.open_at)
    dock.message.connect(window.show_message)
    _add_to_menus(window, dock)
    accessibility.name_tree(dock)
    return dock


def _menu(window: MainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text().replace("&", "") == title and isinstance(menu, QMenu):
            return menu
    return None


def _add_to_menus(window: MainWindow, dock: SuggestionsDock) -> None:
    code = _menu(window, "Code")
    if code is not None:
        code.addSeparator()
        action = QAction("S&uggestions", window)
        action.setObjectName("code_suggestions")
        action.setShortcut(QKeySequence(SUGGESTIONS_KEY))
        action.setToolTip("Review the codes suggested for sentences: accept or reject each one")
        action.triggered.connect(lambda _checked=False: dock.focus_queue())
        code.addAction(action)
    view = _menu(window, "View")
    if view is not None:
        view.addAction(dock.toggleViewAction())
