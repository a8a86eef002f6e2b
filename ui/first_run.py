"""First run: who is coding (their name goes on every coding), and an offer of the demo."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class FirstRunDialog(QDialog):
    def __init__(self, suggested_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_dialog")
        self.setWindowTitle("Welcome to the Qualitative Workbench")
        self.setAccessibleName("Welcome")
        intro = QLabel(
            "Your name and initials are recorded on the codes and codings you make, so that "
            "a team can see who coded what. They stay on this computer."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(suggested_name)
        self.name.setObjectName("coder_name")
        self.name.setAccessibleName("Your name")
        self.initials = QLineEdit(_initials(suggested_name))
        self.initials.setObjectName("coder_initials")
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(6)
        self.name.textEdited.connect(lambda text: self.initials.setText(_initials(text)))
        self.demo = QCheckBox("Open the demo project to try things out")
        self.demo.setObjectName("open_demo")
        self.demo.setChecked(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Initials:", self.initials)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.setObjectName("first_run_buttons")
        buttons.accepted.connect(self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.name.text().strip():
            self.accept()
        else:
            self.name.setFocus()
            self.name.setPlaceholderText("Please type your name")


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:3]).upper()
