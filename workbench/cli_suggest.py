"""``workbench suggest``: code suggestions from keywords and a classifier, or how good they are.

Listing trains the classifier first when it is asked for (a command-line process has no model
in memory; training takes seconds and is never saved) and prints each suggestion with its
code, document, paragraph, offsets, score and reason, and a short keyword-in-context line.
``--evaluate`` prints precision and recall per code and precision at 3, measured on held-out
codings (see ``workbench.suggestions.evaluate``). Nothing is coded: accepting is a person's
act, in the app. The project is opened read-only.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import Document
from workbench.cli_search import paragraph_number
from workbench.cli_support import TerminalProgress, fail, opened, say
from workbench.errors import OperationError

if TYPE_CHECKING:
    import argparse

    from workbench.project import Project
    from workbench.suggestions.results import SourceFigures, Suggestion

CONTEXT = 40  # characters of context either side, at most, within the sentence


def add_parsers(sub: Any) -> None:
    suggest = sub.add_parser(
        "suggest", help="list code suggestions, or measure them on held-out codings"
    )
    suggest.add_argument("project", type=Path)
    suggest.add_argument("--evaluate", action="store_true",
                         help="precision and recall per code, and precision at 3")  # fmt: skip
    suggest.add_argument("--source", choices=["keywords", "classifier", "all"], default="all")
    suggest.add_argument("--documents", nargs="+", metavar="NAME",
                         help="list suggestions for these documents only")  # fmt: skip
    suggest.add_argument("--limit", type=int, metavar="N", help="list at most N suggestions")
    suggest.add_argument("--package", metavar="NAME",
                         help="spaCy pipeline to use, or 'blank' for rules")  # fmt: skip
    suggest.add_argument("--json", action="store_true", help="machine-readable output")
    suggest.set_defaults(run=suggest_command)


def suggest_command(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        return fail("--limit must be 1 or more")
    try:
        with opened(args.project, getattr(args, "coder", None), read_only=True) as project:
            if args.evaluate:
                return _evaluate(project, args)
            return _list(project, args)
    except OperationError as exc:
        return fail(str(exc))


def _evaluate(project: Project, args: argparse.Namespace) -> int:
    from workbench.suggestions import evaluate

    result = evaluate(project, TerminalProgress(), configured=args.package)
    if args.json:
        say(json.dumps(asdict(result), indent=2, ensure_ascii=False))
        return 0
    say(f"Pipeline: {result.pipeline}; threshold {result.threshold}, seed {result.seed}")
    say(f"Classifier: {result.training_sentences} training and "
        f"{result.held_out_sentences} held-out sentences")  # fmt: skip
    for figures in (result.classifier, result.keywords):
        if figures is not None:
            _say_figures(figures)
    if result.not_learnt:
        names = ", ".join(f"{c.code_name} ({c.sentences})" for c in result.not_learnt)
        say(f"Not learnt (fewer than 5 coded sentences): {names}")
    for note in result.notes:
        say(f"Note: {note}")
    return 0


def _say_figures(figures: SourceFigures) -> None:
    say(f"{figures.source.capitalize()}: precision at 3 {_number(figures.precision_at_3)} "
        f"({figures.suggestions_at_3} suggestions on {figures.coded_sentences} coded "
        f"sentences), hit rate at 3 {_number(figures.hit_rate_at_3)}")  # fmt: skip
    for code in figures.codes:
        say(f"  {code.code_name}: precision {_number(code.precision)}, "
            f"recall {_number(code.recall)}, support {code.support}")  # fmt: skip


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _list(project: Project, args: argparse.Namespace) -> int:
    from workbench.suggestions import suggestion_queue, train_model

    document_ids = _document_ids(project, args.documents) if args.documents else None
    report = None
    if args.source != "keywords":
        report = train_model(project, TerminalProgress(), configured=args.package)
    queue = suggestion_queue(
        project, source=args.source, document_ids=document_ids, configured=args.package,
        progress=TerminalProgress(),
    )  # fmt: skip
    shown = queue.suggestions[: args.limit] if args.limit else queue.suggestions
    rows = [_row(project, s) for s in shown]
    if args.json:
        output = {
            "pipeline": queue.pipeline,
            "training": asdict(report) if report else None,
            "notes": list(queue.notes),
            "total": len(queue.suggestions),
            "suggestions": rows,
        }
        say(json.dumps(output, indent=2, ensure_ascii=False, default=str))
        return 0
    if report is not None:
        say(report.message)
    for row in rows:
        context = " ".join(f"{row['before']}[{row['match']}]{row['after']}".split())
        say(f"{row['document']} ¶{row['paragraph']} {row['start']}-{row['end']} "
            f"{row['code']} ({row['source']} {row['score']:g}: {row['reason']})")  # fmt: skip
        say(f"    …{context}…")
    say(f"{len(rows)} of {len(queue.suggestions)} suggestions")
    return 0


def _document_ids(project: Project, names: list[str]) -> list[int]:
    """Ids of the documents with these names (case-insensitive); an unknown name is an error."""
    with project.reading() as session:
        rows = session.execute(select(Document.id, Document.name).order_by(Document.name)).all()
    ids: list[int] = []
    for name in names:
        found = [doc_id for doc_id, known in rows if known.casefold() == name.strip().casefold()]
        if not found:
            raise OperationError(f"No document is called “{name}”")
        ids += found
    return ids


def _row(project: Project, suggestion: Suggestion) -> dict[str, Any]:
    text = project.document_text(suggestion.document_id)
    focus_start, focus_end = suggestion.focus_start, suggestion.focus_end
    return {
        "document": suggestion.document_name,
        "document_id": suggestion.document_id,
        "paragraph": paragraph_number(text, suggestion.start),
        "start": suggestion.start,
        "end": suggestion.end,
        "code": suggestion.code_name,
        "code_id": suggestion.code_id,
        "source": suggestion.source,
        "score": suggestion.score,
        "reason": suggestion.reason,
        "before": text[max(suggestion.start, focus_start - CONTEXT) : focus_start],
        "match": text[focus_start : min(focus_end, focus_start + 2 * CONTEXT)],
        "after": text[focus_end : min(suggestion.end, focus_end + CONTEXT)],
    }
