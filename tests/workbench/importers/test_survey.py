"""Survey exports: each row becomes a respondent case with its answers as a document."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING

import pytest

from workbench.importers.base import ImportFailure
from workbench.importers.survey import (
    SurveyTable,
    build_survey,
    read_survey,
    suggest_columns,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.importers.base import ParsedDocument

SEMICOLON_CSV = (
    "Respondent ID;Age group;What worked well?;What could be better?\r\n"
    'R1;18-24;"The nurse, who was kind, explained everything;\r\nand I felt listened to.";'
    '"Parking, mostly"\r\n'
    "R2;65+;Nothing much, honestly, it was slow;\r\n"
    ";;;\r\n"
    'R3;25-34;"Quick appointments, friendly staff, good follow up";'
    '"The app crashed every time I logged in to see my results"\r\n'
)
QUESTIONS = ["What worked well?", "What could be better?"]


def write(tmp_path: Path, name: str, data: bytes) -> bytes:
    """Round-trip through a real file in the test's folder, as the importer will see it."""
    path = tmp_path / name
    path.write_bytes(data)
    return path.read_bytes()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Second sheet")["A1"] = "ignored"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def span_texts(doc: ParsedDocument) -> list[tuple[str, str, str | None]]:
    return [(s.kind, doc.text[s.start : s.end], s.label) for s in doc.spans]


def test_a_semicolon_csv_from_european_excel_with_bom_and_multiline_answers(
    tmp_path: Path,
) -> None:
    data = write(tmp_path, "clinic survey.csv", b"\xef\xbb\xbf" + SEMICOLON_CSV.encode())

    table = read_survey(data, "clinic survey.csv", ".csv")

    assert table.name == "clinic survey"
    assert table.headers == ("Respondent ID", "Age group", *QUESTIONS)
    assert table.rows[0] == (
        "R1",
        "18-24",
        "The nurse, who was kind, explained everything;\nand I felt listened to.",
        "Parking, mostly",
    )
    assert [row[0] for row in table.rows] == ["R1", "R2", "R3"]  # the empty row is dropped
    assert table.rows[1][3] == ""
    assert table.row_numbers == (2, 4, 6)


def test_a_cp1252_comma_csv_keeps_pound_signs_and_smart_quotes(tmp_path: Path) -> None:
    text = "id,comment\r\n1,\u201cIt cost me \u00a340 to park\u201d\r\n2,caf\u00e9 was shut\r\n"
    data = write(tmp_path, "s.csv", text.encode("cp1252"))

    table = read_survey(data, "s.csv", ".csv")

    assert table.rows == (
        ("1", "\u201cIt cost me \u00a340 to park\u201d"),
        ("2", "caf\u00e9 was shut"),
    )


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_other_delimiters_are_sniffed(delimiter: str) -> None:
    lines = (
        ["id", "answer, in words", "site"],
        ["P1", "fine, thanks", "Leeds"],
        ["P2", "ok", "York"],
    )
    data = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in line) for line in lines)

    table = read_survey(data.encode(), "s.csv", ".csv")

    assert table.headers == ("id", "answer, in words", "site")
    assert table.rows[0] == ("P1", "fine, thanks", "Leeds")


def test_headers_are_cleaned_named_and_made_unique() -> None:
    data = b" id ,,Comment,Comment,Comment\n1,a,b,c,d\n2,e,f\n"

    table = read_survey(data, "s.csv", ".csv")

    assert table.headers == ("id", "Column 2", "Comment", "Comment (2)", "Comment (3)")
    assert table.rows[1] == ("2", "e", "f", "", "")  # short rows are padded


def test_a_table_without_answers_is_refused() -> None:
    with pytest.raises(ImportFailure, match="has no rows of answers"):
        read_survey(b"id;answer\r\n;;\r\n", "s.csv", ".csv")


def test_an_empty_csv_says_it_has_no_text() -> None:
    with pytest.raises(ImportFailure, match="the file contains no text"):
        read_survey(b"", "s.csv", ".csv")


def test_an_xlsx_first_sheet_with_numbers_and_dates_as_people_type_them(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [None],
        ["Participant", "Visits", "Score", "Date", "Time", "Consent", "Tell us more"],
        ["P01", 3, 2.5, dt.datetime(2024, 5, 1), dt.datetime(2024, 5, 1, 14, 30), True, "Good"],
        [None, None, None, None, None, None, None],
        ["P02", 3.0, 0.1 + 0.2, dt.date(2024, 6, 2), dt.time(9, 5), False, "Line 1\nLine 2"],
    ]
    data = write(tmp_path, "forms.xlsx", xlsx_bytes(rows))

    table = read_survey(data, "forms.xlsx", ".xlsx")

    assert table.name == "forms"
    assert table.headers[0] == "Participant"
    assert table.rows == (
        ("P01", "3", "2.5", "2024-05-01", "2024-05-01 14:30", "TRUE", "Good"),
        ("P02", "3", "0.3", "2024-06-02", "09:05", "FALSE", "Line 1\nLine 2"),
    )
    assert table.row_numbers == (3, 5)


