"""Codings of one document, found by range quickly, and their highlights for a visible range.

Only the codings that intersect the visible text are ever turned into highlights, so opening
or scrolling a long transcript costs the same whatever the number of codings. Overlapping
codings become separate, non-overlapping pieces whose tint blends the colours of every coding
over them and deepens with each layer.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from ui.document.columns import sort_key

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.queries.codings import DocumentCoding

LONG_CODING = 4000  # code points; longer codings are few and checked one by one
_ALPHA_ONE, _ALPHA_STEP, _ALPHA_MAX = 0.32, 0.14, 0.62


class CodingIndex:
    """Codings sorted by start (then longest first), answering "which codings meet [a, b)"
    in O(log n + k). A change of a few codings is taken in place (:meth:`replace`)."""

    def __init__(self, codings: Sequence[DocumentCoding]) -> None:
        """``codings`` in any order; :func:`document_codings` gives them sorted already."""
        ordered = sorted(codings, key=sort_key)
        self.codings = ordered
        self.by_id = {c.id: c for c in ordered}
        self._short = [c for c in ordered if c.end - c.start <= LONG_CODING]
        self._short_starts = [c.start for c in self._short]
        self._long = [c for c in ordered if c.end - c.start > LONG_CODING]
        self._codes = Counter(c.code_id for c in ordered)  # code id -> codings of it here
        # code id -> (name, colour), the same for every coding of a code
        self._looks = {c.code_id: (c.code_name, c.colour) for c in ordered}

    def __len__(self) -> int:
        return len(self.codings)

    @property
    def code_ids(self) -> set[int]:
        """The codes with a coding in the document."""
        return set(self._codes)

    def look(self, code_id: int) -> tuple[str, str] | None:
        """The name and colour the codings of ``code_id`` are drawn with, if it has any."""
        return self._looks.get(code_id)

    def replace(
        self, coding_ids: Iterable[int], fresh: Sequence[DocumentCoding]
    ) -> list[DocumentCoding]:
        """Drop the codings ``coding_ids`` (those it has) and take ``fresh`` instead, keeping
        the order; the codings dropped."""
        dropped = [self.by_id.pop(i) for i in coding_ids if i in self.by_id]
        for coding in dropped:
            del self.codings[bisect_left(self.codings, sort_key(coding), key=sort_key)]
            if coding.end - coding.start <= LONG_CODING:
                at = bisect_left(self._short, sort_key(coding), key=sort_key)
                del self._short[at], self._short_starts[at]
            else:
                self._long.remove(coding)
            self._count(coding, -1)
        for coding in fresh:
            self.by_id[coding.id] = coding
            insort(self.codings, coding, key=sort_key)
            if coding.end - coding.start <= LONG_CODING:
                at = bisect_left(self._short, sort_key(coding), key=sort_key)
                self._short.insert(at, coding)
                self._short_starts.insert(at, coding.start)
            else:
                insort(self._long, coding, key=sort_key)
            self._count(coding, 1)
        return dropped

    def _count(self, coding: DocumentCoding, step: int) -> None:
        self._codes[coding.code_id] += step
        if self._codes[coding.code_id]:
            self._looks[coding.code_id] = (coding.code_name, coding.colour)
        else:
            del self._codes[coding.code_id], self._looks[coding.code_id]

    def overlapping(self, start: int, end: int) -> list[DocumentCoding]:
        """Codings with ``c.start < end`` and ``c.end > start``, sorted by start."""
        low = bisect_left(self._short_starts, start - LONG_CODING)
        high = bisect_left(self._short_starts, end)
        found = [c for c in self._short[low:high] if c.end > start]
        found += [c for c in self._long if c.start < end and c.end > start]
        if self._long:
            found.sort(key=sort_key)
        return found

    def at(self, offset: int) -> list[DocumentCoding]:
        return self.overlapping(offset, offset + 1)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text covered by the same codings (code points)."""

    start: int
    end: int
    codings: tuple[DocumentCoding, ...]


def pieces(codings: Sequence[DocumentCoding], start: int, end: int) -> list[Piece]:
    """Split ``[start, end)`` at every coding boundary; keep the stretches that are coded.
    One sweep over the boundaries, with the codings open at each."""
    events: dict[int, list[tuple[bool, DocumentCoding]]] = {}
    for coding in codings:
        events.setdefault(max(coding.start, start), []).append((True, coding))
        events.setdefault(min(coding.end, end), []).append((False, coding))
    open_now: dict[int, DocumentCoding] = {}
    result = []
    edges = sorted(events)
    for here, after in pairwise([*edges, end]):
        for opens, coding in events[here]:
            if opens:
                open_now[coding.id] = coding
            else:
                open_now.pop(coding.id, None)
        if open_now and here < after:
            result.append(Piece(here, after, tuple(open_now.values())))
    return result


class Tints:
    """The tint of a passage under some codes: their mean colour over the text background,
    stronger for each overlapping layer, but never so strong that the text colour drops below
    4.5:1 contrast on it (WCAG AA). Cached: a view asks for the same few mixes again and again."""

    def __init__(self, base: QColor, text: QColor) -> None:
        self.base, self.text = QColor(base), QColor(text)
        self._cache: dict[tuple[str, ...], QColor] = {}

    def tint(self, colours: tuple[str, ...]) -> QColor:
        found = self._cache.get(colours)
        if found is None:
            found = self._cache[colours] = self._mix([code_colour(c) for c in colours])
        return found

    def _mix(self, colours: Sequence[QColor]) -> QColor:
        alpha = min(_ALPHA_MAX, _ALPHA_ONE + _ALPHA_STEP * (len(colours) - 1))
        mixed = blend(self.base, colours, alpha)
        while contrast(self.text, mixed) < 4.5 and alpha > 0.1:
            alpha -= 0.04
            mixed = blend(self.base, colours, alpha)
        return mixed


def blend(base: QColor, colours: Sequence[QColor], alpha: float) -> QColor:
    """The mean of ``colours`` laid over ``base`` with opacity ``alpha``."""
    count = len(colours)
    red = sum(c.redF() for c in colours) / count
    green = sum(c.greenF() for c in colours) / count
    blue = sum(c.blueF() for c in colours) / count
    return QColor.fromRgbF(
        base.redF() * (1 - alpha) + red * alpha,
        base.greenF() * (1 - alpha) + green * alpha,
        base.blueF() * (1 - alpha) + blue * alpha,
    )


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    low, high = sorted((luminance(one), luminance(other)))
    return (high + 0.05) / (low + 0.05)


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    return QColor("#000000") if luminance(background) > 0.179 else QColor("#ffffff")


def code_colour(colour: str) -> QColor:
    """The colour of a code; a missing or broken one is drawn grey rather than black."""
    parsed = QColor(colour)
    return parsed if parsed.isValid() else QColor("#999999")
