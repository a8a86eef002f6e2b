"""A rule-based sentencizer for sentence-level agreement, and line spans for plain text.

The rules, in order:

1. A line break always ends a sentence: transcript turns and paragraphs are one line each, so
   a sentence never runs across a speaker change. Blank lines belong to no sentence.
2. Within a line, a sentence ends after ``.``, ``!`` or ``?`` (a run such as ``?!`` or ``...``,
   with any closing quotes or brackets) when whitespace and then a capital letter follow,
   optionally behind an opening quote or bracket.
3. Except after a known abbreviation ("Dr.", "Mrs.", "e.g.", "i.e.", "et al.", "vs.") or a
   single capital initial other than "I" ("J. Smith"): those keep their sentence together.

Spans are ``[start, end)`` in code points with surrounding whitespace left out.

This is the fallback. The seam for spaCy is :data:`Sentencizer`: any callable from text to
sentence spans can be passed to ``workbench.agreement.agreement(..., sentencizer=...)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Text -> sentence spans: the rule-based one below, or spaCy's when that is wired in.
Sentencizer = Callable[[str], list[tuple[int, int]]]

# Lower case, without the final dot. Words that often end a sentence ("no", "etc", "a.m.")
# are left out on purpose: splitting after them is the smaller mistake.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "rev", "sr", "jr", "st", "mt", "vs", "cf",
        "al", "approx", "dept", "fig", "vol", "pp", "inc", "ltd", "e.g", "i.e", "n.b",
        "u.k", "u.s", "ph.d",
    }
)  # fmt: skip

_LINE = re.compile(r"[^\n]+")
# End punctuation with closing quotes/brackets, then whitespace, then what may open a sentence.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?(\w))")
_WORD_BEFORE = re.compile(r"[\w.]+$")


def line_spans(text: str) -> list[tuple[int, int]]:
    """Every non-blank line, without its surrounding whitespace."""
    spans = []
    for match in _LINE.finditer(text):
        span = _trimmed(text, match.start(), match.end())
        if span is not None:
            spans.append(span)
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` by the rules in this module's docstring."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in line_spans(text):
        start = line_start
        for match in _END.finditer(text, line_start, line_end):
            if not match.group(1).isupper() or _keeps_together(text, match.start()):
                continue
            span = _trimmed(text, start, match.end())
            if span is not None:
                spans.append(span)
            start = match.end()
        span = _trimmed(text, start, line_end)
        if span is not None:
            spans.append(span)
    return spans


def _keeps_together(text: str, punctuation: int) -> bool:
    """Whether the full stop at ``punctuation`` closes an abbreviation or an initial."""
    if text[punctuation] != "." or text.startswith("..", punctuation):
        return False
    found = _WORD_BEFORE.search(text, max(0, punctuation - 20), punctuation)
    if found is None:
        return False
    word = found.group()
    # A lone capital is an initial, except "I", which ends sentences ("so did I. Then...").
    return word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper() and word != "I")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
