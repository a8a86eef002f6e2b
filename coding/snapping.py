"""Snap a selection to whole words, the sentence, the speaker turn or the paragraph.

Offsets are Python code points, like every coding. A speaker turn in a transcript starts with a
header, e.g. ``P01: ``, ``[00:01:40] P017: `` or ``P04  0:14`` on its own line; snapping to a turn,
a sentence or a paragraph leaves that header out, because a quotation never includes it.

Sentences come from the language pipeline when the caller has them (``sentences``: sorted spans,
e.g. from ``workbench.nlp_documents.document_sentences``), else from the rules here. Paragraphs
are the document's paragraph, heading and question spans (``paragraphs``), else its lines.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

SnapMode = Literal["words", "sentence", "turn", "paragraph"]
SNAP_MODES: tuple[SnapMode, ...] = ("words", "sentence", "turn", "paragraph")
Span = tuple[int, int]

_TIME = r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "vs", "cf"})
_EDGE_PUNCTUATION = frozenset(".,;:!?…\"'`-–—/")
_HEADER_WINDOW = 160  # a speaker label and timestamp never run longer than this


@dataclass(frozen=True, slots=True)
class TurnHeader:
    """Where the speaker name and timestamp of a turn are, and where its words begin."""

    name: tuple[int, int] | None
    time: tuple[int, int] | None
    body: int


@dataclass(frozen=True, slots=True, order=True)
class Turn:
    start: int  # where the turn begins, header included
    body: int  # where its words begin
    end: int


@lru_cache(maxsize=256)
def _header_pattern(speaker: str) -> re.Pattern[str]:
    return re.compile(
        rf"[ \t]*(?:(?P<t1>{_TIME})[ \t]*)?(?P<name>{re.escape(speaker)})(?=[\s:：\[(]|$)"
        rf"[ \t]*(?:[:：][ \t]*)?(?:(?P<t2>{_TIME})[ \t]*)?(?:[:：][ \t]*)?(?:\n[ \t]*)?"
    )


def turn_header(text: str, start: int, end: int, speaker: str | None) -> TurnHeader:
    """The header of the turn ``[start, end)`` spoken by ``speaker`` (none if it has no label)."""
    if not speaker:
        return TurnHeader(None, None, start)
    found = _header_pattern(speaker).match(text, start, min(end, start + _HEADER_WINDOW))
    if found is None:
        return TurnHeader(None, None, start)
    time = found.span("t1") if found.group("t1") else None
    if time is None and found.group("t2"):
        time = found.span("t2")
    return TurnHeader(found.span("name"), time, min(found.end(), end))


def find_turns(text: str, spans: Iterable[tuple[int, int, str | None]]) -> list[Turn]:
    """Turns, sorted by start, from ``(start, end, speaker)`` turn spans."""
    return sorted(
        Turn(start, turn_header(text, start, end, speaker).body, end)
        for start, end, speaker in spans
    )


@dataclass(frozen=True, slots=True)
class SnapUnits:
    """What a document is made of, beyond its text: each sequence sorted by start.

    ``sentences`` (from a language pipeline) replace the rule-based sentences where they cover
    the selection; ``paragraphs`` are structure spans, the lines of the text where there are none.
    """

    turns: Sequence[Turn] = ()
    sentences: Sequence[Span] = ()
    paragraphs: Sequence[Span] = ()


def snap(
    text: str, start: int, end: int, mode: SnapMode, units: SnapUnits | Sequence[Turn] = ()
) -> tuple[int, int]:
    """``[start, end)`` snapped by ``mode`` (``units`` may be just the turns)."""
    if not isinstance(units, SnapUnits):
        units = SnapUnits(turns=units)
    if mode == "words":
        return snap_to_words(text, start, end)
    if mode == "turn":
        return snap_to_turn(text, units.turns, start, end)
    if mode == "sentence":
        found = snap_to_spans(text, units.sentences, start, end)
        s, e = found if found is not None else snap_to_sentence(text, start, end)
    elif mode == "paragraph":
        s, e = snap_to_paragraph(text, units.paragraphs, start, end)
    else:
        raise ValueError(f"unknown snap mode {mode!r}: use one of {SNAP_MODES}")
    turn = _turn_at(units.turns, s)
    if turn is not None and s < turn.body < e:
        s = turn.body  # the sentence or paragraph began with the speaker label
    return s, e


def snap_to_spans(text: str, spans: Sequence[Span], start: int, end: int) -> Span | None:
    """Grow a selection to the spans it touches, trimmed of spaces; None when it touches none.

    An empty selection takes the span around the cursor, or the one just before it (the cursor
    after a full stop at the end of a line).
    """
    start, end = _ordered(text, start, end)
    if start < end:
        touched = [(a, b) for a, b in spans if a < end and start < b]
    else:
        touched = [(a, b) for a, b in spans if a <= start < b]
        touched = touched or [(a, b) for a, b in spans if b == start]
    if not touched:
        return None
    s, e = _trimmed(text, min(a for a, _ in touched), max(b for _, b in touched))
    return (s, e) if s < e else None


def snap_to_paragraph(text: str, paragraphs: Sequence[Span], start: int, end: int) -> Span:
    """Grow a selection to the paragraphs (or headings, or survey answers) it touches; where no
    paragraph span covers it, to the lines it touches."""
    found = snap_to_spans(text, paragraphs, start, end)
    if found is not None:
        return found
    start, end = _ordered(text, start, end)
    last = end - 1 if end > start else start
    s, e = _trimmed(text, _paragraph(text, start)[0], _paragraph(text, last)[1])
    return (s, e) if s < e else (start, end)


def _ordered(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    return start, end


def _is_edge_punctuation(char: str) -> bool:
    return char in _EDGE_PUNCTUATION or unicodedata.category(char) in ("Ps", "Pe", "Pi", "Pf")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a selection to the whole words it touches, without the spaces and punctuation
    around them. An empty selection becomes the word at the cursor."""
    start, end = _ordered(text, start, end)
    if start == end:
        if start < len(text) and not text[start].isspace():
            end = start + 1
        elif start > 0 and not text[start - 1].isspace():
            start -= 1
        else:
            return start, start
    s, e = _grown_to_words(text, start, end)
    while s < e and _is_edge_punctuation(text[s]):
        s += 1
    while e > s and _is_edge_punctuation(text[e - 1]):
        e -= 1
    return (s, e) if s < e else (start, end)


