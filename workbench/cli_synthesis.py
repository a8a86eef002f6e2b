"""Synthesis from the command line: the report and matrix exports, NASSS ratings, framework
summaries, the barrier register and crosstabs (``--json`` for scripts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli_support import opened, say
from workbench.errors import OperationError
from workbench.queries.codes import find_codes
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    import argparse

    from workbench.project import Project


def add_parsers(sub: Any) -> None:
    nasss = sub.add_parser("nasss", help="the NASSS grid; rate a domain of a case")
    nasss.add_argument("project", type=Path)
    nasss.add_argument("--case", help="the case to mark or rate (a technology, project or site)")
    nasss.add_argument("--mark", choices=["technology", "project", "site"],
                       help="add the case to the assessment as this type")  # fmt: skip
    nasss.add_argument("--rate", nargs=2, metavar=("KEY", "RATING"),
                       help="e.g. --rate 4B complex (simple, complicated, complex, "
                            "not_assessed)")  # fmt: skip
    nasss.add_argument("--rationale", default="")
    nasss.add_argument("--json", action="store_true", help="machine-readable output")
    nasss.set_defaults(run=nasss_command)

    matrix = sub.add_parser("matrix", help="the Framework Method matrix; write a cell summary")
    matrix.add_argument("project", type=Path)
    matrix.add_argument("--case", help="case of the cell to summarise")
    matrix.add_argument("--code", help="code of the cell (name, Parent/Child or NASSS:4B)")
    matrix.add_argument("--summary", help="the summary text (links every quote of the cell)")
    matrix.add_argument("--json", action="store_true", help="machine-readable output")
    matrix.set_defaults(run=matrix_command)

    register = sub.add_parser("register", help="the barrier register")
    register.add_argument("project", type=Path)
    register.add_argument("--attribute", help="break the cases down by this attribute")
    register.add_argument("--json", action="store_true", help="machine-readable output")
    register.set_defaults(run=register_command)

    crosstab = sub.add_parser("crosstab", help="codes by the values of an attribute")
    crosstab.add_argument("project", type=Path)
    crosstab.add_argument("--attribute", required=True)
    crosstab.add_argument("--unit", choices=["cases", "codings"], default="cases")
    crosstab.add_argument("--codes", nargs="+", metavar="CODE", help="default: every coded code")
    crosstab.add_argument("--json", action="store_true", help="machine-readable output")
    crosstab.set_defaults(run=crosstab_command)


def add_export_options(export: argparse.ArgumentParser) -> None:
    export.add_argument("--codes", nargs="+", metavar="CODE",
                        help="report only these codes (name, path or NASSS:4B)")  # fmt: skip
    export.add_argument("--cases", nargs="+", metavar="CASE", help="report only these cases")
    export.add_argument("--pseudonyms-only", action="store_true",
                        help="name people and sources by pseudonym only")  # fmt: skip
    export.add_argument("--attribute", help="attribute for the breakdown chart and register")
    export.add_argument("--matrix", action="store_true",
                        help="write the Framework Method matrix (.xlsx); also chosen by a file "
                             "name containing 'matrix'")  # fmt: skip


# ---------------------------------------------------------------------- names to ids
def code_ids(project: Project, names: list[str] | None) -> list[int] | None:
    if not names:
        return None
    ids = []
    for name in names:
        found = find_codes(project, name)
        if not found:
            raise OperationError(f"There is no code called “{name}”")
        if len(found) > 1:
            raise OperationError(f"“{name}” names {len(found)} codes: give its Parent/Child path")
        ids.append(found[0].id)
    return ids


def case_id(project: Project, name: str) -> int:
    for case in list_cases(project):
        if case.name.casefold() == name.strip().casefold():
            return case.id
    raise OperationError(f"There is no case called “{name}”")


def case_names(project: Project, names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    known = {c.name.casefold(): c.name for c in list_cases(project)}
    missing = [n for n in names if n.casefold() not in known]
    if missing:
        raise OperationError(f"There is no case called “{missing[0]}”")
    return [known[n.casefold()] for n in names]


# ---------------------------------------------------------------------- exports
def export_report(project: Project, args: argparse.Namespace) -> int:
    from workbench.exporters.report_docx import write_report
    from workbench.reports.model import build_report

    model = build_report(
        project, code_ids=code_ids(project, args.codes), case_names=case_names(project, args.cases),
        quotes_per_code=args.quotes_per_code, pseudonyms_only=args.pseudonyms_only,
        attribute=args.attribute,
    )  # fmt: skip
    write_report(model, args.out)
    return sum(len(s.quotes) for s in model.sections)


def export_matrix(project: Project, args: argparse.Namespace) -> int:
    from workbench.exporters.matrix_xlsx import export_matrix_xlsx

    cases = case_names(project, args.cases)
    ids = [case_id(project, n) for n in cases] if cases else None
    matrix = export_matrix_xlsx(project, args.out, case_ids=ids,
                                code_ids=code_ids(project, args.codes))  # fmt: skip
    return len(matrix.cases)


def wants_matrix(args: argparse.Namespace) -> bool:
    return bool(args.matrix) or "matrix" in Path(args.out).stem.lower()


# ---------------------------------------------------------------------- commands
def nasss_command(args: argparse.Namespace) -> int:
    from workbench.nasss import check_key, check_rating
    from workbench.ops.nasss import MarkCaseForAssessment, RateDomain
    from workbench.queries.nasss import nasss_grid

    changing = bool(args.mark or args.rate)
    if changing and not args.case:
        raise OperationError("Say which case with --case")
    if args.rate:  # a mistyped key or rating is refused before the project is opened
        check_key(args.rate[0])
        check_rating(args.rate[1])
    with opened(args.project, args.coder, read_only=not changing) as project:
        if args.mark:
            project.execute(MarkCaseForAssessment(case_id(project, args.case), args.mark))
        if args.rate:
            key, rating = args.rate
            project.execute(RateDomain(case_id(project, args.case), key, rating,
                                       args.rationale, rater_id=project.user_id))  # fmt: skip
        grid = nasss_grid(project)
    rows: list[dict[str, Any]] = [
        {"case": case.name, "type": case.case_type,
         "ratings": {r.domain_key: {"rating": r.rating, "rationale": r.rationale,
                                    "rater": r.rater, "evidence": r.evidence}
                     for r in row if r.id is not None}}
        for case, row in zip(grid.cases, grid.rows, strict=True)
    ]  # fmt: skip
    if args.json:
        say(json.dumps({"cases": rows}, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        rated = ", ".join(f"{k} {v['rating']}" for k, v in row["ratings"].items())
        say(f"{row['case']} ({row['type'] or 'no type'}): {rated or 'not rated yet'}")
    return 0


def matrix_command(args: argparse.Namespace) -> int:
    from workbench.ops.framework_matrix import SetCellSummary
    from workbench.queries.framework_matrix import (
        cell_quotes,
        default_matrix_axes,
        framework_matrix,
    )

    writing = args.summary is not None
    if writing and not (args.case and args.code):
        raise OperationError("Say which cell with --case and --code")
    with opened(args.project, args.coder, read_only=not writing) as project:
        if writing:
            case, [code] = case_id(project, args.case), code_ids(project, [args.code]) or [0]
            linked = [q.coding_id for q in cell_quotes(project, case, code)]
            project.execute(SetCellSummary(case, code, args.summary, linked,
                                           author_id=project.user_id))  # fmt: skip
        axes = default_matrix_axes(project)
        matrix = framework_matrix(project, axes.case_ids, axes.code_ids)
    cells = [
        {"case": case.name, "code": code.label, "codings": cell.count, "summary": cell.summary}
        for case, row in zip(matrix.cases, matrix.rows, strict=True)
        for code, cell in zip(matrix.codes, row, strict=True)
        if not cell.is_empty
    ]
    if args.json:
        say(json.dumps({"cells": cells}, indent=2, ensure_ascii=False))
        return 0
    say(f"{len(matrix.cases)} cases x {len(matrix.codes)} codes; {len(cells)} cells with content")
    for cell in cells:
        if cell["summary"]:
            say(f"{cell['case']} · {cell['code']}: {cell['summary']}")
    return 0


def register_command(args: argparse.Namespace) -> int:
    from workbench.queries.barriers import barrier_register

    with opened(args.project, args.coder, read_only=True) as project:
        register = barrier_register(project, attribute=args.attribute)
    if args.json:
        say(json.dumps(register.as_dict(), indent=2, ensure_ascii=False, default=str))
        return 0
    for barrier in register.mentioned:
        breakdown = "; ".join(f"{v.value} {v.cases} of {v.of}" for v in barrier.breakdown)
        say(f"{barrier.path}: {barrier.cases} cases, {barrier.participants} participants"
            + (f" ({breakdown})" if breakdown else ""))  # fmt: skip
    return 0


def crosstab_command(args: argparse.Namespace) -> int:
    from workbench.queries.codes import list_codes
    from workbench.queries.crosstab import code_attribute_crosstab

    with opened(args.project, args.coder, read_only=True) as project:
        ids = code_ids(project, args.codes)
        if ids is None:
            ids = [c.id for c in list_codes(project) if c.codings and c.is_codable]
        table = code_attribute_crosstab(project, ids, args.attribute, unit=args.unit)
    if args.json:
        say(json.dumps(table.as_dict(), indent=2, ensure_ascii=False, default=str))
        return 0
    say("\t".join(["code", *table.columns, "total"]))
    for row in table.rows:
        say("\t".join([row.path, *map(str, row.counts), str(row.total)]))
    return 0
