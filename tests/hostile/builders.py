"""Small valid files of every importable type, made in memory the way the tool named in each
builder writes them, and helpers to take an archive apart and put it back together.

The tests write the bytes to ``tmp_path`` under whatever name a case needs (a .pdf named
.docx); ``tests/hostile/tricks.py`` makes the hostile variants.
"""

from __future__ import annotations

import functools
import io
import zipfile
from typing import TYPE_CHECKING

import docx

if TYPE_CHECKING:
    from collections.abc import Callable

INTERVIEW = [
    "Interviewer: How did the falls sensors work out on the ward?",
    "P07: Honestly the wifi in the east wing kept dropping at night.",
    "Interviewer: And how did the staff find the training?",
    "P07: Training was rushed, and nobody owned the alerts.",
]
QDA_NS = "urn:QDA-XML:project:1.0"
DOC_GUID = "AAAAAAAA-0000-0000-0000-000000000001"
CODE_GUID = "C0DE0000-0000-0000-0000-000000000001"
USER_GUID = "11111111-2222-3333-4444-555555555555"


# --------------------------------------------------------------------------- plain formats
def txt() -> bytes:
    return ("\n".join(INTERVIEW) + "\n").encode()


def md() -> bytes:
    return ("# Ward interview\n\n" + "\n".join(INTERVIEW) + "\n").encode()


def rtf() -> bytes:
    body = "".join(f"{line}\\par\n" for line in INTERVIEW)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs24\n" + body + "}").encode()


def vtt() -> bytes:
    cues = [
        f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.500\n<v {line.split(': ', 1)[0]}>"
        f"{line.split(': ', 1)[1]}</v>\n"
        for i, line in enumerate(INTERVIEW)
    ]
    return ("WEBVTT\n\n" + "\n".join(cues)).encode()


def srt() -> bytes:
    cues = [
        f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{line}\n"
        for i, line in enumerate(INTERVIEW)
    ]
    return "\n".join(cues).encode()


SURVEY_ROWS = [
    ["Respondent", "Age", "What worked well?", "What should change?"],
    ["R1", "34", "The night alerts reached the right nurse quickly.", "Fewer false alarms."],
    ["R2", "51", "Families liked knowing someone would come.", "Better wifi in the east wing."],
    ["R3", "45", "It was easy to learn once we had proper training.", "Training for agency staff."],
]


def csv() -> bytes:
    return "".join(",".join(f'"{cell}"' for cell in row) + "\r\n" for row in SURVEY_ROWS).encode()


# --------------------------------------------------------------------------- office formats
@functools.cache  # python-docx takes a while to build one; the bytes never change
def docx_file() -> bytes:
    """A Word document written by python-docx: a heading, turns, a comment and a table."""
    document = docx.Document()
    document.core_properties.title = "Ward interview"
    document.add_heading("Ward interview", level=1)
    paragraphs = [document.add_paragraph(line) for line in INTERVIEW]
    document.add_comment(paragraphs[1].runs, text="Follow up on the wifi", author="Ana")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Site"
    table.rows[0].cells[1].text = "East wing"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlsx_parts() -> dict[str, bytes]:
    """The parts of the survey as Excel lays it out: shared strings, one sheet, properties."""
    strings = sorted({cell for row in SURVEY_ROWS for cell in row if not cell.isdigit()})
    index = {text: i for i, text in enumerate(strings)}
    rows = []
    for number, row in enumerate(SURVEY_ROWS, start=1):
        cells = "".join(
            f'<c r="{"ABCD"[col]}{number}"><v>{cell}</v></c>'
            if cell.isdigit()
            else f'<c r="{"ABCD"[col]}{number}" t="s"><v>{index[cell]}</v></c>'
            for col, cell in enumerate(row)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    content_types = "".join(
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-{kind}+xml"/>'
        for part, kind in (
            ("xl/workbook.xml", "officedocument.spreadsheetml.sheet.main"),
            ("xl/worksheets/sheet1.xml", "officedocument.spreadsheetml.worksheet"),
            ("xl/sharedStrings.xml", "officedocument.spreadsheetml.sharedStrings"),
            ("docProps/core.xml", "package.core-properties"),
        )
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{content_types}</Types>",
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
        f'Type="{_PACKAGE_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}"><sheets>'
        '<sheet name="Survey" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<sst xmlns="{_SHEET_NS}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_SHEET_NS}"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>",
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Ward survey</dc:title></cp:coreProperties>",
    }
    return {name: (_XML_HEAD + xml).encode() for name, xml in parts.items()}


def xlsx() -> bytes:
    return zip_of(xlsx_parts())


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def odt_manifest(encrypted: bool = False) -> bytes:
    """META-INF/manifest.xml; ``encrypted`` adds the entries LibreOffice writes for a password."""
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0#sha256-1k" manifest:checksum="3Yc1wH4zQeMBQ/6sR8GTjNfA6vU=">'
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"'
        ' manifest:initialisation-vector="kE6sA3qPv5V1bN0ZVQW3fA=="/>'
        '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32"'
        ' manifest:iteration-count="100000" manifest:salt="Zm9vYmFyYmF6cXV4cXV1eA=="/>'
        "</manifest:encryption-data>"
    )
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"'
        f' manifest:size="900">{encryption if encrypted else ""}</manifest:file-entry>'
        for part in ("content.xml", "meta.xml", "styles.xml")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
        f'{ODT_MIMETYPE.decode()}"/>{entries}</manifest:manifest>'
    ).encode()


