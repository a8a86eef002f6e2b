"""The audit log (or the filtered part of it) as a .csv file a spreadsheet opens.

UTF-8 with a byte-order mark, so Excel reads names as Unicode; cells a spreadsheet would run as
a formula are written as text, as in :mod:`workbench.exporters.tabular`. The file is written
beside its destination and renamed into place, so a failed or cancelled export leaves no half
file behind.
"""

from __future__ import annotations

import csv
from datetime import UTC
from typing import TYPE_CHECKING

from workbench.exporters.written import aside, cell_safe

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from workbench.progress import Progress
    from workbench.queries.audit import AuditRow

HEADER = (
    "time (UTC)", "person", "operation", "action", "object kind", "object id", "change",
    "before", "after",
)  # fmt: skip
_CHECK_EVERY = 500  # rows between two looks at the Cancel button


def audit_cells(row: AuditRow) -> tuple[str | int, ...]:
    """One row of the file: the time in ISO 8601 UTC, then who, what and the values."""
    when = row.at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    return (
        when, row.user, row.operation, row.action, row.object_kind,
        "" if row.object_id is None else row.object_id, row.summary, row.before, row.after,
    )  # fmt: skip


def write_audit_csv(
    rows: Iterable[AuditRow], path: Path, *, progress: Progress | None = None
) -> int:
    """Write ``rows`` to ``path``; the number of rows written. With ``progress``, a cancel
    raises :class:`~workbench.progress.Cancelled` and leaves ``path`` as it was."""
    temp = aside(path)
    count = 0
    try:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for row in rows:
                writer.writerow([cell_safe(cell) for cell in audit_cells(row)])
                count += 1
                if progress is not None and count % _CHECK_EVERY == 0:
                    progress.check()
                    progress.advance(_CHECK_EVERY)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return count
