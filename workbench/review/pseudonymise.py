"""Whole-word replacement of identifiable strings, with the offset map that moves codings.

The project's pseudonym map (original -> replacement) is applied to a text in one pass over
the *original* text, so a replacement is never itself replaced. Matching ignores letter case
(a transcript writes "MARY JONES" as readily as "Mary Jones") and counts as a word boundary
anything that is not a letter, digit or combining mark, so "Mary's", "(Mary)" and the
"mary" of a file name such as "interview_mary_jones" are found and "Maryland" is not. The
space between the words of an original matches any run of spaces, line breaks or underscores
("Mary  Jones" wrapped over two lines, "mary_jones").

Where originals overlap ("Mary Jones" and "Jones Hospital" in "Mary Jones Hospital") the
longest wins, then the one written in the map's own letter case, then the earlier; a shorter
original that does not overlap the winner is still replaced. :meth:`Pseudonymiser.leftover`
checks a result: no original may survive (a replacement could bring one back).

:class:`OffsetMap` maps offsets in the old text to the new. An offset strictly inside a
replaced name moves to the replacement's start (for a start) or end (for an end), so a coding
that covered part of a name covers the whole pseudonym, and one that covered only a name that
was replaced by nothing becomes empty (the caller reports it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

# A character inside a word: a letter or digit (not "_", which separates words in file names),
# or a combining mark, so that "José" written with a combining accent does not end at the "e".
_WORD = r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"


@dataclass(frozen=True, slots=True)
class Edit:
    """``text[start:end]`` of the old text becomes ``new``."""

    start: int
    end: int
    new: str


class OffsetMap:
    """Old offsets to new ones, for a set of non-overlapping edits."""

    def __init__(self, edits: Iterable[Edit] = ()) -> None:
        self.edits = tuple(sorted(edits, key=lambda e: e.start))
        self._starts = [e.start for e in self.edits]
        self._new_starts: list[int] = []
        shift = 0
        for edit in self.edits:
            self._new_starts.append(edit.start + shift)
            shift += len(edit.new) - (edit.end - edit.start)

    @property
    def changes_nothing(self) -> bool:
        return not self.edits

    def _map(self, offset: int, *, inside_to_end: bool) -> int:
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return offset
        edit, new_start = self.edits[i], self._new_starts[i]
        new_end = new_start + len(edit.new)
        if offset >= edit.end:
            return offset - edit.end + new_end
        if offset == edit.start:
            return new_start
        return new_end if inside_to_end else new_start

    def start(self, offset: int) -> int:
        """Where a passage starting at ``offset`` starts now."""
        return self._map(offset, inside_to_end=False)

    def end(self, offset: int) -> int:
        """Where a passage ending at ``offset`` ends now."""
        return self._map(offset, inside_to_end=True)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


@dataclass(frozen=True, slots=True)
class _Entry:
    original: str
    replacement: str
    pattern: re.Pattern[str]
    words: tuple[str, ...]  # casefolded: all must be in a text for the original to be

    def may_be_in(self, folded: str) -> bool:
        return all(word in folded for word in self.words)


class Pseudonymiser:
    """Applies one pseudonym map to texts and names."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        entries = []
        for original, replacement in mapping.items():
            key = original.strip()
            if not key or key == replacement:
                continue
            words = key.split()
            body = r"[\s_]+".join(map(re.escape, words))
            # A lookahead finds every occurrence, overlapping ones too ("Ann Ann Ann").
            pattern = re.compile(rf"(?<!{_WORD})(?=({body})(?!{_WORD}))", re.IGNORECASE)
            folded = tuple(word.casefold() for word in words)
            entries.append(_Entry(key, replacement, pattern, folded))
        self._entries = entries

    def __bool__(self) -> bool:
        return bool(self._entries)

    def edits(self, text: str) -> list[Edit]:
        """The replacements to make in ``text``, non-overlapping, in text order."""
        folded = text.casefold()
        found: list[tuple[int, int, int, str]] = []  # (-length, exact case?, start, new)
        for entry in self._entries:
            if not entry.may_be_in(folded):  # a cheap test first: most names are not in a text
                continue
            for match in entry.pattern.finditer(text):
                start, end = match.span(1)
                exact = 0 if match.group(1) == entry.original else 1
                found.append((start - end, exact, start, entry.replacement))
        found.sort()
        # Taken edits never overlap, so a candidate need only be checked against the taken
        # edits just before and just after it.
        starts: list[int] = []
        taken: list[Edit] = []
        for minus_length, _, start, new in found:
            end = start - minus_length
            i = bisect_right(starts, start)
            if (i and taken[i - 1].end > start) or (i < len(taken) and taken[i].start < end):
                continue
            starts.insert(i, start)
            taken.insert(i, Edit(start, end, new))
        return taken

    def apply(self, text: str) -> tuple[str, OffsetMap]:
        """``text`` with every original replaced, and the map from old offsets to new."""
        edits = self.edits(text)
        if not edits:
            return text, OffsetMap()
        parts, last = [], 0
        for edit in edits:
            parts.append(text[last : edit.start])
            parts.append(edit.new)
            last = edit.end
        parts.append(text[last:])
        return "".join(parts), OffsetMap(edits)

    def text(self, text: str) -> str:
        """A name or a short text with every original replaced."""
        return self.apply(text)[0]

    def leftover(self, text: str) -> bool:
        """True when some original still appears in ``text`` as a whole word."""
        folded = text.casefold()
        return any(
            entry.may_be_in(folded) and entry.pattern.search(text) is not None
            for entry in self._entries
        )
