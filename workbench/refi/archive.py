"""Writing export files whole or not at all: a .qdpx archive and a single .qdc file.

Everything is written to a hidden file beside the target and renamed over it at the end, so
a failed export (no such folder, no permission, a full disk) leaves no half-written file and
an older export of the same name untouched. The archive holds ``project.qde`` at its root and
each source as ``sources/<guid>.txt`` (UTF-8, no BOM, LF), flat, as the standard's §8 asks.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.refi.names import MAX_INTERNAL_FILE_BYTES, PROJECT_FILE, SOURCES_FOLDER

if TYPE_CHECKING:
    from collections.abc import Iterable

# Level 1 deflate: measured on 11 MB of transcripts and XML, 40% of level 6's time for a file
# 18% larger.
COMPRESS_LEVEL = 1


class ExportWriteError(WorkbenchError):
    """The export could not be written where the user asked."""


def check_target(path: Path) -> None:
    """Refuse at once a target whose folder is missing, before any work is done."""
    if not path.parent.is_dir():
        raise ExportWriteError(f"Cannot write {path.name}: the folder {path.parent} does not exist")


def _aside(path: Path) -> Path:
    """A new hidden file in the target's folder, or a plain-words error."""
    check_target(path)
    folder = path.parent
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=path.suffix)
    except PermissionError as exc:
        raise ExportWriteError(
            f"Cannot write {path.name}: you do not have permission to write in {folder}"
        ) from exc
    except OSError as exc:
        raise ExportWriteError(f"Cannot write {path.name}: {exc.strerror or exc}") from exc
    os.close(handle)
    return Path(name)


def _finish(temp: Path, path: Path) -> None:
    try:
        temp.replace(path)
    except OSError as exc:
        raise ExportWriteError(f"Cannot write {path.name}: {exc.strerror or exc}") from exc


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole, or raise :class:`ExportWriteError` leaving no file."""
    temp = _aside(path)
    try:
        try:
            temp.write_bytes(data)
        except OSError as exc:
            raise ExportWriteError(f"Cannot write {path.name}: {exc.strerror or exc}") from exc
        _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def source_bytes(text: str) -> bytes:
    """A source's text as stored in the archive: UTF-8, no BOM.

    A lone surrogate (which UTF-8 cannot hold) becomes "?": one character for one, so every
    offset still points where it did."""
    data = text.encode("utf-8", "replace")
    if len(data) > MAX_INTERNAL_FILE_BYTES:
        raise ExportWriteError("A document is larger than the 2 GB a .qdpx file may hold")
    return data


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # a readable file once unpacked on Unix
    return info


def write_qdpx(path: Path, project_xml: bytes, sources: Iterable[tuple[str, bytes]]) -> None:
    """Write a .qdpx: ``project.qde`` and each ``(file name, bytes)`` under ``sources/``."""
    temp = _aside(path)
    try:
        try:
            with zipfile.ZipFile(temp, "w") as archive:
                archive.writestr(_entry(PROJECT_FILE), project_xml, compresslevel=COMPRESS_LEVEL)
                for name, data in sources:
                    entry = _entry(f"{SOURCES_FOLDER}/{name}")
                    archive.writestr(entry, data, compresslevel=COMPRESS_LEVEL)
        except OSError as exc:
            raise ExportWriteError(f"Cannot write {path.name}: {exc.strerror or exc}") from exc
        _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)
