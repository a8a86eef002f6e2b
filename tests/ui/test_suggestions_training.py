"""Training the classifier from the dock, in the background, and the figures shown beside the
suggestions: precision and recall per code on held-out codings, precision at 3, codes not
learnt."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.ui.test_suggestions_support import (
    PIPELINES,
    Opened,
    finish,
    open_study,
    passages,
    show_queue,
    wait_idle,
)
from tests.workbench.test_suggestions_study import UNCODED_WARD
from ui.suggestions.lane import QUEUE, TRAIN
from workbench.ops.codings import ApplyCoding
from workbench.progress import Progress
from workbench.suggestions import evaluate, trained_model

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workbench.project import Project


@pytest.fixture(params=PIPELINES)
def opened(
    request: pytest.FixtureRequest, qtbot: QtBot, project: Project, tmp_path: Path
) -> Iterator[Opened]:
    shown = open_study(qtbot, project, tmp_path, request.param)
    show_queue(qtbot, shown)
    yield shown
    finish(shown)


@pytest.fixture
def blank(qtbot: QtBot, project: Project, tmp_path: Path) -> Iterator[Opened]:
    shown = open_study(qtbot, project, tmp_path, "blank")
    show_queue(qtbot, shown)
    yield shown
    finish(shown)


def _configured(opened: Opened) -> str | None:
    return opened.window.language.configured


def test_training_runs_in_the_background_with_progress_then_the_classifier_suggests(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock = opened.dock
    assert trained_model(project, _configured(opened)) is None
    dock.train_button.click()
    assert dock.lane.running == TRAIN
    progress = dock.lane.progress
    assert progress is not None
    assert dock.progress.isVisibleTo(dock)
    assert dock.cancel_button.isVisibleTo(dock)
    assert not dock.train_button.isEnabled()  # one training at a time
    wait_idle(qtbot, dock)
    state = progress.snapshot()
    assert state.label == "Training the classifier"
    assert state.total > 0
    assert state.done == state.total
    assert not dock.progress.isVisibleTo(dock)
    assert trained_model(project, _configured(opened)) is not None
    assert dock.state.text().startswith("Classifier trained at")
    assert dock.train_button.text().replace("&", "") == "Retrain the classifier"
    classifier = [r for r in dock.model.rows() if r.suggestion.source == "classifier"]
    assert [r.passage for r in classifier] == [UNCODED_WARD[0]]  # no keyword in it
    assert ("Connectivity", "ward_b", UNCODED_WARD[0]) in passages(dock)


def test_after_training_the_measured_figures_are_shown_beside_the_suggestions(
    opened: Opened, project: Project, qtbot: QtBot
) -> None:
    dock = opened.dock
    dock.train_button.click()
    wait_idle(qtbot, dock)  # training, the queue, then measuring
    expected = evaluate(project, Progress(), configured=_configured(opened))
    assert expected.classifier is not None
    assert expected.keywords is not None
    text = " ".join(dock.figures.toPlainText().split())
    classifier, keywords = expected.classifier, expected.keywords
    assert (
        f"Of the classifier's top-3 suggestions on {classifier.coded_sentences} held-out "
        f"sentences, {classifier.precision_at_3:.0%} were right"
    ) in text
    assert (
        f"Of the keywords' top-3 suggestions on {keywords.coded_sentences} coded sentences, "
        f"{keywords.precision_at_3:.0%} were right"
    ) in text
    assert "Not learnt (fewer than 5 coded sentences): Training (3)" in text
    for code in classifier.codes:
        assert code.code_name in text
    assert "Precision" in text
    assert "Recall" in text
    assert "Measured before your latest coding" not in text


def test_cancelling_training_keeps_the_classifier_as_it_was(
    blank: Opened, project: Project, qtbot: QtBot
) -> None:
    dock = blank.dock
    dock.train_button.click()
    dock.cancel_button.click()
    wait_idle(qtbot, dock)
    assert trained_model(project, _configured(blank)) is None
    assert "has not been trained in this session" in dock.state.text()
    assert "Training cancelled" in dock.state.text()
    assert all(r.suggestion.source == "keywords" for r in dock.model.rows())


def test_measuring_without_training_leaves_the_classifier_untrained(
    blank: Opened, project: Project, qtbot: QtBot
) -> None:
    dock = blank.dock
    dock.measure_button.click()
    wait_idle(qtbot, dock)
    text = " ".join(dock.figures.toPlainText().split())
    assert "Of the classifier's top-3 suggestions on" in text
    assert "Of the keywords' top-3 suggestions on" in text
    assert trained_model(project, _configured(blank)) is None  # measuring trains a copy
    assert "has not been trained in this session" in dock.state.text()


def test_the_figures_say_when_codings_changed_after_measuring(
    blank: Opened, project: Project, qtbot: QtBot
) -> None:
    dock, study = blank.dock, blank.study
    dock.measure_button.click()
    wait_idle(qtbot, dock)
    start = project.document_text(study.uncoded).index(UNCODED_WARD[2])
    blank.window.session.run(
        ApplyCoding(document_id=study.uncoded, code_id=study.training, start=start,
                    end=start + len(UNCODED_WARD[2]), user_id=project.user_id)
    )  # fmt: skip
    wait_idle(qtbot, dock)
    assert "Measured before your latest coding" in dock.figures.toPlainText()


def test_training_asked_for_while_the_queue_is_read_waits_its_turn(
    blank: Opened, project: Project, qtbot: QtBot
) -> None:
    dock = blank.dock
    dock.refresh()
    dock.train_button.click()
    assert dock.lane.running == QUEUE  # spaCy does one thing at a time
    assert dock.lane.wanted(TRAIN)
    wait_idle(qtbot, dock)
    assert trained_model(project, _configured(blank)) is not None


def test_the_source_choice_limits_the_queue_to_keywords_or_the_classifier(
    blank: Opened, qtbot: QtBot
) -> None:
    dock = blank.dock
    dock.train_button.click()
    wait_idle(qtbot, dock)
    dock.set_source("classifier")
    wait_idle(qtbot, dock)
    assert {r.suggestion.source for r in dock.model.rows()} == {"classifier"}
    assert UNCODED_WARD[0] in [r.passage for r in dock.model.rows()]
    dock.set_source("keywords")
    wait_idle(qtbot, dock)
    assert dock.model.rowCount() == 4
    assert {r.suggestion.source for r in dock.model.rows()} == {"keywords"}
