"""Where the review screen's parts go, and column widths that follow the font (zoom)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.deid.model import CONTEXT, DOCUMENT, LABEL, REPLACEMENT, VERDICT
from ui.deid.replacements import LABEL_WORDS, VERDICT_WORDS

if TYPE_CHECKING:
    from ui.deid.window import DeidWindow

# Each column as wide as its longest words (the document column a few words wide);
# the context column takes the rest.
WIDEST = {
    LABEL: max(LABEL_WORDS.values(), key=len),
    REPLACEMENT: "[Organisation AA]",
    VERDICT: max(VERDICT_WORDS.values(), key=len),
}
CELL_MARGIN = 18  # pixels: the cell's padding plus room for the sort arrow
DOCUMENT_CHARS = 16  # names are elided in the middle: "interview_p01" stays told apart


def fit_columns(table: QTableView) -> None:
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(CONTEXT, QHeaderView.ResizeMode.Stretch)
    metrics = table.fontMetrics()
    header.setSectionResizeMode(DOCUMENT, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(DOCUMENT, metrics.averageCharWidth() * DOCUMENT_CHARS)
    for column, words in WIDEST.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        title = str(table.model().headerData(column, Qt.Orientation.Horizontal))
        wide = max(metrics.horizontalAdvance(words), metrics.horizontalAdvance(title))
        table.setColumnWidth(column, wide + CELL_MARGIN)


def _captioned(text: str, buddy: QWidget) -> QLabel:
    caption = QLabel(text)
    caption.setBuddy(buddy)
    return caption


def _review_side(w: DeidWindow) -> QWidget:
    top = QWidget()
    above = QVBoxLayout(top)
    above.setContentsMargins(0, 0, 0, 0)
    caption = QHBoxLayout()
    caption.addWidget(_captioned("Detection&s:", w.table))
    caption.addStretch(1)
    caption.addWidget(w.filters.counts)
    above.addLayout(caption)
    above.addWidget(w.filters)
    above.addWidget(w.table, 1)
    below = QWidget()
    lower = QVBoxLayout(below)
    lower.setContentsMargins(0, 0, 0, 0)
    lower.addWidget(_captioned("In its passa&ge (select words here to mark them too):",
                               w.passage))  # fmt: skip
    lower.addWidget(w.passage, 1)
    marking = QHBoxLayout()
    marking.addWidget(_captioned("Label for ma&rked words:", w.passage_label))
    marking.addWidget(w.passage_label)
    marking.addWidget(w.mark)
    marking.addStretch(1)
    lower.addLayout(marking)
    lower.addWidget(w.editor)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName("deid_review_split")
    split.setChildrenCollapsible(False)
    split.addWidget(top)
    split.addWidget(below)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    return split


def build_layout(w: DeidWindow) -> None:
    w.keys_help.setObjectName("deid_keys_help")
    w.keys_help.setWordWrap(True)
    w.status.setObjectName("deid_status")
    w.status.setWordWrap(True)
    w.chooser.add_below(w.add_name)
    sides = QSplitter(Qt.Orientation.Horizontal)
    sides.setObjectName("deid_sides")
    sides.setChildrenCollapsible(False)
    sides.addWidget(w.chooser)
    sides.addWidget(_review_side(w))
    sides.setStretchFactor(0, 0)  # a wider window widens the detections, not the document list
    sides.setStretchFactor(1, 1)
    bottom = QHBoxLayout()
    bottom.addWidget(w.status, 1)
    for widget in (w.undo, w.apply_button, w.close_button):
        bottom.addWidget(widget)
    layout = QVBoxLayout(w)
    layout.addWidget(sides, 1)
    layout.addWidget(w.keys_help)
    layout.addLayout(bottom)
    _tab_order(w)
    fit_columns(w.table)
    metrics = w.fontMetrics()
    wanted = QSize(metrics.averageCharWidth() * 175, metrics.lineSpacing() * 46)
    screen = w.main.screen()
    w.resize(wanted.boundedTo(screen.availableGeometry().size()) if screen else wanted)
    left = w.chooser.minimumSizeHint().width()
    sides.setSizes([left, max(w.width() - left, left)])


def _tab_order(w: DeidWindow) -> None:
    """Tab goes down the left column, then through the filters, the list, the passage and the
    controls under it, and ends on the buttons at the bottom."""
    chooser, name, editor, filters = w.chooser, w.add_name, w.editor, w.filters
    chain: list[QWidget] = [
        chooser.list, chooser.all, chooser.none, chooser.look, name.name, name.label, name.add,
        filters.label, filters.verdict, filters.document, w.table, w.passage, w.passage_label,
        w.mark, editor.accept_button, editor.reject_button, editor.label, editor.replacement,
        editor.everywhere, w.undo, w.apply_button, w.close_button,
    ]  # fmt: skip
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
