"""The "Charts" tab: code frequency, codes by attribute and the co-occurrence heat map.

Each chart is drawn by :mod:`workbench.charts` (matplotlib, Agg) on a pool thread, as the same
PNG the Word report places; the tab shows those bytes, says in a caption what the chart shows
(its alternative text, also the image's accessible description) and saves them as they are.
The image is shown at its printed size, scaled with the application font, so a zoomed-in
window shows a bigger chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.synthesis.register_controls import (
    AttributeCombo,
    chosen_codes,
    codes_note,
    message_label,
    named,
)
from ui.synthesis.register_controls import (
    codes_row as codes_row_for,
)
from workbench.charts import code_frequency_chart, codes_by_attribute_chart, cooccurrence_heatmap
from workbench.charts.style import TICK_PT
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.crosstab import code_attribute_crosstab, code_cooccurrence_matrix
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from ui.session import ProjectSession
    from workbench.charts import Chart
    from workbench.dto import CodeInfo
    from workbench.project import Project

FREQUENCY, BY_ATTRIBUTE, HEATMAP = "frequency", "attribute", "heatmap"
CHARTS = {
    FREQUENCY: "Code frequency",
    BY_ATTRIBUTE: "Codes by attribute",
    HEATMAP: "Co-occurrence heat map",
}
DRAWING = "Drawing the chart…"
NO_ATTRIBUTE = "Add a case attribute (a role, a site…) in the Cases panel to chart codes by it."


def _labels(codes: Sequence[CodeInfo], ids: Sequence[int]) -> list[str]:
    """Code names, or paths for names that two of the codes share."""
    by_id = {c.id: c for c in codes}
    names = [by_id[i].name for i in ids]
    paths = code_paths(list(codes))
    return [paths[i] if names.count(name) > 1 else name for i, name in zip(ids, names, strict=True)]


@dataclass(frozen=True, slots=True)
class Drawn:
    chart: Chart
    codes: int  # how many codes it covers


def draw_chart(
    project: Project, kind: str, selected: Collection[int], attribute: str | None
) -> Drawn:
    """Read the counts and draw the chart ``kind`` of the chosen codes (on a pool thread)."""
    codes = list_codes(project)
    ids = chosen_codes(codes, selected)
    return Drawn(_chart(project, kind, codes, ids, attribute), len(ids))


def _chart(
    project: Project, kind: str, codes: list[CodeInfo], ids: list[int], attribute: str | None
) -> Chart:
    labels = _labels(codes, ids)
    if kind == FREQUENCY:
        counts = {c.id: c.codings for c in codes}
        return code_frequency_chart([(n, counts[i]) for i, n in zip(ids, labels, strict=True)])
    if kind == BY_ATTRIBUTE:
        if attribute is None:
            raise OperationError(NO_ATTRIBUTE)
        table = code_attribute_crosstab(project, ids, attribute, unit="codings")
        cells = {
            (label, value): count
            for label, row in zip(labels, table.rows, strict=True)
            for value, count in zip(table.columns, row.counts, strict=True)
        }
        return codes_by_attribute_chart(labels, table.columns, cells, attribute=table.attribute)
    matrix = code_cooccurrence_matrix(project, ids)
    # The diagonal holds each code's own codings: the heat map shows only pairs.
    pairs = [[0 if r == c else n for c, n in enumerate(row)] for r, row in enumerate(matrix.counts)]
    return cooccurrence_heatmap(labels, pairs)


class ChartPanel(QWidget):
    shown = Signal()  # the latest chart (or an error message) is shown
    all_codes_requested = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart_panel")
        self.session = session
        self.stale = True
        self.selected: frozenset[int] = frozenset()
        self.runner = QueryRunner(self)
        self.chart: Chart | None = None
        self._build()
        self._connect()

    def _build(self) -> None:
        self.kind = named(QComboBox(), "chart_kind", "Chart", "Which chart to draw")
        for key, text in CHARTS.items():
            self.kind.addItem(text, key)
        self.attribute = named(
            AttributeCombo(), "chart_attribute", "Chart codes by attribute",
            "The case attribute whose values make the bars of each code",
        )  # fmt: skip
        self.save_button = named(
            QPushButton("&Save image…"), "save_chart", "Save image",
            "Save the chart as a PNG image, as it appears in the report",
        )  # fmt: skip
        self.save_button.setEnabled(False)
        controls = QHBoxLayout()
        for text, widget in (("C&hart:", self.kind), ("&Attribute:", self.attribute)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.save_button)
        codes_row, self.codes_label, self.all_codes = codes_row_for("chart")
        self.summary = message_label("chart_summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addLayout(codes_row)
        layout.addWidget(self.summary)
        layout.addWidget(self._image_area(), 1)
        layout.addWidget(self.caption)

    def _image_area(self) -> QScrollArea:
        self.image = named(QLabel(), "chart_image", "Chart")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = named(QScrollArea(), "chart_scroll", "Chart image", "Scroll the chart")
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll a big chart
        self.scroll_area.viewport().installEventFilter(self)  # fit the chart to the pane
        self.caption = message_label("chart_caption")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return self.scroll_area

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(lambda _index: self.refresh())
        self.attribute.currentIndexChanged.connect(lambda _index: self.refresh())
        self.save_button.clicked.connect(self.save_image)
        self.all_codes.clicked.connect(self.all_codes_requested)

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Draw the chosen chart again in the background; the old one stays until then."""
        self.stale = False
        self.attribute.set_attributes([a.name for a in list_attributes(self.session.project)])
        kind = str(self.kind.currentData())
        self.attribute.setEnabled(kind == BY_ATTRIBUTE and self.attribute.count() > 0)
        project, selected, attribute = self.session.project, self.selected, None
        if kind == BY_ATTRIBUTE:
            attribute = self.attribute.attribute()
        self.summary.setText(DRAWING)
        self.runner.start(
            lambda: draw_chart(project, kind, selected, attribute), self._show, self._show_error
        )

    def _show(self, drawn: Drawn) -> None:
        chart = self.chart = drawn.chart
        self._place_image()
        self.image.setAccessibleName(f"Chart: {chart.title}")
        self.image.setAccessibleDescription(chart.alt_text)
        self.caption.setText(f"Figure: {chart.alt_text}")
        self.summary.setText(
            f"{chart.title}: the image that goes into the Word report "
            f"({chart.width_in:.1f} × {chart.height_in:.1f} inches)."
        )
        self.codes_label.setText(codes_note(self.selected, drawn.codes) + ".")
        self.all_codes.setVisible(bool(self.selected))
        self.save_button.setEnabled(True)
        self.shown.emit()

    def _show_error(self, message: str) -> None:
        self.chart = None
        self.image.clear()
        self.image.setAccessibleName("Chart")
        self.image.setAccessibleDescription("")
        self.caption.clear()
        self.summary.setText(message)
        self.save_button.setEnabled(False)
        self.shown.emit()

    def _place_image(self) -> None:
        """The PNG as big as fits the pane, never sharper than its pixels allow, and never
        smaller than its printed size with its 9 pt text as big as the application's text."""
        if self.chart is None:
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.chart.png, "PNG")
        zoom = max(self.font().pointSizeF(), 1.0) / TICK_PT
        printed = self.chart.dpi / (self.logicalDpiX() * zoom)  # image pixels per screen pixel
        room = self.scroll_area.viewport().size()
        fitted = max(pixmap.width() / max(room.width(), 1), pixmap.height() / max(room.height(), 1))
        pixmap.setDevicePixelRatio(min(printed, max(fitted, 1.0)))
        self.image.setPixmap(pixmap)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._place_image()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._place_image()

    def save_image(self) -> None:
        """Ask where, then write the chart's PNG bytes (the very image the report uses)."""
        if self.chart is None:
            return
        name = "".join(ch if ch.isalnum() else "_" for ch in self.chart.title.lower()).strip("_")
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save chart image", f"{name or 'chart'}.png", "PNG images (*.png)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        try:
            path.write_bytes(self.chart.png)
        except OSError as exc:
            self.summary.setText(f"Could not save the image: {exc.strerror or exc}")
            return
        self.summary.setText(f"Saved the chart as {path.name}.")
