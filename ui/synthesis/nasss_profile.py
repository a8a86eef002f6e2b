"""The complexity profile chart of the current case, or of the cases being compared.

The chart is the report's own (``workbench.charts``), drawn off the GUI thread: the first
drawing imports matplotlib, which takes a while. It is drawn at the screen's resolution scaled
by the application font, so its words grow with the zoom like the rest of the window; screen
readers get the chart's alternative text as the picture's description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.background_query import QueryRunner
from workbench.charts import complexity_profile_chart, complexity_profile_comparison
from workbench.charts.style import TICK_PT
from workbench.queries.nasss import complexity_profile

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.charts import Chart
    from workbench.project import Project

PROFILE_NAME = "Complexity profile chart"
NOTHING = "Choose a case in the grid to see its complexity profile."
DRAWING = "Drawing the complexity profile…"
MAX_COMPARED = 8  # the comparison chart tells this many cases apart by colour and hatch


def profile_chart(project: Project, cases: Sequence[tuple[int, str]], dpi: int) -> Chart:
    """The profile of one case, or the profiles of several side by side (runs on a pool thread)."""
    if len(cases) == 1:
        case_id, name = cases[0]
        return complexity_profile_chart(name, complexity_profile(project, case_id), dpi=dpi)
    profiles = {name: complexity_profile(project, case_id) for case_id, name in cases}
    return complexity_profile_comparison(profiles, dpi=dpi)


class NasssProfilePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nasss_profile")
        self.runner = QueryRunner(self)
        self._shown: tuple[tuple[int, str], ...] = ()
        self.chart = QLabel(NOTHING)
        self.chart.setObjectName("nasss_profile_chart")
        self.chart.setAccessibleName(PROFILE_NAME)
        self.chart.setWordWrap(True)
        self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.chart.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so a screen reader can reach it
        self.scroller = QScrollArea()
        self.scroller.setObjectName("nasss_profile_scroll")
        self.scroller.setAccessibleName(PROFILE_NAME)
        self.scroller.setWidget(self.chart)
        self.scroller.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)

    @property
    def alt_text(self) -> str:
        return self.chart.accessibleDescription()

    def show_cases(self, project: Project, cases: Sequence[tuple[int, str]]) -> None:
        """Draw the profile of ``cases`` ((id, name); the first few when comparing many)."""
        self._shown = tuple(cases[:MAX_COMPARED])
        if not self._shown:
            self.runner.discard()
            self._text(NOTHING)
            return
        if self.chart.pixmap().isNull():
            self._text(DRAWING)
        shown, dpi = self._shown, self._dpi()
        self.runner.start(lambda: profile_chart(project, shown, dpi), self._show, self._text)

    def _dpi(self) -> int:
        """Screen resolution, scaled so the chart's 9 pt labels match the application font."""
        points = QApplication.font().pointSizeF() or TICK_PT
        return round(self.logicalDpiY() * self.devicePixelRatioF() * points / TICK_PT)

    def _show(self, chart: Chart) -> None:
        pixmap = QPixmap()
        if not pixmap.loadFromData(chart.png, "PNG"):
            self._text("The complexity profile could not be shown.")
            return
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.chart.setPixmap(pixmap)
        self.chart.setToolTip(chart.title)
        self.chart.setAccessibleName(chart.title or PROFILE_NAME)
        self.chart.setAccessibleDescription(chart.alt_text)

    def _text(self, message: str) -> None:
        self.chart.clear()
        self.chart.setText(message)
        self.chart.setAccessibleName(PROFILE_NAME)
        self.chart.setAccessibleDescription(message)
