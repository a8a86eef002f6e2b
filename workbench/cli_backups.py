"""``workbench backups PROJECT`` and ``workbench restore PROJECT [BACKUP | --newest-good]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import keys
from workbench.cli_support import say
from workbench.errors import OperationError
from workbench.recovery import is_intact, list_backups, newest_good_backup, restore

if TYPE_CHECKING:
    import argparse


def add_parsers(sub: Any) -> None:
    listing = sub.add_parser("backups", help="list a project's backups, newest first")
    listing.add_argument("project", type=Path)
    listing.add_argument("--check", action="store_true", help="run the integrity check on each")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=backups_command)
    back = sub.add_parser("restore", help="replace a project with one of its backups")
    back.add_argument("project", type=Path)
    which = back.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", type=Path, nargs="?", help="the backup file to restore")
    which.add_argument("--newest-good", action="store_true",
                       help="the newest backup that passes the integrity check")  # fmt: skip
    back.set_defaults(run=restore_command)


def backups_command(args: argparse.Namespace) -> int:
    rows = []
    for backup in list_backups(args.project):
        row: dict[str, Any] = {"file": str(backup.path), "created": backup.created.isoformat(),
                               "reason": backup.reason}  # fmt: skip
        if args.check:
            row["intact"] = _intact(args.project, backup.path)
        rows.append(row)
    if args.json:
        say(json.dumps(rows, indent=2))
        return 0
    if not rows:
        say(f"{args.project.name} has no backups yet")
    for row in rows:
        state = "" if "intact" not in row else ("  ok" if row["intact"] else "  DAMAGED")
        say(f"{row['created'][:19]}  {row['reason']:<16} {Path(row['file']).name}{state}")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    if args.newest_good:
        found = newest_good_backup(args.project)
        if found is None:
            raise OperationError(f"{args.project.name} has no backup that passes the check")
        chosen = found.path
    else:
        chosen = args.backup
        if not chosen.is_file():
            raise OperationError(f"{chosen} does not exist")
        if not _intact(args.project, chosen):
            raise OperationError(f"{chosen.name} is damaged (or needs another passphrase)")
    kept = restore(args.project, chosen)
    say(f"Restored {args.project.name} from {chosen.name}; the file it replaced is kept as "
        f"{kept.name}")  # fmt: skip
    return 0


def _intact(project: Path, backup: Path) -> bool:
    """Check ``backup`` with the project's passphrase (backups share it)."""
    passphrase = keys.passphrase_for(project)
    if passphrase is not None:
        keys.remember(backup, passphrase)
    try:
        return is_intact(backup)
    finally:
        if passphrase is not None:
            keys.forget(backup)
