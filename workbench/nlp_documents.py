"""Sentences of the project's documents, computed once per text and pipeline and cached.

The cache key is a hash of the document's text, so a document whose text changes (after
de-identification) is analysed afresh without anyone having to remember to invalidate it.
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING

from coding.nlp.lines import pipe_documents, processes_for
from coding.nlp.pipeline import load_pipeline, trimmed_line_pieces

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.progress import Progress
    from workbench.project import Project

Span = tuple[int, int]
_SENTENCE_ONLY = ("ner", "lemmatizer", "attribute_ruler", "tagger", "parser")

_cache: dict[tuple[str, bytes], tuple[Span, ...]] = {}
_lock = threading.Lock()


def document_sentences(
    project: Project,
    document_ids: Collection[int],
    *,
    configured: str | None = None,
    progress: Progress | None = None,
) -> dict[int, tuple[Span, ...]]:
    """``[start, end)`` of every sentence of each document, none crossing a line break."""
    loaded = load_pipeline(configured)
    texts = project.document_texts(set(document_ids))
    keys = {
        doc_id: (loaded.name, hashlib.sha256(text.encode("utf-8")).digest())
        for doc_id, text in texts.items()
    }
    with _lock:
        found = {doc_id: _cache[key] for doc_id, key in keys.items() if key in _cache}
    todo = sorted(doc_id for doc_id in texts if doc_id not in found)
    if todo:
        total = sum(len(texts[d]) for d in todo)
        if progress is not None:
            progress.start(total, "Finding sentences")
        advance = progress.advance if progress is not None else None
        batches = pipe_documents(
            loaded,
            [texts[d] for d in todo],
            disable=_SENTENCE_ONLY,
            n_process=processes_for(total),
            on_line=advance,
        )
        for doc_id, lines in zip(todo, batches, strict=True):
            text = texts[doc_id]
            spans: list[Span] = []
            for offset, doc in lines:
                for sentence in doc.sents:
                    start, end = offset + sentence.start_char, offset + sentence.end_char
                    spans.extend(trimmed_line_pieces(text, start, end))
            found[doc_id] = tuple(spans)
            with _lock:
                _cache[keys[doc_id]] = found[doc_id]
    return found
