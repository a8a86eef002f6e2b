"""The text of one Word paragraph (w:p): runs, tabs, breaks, comment marks and text boxes.

Speed matters (a benchmark imports hundreds of long documents), so the paragraph is walked by
hand, level by level, with precomputed Clark tag names: paragraph children, then run children.
Formatting subtrees (w:pPr, w:rPr) are never entered, which halves the elements visited in
documents written by Word. What is not entered is not text: deleted runs (w:del, w:moveFrom),
field instructions (w:instrText), mc:Fallback copies of text boxes and anything unknown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.importers.assembly import Block, Mark, MarkKind, join_blocks
from workbench.importers.base import clean_text

if TYPE_CHECKING:
    from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

W_P = f"{W}p"
W_R = f"{W}r"
W_T = f"{W}t"
W_ID = f"{W}id"
W_VAL = f"{W}val"
W_TYPE = f"{W}type"
W_TXBX_CONTENT = f"{W}txbxContent"
MC_ALTERNATE = f"{MC}AlternateContent"
MC_CHOICE = f"{MC}Choice"

_CHARACTERS = {
    f"{W}tab": "\t",
    f"{W}ptab": "\t",
    f"{W}br": "\n",
    f"{W}cr": "\n",
    f"{W}noBreakHyphen": "-",
}
MARKS: dict[str, MarkKind] = {
    f"{W}commentRangeStart": "start",
    f"{W}commentRangeEnd": "end",
    f"{W}commentReference": "ref",
}
# Elements inside a paragraph whose runs are body text.
_INLINE_CONTAINERS = frozenset(
    f"{W}{name}"
    for name in (
        "hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent",
        "dir", "bdo",
    )
)  # fmt: skip
# Run children that may hold a text box: drawings (with or without mc:AlternateContent) and
# legacy VML pictures.
_BOX_HOLDERS = frozenset({MC_ALTERNATE, f"{W}drawing", f"{W}pict"})
_PAGE_BREAKS = frozenset({"page", "column"})

# Characters that clean_text would change can only reach the text through a character
# reference or a raw C1 control (UTF-8 C2 80-9F); when neither is in the XML, cleaning is
# skipped.
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")


def needs_cleaning(xml: bytes) -> bool:
    # One-byte tests first: they run at memchr speed, a two-byte test does not.
    if b"&" in xml and b"&#" in xml:
        return True
    return b"\xc2" in xml and _C1_CONTROL.search(xml) is not None


def paragraph_block(p: etree._Element, clean: bool) -> Block:
    """The text of one w:p and its comment marks; a text box inside it becomes its own lines."""
    reader = _Reader(clean)
    reader.inline(p)
    return reader.block()


class _Reader:
    __slots__ = ("box_end", "clean", "marks", "parts")

    def __init__(self, clean: bool) -> None:
        self.clean = clean
        self.parts: list[str] = []
        self.marks: list[Mark] = []
        self.box_end = -1

    def inline(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self.run(child)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child)
            elif tag in MARKS:
                self.mark(child)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self.inline(choice)

    def run(self, run: etree._Element) -> None:
        parts = self.parts
        for el in run:
            tag = el.tag
            if tag == W_T:
                text = el.text
                if text:
                    parts.append(clean_text(text) if self.clean else text)
            elif tag in _CHARACTERS:
                # A page or column break separates text; at a paragraph's start it is layout.
                if parts or el.get(W_TYPE) not in _PAGE_BREAKS:
                    parts.append(_CHARACTERS[tag])
            elif tag in MARKS:
                self.mark(el)
            elif tag in _BOX_HOLDERS:
                self.text_boxes(el)

    def mark(self, el: etree._Element) -> None:
        self.marks.append((MARKS[el.tag], el.get(W_ID, ""), sum(map(len, self.parts))))

    def text_boxes(self, holder: etree._Element) -> None:
        if holder.tag == MC_ALTERNATE:
            choice = holder.find(MC_CHOICE)  # never mc:Fallback: the same box again
            if choice is None:
                return
            holder = choice
        for box in _outer_boxes(holder):
            lines = join_blocks([line for line in _box_lines(box, self.clean) if line.text], "\n")
            if not lines.text:
                continue
            if self.parts and not self.parts[-1].endswith("\n"):
                self.parts.append("\n")
            offset = sum(map(len, self.parts))
            self.marks.extend(lines.shifted(offset))
            self.parts.append(f"{lines.text}\n")  # the paragraph goes on on a new line
            self.box_end = offset + len(lines.text) + 1

    def block(self) -> Block:
        text = "".join(self.parts)
        if self.box_end == len(text):
            text = text[:-1]  # nothing followed the text box
        if not self.marks:
            return Block(text)
        marks = tuple((what, cid, min(offset, len(text))) for what, cid, offset in self.marks)
        return Block(text, marks)


def _outer_boxes(holder: etree._Element) -> list[etree._Element]:
    """Text boxes in ``holder`` that are not inside another of them."""
    boxes: list[etree._Element] = []
    inner: set[etree._Element] = set()
    for box in holder.iter(W_TXBX_CONTENT):
        if box not in inner:
            boxes.append(box)
            inner.update(box.iter(W_TXBX_CONTENT))
    return boxes


def _box_lines(box: etree._Element, clean: bool) -> list[Block]:
    """The paragraphs of a text box, tables inside it included, as lines."""
    inner: set[etree._Element] = set()
    lines: list[Block] = []
    for el in box.iter(W_P, W_TXBX_CONTENT):
        if el.tag == W_TXBX_CONTENT:
            if el is not box:
                inner.update(el.iter(W_P))  # read with the paragraph that holds it
        elif el not in inner:
            lines.append(paragraph_block(el, clean))
    return lines
