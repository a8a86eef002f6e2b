"""Read the rows of a survey export (.csv, .tsv or .xlsx) as clean, stripped strings.

Survey tools (Qualtrics, SurveyMonkey, Microsoft Forms, JISC Online Surveys) and Excel write
CSV with commas, semicolons (European Excel) or tabs, an optional UTF-8 BOM, CRLF line ends and
quoted answers that span lines. Each reader returns ``(row number in the file, cells)`` pairs;
the row number is the first line of the record, so a message can point the user at it.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
import zlib
from datetime import datetime, time

from workbench.importers.base import ImportFailure, clean_text, require_text
from workbench.importers.safety import open_zip, refuse_xml_declarations
from workbench.importers.text_decoding import decode_text

NumberedRow = tuple[int, list[str]]

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 32 * 1024


def read_csv_rows(data: bytes) -> list[NumberedRow]:
    text = decode_text(data).lstrip("\ufeff")
    require_text(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows: list[NumberedRow] = []
    try:
        first_line = 1
        for row in reader:
            rows.append((first_line, [clean_text(cell).strip() for cell in row]))
            first_line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailure(f"is not a readable CSV file ({exc})") from exc
    return rows


def sniff_delimiter(text: str) -> str:
    """csv.Sniffer's guess among , ; tab |, kept only if the header line contains it.

    The Sniffer can be misled by commas inside long answers; the header rarely has any, so
    when the guess is absent from the first line the most frequent candidate there wins.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    first_line = sample.split("\n", 1)[0]
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        guess = ""
    if guess and guess in first_line:
        return guess
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_xlsx_rows(data: bytes) -> list[NumberedRow]:
    """Rows of the first worksheet; the archive is checked before openpyxl sees it."""
    from openpyxl import load_workbook

    with open_zip(data, "Excel") as archive:
        refuse_xml_declarations(archive)
    try:
        with warnings.catch_warnings():
            # Style and extension warnings say nothing about the answers.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ImportFailure("has no worksheets")
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # some writers record a wrong used range
                rows = sheet.iter_rows(values_only=True)
                return [(n, [cell_text(value) for value in row]) for n, row in enumerate(rows, 1)]
            finally:
                workbook.close()
    except _excel_errors() as exc:
        raise ImportFailure(f"is not a readable Excel file ({_excel_reason(exc)})") from exc


def _excel_errors() -> tuple[type[Exception], ...]:
    """What openpyxl lets escape from a damaged workbook (found by fuzzing): its own errors,
    XML errors from lxml and ElementTree (defusedxml's are ValueErrors), and lookups of
    missing parts or styles."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import LxmlError
    from openpyxl.utils.exceptions import InvalidFileException

    return (
        InvalidFileException,
        ParseError,
        LxmlError,
        KeyError,
        LookupError,  # an XML declaration naming an unknown encoding
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        OSError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
    )


def _excel_reason(exc: Exception) -> str:
    """Plain words instead of the library's class names."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import LxmlError

    if isinstance(exc, KeyError):
        return "a part it needs is missing"
    if isinstance(exc, LookupError) and not isinstance(exc, IndexError):
        return "its XML names a text encoding that does not exist"
    if type(exc).__module__.startswith("defusedxml"):
        return "it contains XML entity declarations, which are not allowed"
    if isinstance(exc, ParseError | LxmlError):
        return "its XML is not well-formed"
    return "it is damaged, or not a workbook saved by Excel or another spreadsheet program"


def cell_text(value: object) -> str:
    """A spreadsheet value as a person would type it: 3 not 3.0, 2024-05-01 not a timestamp."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, time):
        return value.isoformat(timespec=_timespec(value))
    return clean_text(str(value)).strip()  # text, whole numbers, dates, durations


def _datetime_text(value: datetime) -> str:
    if value.time() == time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec=_timespec(value.time()))


def _timespec(moment: time) -> str:
    return "minutes" if moment.second == 0 and moment.microsecond == 0 else "seconds"
