"""From coded intervals to unit decisions, by interval arithmetic.

Coders are numbered 0, 1, 2... and a set of coders is a bit mask (bit i is coder i). Each coder's
codings of one code in one document are ``[start, end)`` intervals in code points.

- Character units: a sweep over the sorted interval boundaries gives runs of characters with
  the mask of coders who coded them, so a 60,000-character document costs as much as its
  boundaries, never one value per character. For two coders the ``(3, 3)`` run is the overlap,
  ``(3, 1)`` and ``(3, 2)`` the characters one coder coded alone, and the uncoded rest of the
  document is ``(3, 0)``.
- Sentence, speaker-turn and paragraph units: a unit counts as coded by a coder when any of
  that coder's codings overlaps it by at least one character ("any overlap", as NVivo's
  sentence and paragraph comparisons do). Text outside every unit is not compared.

Overlapping or touching codings by the same coder count once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

Interval = tuple[int, int]


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same characters; empty ones dropped."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def character_runs(coders: Sequence[Iterable[Interval]]) -> Counter[int]:
    """``coded mask -> characters`` for every character at least one coder coded.

    Each coder's merged intervals toggle that coder's bit at their start and end; between two
    boundaries the mask is constant, so the run's length goes to that mask."""
    events: list[tuple[int, int]] = []
    for index, intervals in enumerate(coders):
        bit = 1 << index
        for start, end in merge_intervals(intervals):
            events.append((start, bit))
            events.append((end, bit))
    events.sort()
    runs: Counter[int] = Counter()
    mask = previous = 0
    for position, bit in events:
        if mask and position > previous:
            runs[mask] += position - previous
        mask ^= bit
        previous = position
    return runs


@dataclass(frozen=True, slots=True)
class UnitBoundaries:
    """The units of one document (sentences, turns or paragraphs), sorted and disjoint."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, spans: Iterable[Interval]) -> UnitBoundaries:
        """Units from spans in any order: empty spans dropped, and a span that overlaps the one
        before it starts where that one ends (so no character belongs to two units)."""
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(spans):
            begin = max(start, ends[-1]) if ends else start
            if end > begin:
                starts.append(begin)
                ends.append(end)
        return cls(tuple(starts), tuple(ends))

    def __len__(self) -> int:
        return len(self.starts)

    def marks(self, coders: Sequence[Iterable[Interval]]) -> Counter[int]:
        """``coded mask -> units`` for every unit at least one coder's coding overlaps."""
        masks: dict[int, int] = {}
        for index, intervals in enumerate(coders):
            bit = 1 << index
            for start, end in merge_intervals(intervals):
                # Units overlapping [start, end): those ending after start and starting before end.
                for unit in range(bisect_right(self.ends, start), bisect_left(self.starts, end)):
                    masks[unit] = masks.get(unit, 0) | bit
        return Counter(masks.values())


def turn_units(turns: Iterable[Interval], paragraphs: Iterable[Interval]) -> list[Interval]:
    """Speaker turns, plus the paragraphs no turn overlaps (a preamble, a closing note): the
    "speaker turn / paragraph" unit. A document without turns is compared by paragraph."""
    boundaries = UnitBoundaries.of(turns)
    loose = [
        (start, end)
        for start, end in paragraphs
        if end > start
        and bisect_right(boundaries.ends, start) >= bisect_left(boundaries.starts, end)
    ]
    return sorted([*zip(boundaries.starts, boundaries.ends, strict=True), *loose])


def code_tally(
    sizes: Mapping[int, int], coded: Iterable[tuple[int, Mapping[int, int]]]
) -> Counter[tuple[int, int]]:
    """The tally of one code: ``(judged mask, coded mask) -> units`` over every compared
    document.

    ``sizes`` gives the units of all compared documents by judged mask (the coders who coded
    each document); ``coded`` gives, for each document where the code was applied, its judged
    mask and its :func:`character_runs` or :meth:`UnitBoundaries.marks`. Units the code was not
    applied to stay under coded mask 0, so documents without the code cost nothing."""
    tally: Counter[tuple[int, int]] = Counter({(judged, 0): n for judged, n in sizes.items()})
    for judged, runs in coded:
        for mask, n in runs.items():
            tally[(judged, mask & judged)] += n
            tally[(judged, 0)] -= n
    return tally
