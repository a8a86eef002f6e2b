"""Code keywords found in text by lemma, with spaCy's ``PhraseMatcher``.

Every token gets one *normalised lemma*, lower-cased (so "NHS" and "nhs" meet): with the blank
pipeline, which has no lemmatiser, the rule lemma of ``coding.nlp.lemmas.lemma``; with a
trained pipeline, the same rules applied to its lemmatiser's lemma (which also knows the
irregular forms: "was" -> "be", "children" -> "child"). Keywords and text go through the same
function, so "barriers" in a keyword list finds "barrier", and "training" finds "trained"; a
keyword of several words matches those words in a row.

How: each line of a document is run through the shared pipeline once (tagger and lemmatiser
only) and kept as a :class:`LemmaLine` (words, spaces, normalised lemmas), cached by a hash of
the text. Matching rebuilds each line as a ``Doc`` with those lemmas on a private ``Vocab`` and
runs a ``PhraseMatcher(attr="LEMMA")``: the shared ``nlp`` is never changed, and matching a
changed keyword list needs no pipeline run. The same lemmas feed the classifier
(:func:`sentence_lemmas`).
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coding.nlp.lemmas import lemma
from coding.nlp.lines import pipe_documents

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from coding.nlp.pipeline import LoadedPipeline

Span = tuple[int, int]
_UNUSED = ("ner", "parser", "senter", "sentencizer")  # lemmas need none of these

_cache: dict[tuple[str, bytes], tuple[LemmaLine, ...]] = {}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class LemmaLine:
    """One line of a document as tokens; ``offset`` is where it starts in the document."""

    offset: int
    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    lemmas: tuple[str, ...]  # normalised, see the module note
    starts: tuple[int, ...]  # token starts, relative to the line
    content: tuple[bool, ...]  # not punctuation or white space: what the classifier reads


@dataclass(frozen=True, slots=True)
class KeywordHit:
    """A keyword of a code found at ``[start, end)`` of a document."""

    code_id: int
    keyword: str  # as written in the code's keyword list
    start: int
    end: int


def keyword_list(column: str) -> tuple[str, ...]:
    """The keywords of a code's ``keywords`` column: one per line, blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for line in column.splitlines():
        keyword = " ".join(line.split())
        if keyword:
            seen.setdefault(keyword.casefold(), keyword)
    return tuple(seen.values())


def lemma_lines(
    loaded: LoadedPipeline,
    texts: Sequence[str],
    *,
    n_process: int = 1,
    on_chars: Callable[[int], None] | None = None,
) -> list[tuple[LemmaLine, ...]]:
    """The lemmatised lines of each text, cached per pipeline and text.

    ``on_chars`` is told the number of characters done (at once for the cached texts); over
    the call they add up to the total length of ``texts``, for a progress bar.
    """
    keys = [(loaded.name, hashlib.sha256(text.encode("utf-8")).digest()) for text in texts]
    with _lock:
        found = {key: _cache[key] for key in keys if key in _cache}
    if on_chars is not None:
        on_chars(sum(len(text) for key, text in zip(keys, texts, strict=True) if key in found))
    todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
    if todo:
        batches = pipe_documents(
            loaded, list(todo.values()), disable=_UNUSED, n_process=n_process, on_line=on_chars
        )
        for key, lines in zip(todo, batches, strict=True):
            made = tuple(_lemma_line(offset, doc, trained=loaded.trained) for offset, doc in lines)
            found[key] = made
            with _lock:
                _cache[key] = made
    return [found[key] for key in keys]


def _lemma_line(offset: int, doc: Any, *, trained: bool) -> LemmaLine:
    return LemmaLine(
        offset=offset,
        words=tuple(t.text for t in doc),
        spaces=tuple(bool(t.whitespace_) for t in doc),
        lemmas=tuple(_normalised(t, trained=trained) for t in doc),
        starts=tuple(t.idx for t in doc),
        content=tuple(not (t.is_punct or t.is_space) for t in doc),
    )


def _normalised(token: Any, *, trained: bool) -> str:
    # The rules run over the trained lemma too: a keyword has no context, so the trained
    # pipeline may read it as another part of speech than the same word in a sentence
    # ("training" alone is a verb, lemma "train"; in "the training came late" a noun).
    return lemma(str(token.lemma_) if trained and token.lemma_ else token.text)


def sentence_lemmas(lines: Sequence[LemmaLine], spans: Sequence[Span]) -> list[str]:
    """For each ``[start, end)`` span of the document, its content tokens' lemmas, space-joined.

    This is the text the classifier learns from and scores: inflection, case and punctuation
    are gone, so a few examples go further.
    """
    starts: list[int] = []
    lemmas: list[str] = []
    for line in lines:
        for start, text, keep in zip(line.starts, line.lemmas, line.content, strict=True):
            if keep:
                starts.append(line.offset + start)
                lemmas.append(text)
    out = []
    for start, end in spans:
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        out.append(" ".join(lemmas[first:last]))
    return out


class KeywordMatcher:
    """Finds the keywords of many codes at once; build one per keyword list and pipeline."""

    def __init__(self, loaded: LoadedPipeline, keywords: Mapping[int, Sequence[str]]) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.vocab import Vocab

        self._vocab = Vocab()
        self._matcher = PhraseMatcher(self._vocab, attr="LEMMA")
        self._keys: dict[int, tuple[int, str]] = {}  # match id -> (code id, keyword)
        pairs = [(code_id, word) for code_id, words in keywords.items() for word in words]
        patterns = lemma_lines(loaded, [word for _, word in pairs])
        for index, ((code_id, word), lines) in enumerate(zip(pairs, patterns, strict=True)):
            docs = [self._doc(line) for line in lines[:1]]  # a keyword is one line
            if docs and len(docs[0]):
                key = f"{code_id}:{index}"
                self._matcher.add(key, docs)
                self._keys[self._vocab.strings[key]] = (code_id, word)

    @property
    def empty(self) -> bool:
        return not self._keys

    def find(self, lines: Sequence[LemmaLine]) -> list[KeywordHit]:
        """Every keyword hit in a document's lemmatised lines, in document order."""
        hits: list[KeywordHit] = []
        if self.empty:
            return hits
        for line in lines:
            if not line.words:
                continue
            doc = self._doc(line)
            for match_id, first, last in self._matcher(doc):
                code_id, word = self._keys[match_id]
                span = doc[first:last]
                start, end = line.offset + span.start_char, line.offset + span.end_char
                hits.append(KeywordHit(code_id, word, start, end))
        hits.sort(key=lambda hit: (hit.start, hit.end, hit.code_id))
        return hits

    def _doc(self, line: LemmaLine) -> Any:
        from spacy.tokens import Doc

        return Doc(
            self._vocab, words=list(line.words), spaces=list(line.spaces), lemmas=list(line.lemmas)
        )
