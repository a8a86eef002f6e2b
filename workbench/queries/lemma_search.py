"""Lemma-aware search: "barrier" finds "barriers", "train" finds "training" and "trained".

A word matches when its forms and the query word's forms share one. A word's forms are the word
itself, the trained pipeline's lemma (if one is installed) and the rule-based base forms of
``coding.nlp.lemmas``. The rules are kept beside the trained lemma on purpose: a trained
pipeline lemmatises the noun "training" to "training", yet a researcher searching "train" by
lemma wants it. Multi-word queries match consecutive words within one line (a paragraph or
speaker turn); punctuation in the text breaks a phrase unless the query has it too.

Each line is lemmatised once per pipeline and cached by a hash of its text, since stored
document text never changes after import.
"""

from __future__ import annotations

import hashlib
import re
import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coding.nlp.lemmas import base_forms
from coding.nlp.pipeline import load_pipeline
from storage.models import Document
from workbench.errors import OperationError
from workbench.queries.search import CONTEXT_CHARS, Hit

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from coding.nlp.pipeline import LoadedPipeline
    from workbench.project import Project

# (start, end, forms) of each word of a line, offsets relative to the line.
Word = tuple[int, int, frozenset[str]]

BATCH_SIZE = 256
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_UNUSED = ("ner", "parser", "senter", "sentencizer")  # lemmas need none of these

_cache: dict[tuple[str, bytes], tuple[Word, ...]] = {}
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
    hits: list[Hit] = []
    for doc_id, name in documents:
        text = texts[doc_id]
        for start, end in _matches(loaded, text, wanted):
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            hits.append(Hit(doc_id, name, start, end, before, text[start:end], after))
    return hits


def query_forms(loaded: LoadedPipeline, query: str) -> list[frozenset[str]]:
    """The forms of each word of ``query``; a query with no words is a user error."""
    words = _line_words(loaded, [query.strip()])[0] if query.strip() else ()
    if not words:
        raise OperationError("Type a word to search for")
    return [forms for _, _, forms in words]


def _matches(
    loaded: LoadedPipeline, text: str, wanted: Sequence[frozenset[str]]
) -> list[tuple[int, int]]:
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]
    spans = []
    size = len(wanted)
    for (offset, _), words in zip(lines, _line_words(loaded, [t for _, t in lines]), strict=True):
        for i in range(len(words) - size + 1):
            if all(words[i + k][2] & wanted[k] for k in range(size)):
                spans.append((offset + words[i][0], offset + words[i + size - 1][1]))
    return spans


def _line_words(loaded: LoadedPipeline, lines: list[str]) -> list[tuple[Word, ...]]:
    """The words of each line, from the cache or lemmatised now in batches."""
    keys = [(loaded.name, hashlib.sha256(line.encode("utf-8")).digest()) for line in lines]
    with _cache_lock:
        found = {key: _cache[key] for key in keys if key in _cache}
    todo = {key: line for key, line in zip(keys, lines, strict=True) if key not in found}
    if todo:
        unused = [name for name in _UNUSED if name in loaded.nlp.pipe_names]
        docs = loaded.nlp.pipe(todo.values(), batch_size=BATCH_SIZE, disable=unused)
        fresh = {key: _words(doc) for key, doc in zip(todo, docs, strict=True)}
        with _cache_lock:
            _cache.update(fresh)
        found.update(fresh)
    return [found[key] for key in keys]


def _words(doc: Any) -> tuple[Word, ...]:
    words = []
    for token in doc:
        if token.is_space:
            continue
        forms = base_forms(token.text)
        if token.lemma_:
            forms |= {token.lemma_.lower()}
        words.append((token.idx, token.idx + len(token.text), forms))
    return tuple(words)
