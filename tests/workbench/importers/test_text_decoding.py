"""Text files decode correctly whatever encoding the researcher's tools wrote."""

from __future__ import annotations

import codecs

import pytest

from workbench.importers.base import ImportFailure, clean_text
from workbench.importers.text_decoding import decode_text

# Curly apostrophe (U+2019) and en dash (U+2013), as Word types them.
LATIN_SAMPLE = (
    "Interviewer: How\u2019s the ward? “Busy”, she said \u2013 £5 for a café tea.\nP01: Yes."
)
SAMPLE = LATIN_SAMPLE + " Zoë 😀"


def test_plain_utf8_decodes_unchanged() -> None:
    assert decode_text(SAMPLE.encode("utf-8")) == SAMPLE


def test_utf8_byte_order_mark_is_not_part_of_the_text() -> None:
    assert decode_text(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")) == SAMPLE


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_wide_encodings_with_byte_order_mark_decode(bom: bytes, encoding: str) -> None:
    assert decode_text(bom + SAMPLE.encode(encoding)) == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_recognised(encoding: str) -> None:
    assert decode_text(SAMPLE.encode(encoding)) == SAMPLE


def test_windows_1252_curly_quotes_and_pound_sign_survive() -> None:
    assert decode_text(LATIN_SAMPLE.encode("cp1252")) == LATIN_SAMPLE


def test_short_windows_1252_text_is_not_misread_as_central_european() -> None:
    text = "He paid £5 for “tea”."
    assert decode_text(text.encode("cp1252")) == text


def test_other_single_byte_encodings_are_guessed() -> None:
    text = "Привет, как дела? Это тест текста на русском языке, медсестра сказала."
    assert decode_text(text.encode("cp1251")) == text


def test_bytes_no_encoding_explains_still_decode_one_character_per_byte() -> None:
    data = bytes(range(1, 256))  # includes the five bytes Windows-1252 leaves undefined
    decoded = decode_text(data)
    assert decoded == data.decode("cp1252", errors="replace")
    assert len(decoded) == len(data)


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_line_endings_are_left_for_clean_text(ending: str) -> None:
    raw = decode_text(f"one{ending}two{ending}".encode())
    assert raw == f"one{ending}two{ending}"
    assert clean_text(raw) == "one\ntwo\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        bytes(range(256)) * 8,
        b"Plain words with one \x00 in the middle of them",
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailure, match=r"^is not a text file \(it contains binary data\)$"):
        decode_text(data)


def test_empty_input_is_empty_text() -> None:
    assert decode_text(b"") == ""
