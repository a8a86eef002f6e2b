"""Asking for an encrypted project's passphrase when it is opened.

The passphrase goes straight to :meth:`Project.open` and is not kept by the window: it is
never written to settings, recent files or logs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from workbench.project import Project, ProjectEncryptedError, WrongPassphraseError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.project import Coder

ATTEMPTS = 3
T = TypeVar("T")


def open_with_passphrase(
    parent: QWidget | None, path: Path, coder: Coder, *, read_only: bool = False
) -> Project | None:
    """Open ``path``, asking for its passphrase if it is encrypted; None if the user gives up.

    Errors other than a missing or wrong passphrase reach the caller unchanged.
    """
    return ask_until_open(
        parent,
        path,
        lambda passphrase: Project.open(
            path, coder=coder, read_only=read_only, passphrase=passphrase
        ),
    )


def ask_until_open(
    parent: QWidget | None, path: Path, opener: Callable[[str | None], T]
) -> T | None:
    """``opener(None)``, then ``opener(passphrase)`` with what the user types while it is
    encrypted and the passphrase is wrong (three tries); None if they cancel or run out."""
    try:
        return opener(None)
    except ProjectEncryptedError:
        pass
    prompt = f"{path.name} is encrypted. Type its passphrase:"
    for attempt in range(ATTEMPTS):
        passphrase, ok = QInputDialog.getText(
            parent, "Encrypted project", prompt, QLineEdit.EchoMode.Password
        )
        if not ok:
            return None
        try:
            return opener(passphrase)
        except WrongPassphraseError:
            left = ATTEMPTS - attempt - 1
            prompt = (
                f"That passphrase does not open {path.name} (passphrases are case-sensitive). "
                f"Try again ({left} {'try' if left == 1 else 'tries'} left):"
            )
    QMessageBox.warning(parent, "Cannot open project", f"{path.name} was not opened.")
    return None
