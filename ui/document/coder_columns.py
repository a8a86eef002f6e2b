"""Stripe columns grouped by coder: each coder's codings get their own block of columns.

With "Stripes by coder" on, two coders' codings of the same passage sit side by side, one block
per coder, so a reader compares them at a glance. Inside a block the columns are handed out as
usual (:class:`~ui.document.columns.StripeColumns`, one per coder), and a change is taken in
place: only the blocks of the coders it touches are worked out again, each from its own
checkpoint, and the blocks to their right simply shift when a block grows or shrinks.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from ui.document.columns import StripeColumns, sort_key

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from workbench.queries.codings import DocumentCoding

MAX_PER_CODER = 4  # deeper overlaps of one coder share the block's last column
MIN_PER_CODER = 2  # columns; the margin may ask for more to fit the initials (fit())
UNKNOWN_CODER = "Unknown coder"

CoderKey: TypeAlias = int | None  # the coder's user id


def coder_key(coding: DocumentCoding) -> CoderKey:
    return coding.coder_id


def initials_of(coding: DocumentCoding) -> str:
    """The coder's initials as recorded, else made from their name ("Ana Researcher": "AR")."""
    if coding.coder_initials.strip():
        return coding.coder_initials.strip()
    words = (coding.coder or "").split()
    return "".join(w[0] for w in words[:3]).upper() or "?"


@dataclass(frozen=True, slots=True)
class CoderGroup:
    """One coder's block of stripe columns."""

    key: CoderKey
    name: str
    initials: str
    first: int  # the block's first column
    width: int  # columns


class CoderColumns(Mapping[int, int]):
    """Coding id -> stripe column, with a block of columns per coder (by name, unknown last)."""

    def __init__(self, codings: Sequence[DocumentCoding]) -> None:
        """``codings`` sorted by :func:`~ui.document.columns.sort_key`."""
        self._lists: dict[CoderKey, list[DocumentCoding]] = {}
        for coding in codings:
            self._lists.setdefault(coder_key(coding), []).append(coding)
        self._columns = {key: StripeColumns(found) for key, found in self._lists.items()}
        self._coder = {c.id: coder_key(c) for c in codings}
        self.groups: list[CoderGroup] = []
        self._first: dict[CoderKey, int] = {}
        self._min_width = MIN_PER_CODER
        self.depth = 0
        self._arrange()

    def __getitem__(self, coding_id: int) -> int:
        key = self._coder[coding_id]
        return self._first[key] + min(self._columns[key][coding_id], MAX_PER_CODER - 1)

    def __iter__(self) -> Iterator[int]:
        return iter(self._coder)

    def __len__(self) -> int:
        return len(self._coder)

    def update(self, codings: Sequence[DocumentCoding], changed: Iterable[DocumentCoding]) -> None:
        """Follow a change, as :meth:`StripeColumns.update` does: ``codings`` is the new sorted
        list (holding the fresh codings themselves); ``changed`` the codings that left it and
        those that joined it."""
        changed = list(changed)
        for coding in changed:  # out of their coder's list, old and fresh versions alike
            found = self._lists.get(coder_key(coding), [])
            at = bisect_left(found, sort_key(coding), key=sort_key)
            if at < len(found) and found[at].id == coding.id:
                del found[at]
            self._coder.pop(coding.id, None)
        for coding in changed:  # back in if it is in the new list
            at = bisect_left(codings, sort_key(coding), key=sort_key)
            if at < len(codings) and codings[at] is coding:
                insort(self._lists.setdefault(coder_key(coding), []), coding, key=sort_key)
                self._coder[coding.id] = coder_key(coding)
        for key in {coder_key(c) for c in changed}:
            mine = [c for c in changed if coder_key(c) == key]
            found = self._lists.get(key, [])
            if not found:
                self._lists.pop(key, None)
                self._columns.pop(key, None)
            elif key in self._columns:
                self._columns[key].update(found, mine)
            else:
                self._columns[key] = StripeColumns(found)
        self._arrange()

    def fit(self, min_width: int) -> None:
        """Make each block at least ``min_width`` columns wide (within the usual bounds), so
        that the coder's initials fit above it at the current text size."""
        min_width = max(MIN_PER_CODER, min(min_width, MAX_PER_CODER))
        if min_width != self._min_width:
            self._min_width = min_width
            self._arrange()

    def _arrange(self) -> None:
        """Blocks left to right by coder name (the unknown coder last), each as wide as its
        deepest overlap allows."""
        looks = {key: found[0] for key, found in self._lists.items()}

        def order(key: CoderKey) -> tuple[bool, str, int]:
            name = looks[key].coder
            return name is None, (name or "").casefold(), key or 0

        self.groups, self._first, first = [], {}, 0
        for key in sorted(looks, key=order):
            depth = max(min(self._columns[key].depth, MAX_PER_CODER), self._min_width)
            coding = looks[key]
            name = coding.coder or UNKNOWN_CODER
            self.groups.append(CoderGroup(key, name, initials_of(coding), first, depth))
            self._first[key] = first
            first += depth
        self.depth = first
