"""Import Word .docx files: body text, headings, tables, comments and speaker turns.

Headers, footers, footnotes and endnotes live in other parts of the package and are never read:
they are not what the participant said. See :mod:`workbench.importers.docx_body` for how the
body is walked and why python-docx is not used here (it is far too slow for large batches).
"""

from __future__ import annotations

from workbench.importers.assembly import Assembler
from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.docx_body import BodyWalker
from workbench.importers.docx_parts import Package, core_properties, heading_levels, read_comments
from workbench.importers.docx_runs import W, needs_cleaning
from workbench.importers.safety import open_zip, parse_xml

_W_DOCUMENT = f"{W}document"
_W_BODY = f"{W}body"
_STRICT_DOCUMENT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}document"
_DEFAULT_MAIN = "word/document.xml"


def parse_docx(data: bytes, name: str) -> ParsedDocument:
    with open_zip(data, "Word") as zf:
        package = Package(zf)
        main = package.related("", "officeDocument") or _DEFAULT_MAIN
        xml = package.read(main)
        if xml is None:
            raise ImportFailure("is not a Word document (its main text part is missing)")
        root = parse_xml(xml)
        _check_root(root.tag)
        body = root.find(_W_BODY)
        levels = heading_levels(package, main)
        assembler = Assembler()
        if body is not None:
            BodyWalker(assembler, levels, needs_cleaning(xml)).walk(body)
        comments = read_comments(package, main)
        metadata = core_properties(package)
    return assembler.finish(name, "docx", comments, metadata)


def _check_root(tag: str) -> None:
    if tag == _STRICT_DOCUMENT:
        raise ImportFailure(
            "is saved as Strict Open XML; save it as an ordinary Word document (.docx) and "
            "import it again"
        )
    if tag != _W_DOCUMENT:
        raise ImportFailure("is not a Word document (it may be another kind of Office file)")
