"""New projects (optionally encrypted), encryption and passphrase changes, and restoring a
backup, from the File menu and the start window.

Each change to an open project's file closes the project first, converts it, and opens it
again: SQLCipher re-writes the whole file, which cannot happen under an open connection.
Passphrases go from the dialog to the conversion and are not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from workbench.recovery import list_backups, restore
from workbench.security import MIN_LENGTH, Conversion, convert

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow

PROJECT_FILES = "Workbench projects (*.qwb)"
KEEP_IT_SAFE = (
    "Keep the passphrase somewhere safe: without it nobody, including you, can open the project."
)


def _secret(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    return field


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PassphraseDialog(QDialog):
    """Asks for the current passphrase, a new one typed twice, or both."""

    def __init__(
        self, title: str, intro: str, *, current: bool, new: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(title)
        self.current = _secret("current_passphrase", "Current passphrase") if current else None
        self.first = _secret("new_passphrase", "New passphrase") if new else None
        self.again = _secret("new_passphrase_again", "New passphrase again") if new else None
        self.problem = QLabel()
        self.problem.setObjectName("passphrase_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        form.addRow(text)
        rows = ((self.current, "&Current passphrase:"), (self.first, "&New passphrase:"),
                (self.again, "&Again:"))  # fmt: skip
        for field, label in rows:
            if field is not None:
                form.addRow(label, field)
        form.addRow(self.problem)
        form.addRow(_ok_cancel(self))
        self.setMinimumWidth(460)

    def accept(self) -> None:
        if self.first is not None and self.again is not None:
            if len(self.first.text()) < MIN_LENGTH:
                return self._refuse(f"Choose a passphrase of at least {MIN_LENGTH} characters.")
            if self.first.text() != self.again.text():
                return self._refuse("The two new passphrases differ.")
        if self.current is not None and not self.current.text():
            return self._refuse("Type the current passphrase.")
        return super().accept()

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def values(self) -> tuple[str | None, str | None]:
        """(current, new) as typed; None for a field the dialog did not ask for."""
        current = self.current.text() if self.current is not None else None
        return current, self.first.text() if self.first is not None else None


@dataclass(frozen=True, slots=True)
class NewProject:
    path: Path
    title: str
    passphrase: str | None


class NewProjectDialog(QDialog):
    """Where the new project goes, its title, and whether it is encrypted."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_project_dialog")
        self.setWindowTitle("New project")
        self.path = QLineEdit(str(folder / "New study.qwb"))
        self.path.setObjectName("new_project_path")
        self.path.setAccessibleName("File of the new project")
        browse = QPushButton("&Browse…")
        browse.setObjectName("new_project_browse")
        browse.setAccessibleName("Choose where to save the new project")
        browse.clicked.connect(self._browse)
        self.title = QLineEdit()
        self.title.setObjectName("new_project_title")
        self.title.setAccessibleName("Project title")
        self.encrypt = QCheckBox("&Encrypt the project with a passphrase")
        self.encrypt.setObjectName("new_project_encrypt")
        self.encrypt.setToolTip("Recommended for identifiable health data")
        self.first = _secret("new_project_passphrase", "Passphrase")
        self.again = _secret("new_project_passphrase_again", "Passphrase again")
        self.problem = QLabel()
        self.problem.setObjectName("new_project_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("&File:", where)
        form.addRow("&Title:", self.title)
        form.addRow(self.encrypt)
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Again:", self.again)
        note = QLabel(KEEP_IT_SAFE)
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.problem)
        form.addRow(_ok_cancel(self))
        self.encrypt.toggled.connect(self._follow)
        self._follow(False)
        self.setMinimumWidth(560)

    def _follow(self, on: bool) -> None:
        self.first.setEnabled(on)
        self.again.setEnabled(on)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", self.path.text(), PROJECT_FILES)
        if name:
            self.path.setText(name if name.endswith(".qwb") else name + ".qwb")

    def choice(self) -> NewProject:
        text = self.path.text().strip()
        path = Path(text if text.endswith(".qwb") else text + ".qwb").expanduser()
        passphrase = self.first.text() if self.encrypt.isChecked() else None
        return NewProject(path, self.title.text().strip() or path.stem, passphrase)

    def accept(self) -> None:
        choice = self.choice()
        problems = (
            (not self.path.text().strip(), "Choose where to save the project."),
            (choice.path.exists(), f"{choice.path.name} already exists: choose another name."),
            (not choice.path.parent.is_dir(), f"The folder {choice.path.parent} does not exist."),
            (choice.passphrase is not None and len(choice.passphrase) < MIN_LENGTH,
             f"Choose a passphrase of at least {MIN_LENGTH} characters."),
            (choice.passphrase is not None and self.again.text() != choice.passphrase,
             "The two passphrases differ."),
        )  # fmt: skip
        problem = next((text for failed, text in problems if failed), None)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()