def odt_content(body: str | None = None) -> bytes:
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in INTERVIEW)
    inner = (
        body if body is not None else f'<text:h text:outline-level="1">Ward</text:h>{paragraphs}'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NAMESPACES} '
        f'office:version="1.3"><office:body><office:text>{inner}</office:text></office:body>'
        "</office:document-content>"
    ).encode()


def odt_meta() -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODF_NAMESPACES} '
        'office:version="1.3"><office:meta><dc:title>Ward interview</dc:title>'
        "<meta:initial-creator>Ana</meta:initial-creator></office:meta></office:document-meta>"
    ).encode()


def odt(parts: dict[str, bytes] | None = None) -> bytes:
    """An .odt laid out as LibreOffice writes it: ``mimetype`` first and stored."""
    members = {
        "content.xml": odt_content(),
        "meta.xml": odt_meta(),
        "styles.xml": f"<office:document-styles {ODF_NAMESPACES}/>".encode(),
        "META-INF/manifest.xml": odt_manifest(),
    }
    members.update(parts or {})
    return zip_of({"mimetype": ODT_MIMETYPE, **members}, stored=("mimetype",))


# --------------------------------------------------------------------------- PDF
def pdf(lines: list[str] | None = None) -> bytes:
    """A real one-page PDF 1.4 with a Helvetica text layer, one line per string."""
    operators = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines if lines is not None else INTERVIEW:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        operators.append(f"({escaped}) Tj T*")
    stream = "\n".join([*operators, "ET"])
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


# --------------------------------------------------------------------------- REFI-QDA
def qde(body: str | None = None) -> bytes:
    if body is None:
        selection = (
            f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000001" name="" '
            f'startPosition="4" endPosition="12"><Coding guid="C0D10000-0000-0000-0000-0000000000'
            f'01" creatingUser="{USER_GUID}"><CodeRef targetGUID="{CODE_GUID}"/></Coding>'
            "</PlainTextSelection>"
        )
        body = (
            f'<Users><User guid="{USER_GUID}" name="Ana"/></Users>'
            f'<CodeBook><Codes><Code guid="{CODE_GUID}" name="Wifi" isCodable="true"/></Codes>'
            f'</CodeBook><Sources><TextSource guid="{DOC_GUID}" name="Interview 1" '
            f'plainTextPath="internal://{DOC_GUID}.txt">{selection}</TextSource></Sources>'
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{QDA_NS}" name="Ward study" '
        f'origin="Test tool 2.1">{body}</Project>'
    ).encode()


def qdpx(members: dict[str, bytes] | None = None) -> bytes:
    """A .qdpx: project.qde and one source, as QualCoder lays it out."""
    return zip_of({"project.qde": qde(), f"sources/{DOC_GUID}.txt": txt(), **(members or {})})


def qdc() -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f'<Codes><Code guid="{CODE_GUID}" name="Wifi" isCodable="true"/></Codes></CodeBook>'
    ).encode()


VALID: dict[str, Callable[[], bytes]] = {
    ".txt": txt,
    ".md": md,
    ".docx": docx_file,
    ".odt": odt,
    ".rtf": rtf,
    ".pdf": pdf,
    ".vtt": vtt,
    ".srt": srt,
    ".csv": csv,
    ".xlsx": xlsx,
    ".qdpx": qdpx,
    ".qdc": qdc,
}
REFI = (".qdpx", ".qdc")


# --------------------------------------------------------------------------- archives
def zip_of(
    members: dict[str, bytes], *, stored: tuple[str, ...] = (), level: int | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, method, compresslevel=level)
    return buffer.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_members(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The archive ``data`` with some members replaced or added, the rest unchanged."""
    members = members_of(data)
    stored = ("mimetype",) if "mimetype" in members else ()
    return zip_of({**members, **replaced}, stored=stored)
