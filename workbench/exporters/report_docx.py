"""The Word synthesis report, rendered from a :class:`~workbench.reports.model.ReportModel`.

The document starts from ``resources/templates/report.docx``, whose named styles (``Quote
Excerpt``, ``Quote Attribution``, ``Code Definition`` and Word's built-ins) decide how it
looks, so a team can restyle reports in Word without touching code.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from workbench.exporters import docx_xml as x
from workbench.exporters import report_sections as sections
from workbench.exporters import report_synthesis as chapters
from workbench.exporters.report_writer import BodyWriter
from workbench.exporters.written import save_beside

if TYPE_CHECKING:
    from pathlib import Path

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
    "Table Heading",
    "Table Text",
    "Heading 3",
    "Caption",
    "Figure",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
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


def body_writer(document: DocxDocument) -> BodyWriter:
    from io import BytesIO

    from lxml import etree

    def add_image(png: bytes) -> str:
        relationship_id, _image = document.part.get_or_add_image(BytesIO(png))
        return str(relationship_id)

    sect_pr = document.element.body[-1]
    final = etree.tostring(sect_pr, encoding="unicode") if sect_pr.tag.endswith("sectPr") else ""
    return BodyWriter(style_ids(document), add_image, final)


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


def render(model: ReportModel, writer: BodyWriter) -> str:
    """The whole body in reading order."""
    synthesis = model.synthesis
    sections.cover(writer, model)
    sections.summary(writer, model)
    sections.methods(writer, model)
    sections.themes(writer, model, synthesis.overview if synthesis else ())
    sections.codes_by_case(writer, model, synthesis.cooccurrence if synthesis else None)
    if synthesis is not None:
        chapters.framework_matrix(writer, synthesis.matrix)
        chapters.nasss(writer, synthesis.nasss)
        chapters.register(writer, synthesis.register)
    sections.reviewer_feedback(writer, model)
    sections.codebook_appendix(writer, model)
    return writer.xml()


def write_report(model: ReportModel, path: Path) -> None:
    """Write the report; the file appears only when complete (written aside, then renamed)."""
    document = open_template()
    document.core_properties.title = model.title
    document.core_properties.author = ", ".join(model.coders)
    append_xml(document, render(model, body_writer(document)))
    save_beside(path, lambda temp: document.save(str(temp)))