def test_an_xlsx_zip_bomb_never_reaches_openpyxl() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(20):
            member.write(bytes(1024 * 1024))
    with pytest.raises(ImportFailure, match="looks like a zip bomb"):
        read_survey(buffer.getvalue(), "bomb.xlsx", ".xlsx")


def test_entity_declarations_inside_an_xlsx_are_refused() -> None:
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["id", "q"], ["1", "an answer"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data
            archive.writestr(info, data)
    with pytest.raises(ImportFailure, match="contains XML entity declarations"):
        read_survey(buffer.getvalue(), "evil.xlsx", ".xlsx")


def test_a_csv_renamed_xlsx_is_not_a_valid_excel_file() -> None:
    with pytest.raises(ImportFailure, match="is not a valid Excel file"):
        read_survey(SEMICOLON_CSV.encode(), "s.xlsx", ".xlsx")


def test_a_word_file_renamed_xlsx_is_not_readable_as_excel() -> None:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(ImportFailure, match="is not a readable Excel file"):
        read_survey(buffer.getvalue(), "s.xlsx", ".xlsx")


def test_an_unsupported_suffix_is_refused() -> None:
    with pytest.raises(ImportFailure, match=r"\.sav files are not supported"):
        read_survey(b"x", "s.sav", ".sav")


def test_each_respondent_gets_question_headings_and_answer_spans() -> None:
    table = read_survey(SEMICOLON_CSV.encode(), "clinic.csv", ".csv")

    people = build_survey(
        table, id_column="Respondent ID", text_columns=QUESTIONS, attribute_columns=["Age group"]
    )

    assert [p.case_name for p in people] == ["R1", "R2", "R3"]
    assert people[0].attributes == {"Age group": "18-24"}
    first = people[0].document
    assert first is not None
    assert first.name == "clinic \u2013 R1"
    assert first.text == (
        "What worked well?\nThe nurse, who was kind, explained everything;\n"
        "and I felt listened to.\n\nWhat could be better?\nParking, mostly"
    )
    assert span_texts(first) == [
        ("heading", "What worked well?", "What worked well?"),
        (
            "question",
            "The nurse, who was kind, explained everything;\nand I felt listened to.",
            "What worked well?",
        ),
        ("heading", "What could be better?", "What could be better?"),
        ("question", "Parking, mostly", "What could be better?"),
    ]
    assert first.metadata == {"row": "2"}
    second = people[1].document
    assert second is not None
    assert [s.label for s in second.spans if s.kind == "question"] == ["What worked well?"]


def test_a_respondent_with_only_blank_answers_is_a_case_without_a_document() -> None:
    table = SurveyTable("s", ("id", "sex", "q"), (("1", "F", "An answer"), ("2", "M", "  ")))

    people = build_survey(table, id_column="id", text_columns=["q"], attribute_columns=["sex"])

    assert people[1].case_name == "2"
    assert people[1].attributes == {"sex": "M"}
    assert people[1].document is None


def test_without_an_id_column_respondents_are_numbered() -> None:
    table = SurveyTable("s", ("q",), (("a",), ("b",)))

    people = build_survey(table, id_column=None, text_columns=["q"], attribute_columns=[])

    assert [p.case_name for p in people] == ["Respondent 1", "Respondent 2"]


def test_blank_and_repeated_ids_still_give_distinct_cases() -> None:
    rows = (("P1", "a"), ("", "b"), ("P1", "c"), ("P1 (2)", "d"), ("P1", "e"))
    table = SurveyTable("s", ("id", "q"), rows, row_numbers=(2, 3, 4, 5, 7))

    people = build_survey(table, id_column="id", text_columns=["q"], attribute_columns=[])

    assert [p.case_name for p in people] == [
        "P1",
        "Respondent 2 (row 3)",
        "P1 (3)",
        "P1 (2)",
        "P1 (4)",
    ]


def test_unknown_columns_are_named_with_the_available_ones() -> None:
    table = SurveyTable("s", ("id", "q"), (("1", "a"),))

    with pytest.raises(ImportFailure, match="no column named “Age”; its columns are: “id”, “q”"):
        build_survey(table, id_column="id", text_columns=["q"], attribute_columns=["Age"])
    with pytest.raises(ImportFailure, match="no column named “ID”"):
        build_survey(table, id_column="ID", text_columns=["q"], attribute_columns=[])


def test_choosing_no_text_column_is_refused() -> None:
    table = SurveyTable("s", ("id", "q"), (("1", "a"),))

    with pytest.raises(ImportFailure, match="no free-text columns"):
        build_survey(table, id_column="id", text_columns=[], attribute_columns=["q"])


def test_columns_are_suggested_from_names_and_answers() -> None:
    table = read_survey(SEMICOLON_CSV.encode(), "clinic.csv", ".csv")

    assert suggest_columns(table) == ("Respondent ID", QUESTIONS, ["Age group"])


def test_suggestions_skip_ids_that_repeat_and_columns_that_are_empty() -> None:
    long = "I found the whole experience of booking online rather confusing at first"
    table = SurveyTable(
        "s",
        ("Participant", "Site", "Notes", "Empty"),
        (("P1", "Leeds", long, ""), ("P1", "York", long + " too", ""), ("P2", "Leeds", "", "")),
    )

    assert suggest_columns(table) == (None, ["Notes"], ["Participant", "Site"])
