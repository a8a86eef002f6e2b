"""The controls under the review table: the answer, label and replacement of the current
detection, marking a passage, and adding a name to find in every document.

Only widgets and signals live here; the review window turns the signals into commands.
A replacement typed here is the project's for that text everywhere ("Sarah Jones" becomes
"[Participant 3]" in every document), which is why its button says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.deid.replacements import found_by, label_choices

if TYPE_CHECKING:
    from workbench.deid import Detection

AUTOMATIC = ""  # an added name's label, chosen from its words ("… Hospital" is a hospital)


def named(widget: QWidget, name: str, accessible: str, tip: str = "") -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)


def button(text: str, name: str, accessible: str, tip: str) -> QPushButton:
    """A push button that Enter in a nearby field never presses by accident."""
    made = QPushButton(text)
    named(made, name, accessible, tip)
    made.setAutoDefault(False)
    made.setDefault(False)
    return made


def label_box(name: str, accessible: str, *, automatic: bool = False) -> QComboBox:
    box = QComboBox()
    named(box, name, accessible)
    if automatic:
        box.addItem("Automatic", AUTOMATIC)
    for label, words in label_choices():
        box.addItem(words, label)
    return box


class DetectionEditor(QGroupBox):
    """Accept or reject the chosen detections, relabel them, choose a replacement."""

    verdict_chosen = Signal(str)  # "accepted" or "rejected"
    label_chosen = Signal(str)
    replacement_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Chosen detection", parent)
        self.setObjectName("deid_editor")
        self.accept_button = button("&Accept", "deid_accept", "Accept",
                                    "Replace the chosen detections (key A)")  # fmt: skip
        self.reject_button = button("Re&ject", "deid_reject", "Reject",
                                    "Keep the chosen detections as written (key R)")  # fmt: skip
        self.label = label_box("deid_label", "Label")
        self.label.setToolTip("What the text is; it picks the kind of replacement (key L)")
        self.replacement = QLineEdit()
        named(self.replacement, "deid_replacement", "Replacement",
              "The replacement this text gets in every document (key E)")  # fmt: skip
        self.replacement.setPlaceholderText("e.g. [Participant 3]")
        self.everywhere = button("Use e&verywhere", "deid_use_everywhere",
                                 "Use this replacement everywhere",
                                 "Every occurrence of this text in the project gets it "
                                 "(Enter in the field)")  # fmt: skip
        self._place()
        self._connect()
        self.show_detection(None, 0)

    def _place(self) -> None:
        grid = QGridLayout(self)
        grid.addWidget(self.accept_button, 0, 0)
        grid.addWidget(self.reject_button, 0, 1)
        caption = QLabel("La&bel:")
        caption.setBuddy(self.label)
        grid.addWidget(caption, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.label, 0, 3)
        caption = QLabel("Re&placement:")
        caption.setBuddy(self.replacement)
        grid.addWidget(caption, 1, 0, 1, 2)
        grid.addWidget(self.replacement, 1, 2, 1, 3)
        grid.addWidget(self.everywhere, 1, 5)
        grid.setColumnStretch(4, 1)

    def _connect(self) -> None:
        self.accept_button.clicked.connect(lambda: self.verdict_chosen.emit("accepted"))
        self.reject_button.clicked.connect(lambda: self.verdict_chosen.emit("rejected"))
        self.label.activated.connect(lambda _i: self.label_chosen.emit(self.label.currentData()))
        self.replacement.returnPressed.connect(self._entered)
        self.everywhere.clicked.connect(self._entered)

    def _entered(self) -> None:
        self.replacement_entered.emit(self.replacement.text().strip())

    def show_detection(self, detection: Detection | None, chosen: int) -> None:
        """Show the current detection (of ``chosen`` selected rows); none disables the row."""
        for widget in (self.accept_button, self.reject_button, self.label):
            widget.setEnabled(detection is not None)
        single = detection is not None and chosen == 1
        self.replacement.setEnabled(single)
        self.everywhere.setEnabled(single)
        if detection is None:
            self.setTitle("Chosen detection")
            self.replacement.clear()
            return
        more = f" and {chosen - 1:,} more" if chosen > 1 else ""
        origin = found_by(detection)
        self.setTitle(
            f"“{' '.join(detection.text.split())}”{more} — {origin[0].lower()}{origin[1:]}"
        )
        self.label.setCurrentIndex(max(self.label.findData(detection.label), 0))
        self.replacement.setText(detection.replacement)
        self.replacement.setToolTip(
            f"The replacement “{detection.text}” gets in every document (key E)"
        )

    def focus_label(self) -> None:
        self.label.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.label.showPopup()

    def focus_replacement(self) -> None:
        self.replacement.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.replacement.selectAll()


class AddNameRow(QGroupBox):
    """A name to find in every document: a participant's own name, their hospital, their town."""

    name_added = Signal(str, str)  # the name, its label ("" automatic)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add a name to find everywhere", parent)
        self.setObjectName("deid_add_name_group")
        self.name = QLineEdit()
        named(self.name, "deid_add_name", "Name to find in every document",
              "A participant's own name, their hospital, their town… (key N)")  # fmt: skip
        self.name.setPlaceholderText("a participant, their hospital, town…")
        self.label = label_box("deid_add_name_label", "Label of the name", automatic=True)
        self.label.setToolTip("What the name is; Automatic guesses from its words")
        self.add = button("Add &name", "deid_add_name_button", "Add the name",
                          "Add the name and look for it again in the documents")  # fmt: skip
        grid = QGridLayout(self)
        caption = QLabel("Na&me:")
        caption.setBuddy(self.name)
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 2)
        grid.addWidget(QLabel("as"), 1, 0)
        grid.addWidget(self.label, 1, 1)
        grid.addWidget(self.add, 1, 2)
        grid.setColumnStretch(1, 1)
        self.name.returnPressed.connect(self._added)
        self.add.clicked.connect(self._added)

    def _added(self) -> None:
        name = " ".join(self.name.text().split())
        if name:
            self.name_added.emit(name, self.label.currentData())

    def clear(self) -> None:
        self.name.clear()
        self.label.setCurrentIndex(0)
