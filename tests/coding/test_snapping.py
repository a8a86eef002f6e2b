"""Snapping a selection to whole words, the sentence or the speaker turn (rule-based)."""

from __future__ import annotations

import pytest

from coding.snapping import (
    Turn,
    find_turns,
    snap,
    snap_to_sentence,
    snap_to_turn,
    snap_to_words,
    turn_header,
)

TRANSCRIPT = (
    "Interviewer: How is the kit? Does it help?\n"
    "P01: Well, it’s “mostly fine”. Dr. Shah set it up… The alerts, though! 😀 They never stop.\n"
    "[00:01:40] P01: Second turn here.\n"
    "P04  0:14\nOtter style body text."
)


def _select(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _turns() -> list[Turn]:
    spans = []
    for line_start, speaker in ((0, "Interviewer"), (43, "P01")):
        line_end = TRANSCRIPT.index("\n", line_start)
        spans.append((line_start, line_end, speaker))
    third = TRANSCRIPT.index("[00:01:40]")
    spans.append((third, TRANSCRIPT.index("\n", third), "P01"))
    fourth = TRANSCRIPT.index("P04")
    spans.append((fourth, len(TRANSCRIPT), "P04"))
    return find_turns(TRANSCRIPT, spans)


def _snapped(text: str, bounds: tuple[int, int]) -> str:
    return text[bounds[0] : bounds[1]]


def test_a_selection_inside_words_grows_to_the_whole_words() -> None:
    start, end = _select(TRANSCRIPT, "ow is the ki")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "How is the kit"


def test_word_snapping_drops_spaces_quotes_and_full_stops_around_the_words() -> None:
    start, end = _select(TRANSCRIPT, " “mostly fine”. ")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "mostly fine"


def test_word_snapping_keeps_apostrophes_inside_words() -> None:
    start, end = _select(TRANSCRIPT, "t’s “mos")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "it’s “mostly"


def test_word_snapping_counts_an_emoji_as_a_word_and_does_not_shift_offsets() -> None:
    start, end = _select(TRANSCRIPT, "😀 They nev")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "😀 They never"
    start, end = _select(TRANSCRIPT, "ey never st")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "They never stop"


def test_an_empty_selection_becomes_the_word_at_the_cursor() -> None:
    cursor = TRANSCRIPT.index("alerts") + 2
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, cursor, cursor)) == "alerts"


def test_word_snapping_across_a_line_break_keeps_the_words_on_both_lines() -> None:
    start, end = _select(TRANSCRIPT, "p?\nP0")
    assert _snapped(TRANSCRIPT, snap_to_words(TRANSCRIPT, start, end)) == "help?\nP01"


def test_a_selection_of_only_spaces_is_left_as_it_was() -> None:
    start = TRANSCRIPT.index("  0:14")
    assert snap_to_words(TRANSCRIPT, start, start + 2) == (start, start + 2)


def test_sentence_snapping_grows_to_the_sentence_and_stops_at_its_full_stop() -> None:
    start, end = _select(TRANSCRIPT, "kit? Does")
    assert _snapped(TRANSCRIPT, snap_to_sentence(TRANSCRIPT, start, end)) == (
        "Interviewer: How is the kit? Does it help?"
    )


def test_sentence_snapping_skips_abbreviations_and_keeps_closing_quotes() -> None:
    start, end = _select(TRANSCRIPT, "Shah")
    assert _snapped(TRANSCRIPT, snap_to_sentence(TRANSCRIPT, start, end)) == ("Dr. Shah set it up…")
    start, end = _select(TRANSCRIPT, "mostly")
    assert _snapped(TRANSCRIPT, snap_to_sentence(TRANSCRIPT, start, end)) == (
        "P01: Well, it’s “mostly fine”."
    )


def test_sentence_snapping_past_an_emoji() -> None:
    start, end = _select(TRANSCRIPT, "never")
    assert _snapped(TRANSCRIPT, snap_to_sentence(TRANSCRIPT, start, end)) == "😀 They never stop."


def test_a_line_break_ends_a_sentence() -> None:
    start, end = _select(TRANSCRIPT, "Second")
    assert _snapped(TRANSCRIPT, snap_to_sentence(TRANSCRIPT, start, end)) == (
        "[00:01:40] P01: Second turn here."
    )


def test_sentence_mode_leaves_the_speaker_label_out() -> None:
    start, end = _select(TRANSCRIPT, "Well")
    assert _snapped(TRANSCRIPT, snap(TRANSCRIPT, start, end, "sentence", _turns())) == (
        "Well, it’s “mostly fine”."
    )
    start, end = _select(TRANSCRIPT, "Second")
    assert _snapped(TRANSCRIPT, snap(TRANSCRIPT, start, end, "sentence", _turns())) == (
        "Second turn here."
    )


def test_turn_snapping_takes_the_whole_turn_without_its_header() -> None:
    start, end = _select(TRANSCRIPT, "alerts")
    assert _snapped(TRANSCRIPT, snap(TRANSCRIPT, start, end, "turn", _turns())) == (
        "Well, it’s “mostly fine”. Dr. Shah set it up… The alerts, though! 😀 They never stop."
    )


def test_turn_snapping_across_two_turns_spans_both() -> None:
    start, end = _select(TRANSCRIPT, "help?\nP01: Well")
    snapped = _snapped(TRANSCRIPT, snap_to_turn(TRANSCRIPT, _turns(), start, end))
    assert snapped.startswith("How is the kit?")
    assert snapped.endswith("They never stop.")


def test_turn_snapping_of_an_otter_turn_skips_the_name_and_time_line() -> None:
    start, end = _select(TRANSCRIPT, "style")
    assert _snapped(TRANSCRIPT, snap(TRANSCRIPT, start, end, "turn", _turns())) == (
        "Otter style body text."
    )


def test_outside_any_turn_turn_snapping_takes_the_paragraph() -> None:
    notes = "Heading\n\n  The first note line, with words.  \nAnother line."
    start, end = _select(notes, "first")
    assert _snapped(notes, snap_to_turn(notes, [], start, end)) == (
        "The first note line, with words."
    )


def test_turn_headers_find_name_and_timestamp() -> None:
    third = TRANSCRIPT.index("[00:01:40]")
    header = turn_header(TRANSCRIPT, third, len(TRANSCRIPT), "P01")
    assert header.name is not None
    assert header.time is not None
    assert _snapped(TRANSCRIPT, header.name) == "P01"
    assert _snapped(TRANSCRIPT, header.time) == "[00:01:40]"
    assert TRANSCRIPT[header.body :].startswith("Second")
    otter = TRANSCRIPT.index("P04")
    header = turn_header(TRANSCRIPT, otter, len(TRANSCRIPT), "P04")
    assert header.time is not None
    assert _snapped(TRANSCRIPT, header.time) == "0:14"
    assert TRANSCRIPT[header.body :].startswith("Otter")


def test_a_turn_without_its_speaker_label_has_no_header() -> None:
    header = turn_header("P010: text", 0, 10, "P01")
    assert header.name is None
    assert header.body == 0
    assert turn_header("text", 0, 4, None).body == 0


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown snap mode"):
        snap("text", 0, 2, "chapter")  # type: ignore[arg-type]
