"""Which codes' keywords each sentence contains.

Keywords come from each codable code's ``keywords`` column (one per line; the framework
templates bring starter keywords, the definition editor changes them) and are matched on
lemmas (see ``coding.nlp.keywords``). A hit counts for a sentence when it lies wholly inside
it. Headings (codes that cannot be applied) are never suggested.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from coding.nlp.keywords import KeywordHit, KeywordMatcher, keyword_list

if TYPE_CHECKING:
    from workbench.suggestions.examples import Corpus

# sentence index in corpus.sentences -> code id -> the code's keyword hits in it
Found = dict[int, dict[int, list[KeywordHit]]]


def keyword_matcher(corpus: Corpus) -> KeywordMatcher:
    keywords = {
        code_id: words
        for code_id, code in corpus.codes.items()
        if code.is_codable and (words := keyword_list(code.keywords))
    }
    return KeywordMatcher(corpus.pipeline, keywords)


def keywords_found(corpus: Corpus) -> Found:
    """For each sentence with keyword hits, the codes found and their hits, in order."""
    matcher = keyword_matcher(corpus)
    found: Found = {}
    if matcher.empty:
        return found
    ranges: dict[int, list[int]] = {}  # a document's sentences are consecutive
    for index, sentence in enumerate(corpus.sentences):
        ranges.setdefault(sentence.document_id, [index, index])[1] = index + 1
    for doc_id, (first, last) in ranges.items():
        hits = matcher.find(corpus.lines.get(doc_id, ()))
        if not hits:
            continue
        sentences = corpus.sentences[first:last]
        starts = [s.start for s in sentences]
        for hit in hits:
            i = bisect.bisect_right(starts, hit.start) - 1
            if i < 0 or hit.end > sentences[i].end:
                continue  # between sentences, or across two
            found.setdefault(first + i, {}).setdefault(hit.code_id, []).append(hit)
    return found


def ranked_codes(codes: dict[int, list[KeywordHit]]) -> list[tuple[int, list[KeywordHit]]]:
    """Codes found in one sentence, most distinct keywords first, then by code id."""
    return sorted(codes.items(), key=lambda item: (-len(distinct(item[1])), item[0]))


def distinct(hits: list[KeywordHit]) -> tuple[str, ...]:
    """The different keywords among ``hits``, in the order they were first found."""
    return tuple(dict.fromkeys(hit.keyword for hit in hits))


def reason(keywords: tuple[str, ...]) -> str:
    quoted = ", ".join(f"“{word}”" for word in keywords)
    return f"keyword{'s' if len(keywords) > 1 else ''} {quoted}"
