"""The suggestion queue: codes suggested for sentences, waiting for a person's answer.

Two sources. ``keywords``: a sentence containing a keyword of a code (any sentence, coded or
not). ``classifier``: a sentence nobody has coded yet (no coding touches it), for which the
model trained in this process (see ``model.py``) gives a code at least ``threshold``.
Each source offers at most ``TOP`` codes per sentence, and never one that
- any coding of that code already touches in the sentence,
- a person rejected for that passage before (``suggestion_verdicts``, whatever the source),
- is a heading (a code that cannot be applied) or no longer exists.
When both sources suggest the same code for a sentence, it is listed once, as a keyword
suggestion whose reason also gives the classifier's probability. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coding.nlp.pipeline import load_pipeline
from workbench.errors import OperationError
from workbench.suggestions import keyword_suggestions as kw
from workbench.suggestions.examples import read_corpus
from workbench.suggestions.model import THRESHOLD, TOP, trained_model
from workbench.suggestions.results import CLASSIFIER, KEYWORDS, Suggestion, SuggestionQueue

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.progress import Progress
    from workbench.project import Project
    from workbench.suggestions.examples import Corpus
    from workbench.suggestions.model import TrainedModel

ALL = "all"
CHOICES = (ALL, KEYWORDS, CLASSIFIER)
Key = tuple[int, int, int, int]  # document, start, end, code


def suggestion_queue(
    project: Project,
    *,
    source: str = ALL,
    document_ids: Collection[int] | None = None,
    configured: str | None = None,
    threshold: float = THRESHOLD,
    progress: Progress | None = None,
) -> SuggestionQueue:
    """Open suggestions for the documents (all when ``document_ids`` is None), in order."""
    if source not in CHOICES:
        raise OperationError(f"Suggestions come from {', '.join(CHOICES)}, not “{source}”")
    model = trained_model(project, configured)
    notes = []
    if source != KEYWORDS and model is None:
        notes.append("The classifier has not been trained yet: train it to get its suggestions.")
    if source == CLASSIFIER and model is None:
        return SuggestionQueue((), load_pipeline(configured).name, None, tuple(notes))
    corpus = read_corpus(
        project, configured=configured, document_ids=document_ids, progress=progress
    )
    found: dict[Key, Suggestion] = {}
    if source != CLASSIFIER:
        found = _keyword_suggestions(corpus)
    if source != KEYWORDS and model is not None:
        _add_classifier(found, corpus, model, threshold)
    order = {doc_id: position for position, (doc_id, _) in enumerate(corpus.documents)}
    ordered = sorted(
        found.values(),
        key=lambda s: (order[s.document_id], s.start, s.source != KEYWORDS, -s.score, s.code_id),
    )
    return SuggestionQueue(
        tuple(ordered), corpus.pipeline.name, model.report if model else None, tuple(notes)
    )


def _keyword_suggestions(corpus: Corpus) -> dict[Key, Suggestion]:
    names = dict(corpus.documents)
    found: dict[Key, Suggestion] = {}
    for index, codes in kw.keywords_found(corpus).items():
        sentence = corpus.sentences[index]
        kept = [(c, hits) for c, hits in kw.ranked_codes(codes) if corpus.open_for(sentence, c)]
        for code_id, hits in kept[:TOP]:
            key = (sentence.document_id, sentence.start, sentence.end, code_id)
            words = kw.distinct(hits)
            found[key] = Suggestion(
                *key[:3], code_id, KEYWORDS, float(len(words)), kw.reason(words),
                corpus.codes[code_id].name, names[sentence.document_id],
                hits[0].start, hits[0].end,
            )  # fmt: skip
    return found


def _add_classifier(
    found: dict[Key, Suggestion], corpus: Corpus, model: TrainedModel, threshold: float
) -> None:
    names = dict(corpus.documents)
    sentences = [s for s in corpus.sentences if s.uncoded and s.lemmas]
    ranked = model.ranked([s.lemmas for s in sentences], threshold=threshold)
    for sentence, codes in zip(sentences, ranked, strict=True):
        kept = [(c, score) for c, score in codes if corpus.open_for(sentence, c)]
        for code_id, score in kept[:TOP]:
            key = (sentence.document_id, sentence.start, sentence.end, code_id)
            why = f"classifier, probability {score:.2f}"
            if key in found:  # the keywords found it too: one suggestion, both reasons
                found[key] = replace(found[key], reason=f"{found[key].reason}; {why}")
                continue
            found[key] = Suggestion(
                *key[:3], code_id, CLASSIFIER, round(score, 4), why,
                corpus.codes[code_id].name, names[sentence.document_id], *key[1:3],
            )  # fmt: skip
