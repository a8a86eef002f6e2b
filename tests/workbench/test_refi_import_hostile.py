"""Malformed and hostile REFI-QDA files are refused with a clear message, and the project file
is left byte for byte as it was."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest

from tests.workbench.refi_import_support import (
    ANA,
    codebook,
    file_state,
    project_xml,
    selection,
    text_source,
    users,
    write_qdpx,
)
from workbench.cli_refi_import import import_refi, new_from_refi
from workbench.importers.base import ImportFailure
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

DOC_TEXT = "P01: The wifi drops every night.\n"
GOOD_QDE = project_xml(
    users((ANA, "Ana")) + codebook() + f"<Sources>{text_source(selection(5, 9))}</Sources>"
)
GOOD_SOURCE = "sources/AAAAAAAA-0000-0000-0000-000000000001.txt"


def _refused(project: Project, archive: Path, *phrases: str) -> str:
    """Import ``archive``, expect a refusal naming it, and check nothing changed."""
    before = file_state(project)
    with pytest.raises(ImportFailure) as refused:
        import_refi(project, archive)
    message = str(refused.value)
    assert message.startswith(f"“{archive.name}”")
    assert "nothing was changed" in message
    for phrase in phrases:
        assert phrase in message
    assert file_state(project) == before
    return message


@pytest.mark.parametrize("member", ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt"])
def test_an_archive_with_paths_outside_it_is_refused(
    project: Project, tmp_path: Path, member: str
) -> None:
    archive = write_qdpx(
        tmp_path / "evil.qdpx",
        {"project.qde": GOOD_QDE, GOOD_SOURCE: DOC_TEXT, member: "gotcha"},
    )
    assert member in zipfile.ZipFile(archive).namelist()  # really stored with that path
    _refused(project, archive, "unsafe paths", "outside the archive")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(project: Project, tmp_path: Path) -> None:
    bomb = b"\0" * (3 * 1024 * 1024)  # compresses about a thousand to one
    archive = write_qdpx(
        tmp_path / "bomb.qdpx", {"project.qde": GOOD_QDE, GOOD_SOURCE: DOC_TEXT, "sources/z": bomb}
    )
    assert archive.stat().st_size < 50_000
    _refused(project, archive, "zip bomb")


ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY a "aaaaaaaaaa">\n'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
    ']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>'
)


@pytest.mark.parametrize("qde", [ENTITY_BOMB, EXTERNAL_ENTITY], ids=["expansion", "external"])
def test_entity_tricks_in_the_project_file_are_refused(
    project: Project, tmp_path: Path, qde: str
) -> None:
    archive = write_qdpx(tmp_path / "entities.qdpx", {"project.qde": qde})
    _refused(project, archive, "project.qde", "XML entity declarations")


def test_entity_tricks_in_a_codebook_file_are_refused(project: Project, tmp_path: Path) -> None:
    codebook_file = tmp_path / "codes.qdc"
    codebook_file.write_text(EXTERNAL_ENTITY.replace("Project", "CodeBook"), encoding="utf-8")
    _refused(project, codebook_file, "XML entity declarations")


@pytest.mark.parametrize(
    ("members", "phrase"),
    [
        ({"readme.txt": "hello"}, "no project.qde"),
        ({"a.qde": GOOD_QDE, "b.qde": GOOD_QDE}, "2 project files"),
        ({"project.qde": "<Project name='x'"}, "not well-formed"),
        ({"project.qde": "<html><body>hi</body></html>"}, "not REFI-QDA"),
    ],
    ids=["no qde", "two qde", "broken xml", "other xml"],
)
def test_a_damaged_or_foreign_archive_is_refused(
    project: Project, tmp_path: Path, members: dict[str, str], phrase: str
) -> None:
    _refused(project, write_qdpx(tmp_path / "odd.qdpx", dict(members)), phrase)


def test_a_file_that_is_not_an_archive_or_xml_is_refused(project: Project, tmp_path: Path) -> None:
    junk = tmp_path / "junk.qdpx"
    junk.write_bytes(b"PK\x03\x04 but nothing after")
    _refused(project, junk, "not a valid REFI-QDA project")
    empty = tmp_path / "empty.qdc"
    empty.write_bytes(b"")
    _refused(project, empty, "empty")


@pytest.mark.parametrize(
    "path",
    ["internal://../../evil.txt", "relative:///../secret.txt", "absolute:///etc/passwd"],
)
def test_a_source_pointing_outside_the_archive_is_never_read(
    project: Project, tmp_path: Path, path: str
) -> None:
    """Not a reason to refuse the file: that source is reported, the rest comes in."""
    (tmp_path / "secret.txt").write_text("do not read me", encoding="utf-8")
    sources = text_source(selection(5, 9), path=path) + text_source(
        selection(5, 9), guid="BBBBBBBB-0000-0000-0000-000000000002", name="Interview 2"
    )
    archive = write_qdpx(
        tmp_path / "paths.qdpx",
        {
            "project.qde": project_xml(
                users((ANA, "Ana")) + codebook() + f"<Sources>{sources}</Sources>"
            ),
            "sources/BBBBBBBB-0000-0000-0000-000000000002.txt": DOC_TEXT,
        },
    )
    report = import_refi(project, archive)
    assert [d.name for d in list_documents(project)] == ["Interview 2"]
    [line] = [line for line in report.left_out if "Interview 1" in line]
    assert "outside the archive" in line
    assert "1 coding" in line


def test_a_refused_file_does_not_leave_a_new_project_behind(tmp_path: Path) -> None:
    archive = write_qdpx(tmp_path / "evil.qdpx", {"project.qde": GOOD_QDE, "../evil.txt": "x"})
    target = tmp_path / "new.qwb"
    with pytest.raises(ImportFailure, match="unsafe paths"):
        new_from_refi(target, archive)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.qdpx"]
