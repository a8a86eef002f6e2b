"""The pack dialog's passphrase entry: typed twice, hidden, at least eight characters."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

MIN_LENGTH = 8
ENCRYPTED_NOTE = "Give the reviewer the passphrase separately from the pack: by phone or in person."
PLAIN_NOTE = "The pack is not encrypted: send it to the reviewer by a secure route."


class PassphraseFields(QWidget):
    """Passphrase and confirmation, enabled while ``switch`` is ticked."""

    def __init__(self, switch: QCheckBox, *, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.switch = switch
        self.first = QLineEdit()
        self.again = QLineEdit()
        for field, name, label in (
            (self.first, "pack_passphrase", "Pack passphrase"),
            (self.again, "pack_passphrase_again", "Pack passphrase again"),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setObjectName(name)
            field.setAccessibleName(label)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Pass&phrase:", self.first)
        form.addRow("&Again:", self.again)
        if required:  # an encrypted project's packs are encrypted: no choice to make
            switch.setChecked(True)
            switch.setEnabled(False)
            switch.setToolTip("This project is encrypted, so its review packs are too")
        else:
            switch.setToolTip("Encrypt the pack so only someone with the passphrase can open it")
        switch.toggled.connect(self._follow)
        self._follow(switch.isChecked())

    def _follow(self, on: bool) -> None:
        self.first.setEnabled(on)
        self.again.setEnabled(on)

    def passphrase(self) -> str | None:
        return self.first.text() if self.switch.isChecked() else None

    def note(self) -> str:
        return ENCRYPTED_NOTE if self.switch.isChecked() else PLAIN_NOTE

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet; None when it can (or none is wanted)."""
        if not self.switch.isChecked():
            return None
        if len(self.first.text()) < MIN_LENGTH:
            return f"Choose a passphrase of at least {MIN_LENGTH} characters."
        if self.again.text() != self.first.text():
            return "The two passphrases differ: type the same one in both boxes."
        return None
