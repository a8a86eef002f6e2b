"""RTF files import as plain text, paragraph by paragraph, with speaker turns."""

from __future__ import annotations

import pytest

from workbench.importers.base import ImportFailure
from workbench.importers.rtf import parse_rtf

HEADER = (
    rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}"
)


def rtf(body: bytes) -> bytes:
    return HEADER + rb"\f0\fs24 " + body + b"}"


INTERVIEW = rtf(
    rb"Interviewer: How was the \b new\b0  rota?\par "
    rb"P03: Hard. We paid \'a35 for parking \u8211? every day.\par "
    rb"It\'92s still hard.\par "
    rb"Interviewer: Thanks.\par "
    rb"P03: Bye \u-10179?\u-8704?\par"
)


def test_text_and_formatting_free_paragraphs() -> None:
    document = parse_rtf(INTERVIEW, "interview 3")
    assert document.importer == "rtf"
    assert document.text == (
        "Interviewer: How was the new rota?\n"
        "P03: Hard. We paid £5 for parking \u2013 every day.\n"
        "It\u2019s still hard.\n"
        "Interviewer: Thanks.\n"
        "P03: Bye 😀\n"
    )
    paragraphs = [document.text[s.start : s.end] for s in document.spans if s.kind == "paragraph"]
    assert paragraphs == document.text.split("\n")[:-1]


def test_speaker_turns_are_detected() -> None:
    document = parse_rtf(INTERVIEW, "interview 3")
    assert document.speakers == ["Interviewer", "P03"]
    turn_texts = [document.text[s.start : s.end] for s in document.spans if s.kind == "turn"]
    assert turn_texts[1] == (
        "P03: Hard. We paid £5 for parking \u2013 every day.\nIt\u2019s still hard."
    )
    assert turn_texts[-1] == "P03: Bye 😀"


@pytest.mark.parametrize(
    "data", [b"Just some words", b"<html><body>hi</body></html>", b"%PDF-1.4\n"]
)
def test_other_files_are_not_rtf(data: bytes) -> None:
    with pytest.raises(ImportFailure, match=r"^is not a valid RTF file$"):
        parse_rtf(data, "x")


def test_rtf_without_words_is_refused() -> None:
    with pytest.raises(ImportFailure, match=r"^the file contains no text$"):
        parse_rtf(rtf(rb"\par \par "), "x")
