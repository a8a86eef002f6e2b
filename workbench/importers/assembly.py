"""Assemble a structured document (Word, OpenDocument) into a :class:`ParsedDocument`.

The format readers hand over blocks of clean text in reading order: paragraphs, headings and
table rows, each with the comment anchors found inside it at offsets relative to the block.
The assembler joins them with :class:`TextBuilder`, turns table rows into turns when the table
is a speaker | text transcript, resolves comment anchors and runs turn detection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from workbench.importers.base import (
    ParsedComment,
    ParsedDocument,
    ParsedSpan,
    SpanKind,
    TextBuilder,
    clean_text,
    require_text,
)
from workbench.importers.table_turns import is_header_row, is_transcript_table, speaker_name
from workbench.importers.turns import detect_turns

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

MarkKind = Literal["start", "end", "ref"]
Mark = tuple[MarkKind, str, int]  # (what, comment id, offset inside the block)


class Block(NamedTuple):
    """Clean text of one paragraph (or cell) and the comment marks inside it.

    A named tuple rather than a frozen dataclass: one is made per paragraph and tuples are
    several times cheaper to create.
    """

    text: str
    marks: tuple[Mark, ...] = ()

    def shifted(self, by: int, limit: int | None = None) -> tuple[Mark, ...]:
        """Marks moved ``by`` characters, clamped to ``limit`` characters of this block."""
        end = len(self.text) if limit is None else limit
        return tuple((kind, cid, by + min(offset, end)) for kind, cid, offset in self.marks)


def join_blocks(blocks: Sequence[Block], separator: str) -> Block:
    """Concatenate blocks, keeping each mark on the same character."""
    if len(blocks) == 1:
        return blocks[0]
    marks: list[Mark] = []
    offset = 0
    for block in blocks:
        marks.extend(block.shifted(offset))
        offset += len(block.text) + len(separator)
    return Block(separator.join(block.text for block in blocks), tuple(marks))


@dataclass(frozen=True, slots=True)
class CommentBody:
    author: str
    text: str


class Assembler:
    def __init__(self) -> None:
        self._builder = TextBuilder()
        self._anchors: dict[str, dict[MarkKind, int]] = {}
        self._extra: list[ParsedSpan] = []
        self._has_table_turns = False
        self._tables = 0

    def add(self, block: Block, kind: SpanKind = "paragraph", label: str | None = None) -> int:
        """Append a block as a paragraph; return its start offset."""
        start = self._builder.add(block.text, kind, label)
        for what, cid, offset in block.marks:
            self._anchor(what, cid, start + offset)
        return start

    def mark(self, what: MarkKind, comment_id: str) -> None:
        """A comment mark between paragraphs: starts attach forward, ends backward."""
        position = self._builder.length
        if what != "start" and position:
            position -= 1
        self._anchor(what, comment_id, position)

    def add_table(self, rows: Iterable[Sequence[Block]]) -> None:
        kept = [list(row) for row in rows if any(cell.text.strip() for cell in row)]
        if not kept:
            return
        texts = [[cell.text for cell in row] for row in kept]
        header = is_header_row(texts[0]) and len(kept) > 2
        body = kept[1:] if header else kept
        if is_transcript_table(texts[1:] if header else texts):
            if header:
                self.add(join_blocks(kept[0], "\t"))
            self._add_turn_rows(body)
            return
        starts = [self.add(join_blocks(row, "\t")) for row in kept]
        end = self._builder.length - 1  # the end of the last row
        self._tables += 1
        self._extra.append(ParsedSpan(starts[0], end, "table", label=f"Table {self._tables}"))

    def _add_turn_rows(self, rows: Sequence[Sequence[Block]]) -> None:
        self._has_table_turns = True
        speaker = ""
        for name_cell, said in rows:
            name = speaker_name(name_cell.text)
            if name:
                speaker = name
                prefix = f"{name}: " if said.text.strip() else f"{name}:"
                marks = name_cell.shifted(0, len(prefix)) + said.shifted(len(prefix))
                block = Block(prefix + said.text if said.text.strip() else prefix, marks)
            else:
                block = said
            start = self.add(block)
            if block.text.strip():
                end = start + len(block.text)
                self._extra.append(ParsedSpan(start, end, "turn", speaker=speaker))

    def finish(
        self,
        name: str,
        importer: str,
        comments: Mapping[str, CommentBody],
        metadata: Mapping[str, str],
    ) -> ParsedDocument:
        text = self._builder.text()
        require_text(text)
        spans = [*self._builder.spans, *self._extra]
        if not self._has_table_turns:
            # Headings and tables among the spans end turns (see detect_turns).
            spans.extend(detect_turns(text, sorted(spans, key=_reading_order)))
        spans.sort(key=_reading_order)
        return ParsedDocument(
            name=name,
            text=text,
            spans=tuple(spans),
            importer=importer,
            comments=self._comments(comments, len(text)),
            metadata=dict(metadata),
        )

    def _anchor(self, what: MarkKind, comment_id: str, position: int) -> None:
        self._anchors.setdefault(comment_id, {}).setdefault(what, position)

    def _comments(
        self, bodies: Mapping[str, CommentBody], length: int
    ) -> tuple[ParsedComment, ...]:
        comments = []
        for cid, body in bodies.items():
            start, end = _resolve(self._anchors.get(cid, {}))
            start, end = min(start, length), min(end, length)
            comments.append(ParsedComment(start, end, body.author, clean_text(body.text)))
        comments.sort(key=lambda comment: (comment.start, comment.end))
        return tuple(comments)


# On equal ranges the container comes first: a table before its one row, a turn before its
# paragraph. detect_turns relies on a table preceding the rows it covers.
_CONTAINERS_FIRST: dict[SpanKind, int] = {"table": 0, "turn": 1}


def _reading_order(span: ParsedSpan) -> tuple[int, int, int]:
    return span.start, -span.end, _CONTAINERS_FIRST.get(span.kind, 2)


def tidy_metadata(**found: str | None) -> dict[str, str]:
    """Clean, non-blank metadata values (title, author...) from a document's properties."""
    return {
        key: clean_text(value).strip() for key, value in found.items() if value and value.strip()
    }


def _resolve(marks: Mapping[MarkKind, int]) -> tuple[int, int]:
    """The anchored range; a comment without a range sits on its reference, zero length.

    A comment with no mark at all in the body (one on a header or footnote) is kept at 0.
    """
    ref = marks.get("ref")
    start = marks.get("start", ref)
    end = marks.get("end")
    if start is None:
        start = end if end is not None else 0
    if end is None or end < start:
        end = start
    return start, end
