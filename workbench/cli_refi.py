"""REFI-QDA from the command line: ``workbench export PROJECT.qwb OUT.qdpx|OUT.qdc``.

The export rides on the existing ``export`` command, which calls :func:`export_refi` for the
two REFI suffixes; :func:`add_parsers` therefore adds no command of its own. The REFI modules
(and lxml) load only when an export runs, so the command line starts as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.errors import OperationError

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

REFI_SUFFIXES = (".qdpx", ".qdc")


def add_parsers(sub: Any) -> None:
    """Nothing to add: ``export`` takes .qdpx and .qdc through :func:`export_refi`."""
    del sub


def export_refi(project: Project, out_path: Path) -> str:
    """Export ``project`` to ``out_path`` (.qdpx: the whole project; .qdc: its codebook).

    Returns the line to show the user. Raises a :class:`~workbench.errors.WorkbenchError`
    subclass, with nothing written, when the file cannot be written or would not validate."""
    suffix = out_path.suffix.lower()
    if suffix == ".qdpx":
        from workbench.refi.export_qde import export_qdpx

        summary = export_qdpx(project, out_path)
        return f"Wrote {out_path} ({summary.describe()})"
    if suffix == ".qdc":
        from workbench.refi.export_qdc import export_qdc

        codes = export_qdc(project, out_path)
        return f"Wrote {out_path} ({codes} codes)"
    raise OperationError(f"{out_path.name}: a REFI-QDA export is a .qdpx or a .qdc file")
