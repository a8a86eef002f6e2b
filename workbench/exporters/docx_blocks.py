"""Larger WordprocessingML blocks for the synthesis report: contents, figures, sections.

Like :mod:`workbench.exporters.docx_xml`, each returns XML text for the bulk body. Figures
refer to an image part added beforehand (``document.part.get_or_add_image``) by its id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.exporters import docx_xml as x

if TYPE_CHECKING:
    from collections.abc import Sequence

EMU_PER_INCH = 914_400
TWIPS_PER_INCH = 1440
_DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def bookmark_name(number: int) -> str:
    return f"_Toc_qw{number:05d}"


def heading(style_id: str, text: str, number: int) -> str:
    """A heading carrying a bookmark, so the contents can link to it before Word updates."""
    name = bookmark_name(number)
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
        f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{x.runs(text)}'
        f'<w:bookmarkEnd w:id="{number}"/></w:p>'
    )


def contents(entries: Sequence[tuple[int, str, int]], level_styles: Sequence[str]) -> str:
    """A TOC field whose shown result already lists the headings (level, text, bookmark number).

    Word refreshes page numbers when the field is updated (F9); until then each entry is a
    link to its heading, so the contents work in Word and LibreOffice straight away.
    """
    parts = []
    for n, (level, text, number) in enumerate(entries):
        style = level_styles[min(level, len(level_styles)) - 1]
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if n == 0
            else ""
        )
        link = f'<w:hyperlink w:anchor="{bookmark_name(number)}">{x.runs(text)}</w:hyperlink>'
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(entries) - 1 else ""
        parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{begin}{link}{end}</w:p>')
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Figure:
    relationship_id: str
    number: int
    width_in: float
    height_in: float
    alt_text: str
    title: str


def figure(style_id: str, item: Figure, max_width_in: float = 6.2) -> str:
    """An inline picture in its own paragraph, scaled to fit the text width, with alt text."""
    scale = min(1.0, max_width_in / item.width_in)
    cx = int(item.width_in * scale * EMU_PER_INCH)
    cy = int(item.height_in * scale * EMU_PER_INCH)
    alt, title = x.escape(item.alt_text), x.escape(item.title)
    n = item.number
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline {_DRAWING_NS} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Figure {n}" '
        f'descr="{alt}" title="{title}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="figure{n}.png" descr="{alt}"/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{item.relationship_id}"/><a:stretch><a:fillRect/>'
        "</a:stretch></pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


_SIZE = re.compile(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"[^>]*/>')
_MARGINS = re.compile(r"<w:pgMar [^>]*/>")


def _page(final_sect_pr: str, *, landscape: bool) -> tuple[int, int]:
    found = _SIZE.search(final_sect_pr)
    width, height = (int(found.group(1)), int(found.group(2))) if found else (11906, 16838)
    short, long = min(width, height), max(width, height)
    return (long, short) if landscape else (short, long)


def section_end(final_sect_pr: str, *, landscape: bool) -> str:
    """An empty paragraph ending a section laid out like the template's, turned if asked.

    ``final_sect_pr`` is the template's body-level ``w:sectPr`` (page size and margins); the
    margins stay as they are, so a turned page keeps the template's look.
    """
    width, height = _page(final_sect_pr, landscape=landscape)
    orient = ' w:orient="landscape"' if landscape else ""
    margins = _MARGINS.search(final_sect_pr)
    margin = margins.group(0) if margins else ""
    size = f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
    return f"<w:p><w:pPr><w:sectPr>{size}{margin}</w:sectPr></w:pPr></w:p>"


def text_width_twips(final_sect_pr: str, *, landscape: bool = False) -> int:
    """The width between the left and right margins, for sizing tables."""
    width, _ = _page(final_sect_pr, landscape=landscape)
    margins = _MARGINS.search(final_sect_pr)
    values = dict(re.findall(r'w:(\w+)="(\d+)"', margins.group(0))) if margins else {}
    return width - int(values.get("left", 1440)) - int(values.get("right", 1440))
