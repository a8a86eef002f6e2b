"""The project's sentences, and which codes people gave each: what suggestions learn from.

A sentence (from ``workbench.nlp_documents.document_sentences``) is *labelled* with every code
whose codings by people (any coder; not a ``machine`` user) cover at least half of its
characters, the codings of one code joined first so that two coders of the same passage do
not count twice. A sentence that no coding touches at all is *uncoded*: in a coded document it
is a negative example (something people read and left alone), and anywhere it is a candidate
for classifier suggestions. A sentence only partly coded (less than half) is neither.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from coding.agreement.units import merge_intervals
from coding.nlp.classifier import TrainingExample
from coding.nlp.keywords import lemma_lines, sentence_lemmas
from coding.nlp.lines import processes_for
from coding.nlp.pipeline import load_pipeline
from storage.models import Coding, Document, SuggestionVerdict, User
from workbench.nlp_documents import document_sentences
from workbench.queries.codes import list_codes
from workbench.suggestions.results import CodeCount

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Collection, Mapping, Sequence

    from sqlalchemy.orm import Session

    from coding.nlp.keywords import LemmaLine
    from coding.nlp.pipeline import LoadedPipeline
    from workbench.dto import CodeInfo
    from workbench.progress import Progress
    from workbench.project import Project

LABEL_SHARE = 0.5  # a code labels a sentence when its codings cover at least this share
MIN_SENTENCES = 5  # codes with fewer labelled sentences are not learnt
UNCODED_PER_CODED = 2  # negatives sampled per labelled sentence, so they do not swamp

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    document_id: int
    start: int
    end: int
    lemmas: str  # the classifier's input (see coding.nlp.keywords.sentence_lemmas)
    codes: frozenset[int]  # people's codings of these codes cover at least half of it
    touched: frozenset[int]  # every code with any coding overlapping it, machines' too

    @property
    def uncoded(self) -> bool:
        return not self.touched


@dataclass(frozen=True, slots=True)
class Corpus:
    """Sentences of some documents with their codes, and what the queue must leave out."""

    pipeline: LoadedPipeline
    documents: tuple[tuple[int, str], ...]  # (id, name) in display order
    sentences: tuple[Sentence, ...]  # in document order
    codes: Mapping[int, CodeInfo]
    lines: Mapping[int, tuple[LemmaLine, ...]]  # lemmatised lines of each document
    coded_documents: frozenset[int]  # documents with at least one coding by a person
    coded_codes: frozenset[int]  # codes with at least one coding by a person
    rejected: Mapping[int, tuple[tuple[int, int, int], ...]]  # document -> (code, start, end)

    def open_for(self, sentence: Sentence, code_id: int) -> bool:
        """Whether ``code_id`` may be suggested for ``sentence``: a code that can be applied
        (not a heading), that no coding of it touches the sentence, and no one rejected."""
        code = self.codes.get(code_id)
        if code is None or not code.is_codable or code_id in sentence.touched:
            return False
        return not self.was_rejected(sentence, code_id)

    def was_rejected(self, sentence: Sentence, code_id: int) -> bool:
        """Whether a person rejected ``code_id`` for a passage overlapping ``sentence``."""
        return any(
            code == code_id and start < sentence.end and sentence.start < end
            for code, start, end in self.rejected.get(sentence.document_id, ())
        )


@dataclass(frozen=True, slots=True)
class LabelledSet:
    labels: tuple[int, ...]  # codes with at least MIN_SENTENCES labelled sentences
    coded: tuple[Sentence, ...]  # sentences with at least one of ``labels``
    uncoded: tuple[Sentence, ...]  # every uncoded sentence of a coded document
    learnt: tuple[CodeCount, ...]
    not_learnt: tuple[CodeCount, ...]


def read_corpus(
    project: Project,
    *,
    configured: str | None = None,
    document_ids: Collection[int] | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Every sentence of the documents (all when ``document_ids`` is None), labelled."""
    loaded = load_pipeline(configured)
    listing = select(Document.id, Document.name).order_by(Document.name, Document.id)
    if document_ids is not None:
        listing = listing.where(Document.id.in_(list(document_ids)))
    with project.reading() as session:
        documents = tuple((int(i), str(n)) for i, n in session.execute(listing))
        ids = [doc_id for doc_id, _ in documents]
        codings = _codings(session, ids)
        rejected: dict[int, list[tuple[int, int, int]]] = {}
        for doc, code, start, end in session.execute(
            select(SuggestionVerdict.document_id, SuggestionVerdict.code_id,
                   SuggestionVerdict.start, SuggestionVerdict.end)
            .where(SuggestionVerdict.verdict == "rejected",
                   SuggestionVerdict.document_id.in_(ids))
        ):  # fmt: skip
            rejected.setdefault(doc, []).append((code, start, end))
    spans = document_sentences(project, ids, configured=configured, progress=progress)
    lines = _lemmatised(project, loaded, ids, progress)
    sentences: list[Sentence] = []
    for doc_id in ids:
        sentences.extend(_labelled(doc_id, spans[doc_id], lines[doc_id], codings.get(doc_id, [])))
    people = [(doc, code) for doc, rows in codings.items() for code, _, _, person in rows if person]
    return Corpus(
        pipeline=loaded,
        documents=documents,
        sentences=tuple(sentences),
        codes={code.id: code for code in list_codes(project)},
        lines=lines,
        coded_documents=frozenset(doc for doc, _ in people),
        coded_codes=frozenset(code for _, code in people),
        rejected={doc: tuple(rows) for doc, rows in rejected.items()},
    )


