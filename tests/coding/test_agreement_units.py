"""Coding units by interval arithmetic equal a brute-force count, character by character."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.agreement.sentences import line_spans, sentence_spans
from coding.agreement.statistics import cohen_kappa, coincidence_matrix, figures, nominal_alpha
from coding.agreement.units import (
    UnitBoundaries,
    character_runs,
    code_tally,
    merge_intervals,
    turn_units,
)

Interval = tuple[int, int]
bounded = settings(max_examples=150, deadline=None)


@st.composite
def documents(draw: st.DrawFn, coders: int | None = None) -> tuple[int, list[list[Interval]]]:
    """A document length and each coder's codings (overlapping, touching, repeated...)."""
    length = draw(st.integers(1, 40))
    count = coders if coders is not None else draw(st.integers(2, 4))
    interval = st.tuples(st.integers(0, length - 1), st.integers(1, length)).map(
        lambda pair: (min(pair), max(pair)) if pair[0] != pair[1] else (pair[0], pair[0] + 1)
    )
    codings = [draw(st.lists(interval, max_size=5)) for _ in range(count)]
    return length, codings


def _coded_by(codings: list[list[Interval]], position: int) -> int:
    return sum(1 << i for i, own in enumerate(codings) if any(s <= position < e for s, e in own))


def _brute_characters(length: int, codings: list[list[Interval]]) -> Counter[int]:
    masks = Counter(_coded_by(codings, p) for p in range(length))
    del masks[0]
    return masks


@bounded
@given(documents())
def test_character_sweep_equals_a_count_of_every_character(
    document: tuple[int, list[list[Interval]]],
) -> None:
    length, codings = document
    assert character_runs(codings) == _brute_characters(length, codings)


@bounded
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8))
def test_merged_intervals_cover_the_same_characters_once(pairs: list[Interval]) -> None:
    merged = merge_intervals(pairs)
    covered = {p for s, e in pairs for p in range(s, e)}
    assert {p for s, e in merged for p in range(s, e)} == covered
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))
    assert all(s < e for s, e in merged)


@st.composite
def segmented(draw: st.DrawFn) -> tuple[list[Interval], int, list[list[Interval]]]:
    """Units with gaps between them (blank lines), and coders' codings over the text."""
    length, codings = draw(documents())
    cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=12)))
    units = [(a, b) for a, b in itertools.pairwise(cuts) if draw(st.booleans())]
    return units, length, codings


@bounded
@given(segmented())
def test_a_unit_counts_as_coded_when_any_coding_overlaps_it(
    case: tuple[list[Interval], int, list[list[Interval]]],
) -> None:
    units, _length, codings = case
    expected: Counter[int] = Counter()
    for start, end in units:
        mask = 0
        for position in range(start, end):
            mask |= _coded_by(codings, position)
        if mask:
            expected[mask] += 1
    assert UnitBoundaries.of(units).marks(codings) == expected


@bounded
@given(st.lists(documents(coders=3), min_size=1, max_size=4), st.data())
def test_code_tally_and_figures_equal_listing_every_character(
    docs: list[tuple[int, list[list[Interval]]]], data: st.DataObject
) -> None:
    # Each document was judged by two or three of the coders; the others are missing there.
    judged = [data.draw(st.sampled_from([0b011, 0b101, 0b110, 0b111])) for _ in docs]
    sizes: Counter[int] = Counter()
    coded = []
    rows: list[list[int | None]] = [[], [], []]  # Krippendorff's layout: coder x character
    for (length, codings), mask in zip(docs, judged, strict=True):
        own = [c if mask & (1 << i) else [] for i, c in enumerate(codings)]
        sizes[mask] += length
        coded.append((mask, character_runs(own)))
        for position in range(length):
            present = _coded_by(own, position)
            for i in range(3):
                rows[i].append(int(bool(present & (1 << i))) if mask & (1 << i) else None)
    tally = code_tally(sizes, coded)
    assert sum(tally.values()) == sum(length for length, _ in docs)
    found = figures(tally, coders=3)
    assert found.units == sum(length for length, _ in docs)
    alpha = nominal_alpha(coincidence_matrix(rows))
    assert found.alpha == (None if alpha is None else pytest.approx(alpha, abs=1e-9))


@bounded
@given(documents(coders=2))
def test_two_coder_kappa_equals_the_per_character_table(
    document: tuple[int, list[list[Interval]]],
) -> None:
    length, codings = document
    table = [[0, 0], [0, 0]]
    for position in range(length):
        mask = _coded_by(codings, position)
        table[0 if mask & 1 else 1][0 if mask & 2 else 1] += 1
    tally = code_tally({3: length}, [(3, character_runs(codings))])
    found = figures(tally, coders=2)
    expected = cohen_kappa(table)
    assert found.kappa == (None if expected is None else pytest.approx(expected, abs=1e-9))


def test_overlapping_units_are_clipped_and_empty_ones_dropped() -> None:
    units = UnitBoundaries.of([(10, 20), (0, 5), (15, 30), (5, 5), (18, 25)])
    assert list(zip(units.starts, units.ends, strict=True)) == [(0, 5), (10, 20), (20, 30)]


def test_turn_units_add_paragraphs_outside_every_turn() -> None:
    turns = [(10, 40), (41, 80)]
    paragraphs = [(0, 8), (10, 25), (26, 40), (41, 80), (82, 90)]
    assert turn_units(turns, paragraphs) == [(0, 8), (10, 40), (41, 80), (82, 90)]
    assert turn_units([], paragraphs) == paragraphs


def test_sentences_split_on_end_punctuation_before_a_capital() -> None:
    text = "It was slow. Then it got better! Did it? Yes.\nNext turn here"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "It was slow.",
        "Then it got better!",
        "Did it?",
        "Yes.",
        "Next turn here",
    ]


def test_abbreviations_and_initials_keep_a_sentence_together() -> None:
    text = (
        "Dr. Patel and Mrs. J. Smith met, e.g. on wards (i.e. Ward 4) vs. clinics. So did I. Done"
    )
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Dr. Patel and Mrs. J. Smith met, e.g. on wards (i.e. Ward 4) vs. clinics.",
        "So did I.",
        "Done",
    ]


def test_quotes_and_lower_case_follow_ons_are_handled() -> None:
    text = 'She said "No way." Then left. the end? maybe. 3. Items...  Well'
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        'She said "No way."',
        "Then left. the end? maybe. 3.",
        "Items...",
        "Well",
    ]


def test_blank_lines_and_surrounding_spaces_belong_to_no_unit() -> None:
    text = "  First line.  \n\n   \nSecond line\n"
    assert [text[s:e] for s, e in line_spans(text)] == ["First line.", "Second line"]
    assert sentence_spans(text) == line_spans(text)
    assert sentence_spans("") == []


def test_sentence_offsets_count_code_points_with_emoji() -> None:
    text = "Great 😀. Not great 👎. Fine"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Great 😀.", "Not great 👎.", "Fine"]
