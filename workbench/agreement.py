"""Agreement between coders of a project: per code and pooled, at a stated unit.

Which text is compared: the documents that at least two of the chosen coders coded (with any
code); a coder who coded nothing in a document is missing data there, not a coder who found
nothing (for kappa both coders must have coded it). Passing ``document_ids`` says instead that
every chosen coder read exactly those documents.

Units: ``character`` (every character of a compared document), ``sentence`` (the rule-based
sentencizer of ``coding.agreement.sentences``, or any ``sentencizer`` passed in) and ``turn``
(speaker turns, plus paragraphs outside any turn; paragraphs in documents without turns; lines
when a document has no stored structure). A sentence or turn counts as coded by a coder when
any of that coder's codings of the code overlaps it. Each code is judged on its own: coding a
child code does not code its parent.

Codes listed: those asked for, or else every code a chosen coder applied in a compared
document. The pooled figures cover the listed codes that someone applied there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from coding.agreement.sentences import line_spans, sentence_spans
from coding.agreement.statistics import Figures, figures, pooled_figures
from coding.agreement.units import UnitBoundaries, character_runs, code_tally, turn_units
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.orm import Session

    from coding.agreement.sentences import Sentencizer
    from coding.agreement.units import Interval
    from workbench.project import Project

# The unit as given on the command line -> how the figures name it.
UNIT_NAMES = {
    "character": "characters",
    "sentence": "sentences",
    "turn": "speaker turns or paragraphs",
}


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    code_id: int
    code: str  # "Parent/Child" path
    figures: Figures


@dataclass(frozen=True, slots=True)
class AgreementReport:
    unit: str  # character | sentence | turn
    coders: tuple[str, ...]
    documents: tuple[str, ...]  # names of the documents compared
    units: int  # units compared for each code
    codes: tuple[CodeAgreement, ...]
    pooled: Figures
    pooled_codes: int  # codes in the pooled figures

    @property
    def unit_name(self) -> str:
        return UNIT_NAMES[self.unit]

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "coders": list(self.coders),
            "documents": list(self.documents),
            "units": self.units,
            "codes": [
                {"code": c.code, **_figures_dict(c.figures, self.unit, self.coders)}
                for c in self.codes
            ],
            "pooled": {
                "codes": self.pooled_codes,
                **_figures_dict(self.pooled, self.unit, self.coders),
            },
        }


def _figures_dict(found: Figures, unit: str, coders: Sequence[str]) -> dict[str, Any]:
    def rounded(value: float | None, places: int) -> float | None:
        return None if value is None else round(value, places)

    return {
        "unit": unit,
        "units": found.units,
        "coded": dict(zip(coders, found.coded, strict=True)),
        "percent": rounded(found.percent, 2),
        "kappa": rounded(found.kappa, 4),
        "kappa_label": found.kappa_label,
        "alpha": rounded(found.alpha, 4),
        "alpha_label": found.alpha_label,
    }


# ---------------------------------------------------------------------- the comparison
def agreement(
    project: Project,
    coders: Sequence[str],
    *,
    unit: str = "character",
    code_ids: Collection[int] | None = None,
    document_ids: Collection[int] | None = None,
    sentencizer: Sentencizer | None = None,
) -> AgreementReport:
    """Percent agreement, Cohen's kappa (two coders) and Krippendorff's alpha per code and
    pooled, between the coders named in ``coders`` (see the module docstring for the rules)."""
    if unit not in UNIT_NAMES:
        raise OperationError(f"Unknown unit “{unit}”: use character, sentence or turn")
    sentencizer = sentencizer or sentence_spans
    with project.reading() as session:
        users, coders = _users(session, coders)
        judged = _judged(session, users, document_ids)
        if not judged:
            raise OperationError(
                "None of those documents is in this project"
                if document_ids is not None
                else f"No document was coded by two or more of {', '.join(coders)}, so there "
                "is nothing to compare yet"
            )
        names = _document_names(session, judged)
        rows = _codings(session, users, judged, code_ids)
        lengths = _lengths(session, judged) if unit == "character" else {}
        spans = _turn_spans(session, judged) if unit == "turn" else {}
    boundaries = None
    if unit != "character":
        boundaries = _boundaries(
            project, judged, spans, sentencizer if unit == "sentence" else None
        )
        lengths = {doc: len(units) for doc, units in boundaries.items()}
    sizes: Counter[int] = Counter()
    for doc, mask in judged.items():
        sizes[mask] += lengths[doc]
    tallies = _tallies(rows, users, judged, sizes, boundaries)
    empty = code_tally(sizes, [])
    return _report(unit, coders, names, _code_list(project, code_ids, tallies), tallies, empty)


def _code_list(
    project: Project, code_ids: Collection[int] | None, tallies: dict[int, Counter[tuple[int, int]]]
) -> list[tuple[int, str]]:
    """``(id, path)`` of the codes to list, in tree order."""
    paths = code_paths(list_codes(project))
    wanted = set(code_ids) if code_ids is not None else set(tallies)
    missing = sorted(wanted - set(paths))
    if missing:
        raise OperationError(f"There is no code with id {missing[0]}")
    return [(code, path) for code, path in paths.items() if code in wanted]


def _report(
    unit: str,
    coders: Sequence[str],
    names: dict[int, str],
    codes: list[tuple[int, str]],
    tallies: dict[int, Counter[tuple[int, int]]],
    empty: Counter[tuple[int, int]],
) -> AgreementReport:
    found = tuple(
        CodeAgreement(code, path, figures(tallies.get(code, empty), len(coders)))
        for code, path in codes
    )
    used = [tallies[c.code_id] for c in found if any(c.figures.coded)]
    return AgreementReport(
        unit=unit,
        coders=tuple(coders),
        documents=tuple(sorted(names.values(), key=str.casefold)),
        units=figures(empty, len(coders)).units,
        codes=found,
        pooled=pooled_figures(used, len(coders)),
        pooled_codes=len(used),
    )


def _tallies(
    rows: list[tuple[int, int, int, int, int]],
    users: list[int],
    judged: dict[int, int],
    sizes: Counter[int],
    boundaries: dict[int, UnitBoundaries] | None,
) -> dict[int, Counter[tuple[int, int]]]:
    """``code id -> tally`` over the compared documents (only codes someone applied)."""
    index = {user: i for i, user in enumerate(users)}
    groups: dict[tuple[int, int], list[list[Interval]]] = {}
    for code, doc, user, start, end in rows:
        lists = groups.get((code, doc))
        if lists is None:
            lists = groups[(code, doc)] = [[] for _ in users]
        lists[index[user]].append((start, end))
    coded: dict[int, list[tuple[int, Counter[int]]]] = {}
    for (code, doc), lists in groups.items():
        runs = character_runs(lists) if boundaries is None else boundaries[doc].marks(lists)
        coded.setdefault(code, []).append((judged[doc], runs))
    return {code: code_tally(sizes, found) for code, found in coded.items()}


# ---------------------------------------------------------------------- reading
def _users(session: Session, coders: Sequence[str]) -> tuple[list[int], list[str]]:
    """Ids and stored names of the coders named (case and surrounding spaces aside)."""
    if len(coders) < 2:
        raise OperationError("Name at least two coders to compare")
    if len({c.casefold() for c in coders}) < len(coders):
        raise OperationError("Each coder can be named only once")
    users = session.connection().exec_driver_sql("SELECT id, name FROM users").all()
    exact = {str(name): (int(uid), str(name)) for uid, name in users}
    folded = {str(name).casefold(): (int(uid), str(name)) for uid, name in users}
    found = []
    for coder in coders:
        user = exact.get(coder) or folded.get(coder.strip().casefold())
        if user is None:
            known = ", ".join(sorted(_coder_names(session))) or "none yet"
            raise OperationError(
                f"There is no coder called “{coder}” in this project (coders: {known})"
            )
        found.append(user)
    return [uid for uid, _ in found], [name for _, name in found]


def _coder_names(session: Session) -> list[str]:
    return [
        str(name)
        for (name,) in session.connection().exec_driver_sql(
            "SELECT name FROM users WHERE id IN (SELECT DISTINCT user_id FROM codings)"
        )
    ]


def _marks(values: Collection[int]) -> str:
    return ",".join("?" * len(values))


def _judged(
    session: Session, users: list[int], document_ids: Collection[int] | None
) -> dict[int, int]:
    """``document id -> mask of the coders who coded it``, for documents two or more coded."""
    everyone = (1 << len(users)) - 1
    if document_ids is not None:
        docs = list(document_ids)
        found = session.connection().exec_driver_sql(
            f"SELECT id FROM documents WHERE id IN ({_marks(docs)})", tuple(docs)
        )
        return {int(doc): everyone for (doc,) in found}
    index = {user: i for i, user in enumerate(users)}
    masks: Counter[int] = Counter()
    for doc, user in session.connection().exec_driver_sql(
        f"SELECT DISTINCT document_id, user_id FROM codings WHERE user_id IN ({_marks(users)})",
        tuple(users),
    ):
        masks[int(doc)] |= 1 << index[user]
    return {doc: mask for doc, mask in masks.items() if mask.bit_count() >= 2}


def _document_names(session: Session, judged: dict[int, int]) -> dict[int, str]:
    docs = list(judged)
    return {
        int(doc): str(name)
        for doc, name in session.connection().exec_driver_sql(
            f"SELECT id, name FROM documents WHERE id IN ({_marks(docs)})", tuple(docs)
        )
    }


def _lengths(session: Session, judged: dict[int, int]) -> dict[int, int]:
    # SQLite's length() counts characters (code points), the unit of coding offsets.
    docs = list(judged)
    return {
        int(doc): int(length)
        for doc, length in session.connection().exec_driver_sql(
            f"SELECT id, length(text) FROM documents WHERE id IN ({_marks(docs)})", tuple(docs)
        )
    }


def _codings(
    session: Session, users: list[int], judged: dict[int, int], code_ids: Collection[int] | None
) -> list[tuple[int, int, int, int, int]]:
    """``(code, document, user, start, end)`` of the coders' codings in compared documents."""
    docs = list(judged)
    sql = (
        'SELECT code_id, document_id, user_id, start, "end" FROM codings '
        f"WHERE user_id IN ({_marks(users)}) AND document_id IN ({_marks(docs)})"
    )
    parameters: tuple[int, ...] = (*users, *docs)
    if code_ids is not None:
        sql += f" AND code_id IN ({_marks(code_ids)})"
        parameters += tuple(code_ids)
    # Plain tuples straight from the driver: for 100,000 codings, building SQLAlchemy rows
    # would cost about as much as the whole sweep.
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, parameters)
        return cast("list[tuple[int, int, int, int, int]]", cursor.fetchall())
    finally:
        cursor.close()


