"""What each ``workbench`` sub-command does (argument parsing lives in ``cli.py``)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from coding.codebook import template_keys
from workbench import cli_synthesis as synthesis
from workbench.cli_support import TerminalProgress, coder_from, fail, opened, say
from workbench.codebooks import LoadCodebook
from workbench.errors import OperationError
from workbench.importing.service import ImportOptions, import_files
from workbench.importing.survey_store import SurveyColumns
from workbench.ops.codes import CreateCode
from workbench.ops.codings import CodeSegments
from workbench.project import Project
from workbench.queries.codes import code_paths, find_codes, list_codes
from workbench.queries.search import search
from workbench.queries.stats import project_stats

if TYPE_CHECKING:
    import argparse


def new(args: argparse.Namespace) -> int:
    if args.source is not None:
        from workbench.cli_refi_import import new_from_refi

        report = new_from_refi(args.project, args.source, coder=coder_from(args.coder),
                               progress=TerminalProgress())  # fmt: skip
        say(f"Created {args.project} from {args.source.name}")
        for line in report.lines():
            say(line)
        return 0
    Project.create(args.project, title=args.title, coder=coder_from(args.coder)).close()
    say(f"Created {args.project}")
    return 0


def _import_refi(args: argparse.Namespace) -> int:
    """A .qdpx or .qdc: one file, with a report of what could not come in (not a failure)."""
    from workbench.cli_refi_import import import_refi

    if len(args.files) != 1:
        return fail("import one .qdpx or .qdc file at a time")
    with opened(args.project, args.coder) as project:
        report = import_refi(project, args.files[0], TerminalProgress())
    for line in report.lines():
        say(line)
    return 0


def import_(args: argparse.Namespace) -> int:
    if any(path.suffix.lower() in (".qdpx", ".qdc") for path in args.files):
        return _import_refi(args)
    survey = None
    if args.survey_text:
        attributes = tuple(args.survey_attr or ())
        survey = SurveyColumns(args.survey_id, tuple(args.survey_text), attributes)
    elif args.survey_id or args.survey_attr:
        return fail("--survey-id and --survey-attr need --survey-text (the free-text columns)")
    options = ImportOptions(
        kind=args.kind, cases_from_speakers=not args.no_cases, folder=args.folder, survey=survey
    )
    with opened(args.project, args.coder) as project:
        report = import_files(project, args.files, options, TerminalProgress())
    for path, ids in report.imported:
        say(f"imported {path.name}" + (f" ({len(ids)} documents)" if len(ids) > 1 else ""))
    for path, reason in report.skipped:
        sys.stderr.write(f"skipped {path}: {reason}\n")
    for path, reason in report.failed:
        sys.stderr.write(f"error: {path}: {reason}\n")
    return 1 if report.failed else 0


def codebook_add(args: argparse.Namespace) -> int:
    with opened(args.project, args.coder) as project:
        command = LoadCodebook(args.template, user_id=project.user_id)
        project.execute(command)
    added = len(command.created)
    say(f"{command.template.name}: {added} codes added" if added else "Nothing to add: "
        f"every code of {command.template.name} is already in the project")  # fmt: skip
    return 0


def codebook_list(args: argparse.Namespace) -> int:
    with opened(args.project, args.coder, read_only=True) as project:
        codes = list_codes(project)
    paths = code_paths(codes)
    for code in codes:
        depth = paths[code.id].count("/")
        key = f" [{code.framework}:{code.framework_key}]" if code.framework_key else ""
        say(f"{'  ' * depth}{code.name}{key}  ({code.codings} codings, {code.documents} documents)")
    say("Templates: " + ", ".join(template_keys()))
    return 0


def code(args: argparse.Namespace) -> int:
    with opened(args.project, args.coder) as project:
        found = find_codes(project, args.code)
        if len(found) > 1:
            paths = code_paths(list_codes(project))
            names = "; ".join(paths[c.id] for c in found)
            return fail(f"“{args.code}” matches several codes ({names}); give the full path")
        if found:
            code_id = found[0].id
        elif args.create:
            create = CreateCode(name=args.code, created_by=project.user_id)
            project.execute(create)
            assert create.code_id is not None
            code_id = create.code_id
        else:
            raise OperationError(f"There is no code “{args.code}” (add --create to make it)")
        regex = args.pattern is not None
        hits = search(
            project, args.pattern if regex else args.text, regex=regex, whole_words=args.whole_words
        )
        command = CodeSegments(
            code_id=code_id,
            segments=[(h.document_id, h.start, h.end) for h in hits],
            user_id=project.user_id,
        )
        project.execute(command)
    say(f"{len(hits)} hits; {len(command.created)} new codings")
    return 0


def export(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".docx", ".csv", ".xlsx", ".qdpx", ".qdc"):
        return fail(f"{args.out.name}: export writes .docx, .csv, .xlsx, .qdpx or .qdc")
    if not args.out.parent.is_dir():
        return fail(f"{args.out.parent} is not a folder")
    with opened(args.project, args.coder, read_only=True) as project:
        if suffix in (".qdpx", ".qdc"):
            from workbench.cli_refi import export_refi

            say(export_refi(project, args.out))
            return 0
        if suffix == ".docx":
            rows, unit = synthesis.export_report(project, args), "quotes"
        elif suffix == ".xlsx" and synthesis.wants_matrix(args):
            rows, unit = synthesis.export_matrix(project, args), "cases"
        else:
            from workbench.exporters.tabular import write_csv, write_xlsx

            rows, unit = (write_csv if suffix == ".csv" else write_xlsx)(project, args.out), "rows"
    say(f"Wrote {args.out} ({rows} {unit})")
    return 0


def stats(args: argparse.Namespace) -> int:
    with opened(args.project, args.coder, read_only=True) as project:
        figures = project_stats(project)
    if args.json:
        say(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    say(f"{len(figures['documents'])} documents, {figures['words']:,} words")
    say(f"{figures['cases']} cases, {figures['speakers']} speakers")
    say(f"{figures['codes']} codes, {figures['codings']} codings, {figures['memos']} memos")
    return 0


def demo(args: argparse.Namespace) -> int:
    from workbench.demo import DEMO_FILE, build_demo

    target = args.folder / DEMO_FILE
    if target.exists():
        say(f"{target} already exists")
        return 0
    say(f"Built {build_demo(args.folder, TerminalProgress())}")
    return 0
