"""The plain values the suggestion tools hand to the CLI and ui/: frozen, no ORM, no text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime  # noqa: TC003 - a field type of a dataclass

KEYWORDS = "keywords"
CLASSIFIER = "classifier"
SOURCES = (KEYWORDS, CLASSIFIER)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A code suggested for one sentence ``[start, end)`` of a document.

    ``score``: for ``source == "classifier"`` the model's probability (0 to 1); for
    ``"keywords"`` the number of the code's keywords found in the sentence (1, 2, ...).
    ``reason`` says why in a few words: the keywords found, as written in the code's keyword
    list, or the classifier's probability. It never quotes the document. ``focus_start`` and
    ``focus_end`` mark what to highlight: the first keyword found, or the whole sentence.
    """

    document_id: int
    start: int
    end: int
    code_id: int
    source: str  # "keywords" | "classifier"
    score: float
    reason: str
    code_name: str = ""
    document_name: str = ""
    focus_start: int = 0
    focus_end: int = 0


@dataclass(frozen=True, slots=True)
class CodeCount:
    """A code and how many sentences people coded with it (e.g. too few to learn)."""

    code_id: int
    code_name: str
    sentences: int


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """What the classifier learnt, from what; ``trained`` is False when there was nothing."""

    pipeline: str
    trained: bool
    codes_learnt: tuple[CodeCount, ...]
    not_learnt: tuple[CodeCount, ...]  # fewer than MIN_SENTENCES coded sentences
    coded_sentences: int  # sentences with at least one learnt code
    uncoded_sentences: int  # negatives: sampled sentences of coded documents nobody coded
    trained_at: datetime | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class SuggestionQueue:
    """Suggestions in document order (document name, then position), with what made them.

    ``model`` is None when the classifier has not been trained in this process for this
    project and pipeline (``notes`` then says so and there are no classifier suggestions).
    """

    suggestions: tuple[Suggestion, ...]
    pipeline: str
    model: TrainingReport | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeFigures:
    """How one code's suggestions fared on the evaluation sentences.

    ``precision`` = right / suggested (None when never suggested); ``recall`` = right / support
    (None when no evaluation sentence has the code); ``support`` = evaluation sentences that
    people coded with it.
    """

    code_id: int
    code_name: str
    precision: float | None
    recall: float | None
    support: int
    suggested: int
    right: int


@dataclass(frozen=True, slots=True)
class SourceFigures:
    """One source's figures on its evaluation sentences (see :class:`Evaluation`).

    ``precision_at_3``: take the evaluation sentences that people coded (with a learnt code,
    for the classifier; with any code, for keywords) and, for each, the suggestions the queue
    would show: the source's top 3 codes, the classifier's only from the threshold on. It is
    the number of those suggestions naming a code the sentence has, divided by the number of
    those suggestions; None when there were none. ``suggestions_at_3`` is that divisor and
    ``coded_sentences`` the number of such sentences. ``hit_rate_at_3`` is the share of those
    sentences with at least one right suggestion. Per code, uncoded sentences count too: a
    suggestion there is wrong.
    """

    source: str
    sentences: int  # evaluation sentences, coded and uncoded
    coded_sentences: int
    precision_at_3: float | None
    suggestions_at_3: int
    hit_rate_at_3: float | None
    codes: tuple[CodeFigures, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The classifier measured on held-out codings, and the keywords on the coded sentences.

    The labelled sentences (and a sample of uncoded ones) are split at random with a fixed
    ``seed``, stratified by code, 80/20: ``training_sentences`` train a fresh model (the one in
    use is left alone) and ``held_out_sentences`` are scored. Keywords learn nothing, so they
    are scored on every coded sentence plus the same uncoded sample. ``classifier`` is None
    when no code has enough coded sentences; ``keywords`` is None when no code has keywords.
    """

    pipeline: str
    threshold: float
    seed: int
    training_sentences: int
    held_out_sentences: int
    classifier: SourceFigures | None
    keywords: SourceFigures | None
    not_learnt: tuple[CodeCount, ...]
    notes: tuple[str, ...] = ()
