"""What every hostile case checks: a plain reason naming the file, an unchanged project, and
bounded memory.

The import a researcher runs is the one tested: :func:`import_files` for documents and
surveys, :func:`import_refi` for .qdpx and .qdc, on a real project file. "Unchanged" means
every row of every table (document texts, the search index, the audit log) is the same
before and after, read through a separate SQLite connection, and SQLite's integrity check
passes. Memory is tracemalloc's peak during the import: every Python allocation, in every
thread, including the bytes a zip bomb would unpack.
"""

from __future__ import annotations

import re
import sqlite3
import tracemalloc
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from workbench.cli_refi_import import import_refi
from workbench.importers.base import ImportFailure
from workbench.importing.service import import_files

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.project import Project

MB = 1024 * 1024
REFI = (".qdpx", ".qdc")
T = TypeVar("T")
State = dict[str, list[tuple[object, ...]]]

# A reason must never show the machinery: a traceback, a class name, Python's own phrases.
_MACHINERY = re.compile(
    r"Traceback|\w+(?:Error|Exception|Warning|Forbidden)\b|BadZipFile|NoneType|"
    r"has no attribute|object is not|unexpected keyword|not subscriptable|\bNone\b"
)


def project_state(path: Path) -> State:
    """Every row of every table, after SQLite's integrity check has said "ok"."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        return {n: connection.execute(f'SELECT * FROM "{n}"').fetchall() for (n,) in names}


def peak_memory(call: Callable[[], T]) -> tuple[T, int]:
    """``call()``'s result and the most memory Python held at once while it ran."""
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def assert_plain(reason: str) -> None:
    """One line of plain words a researcher can act on."""
    assert reason.strip(), "an empty reason"
    assert "\n" not in reason, reason
    assert len(reason) < 400, reason
    assert _MACHINERY.search(reason) is None, reason


@dataclass(frozen=True)
class Refusal:
    message: str  # what the researcher reads: “name.docx” and the reason
    peak: int  # bytes of memory held at most during the import


def refused(project: Project, path: Path, *, memory: int | None = None) -> Refusal:
    """Import ``path`` as a researcher would; it must be refused with a plain reason that
    names it, the project must be exactly as it was, and memory must stay under ``memory``
    (by default 32 MB plus four times the file's size)."""
    before = project_state(project.path)
    if path.suffix.lower() in REFI:
        message, peak = peak_memory(lambda: _refi_refusal(project, path))
    else:
        message, peak = peak_memory(lambda: _import_refusal(project, path))
    assert_plain(message)
    assert project_state(project.path) == before
    size = path.stat().st_size if path.is_file() else 0
    limit = memory if memory is not None else 32 * MB + 4 * size
    assert peak < limit, f"{peak // MB} MB held to refuse a {size // 1024} KB file"
    return Refusal(message, peak)


def _import_refusal(project: Project, path: Path) -> str:
    report = import_files(project, [path])
    assert report.imported == [], f"{path.name} was imported"
    assert report.skipped == []
    [(failed, reason)] = report.failed
    assert failed == path
    return f"“{path.name}” {reason}"


def _refi_refusal(project: Project, path: Path) -> str:
    try:
        report = import_refi(project, path)
    except ImportFailure as exc:
        message = str(exc)
    else:
        raise AssertionError(f"{path.name} was imported: {report.summary()}")
    assert message.startswith(f"“{path.name}” ")
    assert message.endswith("it was not imported and nothing was changed.")
    return message


def imported(project: Project, path: Path) -> list[int]:
    """Import ``path``; it must come in whole. The new documents' ids (none for a .qdc)."""
    if path.suffix.lower() in REFI:
        return import_refi(project, path).document_ids
    report = import_files(project, [path])
    assert report.failed == [], report.failed
    [(done, ids)] = report.imported
    assert done == path
    return ids


def document_texts(project: Project) -> list[str]:
    with closing(sqlite3.connect(project.path)) as connection:
        return [text for (text,) in connection.execute("SELECT text FROM documents ORDER BY id")]
