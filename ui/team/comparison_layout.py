"""The coder comparison's widgets: the choices, the figures beside the disagreements, the strip.

Every control is named for tests and screen readers; the labels carry mnemonics (Alt+A, Alt+B,
Alt+U) and Tab walks choices, figures, disagreements in reading order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.segments.compact_table import ElideDelegate
from ui.synthesis.register_controls import message_label, named, table
from ui.team.comparison_models import DISAGREED_CODE, DOCUMENT
from ui.team.comparison_strip import CoderStrip
from workbench.agreement import UNIT_NAMES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QAbstractItemModel

UNITS = {"character": "Characters", "sentence": "Sentences", "turn": "Speaker turns or paragraphs"}
CODE_COLUMN_CHARS = 44  # the figures' code column at most this many average characters wide
# Widest the disagreements' document and code columns start, so the decisions stay in sight.
LIST_COLUMN_CHARS = {DOCUMENT: 24, DISAGREED_CODE: 28}


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class ComparisonPanel(QWidget):
    def __init__(
        self,
        figures: QAbstractItemModel,
        disagreements: QAbstractItemModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("comparison_panel")
        self.coder_a = named(QComboBox(), "comparison_coder_a", "Coder A",
                             "The first coder to compare")  # fmt: skip
        self.coder_b = named(QComboBox(), "comparison_coder_b", "Coder B",
                             "The second coder to compare")  # fmt: skip
        self.unit = named(QComboBox(), "comparison_unit", "Unit",
                          "What is compared: characters, sentences or speaker turns")  # fmt: skip
        for key in UNIT_NAMES:
            self.unit.addItem(UNITS[key], key)
        for combo in (self.coder_a, self.coder_b, self.unit):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.export = named(
            QPushButton("Export to Excel…"), "comparison_export", "Export to Excel",
            "Write the figures to an .xlsx workbook",
        )  # fmt: skip
        self.export.setEnabled(False)
        self.status = message_label("comparison_caption")
        self.figures_view = table(figures, "comparison_figures", "Agreement figures per code")
        self.figures_view.setItemDelegateForColumn(
            0, ElideDelegate(Qt.TextElideMode.ElideLeft, self.figures_view)
        )  # a code's path loses its root first
        self.disagreements_view = table(
            disagreements, "comparison_disagreements", "Disagreements between the coders"
        )
        self.disagreements_view.setItemDelegateForColumn(
            DISAGREED_CODE, ElideDelegate(Qt.TextElideMode.ElideLeft, self.disagreements_view)
        )
        self.disagreements_caption = message_label("comparison_disagreements_caption")
        self.all_codes = named(QPushButton("All codes"), "comparison_all_codes",
                               "List the disagreements of all codes")  # fmt: skip
        self.all_codes.setVisible(False)
        self.strip_caption = message_label("comparison_strip_caption")
        self.strip = CoderStrip()
        self._lay_out()

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        for text, widget in (("Coder &A:", self.coder_a), ("Coder &B:", self.coder_b),
                             ("&Unit:", self.unit)):  # fmt: skip
            controls.addWidget(_caption(text, widget))
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.export)
        heading = QHBoxLayout()
        heading.addWidget(self.disagreements_caption, 1)
        heading.addWidget(self.all_codes)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(heading)
        column.addWidget(self.disagreements_view, 1)
        column.addWidget(self.strip_caption)
        column.addWidget(self.strip)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("comparison_split")
        split.setChildrenCollapsible(False)
        split.addWidget(self.figures_view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)  # the figures are the point; the list wraps its passages
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.setTabOrder(self.coder_a, self.coder_b)
        self.setTabOrder(self.coder_b, self.unit)
        self.setTabOrder(self.unit, self.export)
        self.setTabOrder(self.export, self.figures_view)
        self.setTabOrder(self.figures_view, self.all_codes)
        self.setTabOrder(self.all_codes, self.disagreements_view)

    # ------------------------------------------------------------------ choices
    def unit_name(self) -> str:
        return str(self.unit.currentData())

    @staticmethod
    def coder(combo: QComboBox) -> str | None:
        data = combo.currentData()
        return data if isinstance(data, str) else None

    def set_coders(self, coders: Sequence[str], pair: tuple[str, str] | None) -> None:
        """Offer ``coders`` in both boxes with ``pair`` chosen; no signal."""
        for position, combo in enumerate((self.coder_a, self.coder_b)):
            combo.blockSignals(True)
            combo.clear()
            for name in coders:
                combo.addItem(name, name)
            combo.setCurrentIndex(combo.findData(pair[position]) if pair else -1)
            combo.setEnabled(len(coders) >= 2)
            combo.blockSignals(False)

    def fit_tables(self) -> None:
        _fit(self.figures_view, {0: CODE_COLUMN_CHARS})
        _fit(self.disagreements_view, LIST_COLUMN_CHARS)


def _fit(view: QTableView, limits: dict[int, int]) -> None:
    """Columns as wide as their contents, names within ``limits`` (in average characters)."""
    view.resizeColumnsToContents()
    width = view.fontMetrics().averageCharWidth()
    for column, chars in limits.items():
        view.setColumnWidth(column, min(view.columnWidth(column), width * chars))
