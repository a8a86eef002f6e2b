"""Menus, toolbar and keyboard shortcuts of the main window.

Every action has a text (menus are how screen-reader users discover commands) and, where it
is used often, a shortcut. Undo and Redo say what they will undo ("Undo Apply code “Trust”").
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDockWidget, QToolBar

from coding.snapping import SNAP_MODES
from ui import settings as keys
from ui.document.view import SNAP_KEYS
from ui.nlp_status import show_language_tools
from ui.project_security import add_project_file_actions
from ui.theme import THEMES, apply_theme, apply_zoom
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMenu

    from coding.snapping import SnapMode
    from ui.main_window import MainWindow

CODE_SENTENCE_KEY = "Ctrl+Alt+S"


def _action(
    menu: QMenu,
    text: str,
    handler: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    name: str = "",
) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name or text.replace("&", "").replace("…", "").lower().replace(" ", "_"))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: handler())
    return action


def build_menus(window: MainWindow) -> QMenu:
    """Build menus, toolbar and shortcuts; returns the Open recent menu."""
    recent = _file_menu(window)
    _edit_menu(window)
    _code_menu(window)
    _view_menu(window)
    _synthesis_menu(window)
    _help_menu(window)
    _toolbar(window)
    _pinned_keys(window)
    return recent


def _file_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().addMenu("&File")
    files = window.files
    _action(menu, "&New project…", lambda: window.new_project(), QKeySequence.StandardKey.New)
    _action(menu, "&Open project…", files.open_project, QKeySequence.StandardKey.Open)
    recent = menu.addMenu("Open &recent")
    files.fill_recent(recent)
    menu.addSeparator()
    _action(menu, "&Import files…", files.import_files, "Ctrl+I")
    _action(menu, "&Export report or segments…", files.export_report, "Ctrl+E")
    exchange = menu.addMenu("E&xchange")
    exchange.setObjectName("exchange_menu")
    _action(exchange, "&Import a REFI-QDA project or codebook (.qdpx, .qdc)…",
            window.exchange.import_refi, name="import_refi")  # fmt: skip
    _action(exchange, "E&xport to REFI-QDA (.qdpx, .qdc)…", window.exchange.export_refi,
            name="export_refi")  # fmt: skip
    _action(exchange, "&Merge a coder's project (.qwb, .qdpx)…", window.exchange.merge,
            name="merge_project")  # fmt: skip
    exchange.addSeparator()
    _action(exchange, "Export a &review pack for lay reviewers (.qwbr)…",
            window.exchange.export_review_pack, name="export_review_pack")  # fmt: skip
    _action(exchange, "Import reviewers' &feedback (.qwbr)…", window.feedback.import_pack,
            name="import_review_feedback")  # fmt: skip
    menu.addSeparator()
    add_project_file_actions(window, menu)
    menu.addSeparator()
    _action(menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    return recent


def _edit_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Edit")
    session = window.session
    undo = _action(menu, "&Undo", session.undo, QKeySequence.StandardKey.Undo, "undo")
    redo = _action(menu, "&Redo", session.redo, "Ctrl+Shift+Z", "redo")
    _action(menu, "Undo &history", lambda: _show_dock(window.history))

    def refresh() -> None:
        undo.setEnabled(session.can_undo)
        redo.setEnabled(session.can_redo)
        undo.setText(f"&Undo {session.undo_label}" if session.can_undo else "&Undo")
        redo.setText(f"&Redo {session.redo_label}" if session.can_redo else "&Redo")

    session.undo_state_changed.connect(refresh)
    refresh()


def _code_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Code")
    coding = window.coding
    _action(menu, "&Apply current code", coding.apply_current, "Ctrl+Return")
    _action(menu, "&In-vivo code", coding.in_vivo, "Ctrl+Shift+I")
    _action(menu, "&Remove current code from selection", coding.remove_current, "Ctrl+Shift+R")
    _action(menu, "&Quick code…", lambda: window.quick_code.setFocus(), "Ctrl+K")
    _action(menu, "Code the &sentence at the cursor", _sentence_coder(window),
            CODE_SENTENCE_KEY, "code_sentence")  # fmt: skip
    menu.addSeparator()
    for mode in SNAP_MODES:
        _action(menu, f"Snap selection to {mode}", partial(_snap, window, mode), SNAP_KEYS[mode])


def _snap(window: MainWindow, mode: SnapMode) -> None:
    view = window.current_view()
    if view is not None:
        view.snap_selection(mode)


def _sentence_coder(window: MainWindow) -> Callable[[], None]:
    """Code the sentence under the cursor (or the sentences the selection touches) with the
    code chosen last, in the codebook or the quick-code box: one undoable step."""
    last: list[int] = []

    def remember(code_id: object) -> None:
        if isinstance(code_id, int):
            last[:] = [code_id]

    window.codebook.current_code_changed.connect(remember)
    window.quick_code.code_chosen.connect(remember)

    def code_sentence() -> None:
        view = window.current_view()
        code_id = last[0] if last else window.coding.current_code
        if code_id is None:
            window.show_message("Choose a code in the codebook or the quick-code box first")
        elif view is None or view.snap_selection("sentence") is None:
            window.show_message("Put the cursor in a sentence of a document first")
        elif window.coding.apply_code(code_id):
            names = {code.id: code.name for code in list_codes(window.session.project)}
            window.show_message(f"Coded the sentence with “{names.get(code_id, '')}”")

    return code_sentence


def _view_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&View")
    menu.addAction(window.stripes_by_coder)
    menu.addSeparator()
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def zoom(step: int | None) -> None:
        current = window.settings.get(keys.ZOOM)
        window.settings.set(keys.ZOOM, apply_zoom(app, 0 if step is None else current + step))

    _action(menu, "Zoom &in", lambda: zoom(1), QKeySequence.StandardKey.ZoomIn, "zoom_in")
    extra = QShortcut(QKeySequence("Ctrl+="), window)  # Ctrl+plus without Shift
    extra.activated.connect(lambda: zoom(1))
    _action(menu, "Zoom &out", lambda: zoom(-1), QKeySequence.StandardKey.ZoomOut, "zoom_out")
    _action(menu, "&Reset zoom", lambda: zoom(None), "Ctrl+0")
    themes = menu.addMenu("&Theme")
    for name in THEMES:

        def choose(theme: str = name) -> None:
            apply_theme(app, theme)
            window.settings.set(keys.THEME, theme)

        _action(themes, name.replace("-", " ").capitalize(), choose, name=f"theme_{name}")
    menu.addSeparator()
    go = menu.addMenu("&Go to")
    _action(go, "Document", lambda: _focus_document(window), "Alt+2", "go_document")
    places = [(window.navigator, "Alt+1"), (window.codebook, "Alt+3"),
              (window.segments, "Alt+4"), (window.search, "Alt+5"), (window.cases, "Alt+6"),
              (window.memos, "Alt+7"), (window.history, "Alt+8"), (window.nasss, "Alt+9"),
              (window.matrix, "Alt+0"), (window.comparison, "Ctrl+Alt+A"),
              (window.audit, "Ctrl+Alt+L")]  # fmt: skip
    for dock, key in places:
        _action(go, dock.windowTitle(), partial(_focus_dock, dock), key,
                f"go_{dock.objectName()}")  # fmt: skip
    menu.addSeparator()
    for dock in window.docks():
        menu.addAction(dock.toggleViewAction())


def _synthesis_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("S&ynthesis")
    _action(menu, "&NASSS complexity assessment", partial(_focus_dock, window.nasss),
            name="synthesis_nasss")  # fmt: skip
    _action(menu, "&Mark a case for NASSS assessment…", _mark_case(window),
            name="synthesis_mark_case")  # fmt: skip
    _action(menu, "&Framework matrix", partial(_focus_dock, window.matrix),
            name="synthesis_matrix")  # fmt: skip
    _action(menu, "&Barrier register, crosstabs and charts", partial(_focus_dock, window.register),
            "Ctrl+Alt+B", "synthesis_register")  # fmt: skip
    menu.addSeparator()
    _action(menu, "&Write the executive summary", partial(_summary_memo, window),
            name="synthesis_summary")  # fmt: skip
    _action(menu, "&Export synthesis report…", window.files.export_report,
            name="synthesis_export")  # fmt: skip


def _help_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Help")
    _action(menu, "&Language tools…", lambda: show_language_tools(window, window.language),
            name="help_language_tools")  # fmt: skip


def _mark_case(window: MainWindow) -> Callable[[], None]:
    def mark() -> None:
        _show_dock(window.nasss)
        window.nasss.mark_case()

    return mark


def _summary_memo(window: MainWindow) -> None:
    """Open (or start) the project memo the report prints as its executive summary."""
    _show_dock(window.memos)
    window.memos.open_summary()


def _show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()


def _focus_dock(dock: QDockWidget) -> None:
    """Show the dock and put the keyboard in its main list, tree or table."""
    _show_dock(dock)
    body = dock.widget()
    views = body.findChildren(QAbstractItemView) if body is not None else []
    target = next((v for v in views if v.isVisibleTo(dock)), body)
    if target is not None:
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _focus_document(window: MainWindow) -> None:
    view = window.current_view()
    if view is not None:
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _toolbar(window: MainWindow) -> None:
    bar = QToolBar("Coding", window)
    bar.setObjectName("coding_toolbar")
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.quick_code.code_chosen.connect(window.coding.apply_code)
    bar.addWidget(window.quick_code)


def _pinned_keys(window: MainWindow) -> None:
    """Keys 1-9 apply the pinned codes while a document has the focus."""
    for key in range(1, 10):
        shortcut = QShortcut(QKeySequence(str(key)), window.tabs)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(partial(window.coding.apply_pinned, key))
