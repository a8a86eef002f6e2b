"""A multi-label sentence classifier learnt from a project's own codings, on this computer.

spaCy's ``textcat_multilabel`` with the bag-of-words architecture (``TextCatBOW.v3``, words and
word pairs) in its own ``spacy.blank("en")`` pipeline: the shared loaded pipeline is never
changed. It reads whatever text it is given; the workbench gives it each sentence's lemmas
(see ``coding.nlp.keywords.sentence_lemmas``), so "barriers" and "barrier" count as one word.

Training is deterministic for a given seed and examples: the shuffling has its own
``random.Random`` and dropout is off, so the same codings give the same model and figures.
Each label is a code id as a string; an example with no labels is a negative (a sentence of a
coded document that nobody coded).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SEED = 0
EPOCHS = 12
MIN_UPDATES = 300  # a few dozen examples get more passes, up to MAX_EPOCHS
MAX_EPOCHS = 40
LEARN_RATE = 0.005  # spaCy's 0.001 learns too slowly from a few dozen sentences
HASH_SLOTS = 2**16  # smaller than spaCy's default: ten times faster, no loss at this size
NGRAM_SIZE = 2
PREDICT_BATCH = 256


@dataclass(frozen=True, slots=True)
class TrainingExample:
    text: str
    labels: frozenset[str]


class SentenceClassifier:
    """A trained model: the probability of each label for any text (independent sigmoids)."""

    def __init__(self, nlp: Any, labels: tuple[str, ...]) -> None:
        self._nlp = nlp
        self.labels = labels

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, every label's probability, 0 to 1 (all 0 for a text too short)."""
        docs = [self._nlp.make_doc(text) for text in texts]
        scored = iter(self._nlp.pipe([d for d in docs if len(d) >= NGRAM_SIZE],
                                     batch_size=PREDICT_BATCH))  # fmt: skip
        nothing = dict.fromkeys(self.labels, 0.0)
        return [
            {label: float(score) for label, score in next(scored).cats.items()}
            if len(doc) >= NGRAM_SIZE
            else dict(nothing)
            for doc in docs
        ]

    def ranked(
        self, texts: Sequence[str], *, threshold: float = 0.0, top: int = 3
    ) -> list[list[tuple[str, float]]]:
        """For each text, its ``top`` labels scoring at least ``threshold``, best first."""
        return [rank(scores, threshold=threshold, top=top) for scores in self.scores(texts)]


def rank(scores: dict[str, float], *, threshold: float, top: int) -> list[tuple[str, float]]:
    """The ``top`` best ``(label, score)`` of ``scores`` at or over ``threshold``; ties by label."""
    kept = [(label, score) for label, score in scores.items() if score >= threshold]
    kept.sort(key=lambda pair: (-pair[1], pair[0]))
    return kept[:top]


def batch_size_for(examples: int) -> int:
    """Small batches for a few examples (more updates), larger ones for thousands (speed)."""
    return max(8, min(128, examples // 40))


def epochs_for(examples: int) -> int:
    """``EPOCHS`` passes, more for a few examples so the model makes ``MIN_UPDATES`` updates."""
    per_epoch = -(-examples // batch_size_for(examples))
    return max(EPOCHS, min(MAX_EPOCHS, -(-MIN_UPDATES // max(1, per_epoch))))


def training_steps(examples: int, epochs: int | None = None) -> int:
    """How many updates :func:`train` makes: the total to give a progress bar."""
    size = batch_size_for(examples)
    return (epochs or epochs_for(examples)) * -(-examples // size)


def train(
    examples: Sequence[TrainingExample],
    labels: Sequence[str],
    *,
    seed: int = SEED,
    epochs: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_step: Callable[[], None] | None = None,
) -> SentenceClassifier:
    """Learn ``labels`` from ``examples`` (labels outside ``labels`` are ignored; examples of
    fewer than ``NGRAM_SIZE`` words are left out: they are scored 0 for every label).

    ``on_start`` is told how many updates there will be, and ``on_step`` is called after
    each; either may raise (e.g. ``Cancelled``) to stop.
    """
    import spacy
    from spacy.training import Example
    from thinc.api import Adam

    if not labels:
        raise ValueError("nothing to learn: no labels")
    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat_multilabel", config={"model": _bow_model()})
    for label in labels:
        textcat.add_label(label)
    data = [
        Example.from_dict(doc, {"cats": {label: float(label in ex.labels) for label in labels}})
        for ex in examples
        if len(doc := nlp.make_doc(ex.text)) >= NGRAM_SIZE  # thinc's n-grams need n tokens
    ]
    if not data:
        raise ValueError("nothing to learn from: every example is shorter than two words")
    if on_start is not None:
        on_start(training_steps(len(data), epochs))
    optimizer = nlp.initialize(lambda: data, sgd=Adam(LEARN_RATE))
    shuffle = random.Random(seed)
    size = batch_size_for(len(data))
    for _ in range(epochs or epochs_for(len(data))):
        shuffle.shuffle(data)
        for first in range(0, len(data), size):
            nlp.update(data[first : first + size], sgd=optimizer, drop=0.0)
            if on_step is not None:
                on_step()
    return SentenceClassifier(nlp, tuple(labels))


def _bow_model() -> dict[str, Any]:
    return {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": NGRAM_SIZE,
        "no_output_layer": False,
        "length": HASH_SLOTS,
    }
