"""The main window: document tabs in the middle, docks around them, menus on top.

The window only assembles parts and routes signals between them; each dock talks to the
project through the shared :class:`~ui.session.ProjectSession`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from ui import accessibility
from ui import settings as keys
from ui.actions import build_menus
from ui.cases.dock import CasesDock
from ui.codebook.dock import CodebookDock
from ui.codebook.quick_code import QuickCodeBox
from ui.coding_actions import CodingActions
from ui.deid import install as install_deid
from ui.document.by_coder_action import stripes_by_coder_action
from ui.document.view import DocumentView
from ui.files import FileActions
from ui.history import HistoryDock
from ui.memos import MemosDock
from ui.navigator.dock import NavigatorDock
from ui.nlp_status import LanguagePipeline, LanguageStatus
from ui.search.dock import SearchDock
from ui.segments.dock import SegmentsDock
from ui.suggestions import install as install_suggestions
from ui.synthesis.matrix_dock import MatrixDock
from ui.synthesis.nasss_dock import NasssDock
from ui.synthesis.register_dock import RegisterDock
from ui.team.audit_dock import AuditDock
from ui.team.comparison_dock import ComparisonDock
from ui.team.exchange import ExchangeActions
from ui.team.feedback_dock import FeedbackDock
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent

    from ui.session import ProjectSession
    from ui.settings import Settings
    from ui.workers import JobRunner


BOTTOM_HEIGHT = 280  # the bottom panes' first height: the document keeps most of the window


def _scroll_inside(dock: QDockWidget) -> None:
    """Let a pane shrink below its contents' minimum: it scrolls instead."""
    body = dock.widget()
    area = QScrollArea()
    area.setObjectName(f"{dock.objectName()}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    dock.setWidget(area)


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: ProjectSession,
        settings: Settings,
        jobs: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.jobs = jobs
        # Set by the app: replace this window with one on another project.
        self.switch_project: Callable[[Path], None] = lambda _path: None
        self.new_project: Callable[[], None] = lambda: None
        # Close this project, change its file (encrypt, restore...), open it again.
        self.reopen: Callable[[Path, Callable[[], object], str | None], None] = (
            lambda _path, _change, _passphrase: None
        )
        self.setObjectName("main_window")
        self.setWindowTitle(f"{session.project.path.stem} – Qualitative Workbench")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("document_tabs")
        self.tabs.setAccessibleName("Open documents")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.language = LanguagePipeline(settings.get(keys.NLP_PIPELINE), self)
        self.navigator = NavigatorDock(session, self)
        self.codebook = CodebookDock(session, self)
        self.segments = SegmentsDock(session, self)
        self.search = SearchDock(session, self, language=self.language)
        self.cases = CasesDock(session, self)
        self.history = HistoryDock(session, self)
        self.memos = MemosDock(session, self)
        self.nasss = NasssDock(session, self)
        self.matrix = MatrixDock(session, self, jobs=jobs, settings=settings)
        self.register = RegisterDock(session, self)
        self.comparison = ComparisonDock(session, self)
        self.feedback = FeedbackDock(session, self, jobs=jobs)
        self.audit = AuditDock(session, self, jobs=jobs)
        self.stripes_by_coder = stripes_by_coder_action(self, self.document_views)
        self._place_docks()
        self.coding = CodingActions(self)
        self.files = FileActions(self)
        self.exchange = ExchangeActions(self)
        self.quick_code = QuickCodeBox(session, self)
        self.quick_code.setObjectName("quick_code")
        self.recent_menu = build_menus(self)
        self.suggestions = install_suggestions(self)  # adds to the Code and View menus
        install_deid(self)  # the File menu's De-identify documents
        self._status()
        self._connect()
        self._restore_layout()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            accessibility.install(app)
        accessibility.name_tree(self)

    # ------------------------------------------------------------------ layout
    def _place_docks(self) -> None:
        # The codebook (tree and editor) keeps the full height of the right side.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.codebook)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.addDockWidget(bottom, self.segments)
        for dock in self.docks()[3:]:  # tabbed with the segments, in the order of docks()
            self.addDockWidget(bottom, dock)
            self.tabifyDockWidget(self.segments, dock)
        for dock in (self.nasss, self.register):  # tall panes scroll rather than squeeze the text
            _scroll_inside(dock)
        self.segments.raise_()
        self.resize(1280, 820)
        self.resizeDocks([self.navigator, self.codebook], [330, 360], Qt.Orientation.Horizontal)
        self.resizeDocks([self.segments], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)

    def docks(self) -> list[QDockWidget]:
        """Navigator, codebook, then the bottom docks in tab order."""
        return [self.navigator, self.codebook, self.segments, self.search, self.cases,
                self.memos, self.history, self.nasss, self.matrix, self.register,
                self.comparison, self.feedback, self.audit]  # fmt: skip

    def _status(self) -> None:
        project = self.session.project
        coder = QLabel(f"Coder: {self.settings.get(keys.CODER_NAME) or 'not set'}")
        coder.setObjectName("status_coder")
        saved = QLabel("Read-only" if project.read_only else "All changes saved")
        saved.setObjectName("status_saved")
        saved.setAccessibleName("Save state")
        path = QLabel(str(project.path))
        path.setObjectName("status_path")
        for label in (coder, path, saved):
            label.setAccessibleName(label.accessibleName() or label.text())
            self.statusBar().addPermanentWidget(label)
        self.language_status = LanguageStatus(self.language)  # loads it once the window shows
        self.statusBar().addPermanentWidget(self.language_status)

    def _connect(self) -> None:
        self.navigator.document_activated.connect(self.open_document)
        self.navigator.files_dropped.connect(lambda paths: self.files.import_files(list(paths)))
        self.segments.segment_activated.connect(self.open_at)
        self.search.hit_activated.connect(self.open_at)
        for dock in (self.nasss, self.matrix, self.register, self.comparison, self.feedback):
            dock.passage_activated.connect(self.open_at)
        self.feedback.message.connect(self.show_message)
        self.comparison.message.connect(self.show_message)
        self.matrix.message.connect(self.show_message)
        self.audit.message.connect(self.show_message)
        self.codebook.current_code_changed.connect(self._show_segments_of)
        self.codebook.code_activated.connect(self.coding.apply_code)
        self.quick_code.create_requested.connect(self.quick_code.create_code)
        self.session.blocked_reason = self._blocked_reason
        self.navigator.commands.memo_requested.connect(self.memos.open_for)
        self.codebook.commands.memo_requested.connect(self.memos.open_for)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.session.failed.connect(self.show_message)

    # ------------------------------------------------------------------ documents
    def document_views(self) -> list[DocumentView]:
        views = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [v for v in views if isinstance(v, DocumentView)]

    def current_view(self) -> DocumentView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DocumentView) else None

    def open_document(self, document_id: int) -> DocumentView:
        for index, view in enumerate(self.document_views()):
            if view.document_id == document_id:
                self.tabs.setCurrentIndex(index)
                return view
        names = {d.id: d.name for d in list_documents(self.session.project)}
        view = DocumentView(self.session, self)
        view.set_stripes_by_coder(self.stripes_by_coder.isChecked())
        view.show_document(document_id)
        view.set_language(self.language)  # its sentences, once the pipeline has loaded
        index = self.tabs.addTab(view, names.get(document_id, f"Document {document_id}"))
        self.tabs.setTabToolTip(index, names.get(document_id, ""))
        self.tabs.setCurrentIndex(index)
        return view

    def open_at(self, document_id: int, start: int, end: int) -> None:
        view = self.open_document(document_id)
        view.select_range(start, end)
        view.setFocus()

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if widget is not None:
            widget.deleteLater()

    def _tab_changed(self, _index: int) -> None:
        view = self.current_view()
        self.cases.set_current_document(view.document_id if view else None)

    def _show_segments_of(self, code_id: object) -> None:
        if isinstance(code_id, int):
            self.segments.show_codes([code_id])

    def _blocked_reason(self) -> str | None:
        if self.jobs.writing:
            return (
                "Work is being stored in the background (an import or export): try again when "
                "it has finished (nothing changed)"
            )
        return None

    def show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ------------------------------------------------------------------ settings
    def _restore_layout(self) -> None:
        geometry = self.settings.get(keys.GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.get(keys.DOCK_STATE)
        if state:
            self.restoreState(state)
        else:  # first run: Segments in front of the panes tabbed with it (Suggestions too)
            self.segments.raise_()
        project = str(self.session.project.path)
        for entry in self.settings.get(keys.OPEN_TABS):
            path, _, document = entry.rpartition("|")
            if path == project and document.isdigit():
                known = {d.id for d in list_documents(self.session.project)}
                if int(document) in known:
                    self.open_document(int(document))

    def save_layout(self) -> None:
        self.settings.set(keys.GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(keys.DOCK_STATE, bytes(self.saveState().data()))
        project = str(self.session.project.path)
        others = [e for e in self.settings.get(keys.OPEN_TABS) if not e.startswith(project + "|")]
        tabs = [f"{project}|{view.document_id}" for view in self.document_views()]
        self.settings.set(keys.OPEN_TABS, others + tabs)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.matrix.commit_edits()  # a summary being typed is kept, as in a spreadsheet
        self.save_layout()
        self.jobs.wait()
        super().closeEvent(event)
        self.session.project.close()
