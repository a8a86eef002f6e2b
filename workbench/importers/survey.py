"""Survey tables: each row is a respondent (a case), free-text columns become their document.

:func:`read_survey` reads a .csv/.tsv/.xlsx export into a :class:`SurveyTable`;
:func:`suggest_columns` guesses which column identifies respondents, which hold free text and
which are attributes; :func:`build_survey` turns the table into one case per row, with a
document of question/answer pairs whose answers carry "question" spans (the import service
codes each with a code named after the question).

Naming rules: with no id column respondents are "Respondent 1", "Respondent 2"... in row
order; a blank id becomes "Respondent N (row K)" (K is the row in the file); a repeated id
gets " (2)", " (3)"... so no two rows are ever merged into one case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.importers.base import ImportFailure, ParsedDocument, TextBuilder, clean_text
from workbench.importers.survey_columns import suggest_columns
from workbench.importers.survey_read import NumberedRow, read_csv_rows, read_xlsx_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SurveyRespondent",
    "SurveyTable",
    "build_survey",
    "read_survey",
    "suggest_columns",
]


@dataclass(frozen=True)
class SurveyTable:
    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The row (first line) in the file of each data row, for messages; 2, 3... when unknown.
    row_numbers: tuple[int, ...] = ()

    def row_number(self, index: int) -> int:
        return self.row_numbers[index] if index < len(self.row_numbers) else index + 2


@dataclass(frozen=True)
class SurveyRespondent:
    case_name: str
    attributes: dict[str, str]  # blank values are left out
    document: ParsedDocument | None  # None when every chosen answer is blank


def read_survey(data: bytes, name: str, suffix: str) -> SurveyTable:
    """Read a survey export; ``name`` is the file name, ``suffix`` its extension."""
    suffix = suffix.lower()
    if suffix in (".csv", ".tsv"):
        numbered = read_csv_rows(data)
    elif suffix == ".xlsx":
        numbered = read_xlsx_rows(data)
    else:
        raise ImportFailure(f"is not a survey table ({suffix} files are not supported)")
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    return _table(name, [(n, row) for n, row in numbered if any(row)])


def _table(name: str, numbered: list[NumberedRow]) -> SurveyTable:
    if len(numbered) < 2:
        raise ImportFailure("has no rows of answers")
    header, data = numbered[0][1], numbered[1:]
    # Trailing columns with no header and no value anywhere are formatting residue.
    width = max(_used_width(header), *(_used_width(row) for _, row in data))
    headers = _unique_headers([" ".join(h.split()) for h in header[:width]], width)
    rows = tuple(tuple(row[:width]) + ("",) * (width - len(row)) for _, row in data)
    return SurveyTable(name, headers, rows, tuple(n for n, _ in data))


def _used_width(row: Sequence[str]) -> int:
    return max((i + 1 for i, cell in enumerate(row) if cell), default=0)


def _unique_headers(headers: list[str], width: int) -> tuple[str, ...]:
    headers = headers + [""] * (width - len(headers))
    named = [header or f"Column {i}" for i, header in enumerate(headers, 1)]
    return tuple(_deduplicate(named))


def _deduplicate(names: Sequence[str]) -> list[str]:
    """Second and later copies of a name get " (2)", " (3)"..., skipping any suffixed name
    that already appears in its own right."""
    reserved = set(names)
    used: set[str] = set()
    result = []
    for name in names:
        unique, copy = name, 1
        while unique in used or (copy > 1 and unique in reserved):
            copy += 1
            unique = f"{name} ({copy})"
        used.add(unique)
        result.append(unique)
    return result


def build_survey(
    table: SurveyTable,
    *,
    id_column: str | None,
    text_columns: Sequence[str],
    attribute_columns: Sequence[str],
) -> list[SurveyRespondent]:
    if not text_columns:
        raise ImportFailure("has no free-text columns chosen; choose at least one column")
    position = {header: i for i, header in enumerate(table.headers)}
    for column in [*([id_column] if id_column is not None else []), *text_columns]:
        _require_column(table, position, column)
    for column in attribute_columns:
        _require_column(table, position, column)
    respondents = []
    names = _case_names(table, id_column)
    for index, (row, case_name) in enumerate(zip(table.rows, names, strict=True)):
        attributes = {c: row[position[c]] for c in attribute_columns if row[position[c]]}
        answers = [(c, row[position[c]]) for c in text_columns]
        document = _document(table, case_name, answers, table.row_number(index))
        respondents.append(SurveyRespondent(case_name, attributes, document))
    return respondents


def _require_column(table: SurveyTable, position: dict[str, int], column: str) -> None:
    if column not in position:
        available = ", ".join(f"“{header}”" for header in table.headers)
        raise ImportFailure(f"has no column named “{column}”; its columns are: {available}")


def _case_names(table: SurveyTable, id_column: str | None) -> list[str]:
    if id_column is None:
        return [f"Respondent {n}" for n in range(1, len(table.rows) + 1)]
    column = table.headers.index(id_column)
    names = [
        " ".join(row[column].split()) or f"Respondent {i + 1} (row {table.row_number(i)})"
        for i, row in enumerate(table.rows)
    ]
    return _deduplicate(names)


def _document(
    table: SurveyTable, case_name: str, answers: Sequence[tuple[str, str]], row_number: int
) -> ParsedDocument | None:
    builder = TextBuilder()
    for question, answer in answers:
        answer = clean_text(answer).strip()
        if not answer:
            continue
        if builder.spans:
            builder.add("")
        line = " ".join(clean_text(question).split())
        builder.add(line, "heading", label=question)
        builder.add(answer, "question", label=question)
    if not builder.spans:
        return None
    return ParsedDocument(
        name=f"{table.name} \u2013 {case_name}",
        text=builder.text(),
        spans=tuple(builder.spans),
        importer="survey",
        metadata={"row": str(row_number)},
    )