# ---------------------------------------------------------------------- flows on an open project
def add_project_file_actions(window: MainWindow, menu: QMenu) -> None:
    """File menu: Restore a backup, and a Security submenu fitting the project's state."""
    path, encrypted = window.session.project.path, window.session.project.encrypted
    entries: list[tuple[QMenu, str, str, Callable[..., None], bool]] = []
    entries.append((menu, "Restore a &backup…", "restore_backup", restore_flow, True))
    security = menu.addMenu("Securit&y")
    security.setObjectName("security_menu")
    entries += [
        (security, "&Encrypt this project…", "encrypt_project",
         partial(conversion_flow, "encrypt"), not encrypted),
        (security, "&Change the passphrase…", "change_passphrase",
         partial(conversion_flow, "rekey"), encrypted),
        (security, "&Remove the encryption…", "decrypt_project",
         partial(conversion_flow, "decrypt"), encrypted),
    ]  # fmt: skip
    for where, text, name, flow, enabled in entries:
        action = where.addAction(text)
        action.setObjectName(name)
        action.setEnabled(enabled and not window.session.project.read_only)
        action.triggered.connect(lambda _checked=False, f=flow: f(window, path, window.reopen))


@dataclass(frozen=True, slots=True)
class _Conversion:
    kind: Conversion
    title: str
    intro: str  # {name} is the project file's name
    current: bool  # asks for the current passphrase
    new: bool  # asks for a new one, twice


_CONVERSIONS = {
    "encrypt": _Conversion("encrypt", "Encrypt the project",
                           "{name} and its backups will be encrypted. The project closes and "
                           "opens again. " + KEEP_IT_SAFE, current=False, new=True),
    "rekey": _Conversion("rekey", "Change the passphrase",
                         "{name} and its backups will take the new passphrase. The project "
                         "closes and opens again.", current=True, new=True),
    "decrypt": _Conversion("decrypt", "Remove the encryption",
                           "{name} and its backups will be stored unencrypted: anyone with the "
                           "file can read it. Only do this if the data allow it.",
                           current=True, new=False),
}  # fmt: skip


def conversion_flow(
    kind: Conversion, parent: QWidget, path: Path, reopen: Callable[..., None]
) -> None:
    """Ask for the passphrases ``kind`` needs, then close, convert and reopen the project."""
    spec = _CONVERSIONS[kind]
    dialog = PassphraseDialog(spec.title, spec.intro.format(name=path.name),
                              current=spec.current, new=spec.new, parent=parent)  # fmt: skip
    if dialog.exec() == QDialog.DialogCode.Accepted:
        old, new = dialog.values()
        reopen(path, lambda: convert(path, kind, old=old, new=new), new)


def restore_flow(parent: QWidget, path: Path, reopen: Callable[..., None]) -> None:
    backups = list_backups(path)
    if not backups:
        QMessageBox.information(parent, "Restore a backup", f"{path.name} has no backups yet.")
        return
    labels = [
        f"{b.created.astimezone().strftime('%d %b %Y %H:%M:%S')} ({b.reason})" for b in backups
    ]
    chosen, ok = QInputDialog.getItem(
        parent,
        "Restore a backup",
        "Replace the project with this backup (the current state is kept as a backup):",
        labels,
        0,
        False,
    )
    if ok and chosen in labels:
        backup = backups[labels.index(chosen)].path
        reopen(path, lambda: restore(path, backup), None)
