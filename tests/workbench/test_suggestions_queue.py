"""The suggestion queue: what it offers, and what it never offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from coding.nlp.pipeline import load_pipeline
from tests.workbench.ops_support import apply_coding
from tests.workbench.test_suggestions_study import (
    CONNECTIVITY,
    FUNDING,
    PIPELINES,
    TRAINED,
    UNCODED_WARD,
    Study,
    build_study,
)
from workbench.errors import OperationError
from workbench.ops.codes import UpdateCode
from workbench.progress import Progress
from workbench.suggestions import (
    RejectSuggestion,
    forget_model,
    suggestion_queue,
    train_model,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.project import Project
    from workbench.suggestions import Suggestion


@pytest.fixture(params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Iterator[Study]:
    yield build_study(project, tmp_path)
    for name in PIPELINES:
        forget_model(project, name)  # the model lives in this process: do not leak it


def _at(
    project: Project, study: Study, suggestions: tuple[Suggestion, ...], sentence: str
) -> set[tuple[str, str]]:
    """(code name, source) of the suggestions for one sentence of the uncoded ward."""
    start, end = study.span(project, study.uncoded, sentence)
    return {
        (s.code_name, s.source)
        for s in suggestions
        if (s.document_id, s.start, s.end) == (study.uncoded, start, end)
    }


def test_a_sentence_with_a_code_keyword_is_suggested_that_code_with_the_keyword_as_reason(
    project: Project, study: Study, pipeline: str
) -> None:
    queue = suggestion_queue(project, source="keywords", configured=pipeline)
    start, end = study.span(project, study.uncoded, UNCODED_WARD[3])
    [found] = [s for s in queue.suggestions if s.start == start and s.end == end]
    assert (found.code_id, found.source, found.reason) == (
        study.connectivity,
        "keywords",
        "keyword “wifi”",
    )
    text = project.document_text(study.uncoded)
    assert text[found.focus_start : found.focus_end] == "wifi"
    assert (found.code_name, found.document_name) == ("Connectivity", "ward_b")
    assert queue.model is None


def test_keywords_match_any_form_of_the_word(project: Project, study: Study, pipeline: str) -> None:
    project.execute(UpdateCode(study.funding, keywords="licence"))
    queue = suggestion_queue(project, source="keywords", configured=pipeline)
    assert ("Funding", "keywords") in _at(project, study, queue.suggestions, UNCODED_WARD[1])


def test_nothing_is_suggested_where_that_code_is_already_applied_or_for_a_heading(
    project: Project, study: Study, pipeline: str
) -> None:
    queue = suggestion_queue(project, source="keywords", configured=pipeline)
    coded = [s for s in queue.suggestions if s.document_id == study.coded]
    assert coded == []  # every keyword sentence of the coded ward already has its code
    assert study.heading not in {s.code_id for s in queue.suggestions}  # "router" is a heading's
    apply_coding(project, study.uncoded, study.connectivity,
                 study.span(project, study.uncoded, "wifi password"))  # fmt: skip
    queue = suggestion_queue(project, source="keywords", configured=pipeline)
    assert _at(project, study, queue.suggestions, UNCODED_WARD[3]) == set()


def test_the_classifier_suggests_the_obvious_code_for_an_uncoded_sentence_once_trained(
    project: Project, study: Study, pipeline: str
) -> None:
    before = suggestion_queue(project, source="classifier", configured=pipeline)
    assert before.suggestions == ()
    assert "not been trained" in before.notes[0]
    report = train_model(project, Progress(), configured=pipeline)
    assert report.trained
    queue = suggestion_queue(project, configured=pipeline)
    assert queue.model == report
    assert _at(project, study, queue.suggestions, UNCODED_WARD[0]) == {
        ("Connectivity", "classifier")
    }
    funding = _at(project, study, queue.suggestions, UNCODED_WARD[1])
    assert ("Funding", "keywords") in funding  # found both ways: listed once
    assert all(0.5 <= s.score <= 1 for s in queue.suggestions if s.source == "classifier")


def test_a_rejected_suggestion_never_returns_until_the_rejection_is_undone(
    project: Project, study: Study, pipeline: str
) -> None:
    train_model(project, Progress(), configured=pipeline)
    queue = suggestion_queue(project, configured=pipeline)
    [rejected] = [s for s in queue.suggestions if s.source == "classifier"][:1]
    project.execute(RejectSuggestion(rejected, user_id=project.user_id))
    train_model(project, Progress(), configured=pipeline)  # retraining does not bring it back
    for source in ("all", "classifier", "keywords"):
        again = suggestion_queue(project, source=source, configured=pipeline)
        assert all(
            (s.document_id, s.start, s.code_id)
            != (rejected.document_id, rejected.start, rejected.code_id)
            for s in again.suggestions
        )
    project.undo()
    back = suggestion_queue(project, configured=pipeline).suggestions
    assert (rejected.document_id, rejected.start, rejected.code_id) in {
        (s.document_id, s.start, s.code_id) for s in back
    }


def test_suggestions_come_in_document_order_and_can_be_limited_to_documents(
    project: Project, study: Study
) -> None:
    train_model(project, Progress(), configured="blank")
    suggestions = suggestion_queue(project, configured="blank").suggestions
    order = [(s.document_name, s.start) for s in suggestions]
    assert order == sorted(order)
    only = suggestion_queue(project, configured="blank", document_ids=[study.uncoded])
    assert {s.document_id for s in only.suggestions} == {study.uncoded}
    assert only.suggestions == tuple(s for s in suggestions if s.document_id == study.uncoded)


def test_an_unknown_source_is_a_user_error(project: Project) -> None:
    with pytest.raises(OperationError, match="keywords"):
        suggestion_queue(project, source="magic")


def test_a_code_that_became_a_heading_is_no_longer_suggested(
    project: Project, study: Study
) -> None:
    train_model(project, Progress(), configured="blank")
    project.execute(UpdateCode(study.connectivity, is_codable=False))
    suggestions = suggestion_queue(project, configured="blank").suggestions
    assert study.connectivity not in {s.code_id for s in suggestions}
    assert study.funding in {s.code_id for s in suggestions}


def test_the_classifier_never_suggests_for_a_sentence_someone_has_coded(
    project: Project, study: Study
) -> None:
    train_model(project, Progress(), configured="blank")
    queue = suggestion_queue(project, source="classifier", configured="blank")
    coded = {study.span(project, study.coded, s) for s in [*CONNECTIVITY, *FUNDING]}
    assert queue.suggestions
    assert all((s.start, s.end) not in coded for s in queue.suggestions)
