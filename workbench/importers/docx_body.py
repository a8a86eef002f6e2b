"""Walk the body of word/document.xml with lxml: paragraphs, headings, tables, comment marks.

The element tree is walked directly instead of through python-docx objects, which are far too
slow for large batches; :mod:`workbench.importers.docx_runs` reads each paragraph's text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.importers.assembly import Block, join_blocks
from workbench.importers.docx_runs import (
    MARKS,
    MC_ALTERNATE,
    MC_CHOICE,
    W_ID,
    W_P,
    W_VAL,
    W,
    paragraph_block,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from lxml import etree

    from workbench.importers.assembly import Assembler

W_PPR = f"{W}pPr"
W_PSTYLE = f"{W}pStyle"
W_OUTLINE_LVL = f"{W}outlineLvl"
W_TBL = f"{W}tbl"
W_TR = f"{W}tr"
W_TC = f"{W}tc"
# Content controls, custom XML and tracked insertions wrap ordinary content.
_WRAPPERS = frozenset(
    {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}
)
# Built-in style names are English in styles.xml; ids are localised ("Überschrift1", "Titre1").
_HEADING_STYLE = re.compile(r"(?:heading|\u00fcberschrift|titre|kop|rubrik)\s*([1-9])")


def children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from children(child, tag)


class BodyWalker:
    """Feeds the blocks of a w:body (or any block container) to an :class:`Assembler`."""

    def __init__(self, assembler: Assembler, levels: Mapping[str, int], clean: bool) -> None:
        self._assembler = assembler
        self._levels = levels
        self._clean = clean

    def walk(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                level = self._heading_level(child)
                block = paragraph_block(child, self._clean)
                if level is None:
                    self._assembler.add(block)
                else:
                    self._assembler.add(block, "heading", str(level))
            elif tag == W_TBL:
                self._assembler.add_table(self._rows(child))
            elif tag in _WRAPPERS:
                self.walk(child)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self.walk(choice)
            elif tag in MARKS:
                self._assembler.mark(MARKS[tag], child.get(W_ID, ""))

    def _heading_level(self, p: etree._Element) -> int | None:
        """Heading level (Title is 0) from the paragraph's outline level or its style."""
        ppr = p[0] if len(p) else None
        if ppr is None or ppr.tag != W_PPR:
            return None
        outline = ppr.find(W_OUTLINE_LVL)
        if outline is not None:
            value = outline.get(W_VAL, "")
            return int(value) + 1 if value.isdigit() and int(value) < 9 else None
        style = ppr.find(W_PSTYLE)
        if style is None:
            return None
        style_id = style.get(W_VAL, "")
        if style_id in self._levels:
            level = self._levels[style_id]
            return level if level >= 0 else None
        return style_level(style_id)

    def _rows(self, tbl: etree._Element) -> Iterator[list[Block]]:
        for tr in children(tbl, W_TR):
            yield [self._cell(tc) for tc in children(tr, W_TC)]

    def _cell(self, tc: etree._Element) -> Block:
        # Blank lines in a cell are layout (Word needs a paragraph after a nested table).
        blocks = [line for line in self._cell_lines(tc) if line.text.strip() or line.marks]
        return join_blocks(blocks, "\n") if blocks else Block("")

    def _cell_lines(self, container: etree._Element) -> Iterator[Block]:
        """A cell's paragraphs; the rows of a table inside the cell become lines too."""
        for child in container:
            if child.tag == W_P:
                yield paragraph_block(child, self._clean)
            elif child.tag == W_TBL:
                yield from (join_blocks(row, "\t") for row in self._rows(child))
            elif child.tag in _WRAPPERS:
                yield from self._cell_lines(child)


def style_level(name: str) -> int | None:
    """Heading level from a style name or id such as "heading 2", "Heading2" or "Title"."""
    folded = name.casefold().strip()
    if folded == "title":
        return 0
    match = _HEADING_STYLE.fullmatch(folded)
    return int(match.group(1)) if match else None