def _grown_to_words(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` (not empty) grown to whole whitespace-separated words, spaces trimmed."""
    if not text[s].isspace():
        while s > 0 and not text[s - 1].isspace():
            s -= 1
    if not text[e - 1].isspace():
        while e < len(text) and not text[e].isspace():
            e += 1
    return _trimmed(text, s, e)


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    low = text.rfind("\n", 0, offset) + 1
    high = text.find("\n", offset)
    return low, len(text) if high < 0 else high


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, low: int, high: int) -> list[tuple[int, int]]:
    """Sentences of the paragraph ``[low, high)``, each without surrounding spaces."""
    cuts = [low]
    for found in _SENTENCE_END.finditer(text, low, high):
        before = text[max(low, found.start() - 5) : found.start()].split()
        word = before[-1].lower().lstrip("(") if before else ""
        if found.group() == "." and word in _ABBREVIATIONS:
            continue
        cuts.append(found.end())
    cuts.append(high)
    pieces = (_trimmed(text, a, b) for a, b in pairwise(cuts))
    return [(a, b) for a, b in pieces if a < b]


def snap_to_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a selection to the sentences it touches; a line break also ends a sentence."""
    start, end = _ordered(text, start, end)
    last = end - 1 if end > start else start
    first_sentences = _sentences(text, *_paragraph(text, start))
    last_sentences = _sentences(text, *_paragraph(text, last))
    s = next((a for a, b in first_sentences if b > start), None)
    if s is None:
        s = first_sentences[-1][0] if first_sentences else start
    e = next((b for a, b in reversed(last_sentences) if a <= last), None)
    if e is None:
        e = last_sentences[0][1] if last_sentences else end
    return (s, e) if s <= e else (start, end)


def _turn_at(turns: Sequence[Turn], offset: int) -> Turn | None:
    index = bisect_right([t.start for t in turns], offset) - 1
    if index >= 0 and turns[index].start <= offset < turns[index].end:
        return turns[index]
    return None


def snap_to_turn(text: str, turns: Sequence[Turn], start: int, end: int) -> tuple[int, int]:
    """Grow a selection to the speaker turns it touches, without their headers; outside any
    turn (notes, surveys), to the paragraph."""
    start, end = _ordered(text, start, end)
    last = end - 1 if end > start else start
    first_turn, last_turn = _turn_at(turns, start), _turn_at(turns, last)
    s = first_turn.body if first_turn else _trimmed(text, *_paragraph(text, start))[0]
    e = last_turn.end if last_turn else _trimmed(text, *_paragraph(text, last))[1]
    s, e = _trimmed(text, s, e)
    return (s, e) if s < e else (start, end)
