"""The ``workbench`` command line: a contract that scripts, benchmarks and tests rely on.

Exit status: 0 when everything asked for was done, 1 when something failed (each failure on
its own line on stderr), 2 for a mistake in the command itself. No traceback is ever shown
for a user error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import (
    cli_agreement,
    cli_anonymise,
    cli_backups,
    cli_merge,
    cli_nlp,
    cli_review,
    cli_search,
    cli_security,
    cli_suggest,
)
from workbench import cli_commands as commands
from workbench import cli_synthesis as synthesis
from workbench.cli_support import UserError, fail

if TYPE_CHECKING:
    from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description="Qualitative Workbench: projects from the command line."
    )
    parser.add_argument(
        "--coder",
        default=os.environ.get("WORKBENCH_CODER"),
        help="name recorded on your work (default: $WORKBENCH_CODER or your login name)",
    )
    cli_security.add_global_option(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _new_and_import(sub)

    book = sub.add_parser("codebook", help="add a codebook template, or list the codebook")
    book.add_argument("project", type=Path)
    book_sub = book.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = book_sub.add_parser("add", help="add a template (nasss, tdf, comb, ...)")
    add.add_argument("template")
    add.set_defaults(run=commands.codebook_add)
    listing = book_sub.add_parser("list", help="list the project's codes and the templates")
    listing.set_defaults(run=commands.codebook_list)

    code = sub.add_parser("code", help="code every hit of a text or regular expression")
    code.add_argument("project", type=Path)
    code.add_argument("--code", required=True, help="code name, Parent/Child path or NASSS:4B")
    what = code.add_mutually_exclusive_group(required=True)
    what.add_argument("--pattern", help="a regular expression")
    what.add_argument("--text", help="plain text (case-insensitive)")
    code.add_argument("--whole-words", action="store_true")
    code.add_argument("--create", action="store_true", help="create the code if it is missing")
    code.set_defaults(run=commands.code)

    export = sub.add_parser(
        "export", help="export the Word synthesis report (.docx), the framework matrix or "
        "segments (.xlsx), or segments (.csv)"
    )  # fmt: skip
    export.add_argument("project", type=Path)
    export.add_argument("out", type=Path)
    export.add_argument("--quotes-per-code", type=int, default=None)
    synthesis.add_export_options(export)
    export.set_defaults(run=commands.export)
    synthesis.add_parsers(sub)
    cli_agreement.add_parsers(sub)
    cli_merge.add_parsers(sub)
    cli_review.add_parsers(sub)
    cli_nlp.add_parsers(sub)
    cli_search.add_parsers(sub)
    cli_security.add_parsers(sub)
    cli_backups.add_parsers(sub)
    cli_suggest.add_parsers(sub)
    cli_anonymise.add_parsers(sub)

    stats = sub.add_parser("stats", help="counts of documents, cases, codes and codings")
    stats.add_argument("project", type=Path)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(run=commands.stats)

    demo = sub.add_parser("demo", help="build the demo project in a folder")
    demo.add_argument("folder", type=Path)
    demo.set_defaults(run=commands.demo)
    return parser


def _new_and_import(sub: Any) -> None:
    new = sub.add_parser("new", help="create an empty project")
    new.add_argument("project", type=Path)
    new.add_argument("--title", default="")
    new.add_argument("--encrypt", action="store_true",
                     help="encrypt the project (passphrase: see --passphrase-env)")  # fmt: skip
    new.add_argument("--from", dest="source", type=Path, metavar="FILE.qdpx",
                     help="make the project from a REFI-QDA project or codebook")  # fmt: skip
    new.set_defaults(run=commands.new)

    imp = sub.add_parser(
        "import", help="import transcripts, notes or a survey, or a REFI-QDA .qdpx/.qdc"
    )
    imp.add_argument("project", type=Path)
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imp.add_argument("--kind", choices=["transcript", "notes", "survey", "other"])
    imp.add_argument("--folder", default="", help="navigator folder for the new documents")
    imp.add_argument("--survey-id", metavar="COL", help="survey column naming the respondent")
    imp.add_argument("--survey-text", metavar="COL", nargs="+", help="free-text columns")
    imp.add_argument("--survey-attr", metavar="COL", nargs="+", help="attribute columns")
    imp.add_argument(
        "--no-cases", action="store_true", help="do not make a case of each participant"
    )
    imp.set_defaults(run=commands.import_)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with cli_security.project_passphrase(args):
            return int(args.run(args))
    except UserError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("stopped; the project is as it was before this command")
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
