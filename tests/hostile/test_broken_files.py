"""Broken files of every importable type: empty, cut short, locked with a password, named as
something they are not, with bytes that are not UTF-8 or are NUL, or nested too deeply.

Each is imported the way a researcher imports it, into a real project; each gets one plain
reason naming it, and the project is left exactly as it was (see ``support.refused``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.hostile import builders, tricks
from tests.hostile.support import document_texts, imported, refused
from workbench.cli_refi_import import import_refi
from workbench.importing.service import import_files
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.project import Project

SUFFIXES = list(builders.VALID)
TEXT_SUFFIXES = [".txt", ".md", ".rtf", ".vtt", ".srt", ".csv"]
PACKAGED = [".docx", ".odt", ".xlsx", ".pdf", ".qdpx", ".qdc"]


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_valid_sample_imports(project: Project, tmp_path: Path, suffix: str) -> None:
    """The files the other cases break are good to start with."""
    path = _file(tmp_path, f"ward{suffix}", builders.VALID[suffix]())
    ids = imported(project, path)
    assert bool(ids) == (suffix != ".qdc")  # a codebook brings codes, not documents


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_zero_byte_file_is_refused_as_empty(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    message = refused(project, _file(tmp_path, f"empty{suffix}", b"")).message
    assert "is empty (0 bytes)" in message


@pytest.mark.parametrize("suffix", PACKAGED)
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, -12])
def test_a_file_cut_short_is_refused(
    project: Project, tmp_path: Path, suffix: str, keep: float
) -> None:
    """Archives lose their table of contents at the end, XML its closing tags, a PDF its
    page contents: none of them can be read, and each says so. (-12: all but the last 12
    bytes, the middle of a zip's end record.)"""
    data = builders.VALID[suffix]()
    end = int(keep) if keep < 0 else int(len(data) * keep)
    path = _file(tmp_path, f"cut{suffix}", data[:end])
    message = refused(project, path).message
    assert any(
        phrase in message
        for phrase in ("is not a valid", "is damaged", "is not a readable", "not well-formed")
    ), message


@pytest.mark.parametrize("suffix", TEXT_SUFFIXES)
def test_a_text_file_cut_mid_character_keeps_what_was_written(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """A text file has no end marker: what is there comes in, and the half character at
    the cut becomes one replacement mark instead of garbling the rest."""
    data = builders.VALID[suffix]().replace(b"wifi", "wi‑fi café".encode())
    cut = data[: data.index("café".encode()) + 4]  # inside the two bytes of "é"
    imported(project, _file(tmp_path, f"cut{suffix}", cut))
    texts = document_texts(project)  # a survey: one document per respondent, the cut one last
    assert texts[-1].endswith("wi‑fi caf\ufffd")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_word_or_excel_file_with_a_password_says_so(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """Office saves a password-protected file as an OLE compound file, not a zip."""
    path = _file(tmp_path, f"locked{suffix}", tricks.ole_encrypted_office())
    message = refused(project, path).message
    assert "is password-protected" in message
    assert f"save it as {suffix} without a password" in message


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128"])
def test_a_pdf_with_a_password_to_open_it_says_so(
    project: Project, tmp_path: Path, algorithm: str
) -> None:
    path = _file(tmp_path, "locked.pdf", tricks.encrypted_pdf(algorithm))
    assert "is password-protected" in refused(project, path).message


def test_an_odt_with_a_password_says_so(project: Project, tmp_path: Path) -> None:
    path = _file(tmp_path, "locked.odt", tricks.encrypted_odt())
    assert "is password-protected" in refused(project, path).message


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx", ".qdpx"])
def test_an_archive_with_zip_password_protection_says_so(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    data = tricks.zip_flagged_encrypted(builders.VALID[suffix]())
    assert "is password-protected" in refused(project, _file(tmp_path, f"z{suffix}", data)).message


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
IMPOSTORS: dict[str, list[str]] = {
    ".txt": ["png", ".docx", ".xlsx"],
    ".md": ["png", ".odt"],
    ".rtf": ["png", ".pdf", ".txt"],
    ".vtt": ["png", ".srt", ".txt"],
    ".srt": ["png", ".vtt", ".txt"],
    ".csv": ["png", ".xlsx"],
    ".docx": ["png", ".pdf", ".odt", ".xlsx", ".qdpx"],
    ".odt": ["png", ".pdf", ".docx"],
    ".xlsx": ["png", ".pdf", ".docx", ".csv"],
    ".pdf": ["png", ".docx", ".txt"],
    ".qdpx": ["png", ".pdf", ".docx", ".qdc"],
    ".qdc": ["png", ".pdf", ".docx"],  # a .qdpx named .qdc is read as the project it is
}
WRONGLY_NAMED = [(name, real) for name, reals in IMPOSTORS.items() for real in reals]


@pytest.mark.parametrize(("suffix", "real"), WRONGLY_NAMED)
def test_a_file_named_as_another_type_is_refused(
    project: Project, tmp_path: Path, suffix: str, real: str
) -> None:
    """A picture or a document of another type renamed; never the catch-all reason."""
    data = PNG if real == "png" else builders.VALID[real]()
    message = refused(project, _file(tmp_path, f"renamed{suffix}", data)).message
    assert "could not be read" not in message


@pytest.mark.parametrize("suffix", [".txt", ".md", ".vtt", ".srt", ".csv"])
def test_invalid_utf8_in_a_text_file_is_replaced_and_the_rest_kept(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """One stray byte must not turn every “é”, “£” and dash of a UTF-8 file into mojibake."""
    data = builders.VALID[suffix]().replace(b"wifi", b"wi\xfffi " + "café £5 – ok".encode())
    imported(project, _file(tmp_path, f"stray{suffix}", data))
    texts = "\n".join(document_texts(project))
    assert "wi\ufffdfi café £5 – ok" in texts


def test_a_windows_1252_text_file_is_still_read_as_windows_1252(
    project: Project, tmp_path: Path
) -> None:
    data = "P01: The café cost £5 – “cheap”.\nP02: Yes.\n".encode("cp1252")
    imported(project, _file(tmp_path, "cp1252.txt", data))
    assert document_texts(project) == ["P01: The café cost £5 – “cheap”.\nP02: Yes.\n"]


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx", ".qdc"])
def test_invalid_utf8_inside_xml_is_damage(project: Project, tmp_path: Path, suffix: str) -> None:
    data = _in_main_xml(
        suffix, lambda xml: xml.replace(b"Wifi", b"W\xffi").replace(b"wifi", b"w\xffi")
    )
    message = refused(project, _file(tmp_path, f"bad{suffix}", data)).message
    assert "not well-formed" in message


@pytest.mark.parametrize("suffix", TEXT_SUFFIXES)
def test_nul_bytes_in_a_text_file_mark_it_as_binary(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    data = builders.VALID[suffix]().replace(b"wifi", b"wi\x00fi")
    message = refused(project, _file(tmp_path, f"nul{suffix}", data)).message
    assert "is not a text file (it contains binary data)" in message


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx", ".qdc"])
def test_nul_bytes_inside_xml_are_damage(project: Project, tmp_path: Path, suffix: str) -> None:
    data = _in_main_xml(suffix, lambda xml: xml.replace(b"ifi", b"i\x00fi"))
    assert "not well-formed" in refused(project, _file(tmp_path, f"nul{suffix}", data)).message


def test_bad_bytes_in_a_qdpx_source_are_reported_and_the_rest_comes_in(
    project: Project, tmp_path: Path
) -> None:
    """Inside a .qdpx a source is plain text: stray bytes are decoded with a warning, and
    a binary source is left out with its reason; the project file itself still comes in."""
    source = f"sources/{builders.DOC_GUID}.txt"
    stray = builders.qdpx({source: builders.txt().replace(b"wifi", b"wi\xfffi")})
    path = _file(tmp_path, "stray.qdpx", stray)
    assert len(imported(project, path)) == 1
    binary = builders.qdpx({source: b"\x00\x01\x02 not text \x00\xff" * 50})
    report = import_refi(project, _file(tmp_path, "binary.qdpx", binary))
    assert report.document_ids == []
    assert any("not readable text" in line for line in report.left_out), report.left_out


def test_a_file_name_that_is_not_utf8_does_not_sink_the_batch(
    project: Project, tmp_path: Path
) -> None:
    """“café.txt” unpacked on Linux from a zip made on Windows: its name is the byte 0xE9,
    which SQLite cannot store as it comes. It imports under a readable name, with the rest."""
    folder = tmp_path / "unpacked"
    folder.mkdir()
    for raw in (b"caf\xe9 interview.txt", b"caf\xe9 survey.csv"):
        data = builders.txt() if raw.endswith(b".txt") else builders.csv()
        Path(os.fsdecode(os.fsencode(folder) + b"/" + raw)).write_bytes(data)
    escape = _file(folder, "P02\x1b[31m\r\nnotes.md", builders.md())
    paths = sorted(folder.iterdir())
    report = import_files(project, paths)
    assert report.failed == []
    assert {path for path, _ in report.imported} == set(paths)
    names = {document.name for document in list_documents(project)}
    assert "caf\ufffd interview" in names
    assert "caf\ufffd survey – R1" in names
    assert "P02 [31m  notes" in names
    assert escape in {path for path, _ in report.imported}


def test_a_folder_named_like_a_document_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "folder.docx").mkdir()
    assert "is a folder" in refused(project, tmp_path / "folder.docx").message


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".qdc", ".qdpx"])
def test_xml_nested_past_the_parser_limit_is_refused(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """lxml stops at 256 levels (no huge_tree); a deeper file is refused, not a crash or a
    recursion error in the walkers, which handle anything under the limit (next test)."""
    message = refused(project, _file(tmp_path, f"deep{suffix}", _nested(suffix, 300))).message
    assert "nested too deeply" in message


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".qdc"])
def test_xml_nested_just_under_the_parser_limit_imports(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    imported(project, _file(tmp_path, f"deep{suffix}", _nested(suffix, 240)))


# --------------------------------------------------------------------------- helpers
_MAIN_XML = {".docx": "word/document.xml", ".odt": "content.xml", ".xlsx": "xl/sharedStrings.xml"}


def _in_main_xml(suffix: str, change: Callable[[bytes], bytes]) -> bytes:
    if suffix == ".qdc":
        return change(builders.qdc())
    data = builders.VALID[suffix]()
    part = _MAIN_XML[suffix]
    return builders.with_members(data, {part: change(builders.members_of(data)[part])})


def _nested(suffix: str, depth: int) -> bytes:
    """A file whose main XML is ``depth`` elements deep, in the format's own elements."""
    if suffix == ".docx":
        wrapped = "<w:sdt><w:sdtContent>" * (depth // 2) + "</w:sdtContent></w:sdt>" * (depth // 2)
        inner = "<w:p><w:r><w:t>P01: deep</w:t></w:r></w:p>"
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + wrapped.replace("</w:sdtContent>", inner + "</w:sdtContent>", 1)
            + "</w:body></w:document>"
        )
        return builders.with_members(builders.docx_file(), {"word/document.xml": xml.encode()})
    if suffix == ".odt":
        spans = "<text:p>" + "<text:span>" * depth + "deep" + "</text:span>" * depth + "</text:p>"
        return builders.odt({"content.xml": builders.odt_content(spans)})
    codes = (
        "".join(
            f'<Code guid="C0DE0000-0000-0000-0000-{i:012d}" name="Level {i}" isCodable="true">'
            for i in range(depth)
        )
        + "</Code>" * depth
    )
    if suffix == ".qdc":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
            f"<Codes>{codes}</Codes></CodeBook>"
        ).encode()
    return builders.zip_of(
        {"project.qde": builders.qde(f"<CodeBook><Codes>{codes}</Codes></CodeBook>")}
    )
