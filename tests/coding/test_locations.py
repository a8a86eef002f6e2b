"""Where a passage is (paragraph, turn), and Qt's UTF-16 offsets versus Python's code points."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coding.locations import (
    Locator,
    Utf16Map,
    from_utf16_offset,
    place_sorted,
    utf16_offset,
)

EMOJI = "Pain 😣 at night 👍🏽, family 👨‍👩‍👧 helps 🇬🇧."
CJK = "患者说：平板电脑太难用了。"
COMBINING = "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve"  # decomposed accents
MIXED = f"{EMOJI}\n{CJK}\n{COMBINING}😀"


def units_before(text: str, index: int) -> int:
    """UTF-16 code units before ``index``: one per character, two for astral ones."""
    return index + sum(ord(char) > 0xFFFF for char in text[:index])


# ---------------------------------------------------------------- Locator
def test_paragraph_numbers_start_at_one_and_change_at_each_paragraph_start() -> None:
    locator = Locator([20, 0, 45], [])
    numbers = [locator.paragraph(offset) for offset in (0, 19, 20, 44, 45, 1000)]
    assert numbers == [1, 1, 2, 2, 3, 3]


def test_an_offset_before_the_first_paragraph_is_paragraph_zero() -> None:
    assert Locator([10], []).paragraph(3) == 0


def test_the_turn_holding_an_offset_gives_its_speaker() -> None:
    locator = Locator([], [(30, 60, 2), (0, 25, 1)])
    assert [locator.turn(offset) for offset in (0, 24, 30, 59)] == [1, 1, 2, 2]


def test_offsets_between_after_or_before_turns_have_no_speaker() -> None:
    locator = Locator([], [(5, 25, 1), (30, 60, 2)])
    assert [locator.turn(offset) for offset in (0, 25, 27, 60, 99)] == [None] * 5


def test_a_document_without_turns_has_no_speakers() -> None:
    assert Locator([0], []).turn(0) is None


# ---------------------------------------------------------------- UTF-16 offsets
@pytest.mark.parametrize("text", [EMOJI, CJK, COMBINING, MIXED, "", "plain ascii"])
def test_every_index_converts_to_utf16_and_back(text: str) -> None:
    for index in range(len(text) + 1):
        units = utf16_offset(text, index)
        assert units == units_before(text, index)
        assert from_utf16_offset(text, units) == index


def test_an_astral_emoji_counts_two_units_and_cjk_and_accents_one() -> None:
    assert utf16_offset("a😀b", 2) == 3
    assert utf16_offset(CJK, len(CJK)) == len(CJK)
    assert utf16_offset(COMBINING, len(COMBINING)) == len(COMBINING)


@pytest.mark.parametrize("text", ["a😀b", "a😀"])
def test_a_unit_inside_a_surrogate_pair_rounds_down_to_the_emoji(text: str) -> None:
    assert from_utf16_offset(text, 2) == 1


def test_units_past_the_end_give_the_end_of_the_text() -> None:
    assert from_utf16_offset("a😀b", 99) == 3
    assert from_utf16_offset("", 5) == 0


@given(
    offsets=st.lists(st.integers(0, 500), max_size=60),
    paragraphs=st.lists(st.integers(0, 500), max_size=30, unique=True),
    cuts=st.lists(st.integers(0, 500), max_size=20, unique=True),
)
def test_walking_sorted_offsets_places_them_exactly_as_bisection_does(
    offsets: list[int], paragraphs: list[int], cuts: list[int]
) -> None:
    bounds = sorted(cuts)
    turns = [(a, b, n) for n, (a, b) in enumerate(itertools.pairwise(bounds)) if a < b]
    locator = Locator(paragraphs, turns)
    ordered = sorted(offsets)
    expected = [(locator.paragraph(o), *locator.turn_at(o)) for o in ordered]
    assert place_sorted(ordered, sorted(paragraphs), turns) == expected


@pytest.mark.parametrize(
    "text",
    ["", "plain ascii", "emoji 😊 then 👩‍⚕️ nurse", "中文字符 and 𠀋 (astral CJK)",
     "e\u0301 combining, a\u0308", "😊😊😊", "end with 😊"],
)  # fmt: skip
def test_utf16_map_agrees_with_the_slow_conversion_at_every_offset(text: str) -> None:
    mapping = Utf16Map(text)
    for index in range(len(text) + 1):
        units = utf16_offset(text, index)
        assert mapping.to_utf16(index) == units
        assert mapping.from_utf16(units) == index
    for units in range(len(text.encode("utf-16-le")) // 2 + 1):
        assert mapping.from_utf16(units) == from_utf16_offset(text, units)
