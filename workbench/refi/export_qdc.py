"""The codebook as a REFI-QDA .qdc (``Codebook-mrt2019.xsd``), and the code tree both the
codebook and ``project.qde`` carry: nested ``Code`` elements with name, colour, codability and
a readable description (definition, inclusion, exclusion, example)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree

from workbench.errors import OperationError
from workbench.queries.codes import list_codes
from workbench.refi.archive import check_target, write_file
from workbench.refi.export_values import code_description, guid_of, origin, rgb, xml_text
from workbench.refi.names import CODEBOOK_NS, CODEBOOK_SCHEMA_URL, XSI_NS
from workbench.refi.validate import check, codebook_schema

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from workbench.dto import CodeInfo
    from workbench.project import Project

_C = "{" + CODEBOOK_NS + "}"


def code_guids(codes: Sequence[CodeInfo]) -> dict[int, str]:
    """Code id -> the GUID every reference to the code uses."""
    return {code.id: guid_of(code.guid) for code in codes}


def add_codes(
    parent: etree._Element,
    namespace: str,
    codes: Sequence[CodeInfo],
    note_refs: Mapping[int, Sequence[str]] | None = None,
) -> None:
    """A ``Codes`` element under ``parent`` holding the tree (``codes`` in tree order).

    In a project a code may carry ``NoteRef``s (its memos); a codebook has none. A code whose
    parent is missing goes at the top rather than being lost."""
    if not codes:
        return
    tag = "{" + namespace + "}"
    container = etree.SubElement(parent, tag + "Codes")
    guids = code_guids(codes)
    elements: dict[int, etree._Element] = {}
    for code in codes:
        attrs = {
            "guid": guids[code.id],
            "name": xml_text(code.name),
            "isCodable": "true" if code.is_codable else "false",
        }
        colour = rgb(code.colour)
        if colour is not None:
            attrs["color"] = colour
        home = elements.get(code.parent_id, container) if code.parent_id else container
        element = etree.SubElement(home, tag + "Code", attrs)
        description = code_description(code)
        if description:
            etree.SubElement(element, tag + "Description").text = description
        for note in (note_refs or {}).get(code.id, ()):
            etree.SubElement(element, tag + "NoteRef", targetGUID=note)
        elements[code.id] = element


def build_codebook(codes: Sequence[CodeInfo], made_by: str) -> etree._Element:
    """The ``CodeBook`` root of a .qdc holding ``codes`` (in tree order)."""
    nsmap: dict[Any, str] = {None: CODEBOOK_NS, "xsi": XSI_NS}  # None: the default namespace
    root = etree.Element(_C + "CodeBook", nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{CODEBOOK_NS} {CODEBOOK_SCHEMA_URL}")
    root.set("origin", made_by)
    add_codes(root, CODEBOOK_NS, codes)
    return root


def export_qdc(project: Project, path: Path) -> int:
    """Write the project's codebook as a REFI-QDA .qdc at ``path``; the number of codes.

    Validated before anything is written; a project without codes has no codebook to
    export (the standard requires at least one code)."""
    check_target(path)
    codes = list_codes(project)
    if not codes:
        raise OperationError("The project has no codes yet, so there is no codebook to export")
    root = build_codebook(codes, origin())
    check(codebook_schema(), root, "codebook (.qdc)")
    write_file(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return len(codes)
