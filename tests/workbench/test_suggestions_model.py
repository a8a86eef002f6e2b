"""Training the classifier: a background job with progress and cancel, kept in memory."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from storage.models import Coding
from tests.workbench.test_suggestions_study import PIPELINES, UNCODED_WARD, Study, build_study
from workbench.ops.codings import RemoveCoding
from workbench.progress import Cancelled, Progress, ProgressState
from workbench.project import Coder, Project
from workbench.suggestions import forget_model, suggestion_queue, train_model, trained_model

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Iterator[Study]:
    yield build_study(project, tmp_path)
    for name in PIPELINES:
        forget_model(project, name)


def test_training_reports_what_was_learnt_and_from_how_much(project: Project, study: Study) -> None:
    report = train_model(project, Progress(), configured="blank")
    assert report.trained
    assert report.pipeline == "blank English"
    assert [(c.code_name, c.sentences) for c in report.codes_learnt] == [
        ("Connectivity", 7), ("Funding", 7)
    ]  # fmt: skip
    assert [(c.code_name, c.sentences) for c in report.not_learnt] == [("Training", 3)]
    assert (report.coded_sentences, report.uncoded_sentences) == (14, 12)
    assert report.trained_at is not None
    assert "fewer than 5" in report.message


def test_training_in_a_background_thread_shows_progress_and_ends_complete(
    project: Project, study: Study
) -> None:
    states: list[ProgressState] = []
    progress = Progress(states.append)
    worker = threading.Thread(target=train_model, args=(project, progress),
                              kwargs={"configured": "blank"})  # fmt: skip
    worker.start()
    worker.join()
    training = [s for s in states if s.label == "Training the classifier"]
    assert len(training) > 10
    assert training[-1].done == training[-1].total
    assert trained_model(project, "blank") is not None


def test_cancelling_training_keeps_the_model_already_in_use(project: Project, study: Study) -> None:
    first = train_model(project, Progress(), configured="blank")

    def cancel_half_way(state: ProgressState) -> None:
        if state.label == "Training the classifier" and state.done * 2 >= state.total > 0:
            progress.cancel()

    progress = Progress(cancel_half_way)
    with pytest.raises(Cancelled):
        train_model(project, progress, configured="blank")
    model = trained_model(project, "blank")
    assert model is not None
    assert model.report == first


def test_the_model_belongs_to_its_project_and_pipeline(
    project: Project, study: Study, tmp_path: Path
) -> None:
    train_model(project, Progress(), configured="blank")
    assert trained_model(project, "blank") is not None
    assert trained_model(project, PIPELINES[0]) is None
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    with Project.create(other_folder / "other.qwb", coder=Coder("Ana")) as other:
        assert trained_model(other, "blank") is None
        assert suggestion_queue(other, source="classifier", configured="blank").model is None


def test_with_nothing_to_learn_the_old_model_is_dropped(project: Project, study: Study) -> None:
    train_model(project, Progress(), configured="blank")
    with project.reading() as session:
        learnt = session.scalars(
            select(Coding.id).where(Coding.code_id.in_([study.connectivity, study.funding]))
        ).all()
    for coding_id in learnt:
        project.execute(RemoveCoding(coding_id))
    report = train_model(project, Progress(), configured="blank")
    assert not report.trained
    assert report.message.startswith("Nothing to learn yet")
    assert trained_model(project, "blank") is None


def test_retraining_on_the_same_codings_gives_the_same_scores(
    project: Project, study: Study
) -> None:
    train_model(project, Progress(), configured="blank")
    first = suggestion_queue(project, source="classifier", configured="blank").suggestions
    train_model(project, Progress(), configured="blank")
    assert suggestion_queue(project, source="classifier", configured="blank").suggestions == first
    start, _ = study.span(project, study.uncoded, UNCODED_WARD[0])
    assert any(s.start == start for s in first)
