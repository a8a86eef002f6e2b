"""Which stripe column each coding of a document gets, kept up to date one change at a time.

Columns are handed out greedily down the document, lowest free column first, so that codings
that overlap (or nearly touch) never share one and brackets keep their place while scrolling.
Each coding's column depends only on the codings before it, so after a change the columns are
worked out again from a checkpoint just before it, and only until the hand-out is back in the
same state as before the change (usually a few codings later): from there on nothing differs.
The result is always exactly what a fresh pass over the whole document gives.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from workbench.queries.codings import DocumentCoding

COLUMN_GAP = 60  # code points kept between two codings in one stripe column (about a line)
CHECKPOINT_EVERY = 32  # codings between two saved hand-out states

SortKey: TypeAlias = tuple[int, int, int]
# (busy columns as (free from, column), free columns, columns opened), all sorted
HandOut: TypeAlias = tuple[tuple[tuple[int, int], ...], tuple[int, ...], int]
_START: HandOut = ((), (), 0)


def sort_key(coding: DocumentCoding) -> SortKey:
    """The order of codings in a document: by start, longest first, then by id."""
    return coding.start, -coding.end, coding.id


class StripeColumns(Mapping[int, int]):
    """Coding id -> stripe column for the codings of one document."""

    def __init__(self, codings: Sequence[DocumentCoding]) -> None:
        """``codings`` sorted by :func:`sort_key`."""
        self._columns: dict[int, int] = {}
        self._keys: list[SortKey] = []  # checkpoints: the state before these codings...
        self._states: list[HandOut] = []  # ... is this
        self.depth = 0  # columns in use
        self._hand_out(codings, 0, _START)

    def __getitem__(self, coding_id: int) -> int:
        return self._columns[coding_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def update(self, codings: Sequence[DocumentCoding], changed: Iterable[DocumentCoding]) -> None:
        """Follow a change: ``codings`` is the new sorted list; ``changed`` holds the codings
        that left it and those that joined it (a resized or recoded one is both)."""
        changed = list(changed)
        if not changed:
            return
        for coding in changed:
            self._columns.pop(coding.id, None)
        low = min(sort_key(c) for c in changed)
        high = max(sort_key(c) for c in changed)
        at = bisect_right(self._keys, low) - 1  # the last checkpoint not after the change
        if at < 0:
            first, state = 0, _START
        else:
            first, state = bisect_left(codings, self._keys[at], key=sort_key), self._states[at]
        after = bisect_right(self._keys, high)  # checkpoints that may still hold after it
        later = (self._keys[after:], self._states[after:])
        del self._keys[max(at, 0) :], self._states[max(at, 0) :]
        self._hand_out(codings, first, state, later)

    def _hand_out(
        self,
        codings: Sequence[DocumentCoding],
        first: int,
        state: HandOut,
        later: tuple[list[SortKey], list[HandOut]] = ([], []),
    ) -> None:
        """Columns for ``codings[first:]`` from ``state``, saving checkpoints on the way, until
        the state is the one ``later`` saved before the same coding: the columns from there
        on are those already known, and so are the checkpoints."""
        busy, free, opened = [*state[0]], [*state[1]], state[2]
        later_keys, later_states = later
        known = {key: number for number, key in enumerate(later_keys)}
        for number, coding in enumerate(codings[first:]):
            while busy and busy[0][0] <= coding.start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if known:
                at = known.get(sort_key(coding))
                if at is not None and _settled(busy, free, opened) == later_states[at]:
                    self._keys += later_keys[at:]
                    self._states += later_states[at:]
                    break
            if number % CHECKPOINT_EVERY == 0:
                self._keys.append(sort_key(coding))
                self._states.append(_settled(busy, free, opened))
            if free:
                column = heapq.heappop(free)
            else:
                column, opened = opened, opened + 1
            self._columns[coding.id] = column
            heapq.heappush(busy, (coding.end + COLUMN_GAP, column))
        self.depth = max(self._columns.values(), default=-1) + 1


def _settled(busy: list[tuple[int, int]], free: list[int], opened: int) -> HandOut:
    """The hand-out state in one form per behaviour: sorted, and with the free columns at the
    top given back (a column never opened and one opened but free are handed out alike)."""
    spare = sorted(free)
    while spare and spare[-1] == opened - 1:
        spare.pop()
        opened -= 1
    return tuple(sorted(busy)), tuple(spare), opened
