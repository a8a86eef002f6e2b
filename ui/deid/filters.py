"""The filters above the detections (label, verdict, document) and the counts beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ui.deid.map_editor import named
from ui.deid.replacements import VERDICT_WORDS, counts_text, label_choices
from workbench.deid import ACCEPTED, REJECTED

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.deid import Detection


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deid_filters")
        self.label = QComboBox()
        named(self.label, "deid_filter_label", "Show label", "Show detections of one label")
        self.label.addItem("All labels", None)
        for label, words in label_choices():
            self.label.addItem(words, label)
        self.verdict = QComboBox()
        named(self.verdict, "deid_filter_verdict", "Show verdict",
              "Show accepted or rejected detections")  # fmt: skip
        self.verdict.addItem("Accepted and rejected", None)
        for verdict in (ACCEPTED, REJECTED):
            self.verdict.addItem(VERDICT_WORDS[verdict], verdict)
        self.document = QComboBox()
        named(self.document, "deid_filter_document", "Show document",
              "Show the detections of one document")  # fmt: skip
        self.document.addItem("All documents", None)
        self.counts = QLabel()
        self.counts.setObjectName("deid_counts")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, box in (("Sho&w:", self.label), ("Verdic&t:", self.verdict),
                          ("&In document:", self.document)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(box)
            row.addWidget(caption)
            row.addWidget(box)
        row.addStretch(1)  # the counts go where the window puts them (beside the caption)
        for box in (self.label, self.verdict, self.document):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set_documents(self, names: Mapping[int, str], document_ids: Sequence[int]) -> None:
        """Offer the documents looked in, keeping the chosen one if it is still there."""
        chosen = self.document.currentData()
        self.document.blockSignals(True)
        while self.document.count() > 1:
            self.document.removeItem(1)
        for document_id in document_ids:
            self.document.addItem(names.get(document_id, f"Document {document_id}"), document_id)
        self.document.setCurrentIndex(max(self.document.findData(chosen), 0))
        self.document.blockSignals(False)

    def choice(self) -> tuple[str | None, str | None, int | None]:
        return self.label.currentData(), self.verdict.currentData(), self.document.currentData()

    def show_counts(self, detections: Sequence[Detection], shown: int) -> None:
        text = counts_text(detections, shown)
        self.counts.setText(text)
        self.counts.setAccessibleName(text)