def _codings(session: Session, ids: list[int]) -> dict[int, list[tuple[int, int, int, bool]]]:
    """document -> (code, start, end, by a person) of every coding of those documents."""
    query = (
        select(Coding.document_id, Coding.code_id, Coding.start, Coding.end,
               or_(User.role.is_(None), User.role != "machine"))
        .outerjoin(User, User.id == Coding.user_id)
        .where(Coding.document_id.in_(ids))
    )  # fmt: skip
    found: dict[int, list[tuple[int, int, int, bool]]] = {}
    for doc, code, start, end, person in session.execute(query):
        found.setdefault(doc, []).append((code, start, end, bool(person)))
    return found


def _lemmatised(
    project: Project, loaded: LoadedPipeline, ids: list[int], progress: Progress | None
) -> dict[int, tuple[LemmaLine, ...]]:
    texts = project.document_texts(set(ids))
    total = sum(len(texts[d]) for d in ids)
    on_chars = None
    if progress is not None:
        progress.start(total, "Reading word forms")
        on_chars = _advancer(progress)
    made = lemma_lines(loaded, [texts[d] for d in ids], n_process=processes_for(total),
                       on_chars=on_chars)  # fmt: skip
    return dict(zip(ids, made, strict=True))


def _advancer(progress: Progress) -> Callable[[int], None]:
    def advance(amount: int) -> None:
        progress.advance(amount)
        progress.check()  # cancel between lines

    return advance


def _labelled(
    doc_id: int,
    spans: Sequence[Interval],
    lines: Sequence[LemmaLine],
    codings: Sequence[tuple[int, int, int, bool]],
) -> list[Sentence]:
    starts = [start for start, _ in spans]
    covered: list[Counter[int]] = [Counter() for _ in spans]
    touched: list[set[int]] = [set() for _ in spans]
    for person in (True, False):
        by_code: dict[int, list[Interval]] = {}
        for code, start, end, by_person in codings:
            if by_person == person:
                by_code.setdefault(code, []).append((start, end))
        for code, intervals in by_code.items():
            for start, end in merge_intervals(intervals):
                first = max(0, bisect.bisect_right(starts, start) - 1)
                for i in range(first, bisect.bisect_left(starts, end)):
                    overlap = min(end, spans[i][1]) - max(start, spans[i][0])
                    if overlap > 0:
                        touched[i].add(code)
                        covered[i][code] += overlap if person else 0
    texts = sentence_lemmas(lines, spans)
    return [
        Sentence(doc_id, start, end, text,
                 frozenset(c for c, n in covered[i].items() if n >= LABEL_SHARE * (end - start)),
                 frozenset(touched[i]))
        for i, ((start, end), text) in enumerate(zip(spans, texts, strict=True))
    ]  # fmt: skip


def labelled_set(corpus: Corpus) -> LabelledSet:
    """The codes that can be learnt and the sentences that teach them."""
    codable = {code_id for code_id, code in corpus.codes.items() if code.is_codable}
    counts = Counter(c for s in corpus.sentences for c in s.codes if c in codable)
    labels = tuple(sorted(c for c, n in counts.items() if n >= MIN_SENTENCES))
    learnable = set(labels)
    short = sorted((corpus.coded_codes & codable) - learnable, key=lambda c: (-counts[c], c))
    return LabelledSet(
        labels=labels,
        coded=tuple(s for s in corpus.sentences if s.codes & learnable),
        uncoded=tuple(
            s for s in corpus.sentences if s.uncoded and s.document_id in corpus.coded_documents
        ),
        learnt=tuple(_count(corpus, c, counts[c]) for c in labels),
        not_learnt=tuple(_count(corpus, c, counts[c]) for c in short),
    )


def _count(corpus: Corpus, code_id: int, sentences: int) -> CodeCount:
    return CodeCount(code_id, corpus.codes[code_id].name, sentences)


def sample_uncoded(uncoded: Sequence[Sentence], coded: int, rng: random.Random) -> list[Sentence]:
    """At most ``UNCODED_PER_CODED`` uncoded sentences per coded one, chosen by ``rng``."""
    wanted = min(len(uncoded), UNCODED_PER_CODED * coded)
    return rng.sample(list(uncoded), wanted)


def coded_document_ids(project: Project) -> list[int]:
    """Documents with at least one coding by a person: the ones training reads."""
    query = (
        select(Coding.document_id)
        .distinct()
        .outerjoin(User, User.id == Coding.user_id)
        .where(or_(User.role.is_(None), User.role != "machine"))
    )
    with project.reading() as session:
        return sorted(int(doc) for doc in session.scalars(query))


def training_examples(
    sentences: Sequence[Sentence], labels: Sequence[int]
) -> list[TrainingExample]:
    """The classifier's examples: each sentence's lemmas and its learnt codes as labels."""
    wanted = set(labels)
    return [
        TrainingExample(s.lemmas, frozenset(str(c) for c in s.codes if c in wanted))
        for s in sentences
    ]
