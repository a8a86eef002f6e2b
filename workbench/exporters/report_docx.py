"""The Word synthesis report, rendered from a :class:`~workbench.reports.model.ReportModel`.

The document starts from ``resources/templates/report.docx``, whose named styles (``Quote
Excerpt``, ``Quote Attribution``, ``Code Definition`` and Word's built-ins) decide how it
looks, so a team can restyle reports in Word without touching code.
"""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.exporters import docx_xml as x

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from workbench.reports.model import ReportModel

STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Normal",
    "Quote Excerpt",
    "Quote Attribution",
    "Code Definition",
    "Table Grid",
)


def open_template() -> DocxDocument:
    from docx import Document

    template = resources.files("resources") / "templates" / "report.docx"
    with resources.as_file(template) as path:
        document = Document(str(path))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def style_ids(document: DocxDocument) -> dict[str, str]:
    return {name: str(document.styles[name].style_id) for name in STYLES}


def append_xml(document: DocxDocument, body_xml: str) -> None:
    """Parse ``body_xml`` once and move its elements in front of the section properties."""
    from docx.oxml.parser import parse_xml

    fragment = parse_xml(x.wrap_body(body_xml))
    body = document.element.body
    anchor = body[-1] if len(body) and body[-1].tag.endswith("}sectPr") else None
    for element in list(fragment):
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.append(element)


def render(model: ReportModel, ids: dict[str, str]) -> str:
    parts = [
        x.paragraph(ids["Title"], x.runs(model.title)),
        x.paragraph(ids["Subtitle"], x.runs("Qualitative analysis report")),
        x.paragraph(ids["Normal"], x.runs(f"Generated {model.generated}")),
        x.paragraph(ids["Normal"], x.runs(_scope(model))),
        x.paragraph(ids["Normal"], x.runs("Coders: " + (", ".join(model.coders) or "none"))),
    ]
    if model.description:
        parts.append(x.paragraph(ids["Normal"], x.runs(model.description)))
    parts.append(x.page_break())
    parts.append(x.paragraph(ids["Heading 1"], x.runs("Codebook")))
    rows = (
        ["    " * r.depth + r.name, r.key, _summary(r.definition), str(r.codings),
         str(r.documents)]
        for r in model.codebook
    )  # fmt: skip
    header = ["Code", "Key", "Definition", "Codings", "Documents"]
    parts.append(x.table(ids["Table Grid"], header, rows, weights=[24, 8, 44, 12, 12]))
    parts.append(x.paragraph(ids["Heading 1"], x.runs("Coded extracts")))
    for section in model.sections:
        parts.append(x.paragraph(ids["Heading 2"], x.runs(section.path)))
        if section.definition:
            parts.append(x.paragraph(ids["Code Definition"], x.runs(section.definition)))
        summary = f"{section.codings} codings in {section.documents} documents"
        if len(section.quotes) < section.codings:
            summary += f"; {len(section.quotes)} shown"
        parts.append(x.paragraph(ids["Normal"], x.runs(summary)))
        quote_style, source_style = ids["Quote Excerpt"], ids["Quote Attribution"]
        for quote in section.quotes:
            parts.append(x.paragraph(quote_style, x.runs(f"[{quote.number}] “{quote.text}”")))
            parts.append(x.paragraph(source_style, x.runs(quote.attribution)))
    if model.matrix and model.cases:
        parts.append(x.paragraph(ids["Heading 1"], x.runs("Codes by case")))
        parts.append(x.paragraph(ids["Normal"], x.runs("Number of coded segments per case.")))
        rows = ([name, *map(str, counts)] for name, counts in model.matrix)
        weights = [max(3, 2 * len(model.cases) // 3), *[1] * len(model.cases)]
        parts.append(x.table(ids["Table Grid"], ["Code", *model.cases], rows, weights))
    return "".join(parts)


def _summary(definition: str, limit: int = 300) -> str:
    """The first paragraph of a definition, cut at a word near ``limit`` characters."""
    first = definition.strip().split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _scope(model: ReportModel) -> str:
    segments = sum(s.codings for s in model.sections)
    return f"{model.documents} documents, {model.words:,} words; {segments:,} coded segments"


def write_report(model: ReportModel, path: Path) -> None:
    """Write the report; the file appears only when complete (written aside, then renamed)."""
    document = open_template()
    document.core_properties.title = model.title
    document.core_properties.author = ", ".join(model.coders)
    append_xml(document, render(model, style_ids(document)))
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".docx")
    os.close(handle)
    try:
        document.save(temp)
        Path(temp).replace(path)
    finally:
        Path(temp).unlink(missing_ok=True)
