"""Walk office:text of an OpenDocument content.xml: paragraphs, headings, lists, tables, notes.

Whitespace follows ODF: runs of spaces, tabs and newlines in the XML collapse to one space and
explicit spaces come from text:s. Footnotes (text:note), tracked deletions (kept apart in
text:tracked-changes) and drawing captions are not body text. office:annotation becomes a
comment anchored where it stands, or over the text up to its office:annotation-end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.importers.assembly import Block, CommentBody, Mark, MarkKind, join_blocks
from workbench.importers.base import clean_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml import etree

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"

_P = f"{TEXT}p"
_H = f"{TEXT}h"
_S = f"{TEXT}s"
_TABLE = f"{TABLE}table"
_ROW = f"{TABLE}table-row"
_CELL = f"{TABLE}table-cell"
_ANNOTATION = f"{OFFICE}annotation"
_ANNOTATION_END = f"{OFFICE}annotation-end"
_OFFICE_NAME = f"{OFFICE}name"
_TEXT_BOX = f"{DRAW}text-box"
_CHARACTERS = {f"{TEXT}tab": "\t", f"{TEXT}line-break": "\n"}
_BLOCK_CONTAINERS = frozenset(
    {f"{TEXT}{name}" for name in ("list", "list-item", "list-header", "section")}
    | {f"{TEXT}numbered-paragraph"}
)
_ROW_CONTAINERS = frozenset(
    {f"{TABLE}{name}" for name in ("table-header-rows", "table-rows", "table-row-group")}
)
# Inline elements whose content is not body text. Other drawing and SVG elements hold captions
# and descriptions, so only frames, links and text boxes are entered.
_SKIPPED_INLINE = frozenset({f"{TEXT}note", f"{TEXT}tracked-changes", f"{TEXT}ruby-text"})
_DRAW_ENTERED = frozenset({f"{DRAW}frame", f"{DRAW}a"})
_SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
_WHITESPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class Heading:
    block: Block
    level: str


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[list[Block]]


Item = Block | Heading | Table


class OdtWalker:
    """Reads blocks in order and collects the annotations met on the way."""

    def __init__(self) -> None:
        self.comments: dict[str, CommentBody] = {}

    def items(self, container: etree._Element) -> Iterator[Item]:
        for child in container:
            tag = child.tag
            if tag == _P:
                yield self.paragraph(child)
            elif tag == _H:
                yield Heading(self.paragraph(child), child.get(f"{TEXT}outline-level", "1"))
            elif tag == _TABLE:
                yield Table([self._cells(row) for row in _rows(child)])
            elif tag in _BLOCK_CONTAINERS:
                yield from self.items(child)

    def paragraph(self, p: etree._Element) -> Block:
        return _Paragraph(self).read(p)

    def lines(self, container: etree._Element) -> list[Block]:
        """Everything in ``container`` as lines: paragraphs, and table rows joined by tabs."""
        lines: list[Block] = []
        for item in self.items(container):
            if isinstance(item, Table):
                lines.extend(join_blocks(row, "\t") for row in item.rows if row)
            else:
                lines.append(item.block if isinstance(item, Heading) else item)
        return lines

    def _cells(self, row: etree._Element) -> list[Block]:
        cells = []
        for cell in row.iterchildren(_CELL):
            lines = self.lines(cell)
            cells.append(join_blocks(lines, "\n") if lines else Block(""))
        return cells

    def annotation(self, element: etree._Element) -> str:
        """Store the annotation's author and text; return the id its end mark will use."""
        comment_id = element.get(_OFFICE_NAME) or f"annotation {len(self.comments) + 1}"
        author = clean_text(element.findtext(f"{DC}creator") or "").strip()
        reader = OdtWalker()  # marks inside a comment do not belong to the body
        text = "\n".join(block.text for block in reader.lines(element))
        self.comments[comment_id] = CommentBody(author, text.strip())
        return comment_id


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_CONTAINERS:
            yield from _rows(child)


class _Paragraph:
    """Builds one paragraph's text, collapsing XML whitespace as ODF prescribes."""

    def __init__(self, walker: OdtWalker) -> None:
        self._walker = walker
        self._parts: list[str] = []
        self._marks: list[Mark] = []
        self._after_space = True  # drops whitespace at the start of the paragraph
        self._after_box = False  # text after a text box starts a new line

    def read(self, p: etree._Element) -> Block:
        self._text(p.text)
        self._children(p)
        text = "".join(self._parts)
        if self._after_space and text.endswith(" "):
            text = text[:-1]
        marks = tuple((what, cid, min(offset, len(text))) for what, cid, offset in self._marks)
        return Block(text, marks)

    def _children(self, element: etree._Element) -> None:
        for child in element:
            self._element(child)
            self._text(child.tail)

    def _element(self, child: etree._Element) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED_INLINE:
            return
        if tag == _S:
            count = child.get(f"{TEXT}c", "1")
            self._literal(" " * (int(count) if count.isdigit() else 1))
        elif tag in _CHARACTERS:
            self._literal(_CHARACTERS[tag])
        elif tag == _ANNOTATION:
            self._mark("start", self._walker.annotation(child))
        elif tag == _ANNOTATION_END:
            self._mark("end", child.get(_OFFICE_NAME, ""))
        elif tag == _TEXT_BOX:
            self._text_box(child)
        elif not tag.startswith((DRAW, _SVG)) or tag in _DRAW_ENTERED:
            self._text(child.text)
            self._children(child)

    def _text(self, text: str | None) -> None:
        if not text:
            return
        text = _WHITESPACE.sub(" ", text)
        if self._after_space and text.startswith(" "):
            text = text[1:]
        if text:
            self._literal(clean_text(text))
            self._after_space = text.endswith(" ")

    def _literal(self, text: str) -> None:
        if self._after_box:
            self._after_box = False
            self._parts.append("\n")
        self._parts.append(text)
        self._after_space = False

    def _mark(self, what: MarkKind, comment_id: str) -> None:
        self._marks.append((what, comment_id, sum(map(len, self._parts))))

    def _text_box(self, box: etree._Element) -> None:
        for line in self._walker.lines(box):
            if line.text:
                if self._parts:
                    self._parts.append("\n")
                self._marks.extend(line.shifted(sum(map(len, self._parts))))
                self._parts.append(line.text)
                self._after_box = self._after_space = True
