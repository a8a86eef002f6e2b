"""``workbench search``: find text, a regular expression or a word's lemma across documents.

Each hit is printed with its document, its paragraph (counted as non-blank lines, which is how
importers lay out paragraphs and speaker turns) and a little context either side. Lemma search
is whole-word and case-insensitive by nature, so it takes neither --regex nor --case-sensitive.
--documents, --cases and --codes limit the search (see ``workbench.queries.search_scope``); an
unknown name is an error that lists the names there are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli_support import fail, opened, say
from workbench.queries.search_scope import SearchOptions, scope_from_names, search_within

if TYPE_CHECKING:
    import argparse

    from workbench.project import Project
    from workbench.queries.search import Hit


def add_parsers(sub: Any) -> None:
    find = sub.add_parser("search", help="find text, a regular expression or a word's lemma")
    find.add_argument("project", type=Path)
    find.add_argument("query")
    how = find.add_mutually_exclusive_group()
    how.add_argument("--lemma", action="store_true",
                     help="match any form of the words (barrier finds barriers)")  # fmt: skip
    how.add_argument("--regex", action="store_true", help="the query is a regular expression")
    find.add_argument("--whole-words", action="store_true")
    find.add_argument("--case-sensitive", action="store_true")
    find.add_argument("--package", metavar="NAME",
                      help="spaCy pipeline for --lemma, or 'blank' for rules")  # fmt: skip
    for flag, limit in (
        ("--documents", "only these documents"),
        ("--cases", "only these cases' documents, spans and speakers' turns"),
        ("--codes", "only inside passages coded with these codes (name or path)"),
    ):
        find.add_argument(flag, nargs="+", default=[], metavar="NAME", help=f"search {limit}")
    find.add_argument("--json", action="store_true", help="machine-readable output")
    find.set_defaults(run=search_command)


def search_command(args: argparse.Namespace) -> int:
    if args.lemma and args.case_sensitive:
        return fail("--lemma matches every form of a word, so it cannot be --case-sensitive")
    with opened(args.project, args.coder, read_only=True) as project:
        hits = _hits(project, args)
        rows = [_row(project, hit) for hit in hits]
    if args.json:
        mode = "lemma" if args.lemma else "regex" if args.regex else "text"
        scope = {k: getattr(args, k) for k in ("documents", "cases", "codes") if getattr(args, k)}
        say(json.dumps({"query": args.query, "mode": mode, "scope": scope, "hits": rows},
                       indent=2, ensure_ascii=False))  # fmt: skip
        return 0
    for row in rows:
        context = f"{row['before']}[{row['match']}]{row['after']}"
        say(f"{row['document']} ¶{row['paragraph']}: {' '.join(context.split())}")
    say(f"{len(rows)} hit{'' if len(rows) == 1 else 's'}")
    return 0


def _hits(project: Project, args: argparse.Namespace) -> list[Hit]:
    scope = scope_from_names(project, documents=args.documents, cases=args.cases, codes=args.codes)
    options = SearchOptions(
        lemma=args.lemma,
        regex=args.regex,
        whole_words=args.whole_words,
        case_sensitive=args.case_sensitive,
        configured=args.package,
    )
    return search_within(project, args.query, options, scope)


def _row(project: Project, hit: Hit) -> dict[str, Any]:
    text = project.document_text(hit.document_id)
    return {
        "document": hit.document_name,
        "document_id": hit.document_id,
        "paragraph": paragraph_number(text, hit.start),
        "start": hit.start,
        "end": hit.end,
        "before": hit.before,
        "match": hit.match,
        "after": hit.after,
    }


def paragraph_number(text: str, offset: int) -> int:
    """1-based number of the non-blank line that holds ``offset``."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return 1 + sum(1 for line in text[:line_start].splitlines() if line.strip())
