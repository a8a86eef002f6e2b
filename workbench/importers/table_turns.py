"""Recognise a two-column table that is really a transcript: speaker | what they said.

Transcription services and many researchers type interviews into a table whose first column
holds the speaker ("Interviewer", "P01") and whose second holds the words. Such a table reads as
turns, not as a grid. The rule is deliberately strict so that key/value tables (Date | 3 May)
stay tables: every row has exactly two cells, the first column is short and names recur.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

_HEADER_NAMES = frozenset({"speaker", "name", "who", "participant", "person", "role"})
_MAX_NAME_CHARS = 40
_MAX_NAME_WORDS = 5
_SENTENCE_ENDINGS = (".", "?", "!", ",", ";")


def speaker_name(cell: str) -> str:
    """The speaker as written, without surrounding space or a trailing colon."""
    return cell.strip().rstrip(":").strip()


def is_header_row(row: Sequence[str]) -> bool:
    """A first row such as ``Speaker | Text`` that labels the columns."""
    return len(row) == 2 and speaker_name(row[0]).casefold() in _HEADER_NAMES


def is_transcript_table(rows: Sequence[Sequence[str]]) -> bool:
    """True when ``rows`` (cell texts, header row excluded) look like speaker | text turns.

    Blank speaker cells are allowed after the first row: they continue the previous turn.
    """
    if len(rows) < 2 or any(len(row) != 2 for row in rows):
        return False
    names = [speaker_name(row[0]) for row in rows]
    if not names[0] or not all(_looks_like_name(name) for name in names if name):
        return False
    counts = Counter(name for name in names if name)
    if max(counts.values()) < 2 or len(counts) > max(2, math.ceil(len(rows) / 2)):
        return False
    # Words said outweigh the names in a transcript, even with short answers.
    said = sum(len(row[1].strip()) for row in rows)
    return 2 * said >= sum(map(len, names))


def _looks_like_name(name: str) -> bool:
    return (
        len(name) <= _MAX_NAME_CHARS
        and "\n" not in name
        and len(name.split()) <= _MAX_NAME_WORDS
        and not name.endswith(_SENTENCE_ENDINGS)
    )
