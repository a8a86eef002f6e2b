"""Plain text (.txt) and Markdown (.md) files.

The text is stored exactly as written (only line endings and unrepresentable characters are
normalised, see ``clean_text``). Every non-blank line is a paragraph, because a typed
transcript usually holds one turn per line; blank lines stay in the text as blank lines.
In Markdown, ATX heading lines (``#`` to ``######`` then a space or the end of the line, up to
three spaces of indent, outside fenced code blocks) become ``heading`` spans labelled with
their level; the ``#`` characters stay in the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.importers.base import (
    ParsedDocument,
    ParsedSpan,
    TextBuilder,
    clean_text,
    require_text,
)
from workbench.importers.text_decoding import decode_text
from workbench.importers.turns import detect_turns

if TYPE_CHECKING:
    from collections.abc import Mapping

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def parse_txt(data: bytes, name: str) -> ParsedDocument:
    """A plain text file: one paragraph per line, speaker turns detected."""
    return document_from_lines(name, _read(data), "txt")


def document_from_lines(
    name: str, text: str, importer: str, metadata: Mapping[str, str] | None = None
) -> ParsedDocument:
    """A document of clean ``text`` with one paragraph per non-blank line, turns detected."""
    builder = TextBuilder()
    builder.add_all(text.split("\n"))
    return _document(name, builder, importer, metadata)


def parse_md(data: bytes, name: str) -> ParsedDocument:
    """A Markdown file: like :func:`parse_txt`, with ``#`` headings as heading spans."""
    text = _read(data)
    builder = TextBuilder()
    fence: str | None = None  # the marker that opened the current code block
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if opening is not None and (fence is None or opening[1].startswith(fence)):
            fence = opening[1][0] * 3 if fence is None else None
        heading = None if fence is not None else _HEADING.match(line)
        if heading is None:
            builder.add(line)
        else:
            builder.add(line, kind="heading", label=str(len(heading[1])))
    return _document(name, builder, "md")


def _read(data: bytes) -> str:
    text = clean_text(decode_text(data))
    require_text(text)
    return text


def _document(
    name: str, builder: TextBuilder, importer: str, metadata: Mapping[str, str] | None = None
) -> ParsedDocument:
    text = builder.text()
    spans: list[ParsedSpan] = [*builder.spans, *detect_turns(text, builder.spans)]
    spans.sort(key=lambda span: (span.start, -span.end))
    return ParsedDocument(
        name=name, text=text, spans=tuple(spans), importer=importer, metadata=metadata or {}
    )
