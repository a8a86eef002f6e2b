"""Honest figures: suggestions measured on held-out codings, as the queue would show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.test_suggestions_study import PIPELINES, TRAINED, Study, build_study
from workbench.ops.codes import UpdateCode
from workbench.progress import Progress
from workbench.suggestions import evaluate, trained_model

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return build_study(project, tmp_path)


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_the_classifier_is_measured_on_sentences_it_did_not_learn_from(
    project: Project, study: Study, pipeline: str
) -> None:
    result = evaluate(project, Progress(), configured=pipeline)
    assert result.pipeline == (TRAINED if pipeline == TRAINED else "blank English")
    assert result.training_sentences + result.held_out_sentences == 14 + 12
    figures = result.classifier
    assert figures is not None
    assert figures.sentences == result.held_out_sentences
    assert figures.coded_sentences == 2  # a fifth of each code's seven sentences
    assert [(c.code_name, c.support) for c in figures.codes] == [
        ("Connectivity", 1),
        ("Funding", 1),
    ]
    assert figures.precision_at_3 is not None
    assert figures.precision_at_3 >= 0.5  # the two codes' words could hardly be more different
    assert [c.code_name for c in result.not_learnt] == ["Training"]
    assert trained_model(project, pipeline) is None  # the model in use is left alone


def test_precision_at_3_is_the_share_of_shown_suggestions_that_are_right(
    project: Project, study: Study
) -> None:
    keywords = evaluate(project, Progress(), configured="blank").keywords
    assert keywords is not None
    assert keywords.coded_sentences == 17  # every coded sentence: keywords learn nothing
    right = sum(c.right for c in keywords.codes)
    assert keywords.suggestions_at_3 == sum(c.suggested for c in keywords.codes)
    assert keywords.precision_at_3 == round(right / keywords.suggestions_at_3, 4)
    for code in keywords.codes:
        assert code.precision == (round(code.right / code.suggested, 4) if code.suggested else None)
        assert code.recall == (round(code.right / code.support, 4) if code.support else None)
    connectivity = next(c for c in keywords.codes if c.code_name == "Connectivity")
    assert connectivity.support == 7
    assert 0 < connectivity.right <= connectivity.suggested


def test_the_same_codings_give_the_same_figures(project: Project, study: Study) -> None:
    first = evaluate(project, Progress(), configured="blank")
    assert evaluate(project, Progress(), configured="blank") == first
    assert evaluate(project, Progress(), configured="blank", seed=7).seed == 7


def test_without_keywords_or_enough_codings_there_is_nothing_to_measure(
    project: Project, study: Study
) -> None:
    for code in (study.connectivity, study.funding, study.training, study.heading):
        project.execute(UpdateCode(code, keywords=""))
    assert evaluate(project, Progress(), configured="blank").keywords is None
    project.execute(UpdateCode(study.funding, is_codable=False))
    project.execute(UpdateCode(study.connectivity, is_codable=False))
    result = evaluate(project, Progress(), configured="blank")
    assert result.classifier is None
    assert (result.training_sentences, result.held_out_sentences) == (0, 0)
    assert "enough coded sentences" in result.notes[0]
