"""Detecting identifying details across chosen documents, for review and then for applying.

Read-only: detection proposes each new string's replacement (numbered on from the pseudonym
map, in document order) without storing it; applying stores what was shown. Each detection
carries its review answer from ``deid_decisions`` (accepted when nobody answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.nlp.deid import MANUAL, NAME, Found, UserNames, detect_texts, merge
from coding.nlp.lines import processes_for
from coding.nlp.pipeline import load_pipeline
from workbench.deid.decisions import ACCEPTED, decisions_for
from workbench.deid.pseudonym_map import PseudonymMap
from workbench.errors import OperationError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from workbench.progress import Progress
    from workbench.project import Project
    from workbench.rows import Row


@dataclass(frozen=True, slots=True)
class Detection:
    """``text`` (identifying: show it, never log it) at ``[start, end)`` of a document.

    ``source`` is ``user`` (an added name), ``pattern``, ``ner``, ``rule`` or ``manual`` (a
    passage a person marked); ``key`` is the string the pseudonym map knows it by;
    ``replacement`` is what applying writes while the verdict is ``accepted``; ``decided`` is
    True when a person answered (otherwise the verdict is the default, accepted).
    """

    document_id: int
    start: int
    end: int
    label: str
    text: str
    replacement: str
    verdict: str
    source: str
    key: str
    decided: bool


def detect(
    project: Project,
    document_ids: Collection[int],
    *,
    configured: str | None = None,
    progress: Progress | None = None,
) -> list[Detection]:
    """Every detection in the chosen documents, by document id and then position."""
    ids = sorted(set(document_ids))
    texts = project.document_texts(frozenset(ids))
    missing = [d for d in ids if d not in texts]
    if missing:
        raise OperationError(f"Document {missing[0]} does not exist")
    with project.reading() as session:
        pseudonyms = PseudonymMap.load(session)
        decisions = decisions_for(session, ids)
    total = sum(len(texts[d]) for d in ids)
    on_line = None
    if progress is not None:
        progress.start(total, "Looking for names and identifiers")
        progress.check()
        on_line = _advancer(progress)
    found_per_text = detect_texts(
        load_pipeline(configured),
        [texts[d] for d in ids],
        user_names=UserNames(pseudonyms.user_names()),
        n_process=processes_for(total),
        on_line=on_line,
    )
    detections: list[Detection] = []
    for document_id, found in zip(ids, found_per_text, strict=True):
        text = texts[document_id]
        mine = {(k[1], k[2]): row for k, row in decisions.items() if k[0] == document_id}
        for item in _with_manual(text, found, mine):
            row = mine.get((item.start, item.end))
            detections.append(_detection(document_id, text, item, row, pseudonyms))
    return detections


def detection_job(
    document_ids: Collection[int], *, configured: str | None = None
) -> Callable[[Project, Progress], list[Detection]]:
    """:func:`detect` as a ``job(project, progress)`` for a background thread; cancelling
    leaves the project as it was (detection writes nothing)."""
    chosen = tuple(document_ids)

    def job(project: Project, progress: Progress) -> list[Detection]:
        return detect(project, chosen, configured=configured, progress=progress)

    return job


def _advancer(progress: Progress) -> Callable[[int], None]:
    def advance(characters: int) -> None:
        progress.advance(characters)
        progress.check()

    return advance


def _with_manual(text: str, found: list[Found], decided: dict[tuple[int, int], Row]) -> list[Found]:
    """``found`` plus the passages people accepted by hand that nothing detected."""
    spans = {(f.start, f.end) for f in found}
    manual = [
        Found(start, end, row["label"] or NAME, MANUAL, text[start:end])
        for (start, end), row in decided.items()
        if row["verdict"] == ACCEPTED and (start, end) not in spans and end <= len(text)
    ]
    return merge(text, [*found, *manual]) if manual else found


def _detection(
    document_id: int, text: str, item: Found, row: Row | None, pseudonyms: PseudonymMap
) -> Detection:
    label = (row["label"] if row is not None else "") or item.label
    verdict = row["verdict"] if row is not None else ACCEPTED
    chosen = row["replacement"] if row is not None else ""
    replacement = chosen or pseudonyms.shown(item.key, label, accepted=verdict == ACCEPTED)
    return Detection(
        document_id,
        item.start,
        item.end,
        label,
        text[item.start : item.end],
        replacement,
        verdict,
        item.source,
        item.key,
        row is not None,
    )
