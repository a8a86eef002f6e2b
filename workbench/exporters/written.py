"""Writing an export so that a failure never leaves half a file: beside the target, renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def aside(path: Path) -> Path:
    """A new hidden file in the target's folder, to be renamed over the target when complete."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=path.suffix)
    os.close(handle)
    return Path(temp)


def save_beside(path: Path, save: Callable[[Path], object]) -> None:
    """``save(temp)`` into a file beside ``path``, then put it in place; nothing is left behind
    when ``save`` fails."""
    temp = aside(path)
    try:
        save(temp)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)


def cell_safe(value: str | int) -> str | int:
    """Text a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
