"""Word .docx import of XML that python-docx cannot write: tracked changes, text boxes,
fields, content controls, localised styles, control characters and hostile XML."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import pytest

from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.docx import parse_docx

if TYPE_CHECKING:
    from collections.abc import Callable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
PACKAGE_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
STYLES_REL = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
</Relationships>"""


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:wps="{WPS_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def handmade_docx(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx written member by member, for XML python-docx cannot produce."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document,
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def texts_of(doc: ParsedDocument, kind: str) -> list[str]:
    return [doc.text[span.start : span.end] for span in doc.spans if span.kind == kind]


def test_tracked_deletions_and_field_codes_are_not_text_but_insertions_are() -> None:
    body = """
    <w:p><w:r><w:t xml:space="preserve">We </w:t></w:r>
      <w:del w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del>
      <w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>
      <w:r><w:t>agreed.</w:t></w:r></w:p>
    <w:p><w:moveFrom w:id="3" w:author="A"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom></w:p>
    <w:p><w:moveTo w:id="4" w:author="A"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>
    <w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>7</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> of May</w:t></w:r></w:fldSimple>
    </w:p>"""

    doc = parse_docx(handmade_docx(document_xml(body)), "x.docx")

    assert doc.text == "We always agreed.\n\nMoved here.\nPage 7 of May"


def test_a_text_box_appears_once_from_its_alternate_content_choice() -> None:
    body = """
    <w:p><w:r><w:t xml:space="preserve">Main text </w:t></w:r>
      <w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>Box text</w:t></w:r></w:p>
        </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><w:txbxContent>
          <w:p><w:r><w:t>Box text</w:t></w:r></w:p>
        </w:txbxContent></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r>
      <w:r><w:t>continues.</w:t></w:r></w:p>"""

    doc = parse_docx(handmade_docx(document_xml(body)), "x.docx")

    assert doc.text.count("Box text") == 1
    assert doc.text == "Main text \nBox text\ncontinues."


def test_content_controls_hyperlinks_and_special_characters_are_text() -> None:
    body = """
    <w:sdt><w:sdtPr><w:alias w:val="Name"/></w:sdtPr><w:sdtContent>
      <w:p><w:r><w:t>In a control</w:t></w:r></w:p></w:sdtContent></w:sdt>
    <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
      <w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <w:r><w:t>NHS</w:t></w:r></w:hyperlink>
      <w:r><w:noBreakHyphen/><w:t>funded</w:t><w:tab/><w:t>care</w:t><w:cr/><w:t>next</w:t>
        <w:sym w:font="Wingdings" w:char="F04A"/></w:r></w:p>"""

    doc = parse_docx(handmade_docx(document_xml(body)), "x.docx")

    assert doc.text == "In a control\nNHS-funded\tcare\nnext"


def test_localised_heading_styles_are_found_through_styles_xml() -> None:
    styles = f"""<?xml version="1.0" encoding="UTF-8"?>
    <w:styles xmlns:w="{W_NS}">
      <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Mijnkop">
        <w:name w:val="Mijn kop"/><w:basedOn w:val="berschrift1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Eigen">
        <w:name w:val="Eigen"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
    </w:styles>""".encode()
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        for style, text in [
            ("Titel", "Bericht"),
            ("berschrift1", "Einleitung"),
            ("Mijnkop", "Inherited"),
            ("Eigen", "Outline three"),
            ("Standard", "Body"),
        ]
    )
    body += '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Direct</w:t></w:r></w:p>'
    extra = {"word/styles.xml": styles, "word/_rels/document.xml.rels": STYLES_REL}

    doc = parse_docx(handmade_docx(document_xml(body), extra), "x.docx")

    headings = [(doc.text[s.start : s.end], s.label) for s in doc.spans if s.kind == "heading"]
    assert headings == [
        ("Bericht", "0"),
        ("Einleitung", "1"),
        ("Inherited", "1"),
        ("Outline three", "3"),
        ("Direct", "2"),
    ]
    assert texts_of(doc, "paragraph") == ["Body"]


def test_control_characters_are_replaced_without_shifting_comment_anchors() -> None:
    body = """
    <w:p><w:r><w:t xml:space="preserve">a&#13;&#10;b&#x85;c </w:t></w:r>
      <w:commentRangeStart w:id="0"/><w:r><w:t>marked</w:t></w:r><w:commentRangeEnd w:id="0"/>
      <w:r><w:commentReference w:id="0"/></w:r></w:p>"""
    comments = f"""<?xml version="1.0" encoding="UTF-8"?>
    <w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Jo">
      <w:p><w:r><w:t>Note</w:t></w:r></w:p></w:comment></w:comments>""".encode()
    rels = b"""<?xml version="1.0" encoding="UTF-8"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
    <Relationship Id="rId5" Target="comments.xml"
     Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"/>
    </Relationships>"""
    extra = {"word/comments.xml": comments, "word/_rels/document.xml.rels": rels}

    doc = parse_docx(handmade_docx(document_xml(body), extra), "x.docx")

    assert doc.text == "a\nb\ufffdc marked"
    (comment,) = doc.comments
    assert doc.text[comment.start : comment.end] == "marked"
    assert (comment.author, comment.text) == ("Jo", "Note")


def entity_docx(declaration: bytes, reference: bytes) -> bytes:
    document = (
        b'<?xml version="1.0"?><!DOCTYPE d ['
        + declaration
        + b"]>"
        + document_xml("<w:p><w:r><w:t>&ref;</w:t></w:r></w:p>")
        .split(b"?>", 1)[1]
        .replace(b"&ref;", reference)
    )
    return handmade_docx(document)


BAD_XML: dict[str, tuple[Callable[[], bytes], str]] = {
    "billion laughs": (
        lambda: entity_docx(
            b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">', b"&b;"
        ),
        "contains XML entity declarations",
    ),
    "external entity": (
        lambda: entity_docx(b'<!ENTITY x SYSTEM "file:///etc/passwd">', b"&x;"),
        "contains XML entity declarations",
    ),
    "path escaping the archive": (
        lambda: handmade_docx(document_xml("<w:p/>"), {"../evil.xml": b"<x/>"}),
        "contains unsafe paths",
    ),
    "damaged xml": (lambda: handmade_docx(b"<w:document><w:body><w:p>"), "is damaged"),
}


@pytest.mark.parametrize("case", list(BAD_XML))
def test_hostile_or_damaged_xml_is_refused_with_a_clear_reason(case: str) -> None:
    build, message = BAD_XML[case]

    with pytest.raises(ImportFailure, match=message):
        parse_docx(build(), "bad.docx")
