"""The parts of a .docx package around the body: relationships, styles, comments, properties.

Parts are found through the package's relationships rather than fixed names, because Teams,
Google Docs and other writers put them in other places (``/word/document.xml``,
``word/document2.xml``...). Part names are matched case-insensitively, as OPC requires.
"""

from __future__ import annotations

import posixpath
import types
from typing import TYPE_CHECKING
from urllib.parse import unquote

from workbench.importers.assembly import CommentBody, tidy_metadata
from workbench.importers.base import clean_text
from workbench.importers.docx_body import style_level
from workbench.importers.docx_runs import W_P, W_VAL, W, paragraph_block
from workbench.importers.safety import parse_xml, read_member

if TYPE_CHECKING:
    import zipfile
    from collections.abc import Mapping

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC = "{http://purl.org/dc/elements/1.1/}"
_W_STYLE = f"{W}style"
_W_NAME = f"{W}name"
_W_BASED_ON = f"{W}basedOn"
_W_OUTLINE = f"{W}outlineLvl"
_W_STYLE_ID = f"{W}styleId"
_W_TYPE = f"{W}type"
_W_COMMENT = f"{W}comment"
_W_AUTHOR = f"{W}author"
_W_ID = f"{W}id"
_NOT_HEADING = -1


class Package:
    """Finds parts of an OPC package (the zip of a .docx) by relationship type."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._names = {name.casefold(): name for name in zf.namelist()}
        self._relationships: dict[str, dict[str, str]] = {}

    def info(self, part: str) -> zipfile.ZipInfo | None:
        name = self._names.get(part.casefold())
        return None if name is None else self._zf.getinfo(name)

    def read(self, part: str) -> bytes | None:
        name = self._names.get(part.casefold())
        return None if name is None else read_member(self._zf, name)

    def related(self, source: str, rel_type: str) -> str | None:
        """The part that ``source`` ("" for the package) points to with a relationship
        whose type ends in ``/rel_type``."""
        if source not in self._relationships:
            self._relationships[source] = self._read_relationships(source)
        return self._relationships[source].get(rel_type)

    def _read_relationships(self, source: str) -> dict[str, str]:
        folder, base = posixpath.split(source)
        rels = self.read(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return {}
        targets: dict[str, str] = {}
        for rel in parse_xml(rels).iter(_REL):
            target = _resolve(folder, rel.get("Target", ""))
            if target is not None and rel.get("TargetMode") != "External":
                targets.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], target)
        return targets


def _resolve(folder: str, target: str) -> str | None:
    target = unquote(target)
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return None if path.startswith("..") else path


# Heading levels by the styles part's CRC and size: documents made from one template share
# their styles, and the part is often far larger than the text (350 KB from python-docx).
_LEVELS_CACHE: dict[tuple[int, int], Mapping[str, int]] = {}
_LEVELS_CACHE_SIZE = 32


def heading_levels(package: Package, main: str) -> Mapping[str, int]:
    """Style id -> heading level (Title is 0, -1 for paragraph styles that are not headings)."""
    part = package.related(main, "styles")
    info = package.info(part) if part else None
    if part is None or info is None:
        return {}
    key = (info.CRC, info.file_size)
    levels = _LEVELS_CACHE.get(key)
    if levels is None:
        levels = _levels(package.read(part) or b"")
        if len(_LEVELS_CACHE) >= _LEVELS_CACHE_SIZE:
            _LEVELS_CACHE.clear()
        _LEVELS_CACHE[key] = levels
    return levels


def _levels(styles_xml: bytes) -> Mapping[str, int]:
    names: dict[str, str] = {}
    outlines: dict[str, int] = {}
    parents: dict[str, str] = {}
    for style in parse_xml(styles_xml).iter(_W_STYLE):
        if style.get(_W_TYPE, "paragraph") != "paragraph":
            continue
        style_id = style.get(_W_STYLE_ID, "")
        name = style.find(_W_NAME)
        names[style_id] = "" if name is None else name.get(W_VAL, "")
        based_on = style.find(_W_BASED_ON)
        if based_on is not None:
            parents[style_id] = based_on.get(W_VAL, "")
        outline = style.find(f"{W}pPr/{_W_OUTLINE}")
        if outline is not None and outline.get(W_VAL, "").isdigit():
            outlines[style_id] = int(outline.get(W_VAL, ""))
    levels = {style_id: _level(style_id, names, outlines, parents) for style_id in names}
    return types.MappingProxyType(levels)


def _level(
    style_id: str, names: Mapping[str, str], outlines: Mapping[str, int], parents: Mapping[str, str]
) -> int:
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen:
        seen.add(current)
        by_name = style_level(names.get(current, ""))
        if by_name is not None:
            return by_name
        if current in outlines:
            return outlines[current] + 1 if outlines[current] < 9 else _NOT_HEADING
        current = parents.get(current)
    return _NOT_HEADING


def read_comments(package: Package, main: str) -> dict[str, CommentBody]:
    """Comment id -> author and text, from the comments part of the main document."""
    part = package.related(main, "comments")
    xml = package.read(part) if part else None
    if xml is None:
        return {}
    comments: dict[str, CommentBody] = {}
    for comment in parse_xml(xml).iter(_W_COMMENT):
        text = "\n".join(paragraph_block(p, clean=True).text for p in comment.iter(W_P))
        author = clean_text(comment.get(_W_AUTHOR, "")).strip()
        comments[comment.get(_W_ID, "")] = CommentBody(author, text.strip())
    return comments


def core_properties(package: Package) -> dict[str, str]:
    """Title and author from docProps/core.xml, when the document has them."""
    part = package.related("", "core-properties")
    xml = package.read(part) if part else None
    if xml is None:
        return {}
    root = parse_xml(xml)
    return tidy_metadata(title=root.findtext(f"{_DC}title"), author=root.findtext(f"{_DC}creator"))
