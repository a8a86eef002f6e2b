"""Import OpenDocument text (.odt) files written by LibreOffice, Google Docs or Word.

content.xml is read with lxml through the safety layer (no odfpy): see
:mod:`workbench.importers.odt_body` for what counts as body text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.importers.assembly import Assembler, tidy_metadata
from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.odt_body import DC, OFFICE, Heading, OdtWalker, Table
from workbench.importers.safety import open_zip, parse_xml, read_optional

if TYPE_CHECKING:
    import zipfile

_TEXT_MIMETYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
)
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


def parse_odt(data: bytes, name: str) -> ParsedDocument:
    with open_zip(data, "OpenDocument") as zf:
        _check_package(zf)
        content = read_optional(zf, "content.xml")
        if content is None:
            raise ImportFailure("is not an OpenDocument text file (content.xml is missing)")
        body = parse_xml(content).find(f"{OFFICE}body/{OFFICE}text")
        if body is None:
            raise ImportFailure("is not an OpenDocument text file (it has no text body)")
        metadata = _metadata(read_optional(zf, "meta.xml"))
    walker = OdtWalker()
    assembler = Assembler()
    for item in walker.items(body):
        if isinstance(item, Heading):
            assembler.add(item.block, "heading", item.level)
        elif isinstance(item, Table):
            assembler.add_table(item.rows)
        else:
            assembler.add(item)
    return assembler.finish(name, "odt", walker.comments, metadata)


def _check_package(zf: zipfile.ZipFile) -> None:
    mimetype = read_optional(zf, "mimetype")
    if mimetype is not None and mimetype.strip().decode("ascii", "replace") not in _TEXT_MIMETYPES:
        raise ImportFailure(
            "is not an OpenDocument text file (it may be a spreadsheet or a presentation)"
        )
    manifest = read_optional(zf, "META-INF/manifest.xml")
    if manifest is not None and b"encryption-data" in manifest:
        raise ImportFailure("is password-protected; remove the password and import it again")


def _metadata(meta: bytes | None) -> dict[str, str]:
    if meta is None:
        return {}
    root = parse_xml(meta)
    return tidy_metadata(
        title=root.findtext(f"{OFFICE}meta/{DC}title"),
        author=root.findtext(f"{OFFICE}meta/{_META}initial-creator")
        or root.findtext(f"{OFFICE}meta/{DC}creator"),
    )
