"""Turning the positions a REFI-QDA file gives into offsets in the text the Workbench stores.

A selection's positions count characters of the source's plain text *as the exporting tool
saw it*; the Workbench stores that text with CRLF and CR turned into LF and unrepresentable
characters replaced one for one (``workbench.importers.base.clean_text``), and counts code
points. Tools disagree on what a position counts (spec/refi-qda/NOTES.md §3):

- the standard, QualCoder, MAXQDA: code points over the text as stored, CRLF as two;
- NVivo (Windows and Mac): UTF-16 units, so each emoji counts twice, CRLF as two;
- ATLAS.ti on Windows (reported): a CRLF counted as one character.

The tool named in ``origin`` gives the first guess. Every selection is then tried under each
reading, scoring selections that start and end between words and those whose ``name`` (ATLAS.ti
writes the selected text there) matches the text they select; another reading wins only when it
fits clearly better, so a file from an unknown tool that counts like NVivo is still read
right. Then each selection is repaired: start and end swapped when inverted, cut to the text
when they reach outside it; one that covers nothing keeps no coding. Each repair is counted
in the report.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.locations import Utf16Map
from workbench.importers.base import clean_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.refi.import_model import RefiProject, RefiSelection, RefiText
    from workbench.refi.import_report import RefiImportReport

_CRLF = re.compile("\r\n")
_MARGIN = 2  # points another reading must gain over the tool's own (one selection's two ends)
_NAME_MATCH = 4  # a selection named after the text it selects outweighs word boundaries
_OUTSIDE = -4


@dataclass(frozen=True, slots=True)
class Reading:
    """How a file counts positions."""

    utf16: bool  # UTF-16 units rather than code points
    breaks_as_one: bool  # a CRLF line break counts as one character

    def describe(self, *, emoji: bool, crlf: bool) -> str:
        """What the report says, naming only what changed a position (``emoji``: some coded
        text holds characters UTF-16 counts twice; ``crlf``: some has CRLF line breaks)."""
        parts = []
        if self.utf16 and emoji:
            parts.append("in UTF-16 units (emoji count twice, as NVivo counts)")
        if self.breaks_as_one and crlf:
            parts.append("each line break as one character (as ATLAS.ti does)")
        if not parts:
            return ""
        return "Positions in this file count " + " and ".join(parts) + "; they were converted."


STANDARD = Reading(utf16=False, breaks_as_one=False)
READINGS = (STANDARD, Reading(True, False), Reading(False, True), Reading(True, True))


TRUSTED_ORIGINS = ("qualitative workbench",)  # tools whose counting is known, not guessed


def tool_reading(origin: str) -> Reading:
    """The reading the exporting tool is known to use."""
    tool = origin.strip().lower()
    if tool.startswith("nvivo"):
        return Reading(utf16=True, breaks_as_one=False)
    if tool.startswith("atlas.ti"):
        return Reading(utf16=False, breaks_as_one=True)
    return STANDARD


class TextOffsets:
    """Converts positions over one source's original text into offsets in its stored text."""

    def __init__(self, raw: str) -> None:
        self.text = clean_text(raw)
        self._raw_units = Utf16Map(raw)
        self._text_units = Utf16Map(self.text)
        self._crlf = [match.start() for match in _CRLF.finditer(raw)]
        self.has_crlf = bool(self._crlf)
        self.has_astral = self._raw_units.to_utf16(len(raw)) != len(raw)

    def convert(self, position: int, reading: Reading, *, end: bool) -> int:
        """The stored-text offset of ``position`` (may fall outside the text: not clamped)."""
        units = self._text_units if reading.breaks_as_one else self._raw_units
        index = position
        if reading.utf16:
            index = units.from_utf16(position)
            if end and units.to_utf16(index) < position:
                index += 1  # an end inside an emoji's surrogate pair takes the whole emoji
        if reading.breaks_as_one:
            return index
        return index - bisect_left(self._crlf, index - 1)  # each CRLF before it became LF


@dataclass(frozen=True, slots=True)
class PlacedSelection:
    selection: RefiSelection
    start: int
    end: int  # equal to start: covers nothing, so its codings are left out


@dataclass(frozen=True, slots=True)
class PlacedText:
    source: RefiText
    text: str  # as stored: LF line ends, unrepresentable characters replaced
    selections: tuple[PlacedSelection, ...]


def place_texts(project: RefiProject, report: RefiImportReport) -> list[PlacedText]:
    """Every readable text of ``project`` with its selections placed in the stored text."""
    readable = [
        (text, TextOffsets(text.raw_text)) for text in project.texts if text.raw_text is not None
    ]
    reading = choose_reading(project.origin, readable)
    coded = [offsets for text, offsets in readable if text.selections]
    report.reading = reading.describe(
        emoji=any(offsets.has_astral for offsets in coded),
        crlf=any(offsets.has_crlf for offsets in coded),
    )
    return [_place(text, offsets, reading, report) for text, offsets in readable]


def choose_reading(origin: str, texts: Sequence[tuple[RefiText, TextOffsets]]) -> Reading:
    """The tool's reading unless another fits the selections clearly better."""
    default = tool_reading(origin)
    if origin.strip().lower().startswith(TRUSTED_ORIGINS):
        return default  # our own files count code points; passages may end mid-word
    scores = {
        reading: sum(_score(offsets, text.selections, reading) for text, offsets in texts)
        for reading in READINGS
    }
    best = max(READINGS, key=lambda reading: scores[reading])
    return best if scores[best] >= scores[default] + _MARGIN else default


def _score(offsets: TextOffsets, selections: Iterable[RefiSelection], reading: Reading) -> int:
    text = offsets.text
    score = 0
    for selection in selections:
        low, high = sorted((selection.start, selection.end))
        start = offsets.convert(low, reading, end=False)
        end = offsets.convert(high, reading, end=True)
        if start < 0 or end > len(text):
            score += _OUTSIDE
            continue
        score += _between_words(text, start) + _between_words(text, end)
        if _named_after(selection.name, text[start:end]):
            score += _NAME_MATCH
    return score


def _between_words(text: str, index: int) -> int:
    if index <= 0 or index >= len(text):
        return 1
    return 0 if text[index - 1].isalnum() and text[index].isalnum() else 1


def _named_after(name: str, selected: str) -> bool:
    """True when ``name`` is the selected text, perhaps cut short with an ellipsis."""
    label = " ".join(name.split()).rstrip("…").rstrip(".").strip()
    return len(label) >= 4 and " ".join(selected.split()).startswith(label)


def _place(
    text: RefiText, offsets: TextOffsets, reading: Reading, report: RefiImportReport
) -> PlacedText:
    length = len(offsets.text)
    placed = []
    for selection in text.selections:
        codings = len(selection.codings)
        low, high = selection.start, selection.end
        if low > high:
            low, high = high, low
            report.fixed(text.name, "inverted", codings)
        start = offsets.convert(low, reading, end=False)
        end = offsets.convert(high, reading, end=True)
        if start < 0 or end > length:
            start, end = min(max(start, 0), length), min(max(end, 0), length)
            report.fixed(text.name, "outside" if start < end else "beyond", codings)
        elif start == end:
            report.fixed(text.name, "empty", codings)
        placed.append(PlacedSelection(selection, start, end))
    return PlacedText(text, offsets.text, tuple(placed))
