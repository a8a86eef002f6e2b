"""Encrypting, re-keying and decrypting a closed project, as the app and the CLI offer it.

Each conversion takes the project's lock first, so nobody opens the project half-way, and
turns the storage layer's errors into plain-words :class:`OperationError` messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from storage import keys
from storage.encryption import change_passphrase, decrypt_project, encrypt_project
from storage.lock import ProjectLock
from storage.project_file import check_is_project
from workbench.errors import OperationError

if TYPE_CHECKING:
    from pathlib import Path

Conversion = Literal["encrypt", "decrypt", "rekey"]
MIN_LENGTH = 8


def is_encrypted_file(path: Path) -> bool:
    return path.is_file() and keys.looks_encrypted(path)


def convert(
    path: Path, conversion: Conversion, *, old: str | None = None, new: str | None = None
) -> None:
    """Encrypt (``new``), decrypt (``old``) or re-key (``old`` -> ``new``) the closed project.

    Raises :class:`storage.lock.ProjectLockedError` when it is open somewhere.
    """
    if not path.is_file():
        raise OperationError(f"{path.name} does not exist")
    lock = ProjectLock(path)
    lock.acquire()
    try:
        if not keys.looks_encrypted(path):
            check_is_project(path)
        if conversion == "encrypt":
            encrypt_project(path, _given(new))
        elif conversion == "decrypt":
            decrypt_project(path, _given(old))
        else:
            change_passphrase(path, _given(old), _given(new))
    except (ValueError, keys.WrongPassphraseError) as exc:
        raise OperationError(str(exc)) from None
    finally:
        lock.release()


def _given(passphrase: str | None) -> str:
    if passphrase is None:
        raise OperationError("A passphrase is needed")
    return passphrase
