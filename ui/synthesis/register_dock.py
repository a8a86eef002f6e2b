"""The register dock: the barrier register, the code x attribute crosstab and the charts, as tabs.

Only the tab in sight reads the project. A change that touches what a tab shows marks it stale;
the visible tab reads again at once, the others when they are next shown (or when the dock is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDockWidget, QTabWidget, QWidget

from ui.synthesis.chart_view import ChartPanel
from ui.synthesis.crosstab_view import CrosstabPanel
from ui.synthesis.register_panel import BarrierRegisterPanel

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ui.session import ProjectSession
    from workbench.changes import Changes

TITLE = "Register, crosstabs and charts"
REGISTER_TAB, CROSSTAB_TAB, CHARTS_TAB = range(3)


def _touches_counts(changes: Changes) -> bool:
    """Whether ``changes`` can change a count, a code's name or a case's attribute value."""
    return bool(
        changes.codings
        or changes.codes
        or changes.code_tree
        or changes.cases
        or changes.attributes
        or changes.documents
    )


class RegisterDock(QDockWidget):
    passage_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("register_dock")
        self.session = session
        self.register = BarrierRegisterPanel(session)
        self.crosstab = CrosstabPanel(session)
        self.charts = ChartPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("register_tabs")
        self.tabs.setAccessibleName(TITLE)
        self.tabs.tabBar().setAccessibleName("Register, crosstab or charts")
        self.tabs.addTab(self.register, "Barrier register")
        self.tabs.addTab(self.crosstab, "Crosstab")
        self.tabs.addTab(self.charts, "Charts")
        self.tabs.setDocumentMode(True)
        self.setWidget(self.tabs)
        self._connect()

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.tabs.currentChanged.connect(lambda _index: self.refresh_if_stale())
        self.visibilityChanged.connect(self._visibility_changed)
        self.register.passage_activated.connect(self.passage_activated)
        self.crosstab.all_codes_requested.connect(lambda: self.set_codes(()))
        self.charts.all_codes_requested.connect(lambda: self.set_codes(()))

    def panels(self) -> tuple[BarrierRegisterPanel, CrosstabPanel, ChartPanel]:
        return self.register, self.crosstab, self.charts

    def set_codes(self, code_ids: Iterable[int]) -> None:
        """Tabulate and chart ``code_ids`` (the codes chosen in the codebook, a group code
        covering the coded codes under it); none means every coded code."""
        selected = frozenset(code_ids)
        for panel in (self.crosstab, self.charts):
            if panel.selected != selected:
                panel.selected = selected
                panel.stale = True
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        """Read the visible tab again if something it shows has changed since it last read."""
        panel = next((p for p in self.panels() if p is self.tabs.currentWidget()), None)
        if self.isVisible() and panel is not None and panel.stale:
            panel.refresh()

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh_if_stale()

    def _on_changed(self, changes: Changes) -> None:
        if _touches_counts(changes):
            for panel in self.panels():
                panel.stale = True
        elif changes.memos:
            self.register.stale = True  # recommendations are memos
        self.refresh_if_stale()
