"""Word .docx import: what a researcher sees in Word is the text, with its structure."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import pytest

from workbench.importers.base import ImportFailure, ParsedDocument, ParsedSpan
from workbench.importers.docx import parse_docx

if TYPE_CHECKING:
    from pathlib import Path


def saved(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def spans_of(doc: ParsedDocument, kind: str) -> list[ParsedSpan]:
    return [span for span in doc.spans if span.kind == kind]


def texts_of(doc: ParsedDocument, kind: str) -> list[str]:
    return [doc.text[span.start : span.end] for span in spans_of(doc, kind)]


def test_paragraphs_headings_and_soft_line_breaks_come_out_as_in_word() -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Interview notes"
    document.core_properties.author = "A. Researcher"
    document.add_heading("Site visit", 0)
    document.add_heading("Morning", 1)
    document.add_paragraph("The ward was busy.")
    run = document.add_paragraph().add_run("First line")
    run.add_break()
    run.add_text("second line")
    run.add_tab()
    run.add_text("after a tab")
    document.add_heading("Afternoon", 2)
    document.add_paragraph("Quiet.")

    doc = parse_docx(saved(document), "notes.docx")

    assert doc.text == (
        "Site visit\nMorning\nThe ward was busy.\nFirst line\nsecond line\tafter a tab\n"
        "Afternoon\nQuiet."
    )
    headings = [(doc.text[s.start : s.end], s.label) for s in spans_of(doc, "heading")]
    assert headings == [("Site visit", "0"), ("Morning", "1"), ("Afternoon", "2")]
    assert texts_of(doc, "paragraph") == [
        "The ward was busy.",
        "First line\nsecond line\tafter a tab",
        "Quiet.",
    ]
    assert doc.importer == "docx"
    assert doc.metadata == {"title": "Interview notes", "author": "A. Researcher"}


def test_headers_and_footers_are_not_body_text() -> None:
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CONFIDENTIAL header"
    section.footer.paragraphs[0].text = "Page footer"
    document.add_paragraph("Only this is the interview.")

    doc = parse_docx(saved(document), "x.docx")

    assert doc.text == "Only this is the interview."


def test_a_grid_table_becomes_tab_separated_rows_under_one_table_span() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Before")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["Site", "Date", "Notes"], ["Leeds", "3 May", "busy"], ["York", "", "x"]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("After")

    doc = parse_docx(saved(document), "x.docx")

    assert doc.text == "Before\nSite\tDate\tNotes\nLeeds\t3 May\tbusy\nYork\t\tx\nAfter"
    assert texts_of(doc, "table") == ["Site\tDate\tNotes\nLeeds\t3 May\tbusy\nYork\t\tx"]
    assert texts_of(doc, "paragraph")[1:4] == [
        "Site\tDate\tNotes",
        "Leeds\t3 May\tbusy",
        "York\t\tx",
    ]
    assert spans_of(doc, "turn") == []


def test_a_two_column_speaker_table_becomes_speaker_turns() -> None:
    import docx

    document = docx.Document()
    document.add_heading("Interview P01", 1)
    rows = [
        ("Speaker", "Text"),
        ("Interviewer", "How did you find the app?"),
        ("P01", "Confusing at first.\nThen fine."),
        ("Interviewer:", "Why?"),
        ("P01", "The menus."),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for r, (who, said) in enumerate(rows):
        table.cell(r, 0).text = who
        cell = table.cell(r, 1)
        first, *more = said.split("\n")
        cell.text = first
        for line in more:
            cell.add_paragraph(line)

    doc = parse_docx(saved(document), "x.docx")

    assert texts_of(doc, "turn") == [
        "Interviewer: How did you find the app?",
        "P01: Confusing at first.\nThen fine.",
        "Interviewer: Why?",
        "P01: The menus.",
    ]
    assert doc.speakers == ["Interviewer", "P01"]
    assert "Speaker\tText" in doc.text
    assert spans_of(doc, "table") == []


def test_a_two_column_key_value_table_stays_a_table() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r, (key, value) in enumerate([("Date", "3 May"), ("Site", "Leeds"), ("Lead", "Sam")]):
        table.cell(r, 0).text = key
        table.cell(r, 1).text = value

    doc = parse_docx(saved(document), "x.docx")

    assert spans_of(doc, "turn") == []
    assert texts_of(doc, "table") == ["Date\t3 May\nSite\tLeeds\nLead\tSam"]


def test_interview_paragraphs_get_turns_from_turn_detection() -> None:
    import docx

    document = docx.Document()
    for line in [
        "Interviewer: Tell me about the clinic.",
        "P01: It was fine.",
        "Interviewer: And the waiting time?",
        "P01: Long.",
    ]:
        document.add_paragraph(line)

    doc = parse_docx(saved(document), "x.docx")

    assert doc.speakers == ["Interviewer", "P01"]
    assert texts_of(doc, "turn")[1] == "P01: It was fine."


def test_word_comments_keep_their_range_author_and_text() -> None:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("I waited ")
    run = paragraph.add_run("three hours")
    paragraph.add_run(" for the scan.")
    document.add_comment(run, text="Waiting time theme", author="Sam Coder")

    doc = parse_docx(saved(document), "x.docx")

    (comment,) = doc.comments
    assert doc.text[comment.start : comment.end] == "three hours"
    assert (comment.author, comment.text) == ("Sam Coder", "Waiting time theme")
    assert "Waiting time theme" not in doc.text


def test_the_shared_comments_sample_gives_two_comments(samples_dir: Path) -> None:
    doc = parse_docx((samples_dir / "edge" / "comments.docx").read_bytes(), "comments.docx")

    assert doc.text == "Ouch."
    first, second = doc.comments
    assert doc.text[first.start : first.end] == "Ouch"
    assert first.text == "A tachyon walks into a bar."
    assert (second.start, second.end, second.text) == (5, 5, "Fin.")
    assert {first.author, second.author} == {"Michael Williamson"}


def test_the_teams_transcript_sample_has_two_speakers(samples_dir: Path) -> None:
    data = (samples_dir / "transcripts" / "teams_transcript_export.docx").read_bytes()

    doc = parse_docx(data, "teams.docx")

    assert doc.speakers == ["Some Body", "James Bond"]
    turns = spans_of(doc, "turn")
    assert [doc.text[t.start : t.end] for t in turns] == [
        "0:0:0.0 --> 0:0:1.510\nSome Body\nOK. Yeah.",
        "0:0:3.270 --> 0:0:4.250\nJames Bond\nUmm.",
    ]
    assert [t.time_start for t in turns] == [0.0, 3.27]
    assert texts_of(doc, "table") == ["saved-by\tDennis Forsythe"]


def test_an_empty_document_has_no_text() -> None:
    import docx

    with pytest.raises(ImportFailure, match="the file contains no text"):
        parse_docx(saved(docx.Document()), "empty.docx")


def test_every_span_covers_exactly_its_text() -> None:
    import docx

    document = docx.Document()
    document.add_heading("Ünïcödé 😀 heading", 1)
    document.add_paragraph("Emoji 😀 and CJK 漢字 before the table.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "a😀"
    table.cell(1, 2).text = "z"
    document.add_paragraph("Interviewer: 😀 after")

    doc = parse_docx(saved(document), "x.docx")

    lines = doc.text.split("\n")
    assert lines == [
        "Ünïcödé 😀 heading",
        "Emoji 😀 and CJK 漢字 before the table.",
        "a😀\t\t",
        "\t\tz",
        "Interviewer: 😀 after",
    ]
    for span in doc.spans:
        covered = doc.text[span.start : span.end]
        assert covered == covered.strip("\n")
        if span.kind in ("paragraph", "heading"):
            assert covered in lines


# --------------------------------------------------------------------------- bad input


def zeros_docx() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as member,
    ):
        for _ in range(20):
            member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def excel_file() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "hello"  # type: ignore[index]
    return saved(workbook)


def truncated_docx() -> bytes:
    import docx

    data = saved(docx.Document())
    return data[: len(data) // 3]


BAD_FILES = {
    "truncated": (truncated_docx, "is not a valid Word file"),
    "text renamed .docx": (lambda: b"Interviewer: hello", "is not a valid Word file"),
    "old binary .doc": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
        "password-protected or in the old binary Office format",
    ),
    "zip bomb": (zeros_docx, "looks like a zip bomb"),
    "excel renamed .docx": (excel_file, "is not a Word document"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_reason(case: str) -> None:
    build, message = BAD_FILES[case]

    with pytest.raises(ImportFailure, match=message):
        parse_docx(build(), "bad.docx")
