"""How good the suggestions are, measured on the project's own codings.

Classifier: the labelled sentences (see ``examples.py``) are split at random with a fixed seed,
stratified by code (each sentence goes with its rarest learnt code, and about ``HELD_OUT`` of
each code's sentences are held out); the sampled uncoded sentences are split the same way. A
fresh model is trained on the rest (the model in use is left alone) and scored on the held-out
sentences. Keywords learn nothing, so they are scored on every coded sentence and the same
uncoded sample. A suggestion counts as right when people coded the sentence with that code;
one on an uncoded sentence counts as wrong even if a person might have coded it, so the
figures are, if anything, low. Both sources are scored as the queue shows them: at most 3
codes per sentence, the classifier's only from ``threshold`` on.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from coding.nlp.classifier import SEED
from workbench.suggestions import keyword_suggestions as kw
from workbench.suggestions.examples import (
    coded_document_ids,
    labelled_set,
    read_corpus,
    sample_uncoded,
    training_examples,
)
from workbench.suggestions.model import THRESHOLD, TOP, fit
from workbench.suggestions.results import (
    CLASSIFIER,
    KEYWORDS,
    CodeFigures,
    Evaluation,
    SourceFigures,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.progress import Progress
    from workbench.project import Project
    from workbench.suggestions.examples import Corpus, LabelledSet, Sentence

HELD_OUT = 0.2
FEW_HELD_OUT = 30  # below this many held-out coded sentences the figures are rough


def evaluate(
    project: Project,
    progress: Progress,
    *,
    configured: str | None = None,
    seed: int = SEED,
    threshold: float = THRESHOLD,
) -> Evaluation:
    """Job: precision and recall per code and precision at 3, for both sources."""
    corpus = read_corpus(
        project, configured=configured, document_ids=coded_document_ids(project),
        progress=progress,
    )  # fmt: skip
    labelled = labelled_set(corpus)
    rng = random.Random(seed)
    uncoded = sample_uncoded(labelled.uncoded, len(labelled.coded), rng)
    train_coded, held_coded = stratified_split(labelled, rng)
    cut = len(uncoded) - round(len(uncoded) * HELD_OUT)
    train, held = [*train_coded, *uncoded[:cut]], [*held_coded, *uncoded[cut:]]
    notes = []
    classifier = None
    if labelled.labels and held_coded:
        model = fit(training_examples(train, labelled.labels), labelled.labels, progress, seed=seed)
        ranked = model.ranked([s.lemmas for s in held], threshold=threshold, top=TOP)
        learnt = set(labelled.labels)
        truths = [s.codes & learnt for s in held]
        predicted = [[int(label) for label, _ in codes] for codes in ranked]
        classifier = _figures(CLASSIFIER, corpus, truths, predicted, labelled.labels)
        if len(held_coded) < FEW_HELD_OUT:
            notes.append(f"Only {len(held_coded)} held-out coded sentences: rough figures.")
    else:
        notes.append("No code has enough coded sentences to learn, so nothing was measured.")
    return Evaluation(
        pipeline=corpus.pipeline.name,
        threshold=threshold,
        seed=seed,
        training_sentences=len(train) if classifier else 0,
        held_out_sentences=len(held) if classifier else 0,
        classifier=classifier,
        keywords=_keyword_figures(corpus, uncoded),
        not_learnt=labelled.not_learnt,
        notes=tuple(notes),
    )


def stratified_split(
    labelled: LabelledSet, rng: random.Random
) -> tuple[list[Sentence], list[Sentence]]:
    """(training, held out) coded sentences, about ``HELD_OUT`` of each code's held out."""
    counts = Counter(c for s in labelled.coded for c in s.codes if c in labelled.labels)
    groups: dict[int, list[Sentence]] = {}
    for sentence in labelled.coded:
        rarest = min((c for c in sentence.codes if c in counts), key=lambda c: (counts[c], c))
        groups.setdefault(rarest, []).append(sentence)
    train: list[Sentence] = []
    held: list[Sentence] = []
    for code in sorted(groups):
        group = groups[code]
        rng.shuffle(group)
        cut = len(group) - round(len(group) * HELD_OUT)
        train += group[:cut]
        held += group[cut:]
    return train, held


def _keyword_figures(corpus: Corpus, uncoded: Sequence[Sentence]) -> SourceFigures | None:
    with_keywords = [c.id for c in corpus.codes.values() if c.is_codable and c.keywords.strip()]
    if not with_keywords:
        return None
    codable = {c.id for c in corpus.codes.values() if c.is_codable}
    index = {id(s): i for i, s in enumerate(corpus.sentences)}
    sentences = [s for s in corpus.sentences if s.codes & codable] + list(uncoded)
    found = kw.keywords_found(corpus)
    predicted = [
        [code for code, _ in kw.ranked_codes(found.get(index[id(s)], {}))[:TOP]] for s in sentences
    ]
    truths = [s.codes & codable for s in sentences]
    return _figures(KEYWORDS, corpus, truths, predicted, with_keywords)


def _figures(
    source: str,
    corpus: Corpus,
    truths: Sequence[frozenset[int]],
    predicted: Sequence[list[int]],
    code_ids: Sequence[int],
) -> SourceFigures:
    support, suggested, right = Counter[int](), Counter[int](), Counter[int]()
    shown = correct = hits = coded = 0
    for truth, codes in zip(truths, predicted, strict=True):
        support.update(truth)
        suggested.update(codes)
        good = [c for c in codes if c in truth]
        right.update(good)
        if truth:
            coded += 1
            shown += len(codes)
            correct += len(good)
            hits += bool(good)
    position = {code_id: i for i, code_id in enumerate(corpus.codes)}
    rows = tuple(
        CodeFigures(
            code_id=c,
            code_name=corpus.codes[c].name,
            precision=_share(right[c], suggested[c]),
            recall=_share(right[c], support[c]),
            support=support[c],
            suggested=suggested[c],
            right=right[c],
        )
        for c in sorted(code_ids, key=position.__getitem__)
        if support[c] or suggested[c]
    )
    return SourceFigures(
        source=source,
        sentences=len(truths),
        coded_sentences=coded,
        precision_at_3=_share(correct, shown),
        suggestions_at_3=shown,
        hit_rate_at_3=_share(hits, coded),
        codes=rows,
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
