"""Replacing names in a text with their pseudonyms, and moving passages with their words."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.review.pseudonymise import Edit, OffsetMap, Pseudonymiser

MAP = {
    "Margaret Thornbury": "Participant A",
    "Margaret": "Anne",
    "Thornbury": "Smith",
    "St Aldhelm's Hospital": "the hospital",
    "Priya": "Nurse B",
}


def test_whole_words_only_so_a_longer_word_containing_a_name_is_left_alone() -> None:
    names = Pseudonymiser({"Ann": "Beth"})
    assert names.text("Ann's annual review with Anne and Ann.") == (
        "Beth's annual review with Anne and Beth."
    )


def test_letter_case_does_not_hide_a_name() -> None:
    names = Pseudonymiser(MAP)
    assert names.text("MARGARET THORNBURY and margaret thornbury") == (
        "Participant A and Participant A"
    )


def test_the_longest_original_wins_and_the_others_still_apply_elsewhere() -> None:
    names = Pseudonymiser(MAP)
    assert names.text("Margaret Thornbury, later just Margaret, or Thornbury.") == (
        "Participant A, later just Anne, or Smith."
    )


def test_overlapping_originals_leave_none_of_either_behind() -> None:
    names = Pseudonymiser({"Mary Jones": "P1", "Jones Hospital": "the hospital", "Mary": "P2"})
    result = names.text("Mary Jones Hospital")
    assert result == "P2 the hospital"
    assert not names.leftover(result)


def test_adjacent_originals_are_both_replaced() -> None:
    names = Pseudonymiser({"Mary": "P1", "Jones": "P2"})
    assert names.text("Mary Jones, Mary-Jones, (Mary)(Jones)") == "P1 P2, P1-P2, (P1)(P2)"


def test_a_replacement_is_never_replaced_again() -> None:
    names = Pseudonymiser({"Ann": "Mary", "Mary": "Ann"})
    assert names.text("Ann met Mary") == "Mary met Ann"


def test_names_in_file_names_and_across_line_breaks_are_found() -> None:
    names = Pseudonymiser(MAP)
    assert names.text("interview_margaret_thornbury") == "interview_Participant A"
    assert names.text("said Margaret\n  Thornbury") == "said Participant A"


def test_names_next_to_emoji_and_punctuation_are_found() -> None:
    names = Pseudonymiser(MAP)
    assert names.text("😀Priya😀 at St Aldhelm's Hospital!") == "😀Nurse B😀 at the hospital!"


def test_a_name_written_with_a_combining_accent_is_not_cut_short() -> None:
    names = Pseudonymiser({"Jose": "P3"})
    assert names.text("Jose\u0301 and Jose") == "Jose\u0301 and P3"


def test_blank_and_unchanged_entries_are_ignored() -> None:
    names = Pseudonymiser({"  ": "x", "Ward 3": "Ward 3"})
    assert not names
    assert names.text("Ward 3") == "Ward 3"


def test_leftover_notices_a_replacement_that_brings_an_original_back() -> None:
    names = Pseudonymiser({"Ann Smith": "Ann", "Ann": "P2"})
    assert names.leftover(names.text("Ann Smith said"))
    assert not names.leftover(names.text("Ann said"))


def test_offsets_after_a_name_move_by_the_change_in_length() -> None:
    text = "😀 Margaret Thornbury said the tablet helped."
    new, offsets = Pseudonymiser(MAP).apply(text)
    start = text.index("the tablet")
    new_start, new_end = offsets.span(start, start + len("the tablet"))
    assert new[new_start:new_end] == "the tablet"


def test_a_passage_covering_part_of_a_name_covers_the_whole_pseudonym() -> None:
    text = "I saw Margaret Thornbury today"
    new, offsets = Pseudonymiser(MAP).apply(text)
    start = text.index("Thornbury")  # inside the longer original "Margaret Thornbury"
    assert new[slice(*offsets.span(start, start + 4))] == "Participant A"
    begin = text.index("saw")
    end = text.index("Margaret") + 3
    assert new[slice(*offsets.span(begin, end))] == "saw Participant A"


def test_a_passage_of_nothing_but_a_name_replaced_by_nothing_becomes_empty() -> None:
    text = "before Priya after"
    new, offsets = Pseudonymiser({"Priya": ""}).apply(text)
    start, end = offsets.span(text.index("Priya"), text.index("Priya") + 5)
    assert new == "before  after"
    assert start == end


def test_an_empty_offset_map_changes_nothing() -> None:
    offsets = OffsetMap()
    assert offsets.changes_nothing
    assert offsets.span(3, 9) == (3, 9)
    assert OffsetMap([Edit(2, 4, "xyz")]).span(0, 10) == (0, 11)


_WORDS = ["the", "tablet", "ward", "😀", "é", "naïve", "—", "data"]
_NAMES = list(MAP)
_SEPARATORS = [" ", "  ", "\n", ", ", " (", ") ", "'s "]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_WORDS + _NAMES), st.sampled_from(_SEPARATORS)),
        min_size=1,
        max_size=30,
    )
)
def test_every_word_that_is_not_a_name_keeps_its_place_in_the_new_text(
    tokens: list[tuple[str, str]],
) -> None:
    text, places = "", []
    for token, separator in tokens:
        places.append((token, len(text)))
        text += token + separator
    names = Pseudonymiser(MAP)
    new, offsets = names.apply(text)
    assert not names.leftover(new)
    for token, start in places:
        if token in _WORDS:
            new_start, new_end = offsets.span(start, start + len(token))
            assert new[new_start:new_end] == token
    assert not any(re.search(rf"\b{re.escape(name)}\b", new) for name in _NAMES)
