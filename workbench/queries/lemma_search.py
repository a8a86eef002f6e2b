"""Lemma-aware search: "barrier" finds "barriers", "train" finds "training" and "trained".

A word matches when its forms and the query word's forms share one. A word's forms are the word
itself, the trained pipeline's lemma (if one is installed) and the rule-based base forms of
``coding.nlp.lemmas``. The rules are kept beside the trained lemma on purpose: a trained
pipeline lemmatises the noun "training" to "training", yet a researcher searching "train" by
lemma wants it. Multi-word queries match consecutive words within one line (a paragraph or
speaker turn); punctuation in the text breaks a phrase unless the query has it too.

Each document is lemmatised once per pipeline into an inverted index (form -> word numbers),
kept in memory and keyed by the text itself (its length and hash), so a document whose text
changes is indexed afresh. A search then only looks words up: 2 million words take well under
the 300 ms budget once indexed (benchmarks/bench_lemma_search.py).
"""

from __future__ import annotations

import sys
import threading
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coding.nlp.lemmas import base_forms
from coding.nlp.lines import pipe_documents
from coding.nlp.pipeline import load_pipeline
from storage.models import Document
from workbench.errors import OperationError
from workbench.queries.search import CONTEXT_CHARS, Hit

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

    from coding.nlp.pipeline import LoadedPipeline
    from workbench.project import Project

_UNUSED = ("ner", "parser", "senter", "sentencizer")  # lemmas need none of these


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """Where each word of a document is, and which words have each form."""

    starts: array[int]
    ends: array[int]
    lines: array[int]  # the line each word is on: phrases never cross one
    postings: dict[str, array[int]]

    def positions(self, forms: Iterable[str]) -> set[int]:
        found: set[int] = set()
        for form in forms:
            words = self.postings.get(form)
            if words is not None:
                found.update(words)
        return found


_cache: dict[tuple[str, int, int], DocumentIndex] = {}
_cache_lock = threading.Lock()


def lemma_search(
    project: Project,
    query: str,
    *,
    document_ids: Collection[int] | None = None,
    configured: str | None = None,
) -> list[Hit]:
    """Every run of words whose lemmas are the query's, in document order, with context."""
    loaded = load_pipeline(configured)
    wanted = query_forms(loaded, query)
    listing = select(Document.id, Document.name).order_by(Document.name, Document.id)
    if document_ids is not None:
        listing = listing.where(Document.id.in_(list(document_ids)))
    with project.reading() as session:
        documents = session.execute(listing).all()
    texts = project.document_texts({doc_id for doc_id, _ in documents})
    indexes = document_indexes(loaded, [texts[doc_id] for doc_id, _ in documents])
    hits: list[Hit] = []
    for (doc_id, name), index in zip(documents, indexes, strict=True):
        text = texts[doc_id]
        for start, end in _matches(index, wanted):
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            hits.append(Hit(doc_id, name, start, end, before, text[start:end], after))
    return hits


def query_forms(loaded: LoadedPipeline, query: str) -> list[frozenset[str]]:
    """The forms of each word of ``query``; a query with no words is a user error."""
    docs = list(loaded.nlp.pipe([query.strip()], disable=_unused(loaded))) if query.strip() else []
    words = [_forms(token) for token in docs[0] if not token.is_space] if docs else []
    if not words:
        raise OperationError("Type a word to search for")
    return words


def document_indexes(loaded: LoadedPipeline, texts: Sequence[str]) -> list[DocumentIndex]:
    """The index of each text, from the cache or built now (one ``nlp.pipe`` for them all)."""
    keys = [(loaded.name, len(text), hash(text)) for text in texts]  # a str caches its hash
    with _cache_lock:
        found = {key: _cache[key] for key in keys if key in _cache}
    todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
    if todo:
        built = pipe_documents(loaded, list(todo.values()), disable=_UNUSED)
        fresh = {key: _index(lines) for key, lines in zip(todo, built, strict=True)}
        with _cache_lock:
            _cache.update(fresh)
        found.update(fresh)
    return [found[key] for key in keys]


def _matches(index: DocumentIndex, wanted: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    first = index.positions(wanted[0])
    rest = [index.positions(forms) for forms in wanted[1:]]
    spans = []
    last = len(rest)
    for word in sorted(first):
        if all(word + k + 1 in words for k, words in enumerate(rest)) and (
            not rest or index.lines[word] == index.lines[word + last]
        ):
            spans.append((index.starts[word], index.ends[word + last]))
    return spans


def _index(lines: list[tuple[int, Any]]) -> DocumentIndex:
    starts, ends, line_numbers = array("q"), array("q"), array("q")
    postings: dict[str, list[int]] = {}
    for number, (offset, doc) in enumerate(lines):
        for token in doc:
            if token.is_space:
                continue
            word = len(starts)
            starts.append(offset + token.idx)
            ends.append(offset + token.idx + len(token.text))
            line_numbers.append(number)
            for form in _forms(token):
                postings.setdefault(sys.intern(form), []).append(word)
    packed = {form: array("q", words) for form, words in postings.items()}
    return DocumentIndex(starts, ends, line_numbers, packed)


def _forms(token: Any) -> frozenset[str]:
    forms = base_forms(token.text)
    if token.lemma_:
        forms |= {token.lemma_.lower()}
    return forms


def _unused(loaded: LoadedPipeline) -> list[str]:
    return [name for name in _UNUSED if name in loaded.nlp.pipe_names]
