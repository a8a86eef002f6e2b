"""Where two coders disagree: the passages one coder coded with a code and the other did not.

Compared are the documents both coders coded (with any code), as in :mod:`workbench.agreement`:
a document only one of them coded is missing data, not a disagreement. Passing
``document_ids`` says instead that both coders read exactly those documents.

For each document and code, each coder's codings are merged, and the characters only one of
them coded form runs ("Ana only" and "Ben only"): the character-level difference the
agreement figures count, passage by passage. Runs of one coder that touch are one passage.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.agreement.units import merge_intervals
from workbench.agreement import _codings, _document_names, _judged, _users
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from coding.agreement.units import Interval
    from workbench.project import Project

EXCERPT_CHARS = 120  # longer passages are cut with an ellipsis; start and end find the rest
ONLY_SPACES = "(only spaces or punctuation)"
FIRST, SECOND = 1, 2  # coder bits: coder A and coder B


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A passage one coder coded with ``code`` and the other did not ([start, end) code points).

    ``coded_by`` applied the code here and ``not_coded_by`` did not; ``by_first`` says whether
    that was the first coder named (coder A)."""

    document_id: int
    document: str
    start: int
    end: int
    code_id: int
    code: str  # "Parent/Child" path
    coded_by: str
    not_coded_by: str
    by_first: bool
    excerpt: str
    paragraph: int = 0  # 1-based paragraph where it starts, as the segment views count; 0: none

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def decisions(self) -> str:
        """Both coders' decisions in words: "Ana coded it; Ben did not"."""
        return f"{self.coded_by} coded it; {self.not_coded_by} did not"


def one_coder_runs(
    first: Iterable[Interval], second: Iterable[Interval]
) -> list[tuple[int, int, int]]:
    """``(start, end, coder bit)`` of the characters exactly one of two coders coded, in order.

    A sweep over both coders' merged boundaries (as ``coding.agreement.units.character_runs``),
    keeping where each run lies; runs of the same coder that touch are joined."""
    events: list[tuple[int, int]] = []
    for bit, intervals in ((FIRST, first), (SECOND, second)):
        for start, end in merge_intervals(intervals):
            events += [(start, bit), (end, bit)]
    events.sort()
    runs: list[tuple[int, int, int]] = []
    mask = previous = 0
    for position, bit in events:
        if mask in (FIRST, SECOND) and position > previous:
            if runs and runs[-1][1] == previous and runs[-1][2] == mask:
                runs[-1] = (runs[-1][0], position, mask)
            else:
                runs.append((previous, position, mask))
        mask ^= bit
        previous = position
    return runs


def excerpt(text: str) -> str:
    """A passage on one line, cut near :data:`EXCERPT_CHARS` characters."""
    flat = " ".join(text.split())
    if not any(c.isalnum() for c in flat):
        return ONLY_SPACES
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def coder_names(project: Project) -> list[str]:
    """Everyone who has coded something in the project (people and machines), by name."""
    with project.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT name FROM users WHERE id IN (SELECT DISTINCT user_id FROM codings)"
        )
        return sorted((str(name) for (name,) in rows), key=str.casefold)


def disagreements(
    project: Project,
    coder_a: str,
    coder_b: str,
    *,
    code_ids: Collection[int] | None = None,
    document_ids: Collection[int] | None = None,
) -> list[Disagreement]:
    """Every passage where one of the two coders applied a code and the other did not, by
    document (name order) and position; coders are named as in :func:`agreement`."""
    with project.reading() as session:
        users, names = _users(session, [coder_a, coder_b])
        judged = _judged(session, users, document_ids)
        if not judged:
            raise OperationError(
                "None of those documents is in this project"
                if document_ids is not None
                else f"{names[0]} and {names[1]} have not coded the same document yet, so "
                "there is nothing to compare"
            )
        rows = _codings(session, users, judged, code_ids)
        documents = _document_names(session, judged)
    groups: dict[tuple[int, int], tuple[list[Interval], list[Interval]]] = {}
    for code, doc, user, start, end in rows:
        pair = groups.setdefault((doc, code), ([], []))
        pair[0 if user == users[0] else 1].append((start, end))
    found = [
        (doc, code, run)
        for (doc, code), (first, second) in groups.items()
        for run in one_coder_runs(first, second)
    ]
    if not found:
        return []
    paths = code_paths(list_codes(project))
    order = {doc: (name.casefold(), doc) for doc, name in documents.items()}
    found.sort(key=lambda f: (order[f[0]], f[2][0], f[2][1], paths.get(f[1], "")))
    texts = project.document_texts({doc for doc, _, _ in found})
    paragraphs = _paragraph_starts(project, texts.keys())
    return [
        Disagreement(
            document_id=doc, document=documents[doc], start=start, end=end, code_id=code,
            code=paths.get(code, ""), coded_by=names[bit - 1], not_coded_by=names[2 - bit],
            by_first=bit == FIRST, excerpt=excerpt(texts[doc][start:end]),
            paragraph=bisect_right(paragraphs.get(doc, ()), start),
        )
        for doc, code, (start, end, bit) in found
    ]  # fmt: skip


def _paragraph_starts(project: Project, documents: Collection[int]) -> dict[int, list[int]]:
    """Sorted starts of the blocks a reader counts as paragraphs (as the segment views do)."""
    docs = list(documents)
    starts: dict[int, list[int]] = {}
    with project.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT document_id, start FROM doc_spans "
            "WHERE kind IN ('paragraph', 'heading', 'question') "
            f"AND document_id IN ({','.join('?' * len(docs))})",
            tuple(docs),
        )
        for doc, start in rows:
            starts.setdefault(int(doc), []).append(int(start))
    for found in starts.values():
        found.sort()
    return starts
