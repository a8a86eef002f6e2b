"""Positions counted any of the ways tools count them map to the same place in the stored text,
for any text: emoji, accents, CRLF, lone CR and LF line breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.importers.base import clean_text
from workbench.refi.import_offsets import READINGS, Reading, TextOffsets, tool_reading

PIECES = st.sampled_from(["a", "word", " ", "é", "😀", "📶", "\r\n", "\n", "\r", "中"])


def _stored_to_raw(raw: str) -> list[int]:
    """For each offset of the stored text (0..len), the code-point offset in ``raw``."""
    positions = []
    index = 0
    while index < len(raw):
        positions.append(index)
        index += 2 if raw.startswith("\r\n", index) else 1
    positions.append(len(raw))
    return positions


def _units(text: str, end: int) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text[:end])


def _as_counted(raw: str, stored_offset: int, reading: Reading) -> int:
    """Where a tool using ``reading`` puts the stored text's ``stored_offset``."""
    if reading.breaks_as_one:
        base, index = clean_text(raw), stored_offset
    else:
        base, index = raw, _stored_to_raw(raw)[stored_offset]
    return _units(base, index) if reading.utf16 else index


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(PIECES, min_size=1, max_size=40), data=st.data())
def test_every_reading_maps_back_to_the_same_stored_offset(
    pieces: list[str], data: st.DataObject
) -> None:
    raw = "".join(pieces)
    offsets = TextOffsets(raw)
    assert offsets.text == clean_text(raw)
    stored = data.draw(st.integers(min_value=0, max_value=len(offsets.text)))
    for reading in READINGS:
        counted = _as_counted(raw, stored, reading)
        assert offsets.convert(counted, reading, end=False) == stored
        assert offsets.convert(counted, reading, end=True) == stored


def test_an_end_inside_an_emoji_takes_the_whole_emoji() -> None:
    offsets = TextOffsets("ok 😀 fine")
    utf16 = Reading(utf16=True, breaks_as_one=False)
    assert offsets.convert(4, utf16, end=True) == 4  # half of the emoji's two units
    assert offsets.convert(4, utf16, end=False) == 3


def test_the_exporting_tool_gives_the_first_guess() -> None:
    assert tool_reading("NVivo for Mac 12.7.0") == Reading(utf16=True, breaks_as_one=False)
    assert tool_reading("ATLAS.ti 9.1 (Windows)") == Reading(utf16=False, breaks_as_one=True)
    assert tool_reading("MAXQDA 24") == Reading(utf16=False, breaks_as_one=False)
    assert tool_reading("") == Reading(utf16=False, breaks_as_one=False)
