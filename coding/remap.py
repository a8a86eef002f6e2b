"""The one way a document's text changes: edits applied together, and old offsets moved to new.

Stored text is never edited in place. Anything that rewrites a document (de-identification, a
transcript correction) describes the change as sorted, non-overlapping edits of the *old* text,
calls :func:`remap`, and moves every coding, span and anchor through the returned
:class:`OffsetMap`, so that each still covers the same words.

How a range ``[start, end)`` moves:

- an edge outside every edit shifts by the length the edits before it added or removed;
- an edge inside a replaced region snaps outward, so a range that covered part of a name
  covers the whole replacement (a range may grow, never lose words it had);
- a range none of whose own (non-space) characters survive, because all of them were deleted
  or replaced, is flagged ``lost``: the caller must report it, never drop it silently. It
  covers the replacement when there is one, and is empty where the text was deleted.

Offsets are Python ``str`` indices (code points). An edit must replace at least one character
(``start < end``); to insert text, replace a neighbouring character with itself plus the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True, slots=True)
class Edit:
    """``text[start:end]`` of the old text becomes ``replacement`` ("" deletes it)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class MovedRange:
    """Where an old range is in the new text, and whether any of its own text is left."""

    start: int
    end: int
    lost: bool  # every non-space character it covered was deleted or replaced

    @property
    def removed(self) -> bool:
        """Lost and empty: its text was deleted, with nothing put in its place."""
        return self.lost and self.start == self.end


class OffsetMap:
    """Old offsets to new ones, for the edits :func:`remap` made."""

    def __init__(self, old_text: str, edits: tuple[Edit, ...]) -> None:
        self._old = old_text
        self.edits = edits
        self._starts = [e.start for e in edits]
        self._ends = [e.end for e in edits]
        self._new_starts: list[int] = []
        self._shift_after: list[int] = []  # total change in length once edit i is done
        shift = 0
        for edit in edits:
            self._new_starts.append(edit.start + shift)
            shift += len(edit.replacement) - (edit.end - edit.start)
            self._shift_after.append(shift)

    @property
    def changes_nothing(self) -> bool:
        return not self.edits

    def start(self, offset: int) -> int:
        """Where a range starting at ``offset`` starts now (inside an edit: at its start)."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return self._new_starts[i]
        return offset + (self._shift_after[i] if i >= 0 else 0)

    def end(self, offset: int) -> int:
        """Where a range ending at ``offset`` ends now (inside an edit: at its end)."""
        i = bisect_left(self._starts, offset) - 1  # the last edit starting before offset
        if i < 0:
            return offset
        if offset <= self._ends[i]:
            return self._new_starts[i] + len(self.edits[i].replacement)
        return offset + self._shift_after[i]

    def move(self, start: int, end: int) -> MovedRange:
        """The old range ``[start, end)`` in the new text (see the module note)."""
        if not 0 <= start <= end <= len(self._old):
            raise ValueError(f"range {start}-{end} is outside the text (0-{len(self._old)})")
        new_start, new_end = self.start(start), self.end(end)
        return MovedRange(new_start, max(new_start, new_end), self._lost(start, end))

    def _lost(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps an edit and keeps no non-space character."""
        first = bisect_right(self._ends, start)  # the first edit ending after start
        if first == len(self.edits) or self.edits[first].start >= end:
            return False  # no edit touches the range: nothing of it was lost
        cut = start
        for edit in self.edits[first:]:
            if edit.start >= end:
                break
            if edit.start > cut and not self._old[cut : edit.start].isspace():
                return False
            cut = max(cut, edit.end)
        return cut >= end or self._old[cut:end].isspace()


@dataclass(frozen=True, slots=True)
class Remapped:
    """The new text and the map that moves old ranges into it."""

    text: str
    offsets: OffsetMap


def remap(text: str, edits: Iterable[Edit | tuple[int, int, str]]) -> Remapped:
    """Apply ``edits`` (sorted, non-overlapping, each within ``text``) all at once.

    Raises ``ValueError`` for an edit that is empty, outside the text, out of order or
    overlapping another: a caller with such edits has a bug, and guessing would move codings
    to the wrong words.
    """
    checked = tuple(e if isinstance(e, Edit) else Edit(*e) for e in edits)
    last = 0
    parts: list[str] = []
    for edit in checked:
        if not last <= edit.start < edit.end <= len(text):
            raise ValueError(
                f"edit {edit.start}-{edit.end} is empty, outside the text (0-{len(text)}), "
                "out of order or overlapping the one before"
            )
        parts.append(text[last : edit.start])
        parts.append(edit.replacement)
        last = edit.end
    parts.append(text[last:])
    return Remapped("".join(parts), OffsetMap(text, checked))
