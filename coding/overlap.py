"""Co-occurrence of codes: which codes are applied to overlapping passages."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# (document_id, start, end, code_id)
Interval = tuple[int, int, int, int]


def cooccurrence(intervals: Iterable[Interval]) -> Counter[tuple[int, int]]:
    """Count pairs of overlapping codings of two different codes, keyed ``(low id, high id)``.

    Two codings co-occur when their ranges share at least one character. A sweep over each
    document's codings sorted by start keeps this linear in the number of overlaps.
    """
    counts: Counter[tuple[int, int]] = Counter()
    ordered = sorted(intervals)
    for _doc, group in groupby(ordered, key=lambda i: i[0]):
        active: list[tuple[int, int]] = []  # (end, code) of codings still open
        for _, start, end, code in group:
            active = [(e, c) for e, c in active if e > start]
            for _, other in active:
                if other != code:
                    counts[(min(code, other), max(code, other))] += 1
            active.append((end, code))
    return counts
