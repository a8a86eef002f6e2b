"""``workbench review``: review packs for patient and public contributors.

``review export PROJECT PACK.qwbr`` writes a pseudonymised pack of chosen documents and codes;
``review import PROJECT PACK.qwbr`` brings the reviewers' feedback back; ``review list``
shows it per coding and per code, and ``review resolve`` marks it dealt with. Nothing here
prints a document's words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli_security import read_passphrase
from workbench.cli_support import coder_from, opened, say
from workbench.cli_synthesis import code_ids
from workbench.errors import OperationError
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    import argparse

    from workbench.project import Project
    from workbench.review.pack_export import PackSummary
    from workbench.review.pack_import import FeedbackItem

_SAID = {"agree": "agree", "disagree": "disagree", "unsure": "not sure"}


def add_parsers(sub: Any) -> None:
    review = sub.add_parser("review", help="review packs for patient and public contributors")
    actions = review.add_subparsers(dest="action", required=True, metavar="ACTION")

    export = actions.add_parser("export", help="write a pseudonymised review pack (.qwbr)")
    export.add_argument("project", type=Path)
    export.add_argument("pack", type=Path, help="the pack to write, e.g. PACK.qwbr")
    export.add_argument("--documents", nargs="+", metavar="NAME",
                        help="documents to include (default: all)")  # fmt: skip
    export.add_argument("--codes", nargs="+", metavar="CODE",
                        help="codes to include: name, Parent/Child or NASSS:4B "
                             "(default: every code applied in those documents)")  # fmt: skip
    export.add_argument("--pack-passphrase-env", metavar="VAR",
                        help="encrypt the pack with the passphrase in this variable "
                             "(required for an encrypted project)")  # fmt: skip
    export.add_argument("--replace", action="store_true", help="replace an existing pack")
    export.set_defaults(run=export_command)

    imp = actions.add_parser("import", help="bring a returned pack's feedback in")
    imp.add_argument("project", type=Path)
    imp.add_argument("pack", type=Path)
    imp.set_defaults(run=import_command)

    listing = actions.add_parser("list", help="the feedback per coding and per code")
    listing.add_argument("project", type=Path)
    listing.add_argument("--unresolved", action="store_true", help="only what is not resolved")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=list_command)

    resolve = actions.add_parser("resolve", help="mark feedback resolved (ids from 'list')")
    resolve.add_argument("project", type=Path)
    resolve.add_argument("ids", type=int, nargs="+", metavar="ID")
    resolve.add_argument("--reopen", action="store_true", help="mark it unresolved again")
    resolve.set_defaults(run=resolve_command)


# ---------------------------------------------------------------------- export
def export_command(args: argparse.Namespace) -> int:
    from workbench.review.pack_export import export_pack, pack_candidates

    pack_passphrase = None
    if args.pack_passphrase_env is not None:  # before anything is read: never a plain pack
        pack_passphrase = read_passphrase(args.pack_passphrase_env, "Pack passphrase: ")
    if args.pack.exists() and not args.replace:
        raise OperationError(f"{args.pack.name} already exists: choose another name, or "
                             "add --replace (a reviewer's work in it would be lost)")  # fmt: skip
    with opened(args.project, args.coder) as project:
        chosen = document_ids(project, args.documents) if args.documents else None
        documents, codes = pack_candidates(project, chosen)
        summary = export_pack(project, args.pack, document_ids=documents,
                              code_ids=code_ids(project, args.codes) or codes,
                              made_by=coder_from(args.coder).name,
                              passphrase=pack_passphrase)  # fmt: skip
    for line in summary_lines(summary):
        say(line)
    return 0


def document_ids(project: Project, names: list[str]) -> list[int]:
    documents = list_documents(project)
    ids = []
    for name in names:
        found = [d.id for d in documents if d.name.casefold() == name.strip().casefold()]
        if not found:
            raise OperationError(f"There is no document called “{name}”")
        if len(found) > 1:
            raise OperationError(f"“{name}” names {len(found)} documents: rename one first")
        ids.append(found[0])
    return ids


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_lines(summary: PackSummary) -> list[str]:
    """What went into a pack, in plain words (names, never a document's words)."""
    counts = [_n(summary.documents, "document"), _n(summary.codes, "code"),
              _n(summary.codings, "coded passage")]  # fmt: skip
    lines = [f"Wrote {summary.path.name}: {', '.join(counts)} to review."]
    if summary.no_pseudonym_map:
        lines.append("Warning: the project has no pseudonym map, so names in the documents "
                     "went into the pack as they are.")  # fmt: skip
    if summary.unmapped_names:
        lines.append("Not in the pseudonym map, so in the pack as they are: "
                     f"{', '.join(summary.unmapped_names)}. If any is a real name, add it to "
                     "the map and export again.")  # fmt: skip
    if summary.codes_without_codings:
        lines.append("Applied in none of the chosen documents (reviewers can still comment on "
                     f"the code): {', '.join(summary.codes_without_codings)}.")  # fmt: skip
    if summary.documents_without_codings:
        lines.append("No passage to review (reviewers can still read them): "
                     f"{', '.join(summary.documents_without_codings)}.")  # fmt: skip
    if summary.emptied_codings:
        lines.append(f"Left out {_n(summary.emptied_codings, 'coding')} of nothing but a name "
                     "the pseudonym map replaces with nothing.")  # fmt: skip
    return lines


# ---------------------------------------------------------------------- import, list, resolve
def import_command(args: argparse.Namespace) -> int:
    from workbench.review.pack_import import import_feedback

    with opened(args.project, args.coder) as project:
        report = import_feedback(project, args.pack)
    for line in report.lines():
        say(line)
    return 0


def list_command(args: argparse.Namespace) -> int:
    from workbench.review.pack_import import review_feedback

    with opened(args.project, args.coder, read_only=True) as project:
        items = [i for i in review_feedback(project) if not (args.unresolved and i.resolved)]
    if args.json:
        say(json.dumps({"feedback": [_as_dict(i) for i in items]}, indent=2, ensure_ascii=False))
        return 0
    if not items:
        say("No feedback" + (" left to resolve." if args.unresolved else " yet."))
    for item in items:
        for line in item_lines(item):
            say(line)
    return 0


def item_lines(item: FeedbackItem) -> list[str]:
    """One target's feedback: what it is about, the counts, then each reviewer's word."""
    if item.target_kind == "coding":
        what = f"{item.code_path} · {item.document_name} {item.start}-{item.end}"
    elif item.target_kind == "code":
        what = f"{item.code_path} (the code as a whole)"
    else:
        what = f"{item.document_name} (the whole document)"
    if item.gone:
        what = f"{item.target_kind} {item.target_id}, removed since"
    counts = f"{item.agree} agree, {item.disagree} disagree, {item.unsure} not sure"
    state = "resolved" if item.resolved else f"{item.unresolved} to resolve"
    lines = [f"{what}: {counts}; {state}"]
    for r in item.reviews:
        said = f"  [{r.id}] {r.reviewer}: {_SAID[r.verdict]}"
        said += f"; suggests “{r.suggested_code}”" if r.suggested_code else ""
        said += f"; “{r.comment}”" if r.comment else ""
        lines.append(said + (f" (resolved by {r.resolved_by})" if r.resolved else ""))
    return lines


def _as_dict(item: FeedbackItem) -> dict[str, Any]:
    return {
        "about": item.target_kind, "id": item.target_id, "code": item.code_path,
        "document": item.document_name, "start": item.start, "end": item.end,
        "gone": item.gone, "agree": item.agree, "disagree": item.disagree,
        "unsure": item.unsure, "comments": item.comments, "resolved": item.resolved,
        "reviews": [
            {"id": r.id, "reviewer": r.reviewer, "verdict": r.verdict, "comment": r.comment,
             "suggested_code": r.suggested_code, "at": r.created_at.isoformat(),
             "resolved_by": r.resolved_by}
            for r in item.reviews
        ],
    }  # fmt: skip


def resolve_command(args: argparse.Namespace) -> int:
    from workbench.commands import Macro
    from workbench.review.ops import ResolveReview

    with opened(args.project, args.coder) as project:
        steps = [ResolveReview(i, not args.reopen, user_id=project.user_id) for i in args.ids]
        project.execute(Macro(steps[0].label, steps))
    word = "unresolved" if args.reopen else "resolved"
    say(f"Marked {_n(len(args.ids), 'piece')} of feedback {word}.")
    return 0
