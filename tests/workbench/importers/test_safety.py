"""Untrusted archives and XML are refused with a clear reason before they can do harm."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from workbench.importers.base import ImportFailure
from workbench.importers.safety import (
    MAX_FILE_BYTES,
    is_safe_member_name,
    open_zip,
    parse_xml,
    read_member,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<foo>&xxe;</foo>"""


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_zip(name: str, megabytes: int) -> bytes:
    """A zip bomb: ``megabytes`` of zeros streamed into one member, memory stays small."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def test_an_ordinary_zip_opens_and_its_members_read_back() -> None:
    archive = open_zip(make_zip({"word/document.xml": b"<a/>"}), "Word")
    assert read_member(archive, "word/document.xml") == b"<a/>"


def test_a_text_file_renamed_to_docx_is_not_a_valid_word_file() -> None:
    with pytest.raises(ImportFailure, match="is not a valid Word file"):
        open_zip(b"Interviewer: hello\nP01: hi\n", "Word")


def test_a_truncated_archive_is_not_a_valid_file() -> None:
    data = make_zip({"word/document.xml": b"<a>" + b"text " * 1000 + b"</a>"})
    with pytest.raises(ImportFailure, match="is not a valid Excel file"):
        open_zip(data[: len(data) // 2], "Excel")


def test_an_ole_file_is_reported_as_password_protected_or_old_office_format() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(ImportFailure, match="password-protected or in the old binary Office"):
        open_zip(data, "Word")


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/evil", "C:/x.xml"])
def test_a_member_path_escaping_the_archive_is_refused(name: str) -> None:
    with pytest.raises(ImportFailure, match="contains unsafe paths"):
        open_zip(make_zip({"word/document.xml": b"<a/>", name: b"<x/>"}), "Word")


def test_member_names_inside_the_archive_are_safe() -> None:
    assert is_safe_member_name("word/media/image1..png")
    assert not is_safe_member_name("..\\evil.xml")


def test_a_300_megabyte_member_of_zeros_is_a_zip_bomb() -> None:
    bomb = zeros_zip("word/document.xml", 300)
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ImportFailure, match="looks like a zip bomb"):
        open_zip(bomb, "Word")


def test_declared_sizes_over_the_unpacked_limit_are_refused() -> None:
    data = make_zip({f"part{i}.xml": bytes(range(256)) * 40 for i in range(3)})
    with pytest.raises(ImportFailure, match="looks like a zip bomb"):
        open_zip(data, "Word", max_unpacked=20_000)


def test_too_many_members_are_refused() -> None:
    data = make_zip({f"part{i}.xml": b"<a/>" for i in range(6)})
    with pytest.raises(ImportFailure, match="looks like a zip bomb"):
        open_zip(data, "Word", max_members=5)


def test_reading_stops_when_a_member_unpacks_past_the_limit() -> None:
    archive = open_zip(make_zip({"big.xml": b"x" * 5000}), "Word")
    with pytest.raises(ImportFailure, match="looks like a zip bomb"):
        read_member(archive, "big.xml", limit=1000)


def test_a_member_whose_declared_size_lies_is_reported_as_damaged() -> None:
    real = bytes(range(256)) * 20
    data = bytearray(make_zip({"part.xml": real}))
    # Claim 100 bytes in both the local header and the central directory.
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 100)
    struct.pack_into("<I", data, central + 24, 100)
    archive = open_zip(bytes(data), "Word")
    with pytest.raises(ImportFailure, match="is damaged"):
        read_member(archive, "part.xml")


def test_a_file_over_the_size_limit_is_refused_before_opening() -> None:
    with pytest.raises(ImportFailure, match="too large to import"):
        open_zip(bytes(MAX_FILE_BYTES + 1), "Word")


def test_xml_keeps_its_whitespace_text() -> None:
    root = parse_xml(b'<a xml:space="preserve"><b>  two  spaces </b></a>')
    assert root[0].text == "  two  spaces "


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(ImportFailure, match="contains XML entity declarations"):
        parse_xml(BILLION_LAUGHS)


def test_an_external_entity_is_refused() -> None:
    with pytest.raises(ImportFailure, match="contains XML entity declarations"):
        parse_xml(EXTERNAL_ENTITY)


def test_a_doctype_in_utf16_xml_is_refused() -> None:
    with pytest.raises(ImportFailure, match="contains XML entity declarations"):
        parse_xml(
            EXTERNAL_ENTITY.replace(b'"1.0"?>', b'"1.0" encoding="UTF-16"?>', 1)
            .decode()
            .encode("utf-16")
        )


def test_malformed_xml_is_reported_as_damaged() -> None:
    with pytest.raises(ImportFailure, match=r"is damaged \(its XML is not well-formed\)"):
        parse_xml(b"<w:document><w:body><w:p></w:body>")
