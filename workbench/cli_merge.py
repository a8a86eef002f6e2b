"""``workbench merge PROJECT OTHER [--dry-run] [--json]``: bring another coder's project in.

The preview (what is added, what matched and how, what is in conflict) is printed in plain
words; ``--dry-run`` prints it and changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli_support import opened, say
from workbench.errors import OperationError
from workbench.merge.from_project import bundle_from_file
from workbench.merge.ops import MergeBundle, preview_merge

if TYPE_CHECKING:
    import argparse

    from workbench.merge.plan_state import Item, MergePlan

_HOW = {
    "sha256": "by content hash", "same text": "by identical text", "guid": "by guid",
    "name+place": "by name and place in the tree", "name": "by name",
    "same passage": "as the same passage", "same value": "as the same value",
    "same memo": "as the same memo",
}  # fmt: skip
_LISTED = ("document", "code", "case", "attribute", "user")


def add_parsers(sub: Any) -> None:
    merge = sub.add_parser("merge", help="merge another coder's project (.qwb or .qdpx) into this")
    merge.add_argument("project", type=Path)
    merge.add_argument("other", type=Path, help="the other coder's project: .qwb or .qdpx")
    merge.add_argument("--dry-run", action="store_true", help="show the preview; change nothing")
    merge.add_argument("--json", action="store_true", help="machine-readable output")
    merge.set_defaults(run=merge_command)


def merge_command(args: argparse.Namespace) -> int:
    if args.other.resolve() == args.project.resolve():
        raise OperationError("That is this project itself: choose the other coder's file")
    bundle = bundle_from_file(args.other)
    with opened(args.project, args.coder, read_only=args.dry_run) as project:
        if args.dry_run:
            plan = preview_merge(project, bundle)
        else:
            command = MergeBundle(bundle, user_id=project.user_id)
            project.execute(command)
            assert command.plan is not None
            plan = command.plan
    if args.json:
        say(json.dumps({"dry_run": args.dry_run, **plan.as_dict()}, indent=2, ensure_ascii=False))
        return 0
    for line in preview_lines(plan, done=not args.dry_run):
        say(line)
    return 0


# ---------------------------------------------------------------------- the preview in words
def _count(n: int, kind: str) -> str:
    return f"{n} {kind}{'' if n == 1 else 's'}"


def _totals(items: tuple[Item, ...]) -> str:
    counts: Counter[str] = Counter()
    for item in items:
        counts[item.kind] += item.count
    return ", ".join(_count(n, kind) for kind, n in counts.items())


def preview_lines(plan: MergePlan, *, done: bool) -> list[str]:
    """The preview as a person reads it: added, matched (and how), in conflict."""
    lines = [
        f"Merged {plan.source}." if done else f"Merging {plan.source} would do this "
        "(a dry run: nothing was changed)."
    ]  # fmt: skip
    if plan.adds_nothing:
        lines.append("Nothing new to add: everything in it is already here.")
    else:
        lines.append(("Added: " if done else "Would add: ") + _totals(plan.added) + ".")
        for item in plan.added:
            if item.kind in _LISTED:
                lines.append(f"  + {item.kind} “{item.name}”")
            elif item.kind == "coding":
                lines.append(f"  + {_count(item.count, 'coding')} by {item.name}")
    if plan.matched:
        lines.append("Already here: " + _totals(plan.matched) + ".")
        how: Counter[tuple[str, str]] = Counter()
        for item in plan.matched:
            how[(item.kind, item.how)] += item.count
        for (kind, way), n in how.items():
            lines.append(f"  = {_count(n, kind)} matched {_HOW.get(way, way)}")
    if plan.conflicts:
        lines.append("In conflict (this project's version is kept) or left out:")
        for item in plan.conflicts:
            what = _count(item.count, "coding") + " on" if item.kind == "coding" else item.kind
            lines.append(f"  ! {what} “{item.name}”: {item.note}")
    return lines
