"""Hostile archives and XML: zip bombs, paths that climb out of the archive, entity
expansion and external entities in every XML part an importer reads.

Each bomb would unpack to 100 MB if a guard were missing; the memory bound of
``support.refused`` (32 MB plus four times the file) then fails the test instead of the
machine. Entity tricks never hang: libxml2 refuses runaway expansion by itself, so a missing
guard shows as a wrong reason or an imported file, not as a stuck test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.hostile import builders, tricks
from tests.hostile.support import MB, document_texts, imported, peak_memory, refused
from workbench.cli_refi_import import import_refi

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

BOMB_BYTES = 100 * MB
SOURCE = f"sources/{builders.DOC_GUID}.txt"
MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/worksheets/sheet1.xml",
    ".odt": "content.xml",
    ".qdpx": "project.qde",
}
BOMBS = [
    (".docx", "word/document.xml"),
    (".docx", "word/styles.xml"),
    (".xlsx", "xl/worksheets/sheet1.xml"),
    (".xlsx", "xl/sharedStrings.xml"),
    (".odt", "content.xml"),
    (".qdpx", "project.qde"),
    (".qdpx", SOURCE),
]


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- zip bombs
@pytest.mark.parametrize(("suffix", "part"), BOMBS)
def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    project: Project, tmp_path: Path, suffix: str, part: str
) -> None:
    data = tricks.bomb(builders.VALID[suffix](), part, BOMB_BYTES)
    assert len(data) < BOMB_BYTES // 300  # about 1000:1
    assert (
        "looks like a zip bomb" in refused(project, _file(tmp_path, f"bomb{suffix}", data)).message
    )


@pytest.mark.parametrize("suffix", list(MAIN_PART))
def test_a_zip_bomb_that_lies_about_its_size_is_cut_off_at_the_size_it_declares(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """The declared size passes every check; zipfile stops there and the checksum fails."""
    part = MAIN_PART[suffix]
    bomb = tricks.bomb(builders.VALID[suffix](), part, BOMB_BYTES)
    data = tricks.lying_sizes(bomb, part, declared=5000)
    assert "is damaged" in refused(project, _file(tmp_path, f"liar{suffix}", data)).message


@pytest.mark.parametrize("suffix", list(MAIN_PART))
def test_an_archive_of_ten_thousand_and_one_parts_is_refused(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    extra = {f"x/{n}.bin": b"" for n in range(10_001)}
    data = builders.with_members(builders.VALID[suffix](), extra)
    assert "files inside" in refused(project, _file(tmp_path, f"many{suffix}", data)).message


def test_an_archive_embedded_in_a_document_is_never_opened(
    project: Project, tmp_path: Path
) -> None:
    """A bomb stored (not compressed) inside a .docx as an embedded object is just bytes."""
    bomb = tricks.bomb(builders.docx_file(), "word/document.xml", BOMB_BYTES)
    data = builders.zip_of(
        {**builders.members_of(builders.docx_file()), "word/embeddings/oleObject1.bin": bomb},
        stored=("word/embeddings/oleObject1.bin",),
    )
    path = _file(tmp_path, "embedded.docx", data)
    ids, peak = peak_memory(lambda: imported(project, path))
    assert len(ids) == 1
    assert peak < 32 * MB


# --------------------------------------------------------------------------- unsafe paths
UNSAFE_NAMES = ["../evil.xml", "word/../../evil.xml", "/etc/evil.xml", "C:/evil.xml"]
UNSAFE_NAMES_REFI = ["..\\evil.txt", "sources\\..\\..\\evil.txt", "C:\\evil.txt", "C:/evil.txt"]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".odt"])
def test_an_office_file_with_a_path_outside_the_archive_is_refused(
    project: Project, tmp_path: Path, suffix: str, name: str
) -> None:
    data = builders.with_members(builders.VALID[suffix](), {name: b"<x/>"})
    message = refused(project, _file(tmp_path, f"escape{suffix}", data)).message
    assert "unsafe paths" in message
    assert sorted(p.name for p in tmp_path.parent.rglob("evil*")) == []  # nothing written


@pytest.mark.parametrize("name", UNSAFE_NAMES_REFI)
def test_a_qdpx_with_windows_style_escaping_paths_is_refused(
    project: Project, tmp_path: Path, name: str
) -> None:
    """Backslashes and drive letters, as a tool on Windows writes them (``../`` and ``/`` are
    in tests/workbench/test_refi_import_hostile.py)."""
    data = builders.qdpx({name: b"gotcha"})
    message = refused(project, _file(tmp_path, "escape.qdpx", data)).message
    assert "unsafe paths" in message


@pytest.mark.parametrize(
    "reference",
    [
        "internal://..\\..\\secret.txt",
        "internal:///etc/passwd",
        "file:///etc/passwd",
        "absolute://C:/Users/ana/secret.txt",
        "internal://%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_a_qdpx_source_pointing_outside_the_archive_is_never_read(
    project: Project, tmp_path: Path, reference: str
) -> None:
    """Such a source is reported and left out; nothing outside the archive is opened."""
    (tmp_path / "secret.txt").write_text("root:x:0:0 secret", encoding="utf-8")
    qde = builders.qde().replace(f"internal://{builders.DOC_GUID}.txt".encode(), reference.encode())
    path = _file(tmp_path, "outside.qdpx", builders.qdpx({"project.qde": qde}))
    report = import_refi(project, path)
    assert report.document_ids == []
    assert any("Interview 1" in line for line in report.left_out), report.left_out
    assert not any("root:x" in text for text in document_texts(project))


# --------------------------------------------------------------------------- XML tricks
XML_PARTS = {
    ".docx": [
        "word/document.xml",
        "word/styles.xml",
        "word/comments.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "_rels/.rels",
    ],
    ".odt": ["content.xml", "meta.xml"],
    ".xlsx": [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "docProps/core.xml",
        "[Content_Types].xml",
        "_rels/.rels",
    ],
    ".qdpx": ["project.qde"],
    ".qdc": [""],
}
TRICK_CASES = (
    [
        (suffix, part, trick, "utf-8")
        for suffix, parts in XML_PARTS.items()
        for part in parts
        for trick in tricks.XML_TRICKS
    ]
    + [
        (suffix, parts[0], trick, encoding)
        for suffix, parts in XML_PARTS.items()
        for trick in ("billion laughs", "external entity")
        for encoding in ("utf-16", "utf-16-be", "utf-7")
    ]
    + [
        (".xlsx", "xl/sharedStrings.xml", trick, "utf-16")
        for trick in ("billion laughs", "external entity")
    ]
)


def _with_trick(suffix: str, part: str, trick: str, encoding: str) -> bytes:
    if suffix == ".qdc":
        return tricks.with_entities(builders.qdc(), trick, encoding=encoding)
    data = builders.VALID[suffix]()
    xml = builders.members_of(data)[part]
    return builders.with_members(data, {part: tricks.with_entities(xml, trick, encoding=encoding)})


@pytest.mark.parametrize(("suffix", "part", "trick", "encoding"), TRICK_CASES)
def test_entity_tricks_in_every_xml_part_that_is_read_are_refused(
    project: Project, tmp_path: Path, suffix: str, part: str, trick: str, encoding: str
) -> None:
    data = _with_trick(suffix, part, trick, encoding)
    message = refused(project, _file(tmp_path, f"entities{suffix}", data)).message
    assert "contains XML entity declarations, which are not allowed" in message


@pytest.mark.parametrize(
    ("suffix", "part"), [(".docx", "[Content_Types].xml"), (".odt", "META-INF/manifest.xml")]
)
@pytest.mark.parametrize("trick", ["billion laughs", "external entity"])
def test_entities_in_a_part_no_importer_parses_are_never_expanded(
    project: Project, tmp_path: Path, suffix: str, part: str, trick: str
) -> None:
    """The Word importer finds parts by relationships and the OpenDocument one only looks for
    an encryption marker in the manifest: no parser ever reads these parts, so the file
    imports, with nothing of the entities in it."""
    path = _file(tmp_path, f"unread{suffix}", _with_trick(suffix, part, trick, "utf-8"))
    imported(project, path)
    [text] = document_texts(project)
    assert "lollol" not in text
    assert "root:" not in text


XINCLUDE = (
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
    'parse="text"/>'
)


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".qdc"])
def test_xinclude_of_a_local_file_is_not_followed(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    if suffix == ".docx":
        members = builders.members_of(builders.docx_file())
        xml = members["word/document.xml"].replace(b"<w:body>", f"<w:body>{XINCLUDE}".encode())
        data = builders.with_members(builders.docx_file(), {"word/document.xml": xml})
    elif suffix == ".odt":
        data = builders.odt(
            {"content.xml": builders.odt_content(XINCLUDE + "<text:p>P01: hi</text:p>")}
        )
    else:
        data = builders.qdc().replace(b"<Codes>", f"<Codes>{XINCLUDE}".encode())
    imported(project, _file(tmp_path, f"xinclude{suffix}", data))
    assert not any("root:" in text for text in document_texts(project))
