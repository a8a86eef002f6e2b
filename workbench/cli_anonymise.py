"""``workbench anonymise``: list identifying details in documents and, with --apply, replace them.

Without --apply nothing in the project changes (the file is opened read-only unless names are
added). With --apply the accepted detections (all of them, unless someone rejected some in the
review screen) are replaced with the project's consistent pseudonyms, every coding moves with
its words, and a coding left covering only a pseudonym is listed so it can be checked.

The output shows the identifying text itself, since reviewing it is the point; it goes to the
terminal only, never to a log.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.backup import backup_dir_for
from storage.models import Code, Document
from workbench.cli_review import document_ids
from workbench.cli_support import TerminalProgress, opened, say
from workbench.deid import AddName, apply_deidentification, detect
from workbench.errors import OperationError

if TYPE_CHECKING:
    import argparse

    from workbench.deid import ApplyReport, Detection
    from workbench.project import Project

KEEP_HELP = (
    "keep the identifiable original text and source file inside the project (the default "
    "for an encrypted project)"
)
DELETE_HELP = (
    "delete the identifiable original (the default for an unencrypted project, where a kept "
    "original would sit readable beside the pseudonymised text)"
)


def add_parsers(sub: Any) -> None:
    anon = sub.add_parser(
        "anonymise", help="list names, places, dates and identifiers; --apply replaces them"
    )
    anon.add_argument("project", type=Path)
    anon.add_argument(
        "--documents", nargs="+", metavar="NAME", help="documents to look in (default: all)"
    )
    anon.add_argument(
        "--apply", action="store_true", help="replace the accepted detections with pseudonyms"
    )
    original = anon.add_mutually_exclusive_group()
    original.add_argument("--keep-original", action="store_true", help=KEEP_HELP)
    original.add_argument("--delete-original", action="store_true", help=DELETE_HELP)
    anon.add_argument(
        "--add-name",
        action="append",
        default=[],
        metavar="TEXT[=REPLACEMENT]",
        help="a name to find in every document (a participant, their hospital, "
        "their town), with the replacement to use; repeat for more",
    )
    anon.add_argument(
        "--package",
        metavar="NAME",
        help="spaCy pipeline for names and places, or 'blank' for rules",
    )
    anon.add_argument("--json", action="store_true", help="machine-readable output")
    anon.set_defaults(run=anonymise_command)


def anonymise_command(args: argparse.Namespace) -> int:
    if (args.keep_original or args.delete_original) and not args.apply:
        raise OperationError("--keep-original and --delete-original only make sense with --apply")
    names = [_name_and_replacement(item) for item in args.add_name]
    writing = bool(args.apply or names)
    with opened(args.project, args.coder, read_only=not writing) as project:
        for name, replacement in names:
            project.execute(AddName(name=name, replacement=replacement))
        ids = document_ids(project, args.documents) if args.documents else _all(project)
        detections = detect(project, ids, configured=args.package, progress=TerminalProgress())
        report = None
        if args.apply:
            keep = args.keep_original or (project.encrypted and not args.delete_original)
            report = apply_deidentification(project, ids, detections, keep_original=keep)
        result = _result(project, args, ids, detections, report, len(names))
    if args.json:
        say(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print(result)
    return 0


def _name_and_replacement(item: str) -> tuple[str, str]:
    name, _, replacement = item.partition("=")
    if not name.strip():
        raise OperationError(f"--add-name “{item}” has no name before the '='")
    return name.strip(), replacement.strip()


def _all(project: Project) -> list[int]:
    with project.reading() as session:
        return list(session.scalars(select(Document.id).order_by(Document.id)))


def _result(
    project: Project,
    args: argparse.Namespace,
    ids: list[int],
    detections: list[Detection],
    report: ApplyReport | None,
    names_added: int,
) -> dict[str, Any]:
    from coding.nlp.pipeline import load_pipeline

    loaded = load_pipeline(args.package)
    with project.reading() as session:
        rows = session.execute(select(Document.id, Document.name).where(Document.id.in_(ids)))
        names = {int(i): str(n) for i, n in rows}
    result: dict[str, Any] = {
        "pipeline": loaded.name,
        "trained": loaded.trained,
        "names_added": names_added,
        "documents": [{"id": d, "name": names[d]} for d in ids],
        "detections": [_detection(d, names) for d in detections],
        "applied": report is not None,
        "original": None,
        "replaced": 0,
        "codings_moved": 0,
        "codings_lost": [],
        "warnings": [],
    }
    if report is not None:
        result |= _applied(project, report, names)
    return result


def _detection(d: Detection, names: dict[int, str]) -> dict[str, Any]:
    return {
        "document": names[d.document_id],
        "document_id": d.document_id,
        "label": d.label,
        "start": d.start,
        "end": d.end,
        "text": d.text,
        "replacement": d.replacement,
        "verdict": d.verdict,
        "source": d.source,
    }


def _applied(project: Project, report: ApplyReport, names: dict[int, str]) -> dict[str, Any]:
    with project.reading() as session:
        code_ids = {lost.code_id for lost in report.lost}
        rows = session.execute(select(Code.id, Code.name).where(Code.id.in_(code_ids)))
        codes = {int(i): str(n) for i, n in rows}
    lost = [
        {
            "coding_id": item.coding_id,
            "code": codes.get(item.code_id, ""),
            "document": names[item.document_id],
            "document_id": item.document_id,
            "start": item.start,
            "end": item.end,
            "now_covers": project.document_text(item.document_id)[item.start : item.end],
        }
        for item in report.lost
    ]
    warnings = []
    backups = backup_dir_for(project.path)
    if backups.is_dir() and any(backups.iterdir()):
        warnings.append(
            f"Backups made before this step, in {backups}, still hold the identifiable text: "
            "delete them once you no longer need them."
        )
    return {
        "original": report.original,
        "replaced": report.replacements,
        "codings_moved": len(report.codings_moved),
        "codings_lost": lost,
        "warnings": warnings,
    }


def _print(result: dict[str, Any]) -> None:
    say(f"Language pipeline: {result['pipeline']}")
    for d in result["detections"]:
        mark = "" if d["verdict"] == "accepted" else " (rejected)"
        say(
            f"{d['document']} {d['start']}-{d['end']} {d['label']}: "
            f"{' '.join(d['text'].split())} -> {d['replacement']}{mark}"
        )
    count = len(result["detections"])
    say(f"{count} detection{'' if count == 1 else 's'} in {len(result['documents'])} document(s)")
    if not result["applied"]:
        if count:
            say("Nothing was changed; add --apply to replace the accepted detections.")
        return
    say(
        f"Replaced {result['replaced']} passage(s); {result['codings_moved']} coding(s) moved "
        f"with their words; the identifiable original was {result['original']}."
    )
    for lost in result["codings_lost"]:
        say(
            f"Check coding {lost['coding_id']} ({lost['code']}) in {lost['document']}: all its "
            f"text was replaced, it now covers only {lost['now_covers']}"
        )
    for warning in result["warnings"]:
        say(f"Warning: {warning}")
