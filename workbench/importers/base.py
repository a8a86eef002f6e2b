"""What every importer returns, and the text rules they all share.

An importer is a function ``parse_xxx(data: bytes, name: str) -> ParsedDocument``. It never
touches the project: the import service stores what it returns in one transaction. Any problem
with the file is raised as :class:`ImportFailure` with a reason a researcher can act on; the
caller adds the file name.

Offsets are Python ``str`` indices (code points) into ``ParsedDocument.text``, after line
endings are normalised to ``\\n``. Characters that Word or XML cannot carry are replaced one for
one, so normalising never shifts an offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

SpanKind = Literal["paragraph", "heading", "turn", "question", "table"]
DocumentKind = Literal["transcript", "notes", "survey", "other"]

REPLACEMENT = "\ufffd"


class ImportFailure(Exception):  # noqa: N818 - a failure the user reads, not a programming error
    """A file could not be imported. ``str(exc)`` is the reason, without the file name."""


@dataclass(frozen=True, slots=True)
class ParsedSpan:
    start: int
    end: int
    kind: SpanKind
    speaker: str | None = None
    time_start: float | None = None  # seconds from the start of the recording
    time_end: float | None = None
    label: str | None = None  # heading level, question text, table name...


@dataclass(frozen=True, slots=True)
class ParsedComment:
    """A comment anchored to ``[start, end)`` of the text (Word comments become memos)."""

    start: int
    end: int
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    name: str
    text: str
    spans: tuple[ParsedSpan, ...]
    importer: str
    comments: tuple[ParsedComment, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def speakers(self) -> list[str]:
        """Speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for span in self.spans:
            if span.kind == "turn" and span.speaker:
                seen.setdefault(span.speaker, None)
        return list(seen)

    @property
    def kind(self) -> DocumentKind:
        return "transcript" if any(s.kind == "turn" for s in self.spans) else "notes"


# --------------------------------------------------------------------------- text rules

# C0 controls other than tab and newline, DEL, C1 controls and the two non-characters that XML
# 1.0 cannot carry. Form feed and vertical tab (page and column breaks) become newlines.
_CONTROL_TABLE: dict[int, str] = dict.fromkeys(
    [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)], REPLACEMENT
)
_CONTROL_TABLE[0x0B] = "\n"
_CONTROL_TABLE[0x0C] = "\n"
_CONTROL_TABLE[0xFFFE] = REPLACEMENT
_CONTROL_TABLE[0xFFFF] = REPLACEMENT
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF. Run this before counting any offset."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """Normalise newlines, then replace unrepresentable characters one for one."""
    text = normalise_newlines(text).translate(_CONTROL_TABLE)
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(REPLACEMENT, text)
    return text


class TextBuilder:
    """Accumulates paragraphs into one text joined by ``\\n`` and records their spans.

    Empty paragraphs are kept as blank lines (so the text reads like the source) but get no
    span. Text passed in must already be clean (see :func:`clean_text`) and must not contain
    ``\\n`` unless it is a line break inside the paragraph.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[ParsedSpan] = []

    @property
    def length(self) -> int:
        """Offset at which the next paragraph will start."""
        return self._length + (1 if self._parts else 0)

    def add(self, text: str, kind: SpanKind = "paragraph", label: str | None = None) -> int:
        """Append a paragraph; return its start offset."""
        start = self.length
        if self._parts:
            self._length += 1
        self._parts.append(text)
        self._length += len(text)
        if text.strip():
            self.spans.append(ParsedSpan(start, start + len(text), kind, label=label))
        return start

    def add_all(self, paragraphs: Iterable[str]) -> None:
        for paragraph in paragraphs:
            self.add(paragraph)

    def text(self) -> str:
        return "\n".join(self._parts)


def require_text(text: str) -> None:
    """Raise the shared 'empty' failure when a file holds no readable text."""
    if not text.strip():
        raise ImportFailure("the file contains no text")
