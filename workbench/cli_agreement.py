"""``workbench agreement``: percent agreement, Cohen's kappa and Krippendorff's alpha between
coders, per code and pooled, at a stated unit (``--json`` for scripts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.agreement import UNIT_NAMES, agreement
from workbench.cli_support import opened, say
from workbench.cli_synthesis import code_ids

if TYPE_CHECKING:
    import argparse

    from coding.agreement.statistics import Figures
    from workbench.agreement import AgreementReport

_DASH = "—"


def add_parsers(sub: Any) -> None:
    command = sub.add_parser(
        "agreement", help="agreement between coders per code: percent, Cohen's kappa, alpha"
    )
    command.add_argument("project", type=Path)
    command.add_argument(
        "--coders", nargs="+", required=True, metavar="CODER",
        help="the coders to compare, by name (two or more)",
    )  # fmt: skip
    command.add_argument(
        "--unit", choices=list(UNIT_NAMES), default="character",
        help="what is compared: characters, sentences, or speaker turns (paragraphs where "
        "there are none); default character",
    )  # fmt: skip
    command.add_argument(
        "--codes", nargs="+", metavar="CODE",
        help="codes by name, Parent/Child path or NASSS:4B (default: every code applied)",
    )  # fmt: skip
    command.add_argument("--json", action="store_true", help="machine-readable output")
    command.set_defaults(run=agreement_command)


def agreement_command(args: argparse.Namespace) -> int:
    with opened(args.project, args.coder, read_only=True) as project:
        report = agreement(
            project, args.coders, unit=args.unit, code_ids=code_ids(project, args.codes)
        )
    if args.json:
        say(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return 0
    for line in agreement_lines(report):
        say(line)
    return 0


def agreement_lines(report: AgreementReport) -> list[str]:
    """The report as a table a person can read, the unit stated above the figures."""
    documents = len(report.documents)
    lines = [
        f"Agreement between {', '.join(report.coders)}",
        f"Unit: {report.unit} ({report.units:,} {report.unit_name} in {documents} "
        f"document{'s' if documents != 1 else ''}, judged for each code)",
        "",
    ]
    rows = [(c.code, c.figures) for c in report.codes]
    pooled = report.pooled_codes
    rows.append((f"Pooled ({pooled} code{'s' if pooled != 1 else ''})", report.pooled))
    width = max(len("Code"), *(len(name) for name, _ in rows))
    lines.append(
        f"{'Code':<{width}}  {'agree':>7}  {'kappa':>6}  {'Landis & Koch':<14}  "
        f"{'alpha':>6}  Krippendorff"
    )
    for name, found in rows:
        lines.append(f"{name:<{width}}  {_row(found)}")
    if len(report.coders) > 2:
        lines.append("Cohen's kappa compares two coders; with more, read alpha.")
    return lines


def _row(found: Figures) -> str:
    percent = f"{found.percent:.1f}%" if found.percent is not None else _DASH
    kappa = f"{found.kappa:.3f}" if found.kappa is not None else _DASH
    alpha = f"{found.alpha:.3f}" if found.alpha is not None else _DASH
    return (
        f"{percent:>7}  {kappa:>6}  {found.kappa_label or _DASH:<14}  "
        f"{alpha:>6}  {found.alpha_label or _DASH}"
    )
