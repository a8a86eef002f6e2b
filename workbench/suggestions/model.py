"""The classifier of each project, trained on request and kept in this process's memory only.

A model is keyed by the project file's resolved path and the pipeline's name (sentences and
lemmas differ between pipelines). It is never written anywhere, not even into the project
file: a new process (the CLI, the app after a restart) trains again, which takes seconds.
Retraining replaces the model only once training has finished; a cancelled or failed run
leaves the previous one in use.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coding.nlp.classifier import SEED, rank, train
from coding.nlp.pipeline import load_pipeline
from workbench.suggestions.examples import (
    MIN_SENTENCES,
    coded_document_ids,
    labelled_set,
    read_corpus,
    sample_uncoded,
    training_examples,
)
from workbench.suggestions.results import TrainingReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coding.nlp.classifier import SentenceClassifier, TrainingExample
    from workbench.progress import Progress
    from workbench.project import Project

THRESHOLD = 0.5  # the classifier suggests a code from this probability on
TOP = 3  # at most this many codes per sentence from each source

_models: dict[tuple[str, str], TrainedModel] = {}
_lock = threading.Lock()


class TrainedModel:
    """A trained classifier and its report; remembers the scores of texts it has seen."""

    def __init__(self, classifier: SentenceClassifier, report: TrainingReport) -> None:
        self.classifier = classifier
        self.report = report
        self._scores: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()

    def ranked(
        self, texts: Sequence[str], *, threshold: float = THRESHOLD
    ) -> list[list[tuple[int, float]]]:
        """For each text, every learnt code scoring at least ``threshold``, best first."""
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._scores))
            self._scores.update(zip(todo, self.classifier.scores(todo), strict=True))
            found = [self._scores[t] for t in texts]
        return [
            [(int(label), score) for label, score in rank(s, threshold=threshold, top=len(s))]
            for s in found
        ]


def trained_model(project: Project, configured: str | None = None) -> TrainedModel | None:
    """The model trained in this process for ``project`` and the pipeline, if any."""
    with _lock:
        return _models.get(_key(project, configured))


def forget_model(project: Project, configured: str | None = None) -> None:
    with _lock:
        _models.pop(_key(project, configured), None)


def _key(project: Project, configured: str | None) -> tuple[str, str]:
    return str(project.path.resolve()), load_pipeline(configured).name


def train_model(
    project: Project,
    progress: Progress,
    *,
    configured: str | None = None,
    seed: int = SEED,
) -> TrainingReport:
    """Job: (re)train the project's classifier on all its codings by people, and keep it.

    Codes with fewer than ``MIN_SENTENCES`` coded sentences are not learnt (the report names
    them). With nothing to learn the previous model is dropped and ``trained`` is False.
    """
    corpus = read_corpus(
        project, configured=configured, document_ids=coded_document_ids(project),
        progress=progress,
    )  # fmt: skip
    labelled = labelled_set(corpus)
    key = (str(project.path.resolve()), corpus.pipeline.name)
    uncoded = sample_uncoded(labelled.uncoded, len(labelled.coded), random.Random(seed))
    report = TrainingReport(
        pipeline=corpus.pipeline.name,
        trained=bool(labelled.labels),
        codes_learnt=labelled.learnt,
        not_learnt=labelled.not_learnt,
        coded_sentences=len(labelled.coded),
        uncoded_sentences=len(uncoded),
    )
    if not labelled.labels:
        with _lock:
            _models.pop(key, None)
        return _with_message(report, None)
    examples = training_examples([*labelled.coded, *uncoded], labelled.labels)
    classifier = fit(examples, labelled.labels, progress, seed=seed)
    report = _with_message(report, datetime.now(UTC))
    with _lock:
        _models[key] = TrainedModel(classifier, report)
    return report


def fit(
    examples: Sequence[TrainingExample],
    labels: Sequence[int],
    progress: Progress,
    *,
    seed: int = SEED,
) -> SentenceClassifier:
    """Train a classifier with progress (one step per update) and cancel between updates."""

    def start(total: int) -> None:
        progress.start(total, "Training the classifier")
        progress.check()

    def step() -> None:
        progress.advance(1)
        progress.check()

    labels_ = [str(code) for code in labels]
    return train(examples, labels_, seed=seed, on_start=start, on_step=step)


def _with_message(report: TrainingReport, trained_at: datetime | None) -> TrainingReport:
    if trained_at is None:
        message = (
            "Nothing to learn yet: the classifier needs at least "
            f"{MIN_SENTENCES} coded sentences of a code."
        )
    else:
        message = (
            f"Learnt {len(report.codes_learnt)} codes from {report.coded_sentences} coded "
            f"and {report.uncoded_sentences} uncoded sentences."
        )
    if report.not_learnt:
        count = len(report.not_learnt)
        message += f" {count} codes have fewer than {MIN_SENTENCES} coded sentences."
    return replace(report, trained_at=trained_at, message=message)
