"""Guess the roles of a survey table's columns: respondent id, free text, attributes.

Used as the GUI's first suggestion and the CLI's default when no columns are given. The guess
is cheap and explainable: an id column is named like one and has unique short values; a text
column has long, varied answers; everything else that has any value is an attribute.
"""

from __future__ import annotations

import re
import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.importers.survey import SurveyTable

_ID_NAMES = frozenset(
    {"id", "identifier", "respondent", "respondentid", "participant", "participantid",
     "responseid", "caseid", "recordid", "pid", "uid", "userid", "participantnumber"}
)  # fmt: skip
_ID_WORDS = frozenset({"id", "identifier", "respondent", "participant", "pid", "uid"})
_MAX_ID_CHARS = 40
_TEXT_MEDIAN_CHARS = 40
_TEXT_MEDIAN_WORDS = 8
_TEXT_MIN_VARIETY = 0.5  # share of distinct answers among non-blank ones


def suggest_columns(table: SurveyTable) -> tuple[str | None, list[str], list[str]]:
    """(id column or None, free-text columns, attribute columns), in table order."""
    columns = {header: [row[i] for row in table.rows] for i, header in enumerate(table.headers)}
    id_column = _id_column(columns)
    text: list[str] = []
    attributes: list[str] = []
    for header, values in columns.items():
        if header == id_column or not any(values):
            continue
        (text if _is_free_text(header, values) else attributes).append(header)
    return id_column, text, attributes


def _id_column(columns: dict[str, list[str]]) -> str | None:
    best: tuple[int, str] | None = None
    for header, values in columns.items():
        score = _id_name_score(header)
        if score and _unique_short(values) and (best is None or score > best[0]):
            best = (score, header)
    return best[1] if best else None


def _id_name_score(header: str) -> int:
    words = re.findall(r"[a-z0-9]+", header.casefold())
    if "".join(words) in _ID_NAMES:
        return 2
    return 1 if _ID_WORDS.intersection(words) else 0


def _unique_short(values: Sequence[str]) -> bool:
    return (
        bool(values)
        and all(values)
        and len(set(values)) == len(values)
        and max(map(len, values)) <= _MAX_ID_CHARS
    )


def _is_free_text(header: str, values: Sequence[str]) -> bool:
    answers = [value for value in values if value]
    if not answers or len(set(answers)) < _TEXT_MIN_VARIETY * len(answers):
        return False
    if statistics.median(map(len, answers)) > _TEXT_MEDIAN_CHARS:
        return True
    words = statistics.median(len(answer.split()) for answer in answers)
    # An open question ("What could be better?") gets short answers too.
    return words >= _TEXT_MEDIAN_WORDS or (header.rstrip().endswith("?") and words >= 3)
