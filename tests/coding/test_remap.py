"""Rewriting a text moves every range so that it still covers the same words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.remap import Edit, remap

# Letters, spaces and line breaks, with emoji, CJK and a combining mark among them.
ALPHABET = st.sampled_from([*"ab yz\n", "é", "e\u0301", "😀", "中", "文", "👩‍⚕️"])
TEXTS = st.lists(ALPHABET, min_size=0, max_size=40).map("".join)
REPLACEMENTS = st.sampled_from(["", "[Person 1]", "X", "😀😀", "[Hospital A]", " "])


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, list[Edit], list[tuple[int, int]]]:
    text = draw(TEXTS)
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end and draw(st.booleans()):
            edits.append(Edit(start, end, draw(REPLACEMENTS)))
    ranges = [
        tuple(sorted(draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))))))
        for _ in range(draw(st.integers(0, 6)))
    ]
    return text, edits, ranges  # type: ignore[return-value]


def expected_text(text: str, edits: list[Edit], start: int, end: int) -> str:
    """The words a range should cover afterwards: its unedited characters, in order, plus the
    replacement of every edit it overlapped."""
    pieces: list[str] = []
    position = start
    for edit in edits:
        if edit.end <= start or edit.start >= end:
            continue
        pieces.append(text[position : max(position, edit.start)])
        pieces.append(edit.replacement)
        position = max(position, edit.end)
    pieces.append(text[position:end] if position < end else "")
    return "".join(pieces)


def expected_lost(text: str, edits: list[Edit], start: int, end: int) -> bool:
    touched = [e for e in edits if e.start < end and e.end > start]
    if not touched:
        return False
    kept = [text[i] for i in range(start, end) if not any(e.start <= i < e.end for e in edits)]
    return "".join(kept).strip() == ""


@settings(max_examples=400, deadline=None)
@given(edited_texts())
def test_every_range_still_covers_the_same_words(
    case: tuple[str, list[Edit], list[tuple[int, int]]],
) -> None:
    text, edits, ranges = case
    result = remap(text, edits)
    for start, end in ranges:
        moved = result.offsets.move(start, end)
        assert result.text[moved.start : moved.end] == expected_text(text, edits, start, end)
        assert moved.lost == expected_lost(text, edits, start, end)


@settings(max_examples=200, deadline=None)
@given(edited_texts())
def test_the_new_text_is_the_old_one_with_each_edit_made(
    case: tuple[str, list[Edit], list[tuple[int, int]]],
) -> None:
    text, edits, _ = case
    assert remap(text, edits).text == expected_text(text, edits, 0, len(text))
    assert remap(text, edits).offsets.move(0, len(text)).end == len(remap(text, edits).text)


def test_a_coding_on_part_of_a_name_grows_to_the_whole_pseudonym() -> None:
    text = "I met Jane Smith at the clinic."
    result = remap(text, [(6, 16, "[Person 1]")])
    assert result.text == "I met [Person 1] at the clinic."
    moved = result.offsets.move(text.index("Smith"), len(text))
    assert result.text[moved.start : moved.end] == "[Person 1] at the clinic."
    assert not moved.lost


def test_a_coding_of_only_the_name_is_reported_as_lost() -> None:
    text = "I met Jane Smith at the clinic."
    result = remap(text, [(6, 16, "[Person 1]")])
    moved = result.offsets.move(6, 16)
    assert result.text[moved.start : moved.end] == "[Person 1]"
    assert moved.lost
    assert not moved.removed


def test_a_coding_whose_text_was_deleted_is_reported_as_removed() -> None:
    text = "Call 0113 496 0123 now."
    result = remap(text, [(4, 18, "")])
    assert result.text == "Call now."
    moved = result.offsets.move(5, 18)
    assert moved.removed
    assert moved.start == moved.end == 4


def test_offsets_count_code_points_after_emoji_and_cjk() -> None:
    text = "😀 中文 Jane 😀 ok"
    start = text.index("Jane")
    result = remap(text, [(start, start + 4, "[Person 1]")])
    moved = result.offsets.move(text.index("ok"), len(text))
    assert result.text[moved.start : moved.end] == "ok"


@pytest.mark.parametrize(
    "edits",
    [[(3, 3, "x")], [(2, 5, "a"), (4, 6, "b")], [(5, 6, "a"), (1, 2, "b")], [(0, 99, "")]],
)
def test_edits_that_are_empty_overlapping_out_of_order_or_outside_are_refused(
    edits: list[tuple[int, int, str]],
) -> None:
    with pytest.raises(ValueError, match="edit"):
        remap("0123456789", edits)
