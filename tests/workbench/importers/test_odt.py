"""OpenDocument text import: LibreOffice files read like they look in Writer."""

from __future__ import annotations

import io
import zipfile

import pytest

from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.odt import parse_odt

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def content_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {NAMESPACES} office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        f"</office:document-content>"
    ).encode()


def make_odt(
    content: bytes,
    mimetype: bytes = b"application/vnd.oasis.opendocument.text",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An .odt as LibreOffice lays it out: mimetype first and stored, then the XML parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        parts = {"content.xml": content, "META-INF/manifest.xml": MANIFEST, **(extra or {})}
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def texts_of(doc: ParsedDocument, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.spans if s.kind == kind]


def test_paragraphs_headings_spaces_tabs_and_line_breaks() -> None:
    body = """
    <text:h text:outline-level="1">Focus group</text:h>
    <text:p>Two<text:s text:c="3"/>spaces<text:tab/>tab<text:line-break/>next line</text:p>
    <text:p>A <text:span>styled</text:span> and <text:a xlink:href="http://x"
      xmlns:xlink="http://www.w3.org/1999/xlink">linked</text:a> word.</text:p>
    <text:h text:outline-level="2">Themes</text:h>
    <text:list><text:list-item><text:p>First point</text:p></text:list-item>
      <text:list-item><text:p>Second point</text:p></text:list-item></text:list>"""

    doc = parse_odt(make_odt(content_xml(body)), "fg.odt")

    assert doc.text == (
        "Focus group\nTwo   spaces\ttab\nnext line\nA styled and linked word.\nThemes\n"
        "First point\nSecond point"
    )
    headings = [(doc.text[s.start : s.end], s.label) for s in doc.spans if s.kind == "heading"]
    assert headings == [("Focus group", "1"), ("Themes", "2")]
    assert texts_of(doc, "paragraph")[0] == "Two   spaces\ttab\nnext line"
    assert doc.importer == "odt"


def test_xml_indentation_collapses_like_in_writer() -> None:
    body = """<text:p>
        Spread   over
        lines
    </text:p>"""

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert doc.text == "Spread over lines"


def test_annotations_become_comments_and_are_not_body_text() -> None:
    body = """
    <text:p>We waited <office:annotation office:name="c1"><dc:creator>Sam Coder</dc:creator>
      <dc:date>2024-05-01T10:00:00</dc:date><text:p>Waiting theme</text:p></office:annotation
      >three hours<office:annotation-end office:name="c1"/> in A&amp;E.</text:p>
    <text:p>Point note<office:annotation><dc:creator>Jo</dc:creator>
      <text:p>Check this</text:p><text:p>second line</text:p></office:annotation>.</text:p>"""

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert doc.text == "We waited three hours in A&E.\nPoint note."
    ranged, point = doc.comments
    assert doc.text[ranged.start : ranged.end] == "three hours"
    assert (ranged.author, ranged.text) == ("Sam Coder", "Waiting theme")
    assert ranged.start < ranged.end
    assert (point.start, point.end) == (len("We waited three hours in A&E.\nPoint note"),) * 2
    assert (point.author, point.text) == ("Jo", "Check this\nsecond line")


def test_footnotes_tracked_deletions_and_image_captions_are_not_text() -> None:
    body = """
    <text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>
      <office:change-info><dc:creator>A</dc:creator></office:change-info>
      <text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>
    <text:p>Kept<text:change text:change-id="ct1"/> text<text:note text:note-class="footnote">
      <text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote</text:p>
      </text:note-body></text:note>.</text:p>
    <text:p><draw:frame draw:name="Image1"><draw:image/><svg:title>Photo caption</svg:title>
      <svg:desc>Alt text</svg:desc></draw:frame>After image</text:p>"""

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert doc.text == "Kept text.\nAfter image"


def test_a_text_box_frame_is_read_as_lines_of_its_paragraph() -> None:
    body = """<text:p>Before<draw:frame><draw:text-box><text:p>In the box</text:p>
      </draw:text-box></draw:frame>after</text:p>"""

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert doc.text == "Before\nIn the box\nafter"


def test_tables_become_tab_separated_rows_or_speaker_turns() -> None:
    grid = """<table:table table:name="Sites">
      <table:table-column table:number-columns-repeated="3"/>
      <table:table-header-rows><table:table-row>
        <table:table-cell><text:p>Site</text:p></table:table-cell>
        <table:table-cell><text:p>Date</text:p></table:table-cell>
        <table:table-cell><text:p>Lead</text:p></table:table-cell>
      </table:table-row></table:table-header-rows>
      <table:table-row><table:table-cell><text:p>Leeds</text:p></table:table-cell>
        <table:table-cell/><table:table-cell><text:p>Sam</text:p></table:table-cell></table:table-row>
    </table:table>"""
    rows = [("Interviewer", "How was it?"), ("P02", "Fine."), ("Interviewer", "Why?")]
    speakers = "".join(
        f"<table:table-row><table:table-cell><text:p>{who}</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{said}</text:p></table:table-cell></table:table-row>"
        for who, said in rows
    )
    body = f"{grid}<text:p>Transcript</text:p><table:table>{speakers}</table:table>"

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert texts_of(doc, "table") == ["Site\tDate\tLead\nLeeds\t\tSam"]
    assert texts_of(doc, "turn") == [
        "Interviewer: How was it?",
        "P02: Fine.",
        "Interviewer: Why?",
    ]
    assert doc.speakers == ["Interviewer", "P02"]


def test_turn_detection_runs_over_odt_paragraphs() -> None:
    lines = ["Interviewer: Hello.", "P03: Hi there.", "Interviewer: Ready?", "P03: Yes."]
    body = "".join(f"<text:p>{line}</text:p>" for line in lines)

    doc = parse_odt(make_odt(content_xml(body)), "x.odt")

    assert texts_of(doc, "turn") == lines


def test_title_and_author_come_from_meta_xml() -> None:
    meta = f"""<?xml version="1.0" encoding="UTF-8"?>
    <office:document-meta {NAMESPACES}><office:meta><dc:title>Workshop 2</dc:title>
    <meta:initial-creator>Alex</meta:initial-creator></office:meta></office:document-meta>"""

    doc = parse_odt(
        make_odt(content_xml("<text:p>x</text:p>"), extra={"meta.xml": meta.encode()}), "x.odt"
    )

    assert doc.metadata == {"title": "Workshop 2", "author": "Alex"}


def test_an_empty_odt_has_no_text() -> None:
    with pytest.raises(ImportFailure, match="the file contains no text"):
        parse_odt(make_odt(content_xml("<text:p/><text:p>   </text:p>")), "x.odt")


def test_a_spreadsheet_renamed_odt_is_refused() -> None:
    data = make_odt(
        content_xml("<text:p>x</text:p>"), b"application/vnd.oasis.opendocument.spreadsheet"
    )
    with pytest.raises(ImportFailure, match="is not an OpenDocument text file"):
        parse_odt(data, "x.odt")


def test_a_password_protected_odt_says_so() -> None:
    manifest = MANIFEST.replace(
        b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>"
    )
    data = make_odt(b"\x93\x11 encrypted bytes", extra={"META-INF/manifest.xml": manifest})
    with pytest.raises(ImportFailure, match="password-protected"):
        parse_odt(data, "x.odt")


def test_entities_in_content_xml_are_refused() -> None:
    content = content_xml("<text:p>&x;</text:p>").replace(
        b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
    )
    with pytest.raises(ImportFailure, match="contains XML entity declarations"):
        parse_odt(make_odt(content), "x.odt")


def test_a_text_file_renamed_odt_is_not_a_valid_file() -> None:
    with pytest.raises(ImportFailure, match="is not a valid OpenDocument file"):
        parse_odt(b"just text", "x.odt")


def test_a_zip_without_content_xml_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportFailure, match=r"content\.xml is missing"):
        parse_odt(buffer.getvalue(), "x.odt")
