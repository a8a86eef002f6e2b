"""WordprocessingML written as text in bulk.

python-docx's per-paragraph API costs about a millisecond per paragraph; a report with 20,000
quotes is built here as one XML string, parsed once with python-docx's own parser and moved
into the document body, which is about seventy times faster and gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Control characters, lone surrogates and the two non-characters: XML 1.0 cannot hold them, and
# one in a memo or summary would make Word refuse the whole file. One translate table escapes
# markup and drops these together (a regex pass cost a third of the report's text time).
_NOT_XML = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE,
            0xFFFF]  # fmt: skip
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"} | dict.fromkeys(map(chr, _NOT_XML))
)


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def runs(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Runs for ``text``; newlines become line breaks and tabs become tab characters."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = []
    for n, line in enumerate(text.split("\n")):
        if n:
            pieces.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def paragraph(style_id: str | None, *content: str) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f"<w:p>{ppr}{''.join(content)}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


TEXT_WIDTH_TWIPS = 9000  # A4 with the template's 2.54 cm margins holds 9,026


@dataclass(frozen=True, slots=True)
class TableStyles:
    """Style ids of the table, its header cells and its body cells (from the template)."""

    table: str
    heading: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """A body cell with a background fill (hex RGB), used with a text label, never alone."""

    text: str
    fill: str | None = None


def table(
    styles: TableStyles,
    header: Sequence[str],
    rows: Iterable[Sequence[str | Cell]],
    weights: Sequence[int] | None = None,
    width: int = TEXT_WIDTH_TWIPS,
) -> str:
    """A table whose header row repeats on every page (screen readers use it too).

    ``weights`` share ``width`` (twips) between columns (equal when omitted).
    """
    shares = list(weights or [1] * len(header))
    widths = [width * w // sum(shares) for w in shares]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:noVBand="1"/>'
    head = _row(header, widths, styles.heading, bold=styles.heading is None)
    body = "".join(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{_row(row, widths, styles.text)}"
                   "</w:tr>" for row in rows)  # fmt: skip
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles.table}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )


def _row(
    cells: Sequence[str | Cell], widths: Sequence[int], style: str | None, *, bold: bool = False
) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    parts = []
    for cell, width in zip(cells, widths, strict=True):
        text, fill = (cell.text, cell.fill) if isinstance(cell, Cell) else (cell, None)
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        paragraphs = "".join(f"<w:p>{ppr}{runs(line, bold=bold)}</w:p>"
                             for line in text.split("\n\n"))  # fmt: skip
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{paragraphs}</w:tc>'
        )
    return "".join(parts)


def wrap_body(xml: str) -> str:
    return f'<w:body xmlns:w="{W_NS}">{xml}</w:body>'