def _turn_spans(session: Session, judged: dict[int, int]) -> dict[int, list[Interval]]:
    """Speaker turns and paragraphs as turn units of each compared document (maybe none)."""
    docs = list(judged)
    turns: dict[int, list[Interval]] = {doc: [] for doc in docs}
    blocks: dict[int, list[Interval]] = {doc: [] for doc in docs}
    for doc, kind, start, end in session.connection().exec_driver_sql(
        'SELECT document_id, kind, start, "end" FROM doc_spans '
        "WHERE kind IN ('turn', 'paragraph', 'heading', 'question') "
        f"AND document_id IN ({_marks(docs)})",
        tuple(docs),
    ):
        (turns if kind == "turn" else blocks)[doc].append((start, end))
    return {doc: turn_units(turns[doc], blocks[doc]) for doc in docs}


def _boundaries(
    project: Project,
    judged: dict[int, int],
    spans: dict[int, list[Interval]],
    sentencizer: Sentencizer | None,
) -> dict[int, UnitBoundaries]:
    """Units of each compared document: its sentences when a sentencizer is given, else its
    turn spans, else (a document with no stored structure) its lines."""
    needs_text = set(judged) if sentencizer else {doc for doc in judged if not spans.get(doc)}
    texts = project.document_texts(needs_text) if needs_text else {}
    units: dict[int, UnitBoundaries] = {}
    for doc in judged:
        if sentencizer is not None:
            found = sentencizer(texts[doc])
        else:
            found = spans.get(doc) or line_spans(texts[doc])
        units[doc] = UnitBoundaries.of(found)
    return units
