"""Where a passage is: its paragraph number and the speaker turn it starts in."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class Locator:
    """Answers 'which paragraph / turn holds offset N' for one document by bisection."""

    def __init__(
        self, paragraph_starts: Sequence[int], turns: Sequence[tuple[int, int, int]]
    ) -> None:
        self._paragraphs = sorted(paragraph_starts)
        ordered = sorted(turns)  # (start, end, value)
        self._turn_starts = [t[0] for t in ordered]
        self._turns = ordered

    def paragraph(self, offset: int) -> int:
        """1-based number of the paragraph that contains ``offset`` (0 before the first)."""
        return bisect_right(self._paragraphs, offset)

    def turn(self, offset: int) -> int | None:
        """The value (e.g. speaker id) of the turn containing ``offset``, if any."""
        return self.turn_at(offset)[0]

    def turn_at(self, offset: int) -> tuple[int | None, int | None]:
        """(value, start) of the turn containing ``offset``, or (None, None)."""
        index = bisect_right(self._turn_starts, offset) - 1
        if index >= 0:
            start, end, value = self._turns[index]
            if start <= offset < end:
                return value, start
        return None, None


def utf16_offset(text: str, index: int) -> int:
    """Code-point index -> UTF-16 code units (Qt's QTextCursor and NVivo count these)."""
    return len(text[:index].encode("utf-16-le")) // 2


def from_utf16_offset(text: str, units: int) -> int:
    """UTF-16 code units -> code-point index; a unit inside a surrogate pair rounds down."""
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index if count == units else index - 1
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text) if count <= units else len(text) - 1  # inside a final surrogate pair


def place_sorted(
    offsets: Sequence[int],
    paragraph_starts: Sequence[int],
    turns: Sequence[tuple[int, int, int]],
) -> list[tuple[int, int | None, int | None]]:
    """For ascending ``offsets``: (paragraph number, turn value, turn start) of each.

    The same answers as :class:`Locator`, found by walking both sorted lists once instead of
    bisecting for every offset; retrieving tens of thousands of segments depends on it.
    ``paragraph_starts`` and ``turns`` (start, end, value) must be sorted by start.
    """
    placed: list[tuple[int, int | None, int | None]] = []
    p = t = 0
    n_paragraphs, n_turns = len(paragraph_starts), len(turns)
    for offset in offsets:
        while p < n_paragraphs and paragraph_starts[p] <= offset:
            p += 1
        while t < n_turns and turns[t][0] <= offset:
            t += 1
        value = start = None
        if t:
            turn_start, turn_end, turn_value = turns[t - 1]
            if offset < turn_end:
                value, start = turn_value, turn_start
        placed.append((p, value, start))
    return placed


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Code-point index <-> UTF-16 unit offset for one text, in O(log n) per conversion.

    Python strings count code points (what REFI-QDA and the database store); Qt's
    QTextDocument counts UTF-16 units, where each character outside the Basic Multilingual
    Plane (most emoji) takes two. Only those characters shift offsets, so their positions
    are all this keeps.
    """

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 offset of each astral character.
        self._astral_units = [index + n for n, index in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, index: int) -> int:
        return index + bisect_left(self._astral, index)

    def from_utf16(self, units: int) -> int:
        """Code-point index; a unit inside a surrogate pair rounds down to its character."""
        before = bisect_left(self._astral_units, units)
        if before and self._astral_units[before - 1] + 1 == units:
            return self._astral[before - 1]  # the low surrogate of that character
        return units - before
