"""Importing REFI-QDA files (.qdpx projects, .qdc codebooks) from NVivo, ATLAS.ti, MAXQDA,
QualCoder, Taguette and others: the entry points the CLI and the GUI call.

``workbench import PROJECT.qwb FILE.qdpx|FILE.qdc`` runs :func:`import_refi`;
``workbench new PROJECT.qwb --from FILE.qdpx`` runs :func:`new_from_refi`. The whole file is
read and checked before the project is touched, then stored in one transaction: a refused
file (unsafe paths, a zip bomb, XML entity tricks, damage) raises :class:`ImportFailure`
with a message that names the file and says nothing was changed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from workbench.importers.base import ImportFailure
from workbench.importing.service import read_source
from workbench.progress import Cancelled
from workbench.project import Project
from workbench.refi.import_offsets import place_texts
from workbench.refi.import_parse import read_refi
from workbench.refi.import_report import RefiImportReport
from workbench.refi.import_store import store_refi

if TYPE_CHECKING:
    from workbench.progress import Progress
    from workbench.project import Coder
    from workbench.refi.import_model import RefiProject

REFI_SUFFIXES = (".qdpx", ".qdc")

__all__ = ["REFI_SUFFIXES", "RefiImportReport", "import_refi", "is_refi_file", "new_from_refi"]


logger = logging.getLogger(__name__)


def is_refi_file(path: Path) -> bool:
    """True for the files :func:`import_refi` reads (by extension)."""
    return path.suffix.lower() in REFI_SUFFIXES


def import_refi(project: Project, path: Path, progress: Progress | None = None) -> RefiImportReport:
    """Bring a .qdpx or .qdc into ``project``; the report says what could not come in."""
    return _store(project, read_refi_file(path), progress)


def new_from_refi(
    project_path: Path,
    refi_path: Path,
    *,
    coder: Coder | None = None,
    progress: Progress | None = None,
) -> RefiImportReport:
    """Create ``project_path`` from a .qdpx, titled with the file's project name.

    The file is checked before the project is created, and a failed or cancelled import
    removes the new project again, so there is never a half-made project."""
    refi = read_refi_file(refi_path)
    project = Project.create(project_path, title=refi.name or refi_path.stem, coder=coder)
    try:
        report = _store(project, refi, progress, new_project=True)
    except BaseException:
        project.close()
        _remove_project(project_path)
        raise
    project.close()
    if report.cancelled:
        _remove_project(project_path)
    return report


def read_refi_file(path: Path) -> RefiProject:
    """Read and check the whole file; :class:`ImportFailure` names it and why it was refused."""
    try:
        return read_refi(read_source(path), path.name)
    except ImportFailure as exc:
        raise ImportFailure(_refused(path, str(exc))) from None
    except Exception as exc:  # noqa: BLE001 - a library choking on a hostile file
        logger.warning("REFI-QDA file unreadable: %s", type(exc).__name__)  # never its name
        reason = "could not be read: it may be damaged, or not really a REFI-QDA file"
        raise ImportFailure(_refused(path, reason)) from None


def _refused(path: Path, reason: str) -> str:
    reason = reason.removesuffix(", so it was not opened")  # said again just after
    return f"“{path.name}” {reason}; it was not imported and nothing was changed."


def _store(
    project: Project, refi: RefiProject, progress: Progress | None, *, new_project: bool = False
) -> RefiImportReport:
    report = RefiImportReport(
        refi.file_name,
        origin=refi.origin,
        left_out=list(refi.left_out),
        warnings=list(refi.warnings),
    )
    placed = place_texts(refi, report)
    try:
        store_refi(project, refi, placed, report, progress, new_project=new_project)
    except Cancelled:
        return RefiImportReport(refi.file_name, origin=refi.origin, cancelled=True)
    except SQLAlchemyError as exc:
        logger.warning("REFI-QDA import not stored: %s", type(exc).__name__)
        reason = "could not be stored: the project may be busy, full or read-only"
        raise ImportFailure(_refused(Path(refi.file_name), reason)) from exc
    return report


def _remove_project(path: Path) -> None:
    """Delete a project this module created (and SQLite's and the lock's companion files)."""
    for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", ".lock"))):
        companion.unlink(missing_ok=True)
