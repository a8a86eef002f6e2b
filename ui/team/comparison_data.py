"""What the coder comparison reads, as Qt-free functions run on a pool thread.

One reading brings the coders to choose from, the agreement figures of the chosen pair at the
chosen unit and the passages they disagree on; another brings one document's codings of one
code by each coder, for the strip that sets them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.agreement.units import merge_intervals
from workbench.agreement import agreement
from workbench.agreement_disagreements import coder_names, disagreements
from workbench.errors import OperationError
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coding.agreement.units import Interval
    from workbench.agreement import AgreementReport
    from workbench.agreement_disagreements import Disagreement
    from workbench.project import Project

ONE_CODER = (
    "Agreement needs two coders, and so far {found} coded this project. Merge another "
    "coder's project (or import their .qdpx) to compare."
)
SAME_CODER = "Choose two different coders to compare."


@dataclass(frozen=True, slots=True)
class Comparison:
    coders: tuple[str, ...]  # everyone who coded, to choose from
    pair: tuple[str, str] | None  # the two compared (None: fewer than two coders)
    report: AgreementReport | None
    disagreements: tuple[Disagreement, ...] = ()
    message: str = ""  # why there are no figures


def choose_pair(
    coders: Sequence[str], first: str | None, second: str | None
) -> tuple[str, str] | None:
    """The coders asked for while both still exist, else the first two who coded."""
    if len(coders) < 2:
        return None
    a = first if first in coders else None
    b = second if second in coders else None
    if a is not None and b is not None:
        return a, b
    if a is not None:
        return a, next(c for c in coders if c != a)
    if b is not None:
        return next(c for c in coders if c != b), b
    return coders[0], coders[1]


def load_comparison(
    project: Project, first: str | None, second: str | None, unit: str
) -> Comparison:
    """The figures and disagreements of ``first`` and ``second`` (or a default pair)."""
    coders = tuple(coder_names(project))
    pair = choose_pair(coders, first, second)
    if pair is None:
        who = f"only {coders[0]} has" if coders else "no one has"
        return Comparison(coders, None, None, message=ONE_CODER.format(found=who))
    if pair[0] == pair[1]:
        return Comparison(coders, pair, None, message=SAME_CODER)
    try:
        report = agreement(project, list(pair), unit=unit)
        found = disagreements(project, *pair)
    except OperationError as exc:
        return Comparison(coders, pair, None, message=str(exc))
    return Comparison(coders, pair, report, tuple(found))


@dataclass(frozen=True, slots=True)
class StripData:
    """One document's codings of one code by each of two coders (merged intervals)."""

    document_id: int
    code_id: int
    length: int  # of the document, in code points
    colour: str
    first: tuple[Interval, ...]
    second: tuple[Interval, ...]


def load_strip(
    project: Project, document_id: int, code_id: int, pair: tuple[str, str]
) -> StripData:
    """Where each coder of ``pair`` applied ``code_id`` in the document."""
    codings = [c for c in document_codings(project, document_id) if c.code_id == code_id]
    colour = codings[0].colour if codings else ""
    first, second = (
        tuple(merge_intervals((c.start, c.end) for c in codings if c.coder == coder))
        for coder in pair
    )
    length = len(project.document_text(document_id))
    return StripData(document_id, code_id, length, colour, first, second)
