"""Co-occurrence of codes on hand-made intervals ``(document, start, end, code)``."""

from __future__ import annotations

from collections import Counter
from itertools import combinations, product

from coding.overlap import Interval, cooccurrence


def brute_force(intervals: list[Interval]) -> Counter[tuple[int, int]]:
    """Every pair of codings of two codes that share a character, the slow obvious way."""
    counts: Counter[tuple[int, int]] = Counter()
    for a, b in combinations(intervals, 2):
        same_doc, different = a[0] == b[0], a[3] != b[3]
        if same_doc and different and max(a[1], b[1]) < min(a[2], b[2]):
            counts[(min(a[3], b[3]), max(a[3], b[3]))] += 1
    return counts


def test_two_codes_sharing_one_character_co_occur() -> None:
    assert cooccurrence([(1, 0, 10, 7), (1, 9, 20, 3)]) == {(3, 7): 1}


def test_touching_ranges_do_not_co_occur() -> None:
    assert cooccurrence([(1, 0, 10, 1), (1, 10, 20, 2)]) == {}


def test_a_code_does_not_pair_with_itself() -> None:
    assert cooccurrence([(1, 0, 10, 4), (1, 5, 15, 4)]) == {}


def test_codings_in_different_documents_never_co_occur() -> None:
    assert cooccurrence([(1, 0, 10, 1), (2, 0, 10, 2)]) == {}


def test_a_long_coding_pairs_with_each_passage_inside_it_but_they_not_with_each_other() -> None:
    found = cooccurrence([(1, 10, 20, 1), (1, 0, 100, 3), (1, 30, 40, 2)])
    assert found == {(1, 3): 1, (2, 3): 1}


def test_pairs_are_counted_once_per_pair_of_codings_across_documents() -> None:
    intervals = [(1, 0, 5, 1), (1, 2, 8, 2), (2, 0, 5, 2), (2, 4, 9, 1), (2, 4, 6, 1)]
    assert cooccurrence(intervals) == {(1, 2): 3}


def test_no_codings_no_pairs() -> None:
    assert cooccurrence([]) == {}


def test_the_sweep_agrees_with_checking_every_pair() -> None:
    ranges = [(s, e) for s, e in product(range(0, 12, 3), range(2, 16, 4)) if s < e]
    intervals = [
        (doc, start, end, (start * 7 + end + doc) % 4) for doc in (1, 2) for start, end in ranges
    ]
    assert cooccurrence(intervals) == brute_force(intervals)
