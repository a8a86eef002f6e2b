"""The synthetic benchmark corpus is repeatable, well formed and readable by python-docx."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from benchmarks.corpus import (
    code_names,
    generate_codings,
    transcript_paragraphs,
    write_corpus,
    write_docx,
    write_txt,
)

if TYPE_CHECKING:
    from pathlib import Path

TURN = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] (Interviewer|P\d{3}): \S")


def _seconds(paragraph: str) -> int:
    match = TURN.match(paragraph)
    assert match is not None
    hours, minutes, seconds = (int(g) for g in match.groups()[:3])
    return hours * 3600 + minutes * 60 + seconds


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 3, 500, "txt", seed=7)
    second = write_corpus(tmp_path / "b", 3, 500, "txt", seed=7)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]

    first = write_corpus(tmp_path / "c", 3, 500, "docx", seed=7)
    second = write_corpus(tmp_path / "d", 3, 500, "docx", seed=7)
    for one, other in zip(first, second, strict=True):
        with zipfile.ZipFile(one) as a, zipfile.ZipFile(other) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")
        assert one.read_bytes() == other.read_bytes()


def test_different_seeds_or_indexes_give_different_transcripts() -> None:
    assert transcript_paragraphs(1, 500, seed=0) != transcript_paragraphs(1, 500, seed=1)
    assert transcript_paragraphs(1, 500) != transcript_paragraphs(2, 500)


@pytest.mark.parametrize("words", [500, 1234, 5000])
def test_transcript_has_the_requested_number_of_words(words: int) -> None:
    for index in range(1, 4):
        counted = sum(len(p.split()) for p in transcript_paragraphs(index, words))
        assert abs(counted - words) <= words * 0.02


def test_every_paragraph_is_a_timestamped_turn_alternating_interviewer_and_participant() -> None:
    paragraphs = transcript_paragraphs(17, 2000)
    assert len(paragraphs) > 4
    for paragraph in paragraphs:
        assert TURN.match(paragraph), paragraph
    speakers = [paragraph.split()[1] for paragraph in paragraphs]
    assert speakers[0::2] == ["Interviewer:"] * len(speakers[0::2])
    assert speakers[1::2] == ["P017:"] * len(speakers[1::2])


def test_timestamps_increase_from_turn_to_turn() -> None:
    times = [_seconds(p) for p in transcript_paragraphs(3, 3000)]
    assert all(earlier < later for earlier, later in itertools.pairwise(times))


def test_participant_turns_are_longer_than_interviewer_turns() -> None:
    paragraphs = transcript_paragraphs(5, 5000)[:-1]  # the last turn is cut to fit the count
    interviewer = [len(p.split()) - 2 for p in paragraphs[0::2]]
    participant = [len(p.split()) - 2 for p in paragraphs[1::2]]
    assert min(interviewer) >= 10
    assert min(participant) >= 40
    assert sum(participant) / len(participant) > 2 * sum(interviewer) / len(interviewer)


def test_text_mentions_the_health_technology_topics_search_looks_for() -> None:
    text = " ".join(transcript_paragraphs(1, 5000)).lower()
    for word in ("patients", "staff", "funding", "training", "data", "devices"):
        assert re.search(rf"\b{word}\b", text), word


def test_generated_docx_opens_in_word_reader_with_the_same_paragraphs(tmp_path: Path) -> None:
    import docx

    path = write_corpus(tmp_path, 1, 500, "docx")[0]
    document = docx.Document(str(path))
    assert [p.text for p in document.paragraphs] == transcript_paragraphs(1, 500)
    assert document.paragraphs[0].style is not None
    assert document.paragraphs[0].style.name == "Normal"


def test_docx_keeps_markup_characters_and_spaces_as_text(tmp_path: Path) -> None:
    import docx

    paragraphs = [
        "  A & B <tag> \"quoted\" 'single'  ",
        "Caf\u00e9 \u2013 na\u00efve \U0001f642",
        "",
    ]
    write_docx(tmp_path / "odd.docx", paragraphs)
    assert [p.text for p in docx.Document(str(tmp_path / "odd.docx")).paragraphs] == paragraphs


def test_txt_is_utf8_with_one_paragraph_per_line(tmp_path: Path) -> None:
    paragraphs = ["[00:00:01] Interviewer: Café?", "[00:00:05] P001: Yes."]
    write_txt(tmp_path / "t.txt", paragraphs)
    assert (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines() == paragraphs


def test_write_corpus_names_files_in_order(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "new", 3, 500, "txt")
    assert [p.name for p in paths] == [f"transcript_000{i}.txt" for i in (1, 2, 3)]
    assert paths[1].read_text(encoding="utf-8").splitlines() == transcript_paragraphs(2, 500)


def test_codings_lie_inside_their_documents() -> None:
    lengths = [3000, 40, 10000, 700]
    codings = generate_codings(lengths, 500, 12, seed=3)
    assert len(codings) == 500
    assert {c.document_index for c in codings} == {0, 1, 2, 3}
    for coding in codings:
        assert 0 <= coding.start < coding.end <= lengths[coding.document_index]
        if lengths[coding.document_index] >= 600:
            assert 50 <= coding.end - coding.start <= 600


def test_every_code_is_used_and_a_few_codes_dominate() -> None:
    codings = generate_codings([5000] * 10, 2000, 40)
    uses = Counter(c.code_index for c in codings)
    assert set(uses) == set(range(40))
    assert uses.most_common(1)[0][1] > 10 * min(uses.values())


def test_every_code_is_used_when_codings_just_match_codes() -> None:
    codings = generate_codings([800, 900], 25, 25)
    assert sorted(c.code_index for c in codings) == list(range(25))


def test_codings_repeat_for_the_same_seed_only() -> None:
    lengths = [2000, 3000]
    assert generate_codings(lengths, 50, 5, seed=1) == generate_codings(lengths, 50, 5, seed=1)
    assert generate_codings(lengths, 50, 5, seed=1) != generate_codings(lengths, 50, 5, seed=2)


def test_code_names_are_distinct_and_readable() -> None:
    names = code_names(45)
    assert len(set(names)) == 45
    assert names[:2] == ["Funding 01", "Staff training 02"]
