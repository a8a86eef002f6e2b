"""Offering a damaged project's newest good backup in its place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.recovery import newest_good_backup, restore

if TYPE_CHECKING:
    from pathlib import Path


def offer_newest_good_backup(parent: QWidget | None, path: Path, problem: str) -> bool:
    """Ask whether to replace the damaged ``path`` with its newest good backup; True if done."""
    found = newest_good_backup(path)
    if found is None:
        QMessageBox.warning(
            parent, "Cannot open project", f"{problem}\n\nNo backup of it passes the check."
        )
        return False
    when = found.created.astimezone().strftime("%d %B %Y at %H:%M")
    answer = QMessageBox.question(
        parent,
        "Project damaged",
        f"{path.name} is damaged and cannot be read.\n\nReplace it with its newest good backup, "
        f"made on {when}? Work done since then is lost; the damaged file is kept in the "
        "backup folder.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restore(path, found.path)
    return True
