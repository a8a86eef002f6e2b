"""Surveys: one case per respondent with attributes, one document of answers each, and each
answer auto-coded with a code named after its question."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from storage.models import Attribute, CaseValue, Code, Coding
from workbench.importers.base import ImportFailure
from workbench.importers.survey import build_survey, read_survey, suggest_columns
from workbench.importing.store import PendingDocument

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sqlalchemy.orm import Session

    from workbench.importing.store import DocumentWriter

QUESTION_CODE_MAX = 200


@dataclass(frozen=True, slots=True)
class SurveyColumns:
    id_column: str | None
    text_columns: tuple[str, ...]
    attribute_columns: tuple[str, ...] = ()


def pending_survey(
    path: Path, data: bytes, sha: str, columns: SurveyColumns | None
) -> list[PendingDocument]:
    table = read_survey(data, path.stem, path.suffix.lower())
    if columns is None:
        id_column, text_columns, attribute_columns = suggest_columns(table)
        if not text_columns:
            raise ImportFailure(
                "has no column that looks like free-text answers; name them with --survey-text"
            )
        columns = SurveyColumns(id_column, tuple(text_columns), tuple(attribute_columns))
    respondents = build_survey(
        table,
        id_column=columns.id_column,
        text_columns=columns.text_columns,
        attribute_columns=columns.attribute_columns,
    )
    pending: list[PendingDocument] = []
    for respondent in respondents:
        if respondent.document is None:
            continue
        # The first document carries the file's own hash, so re-importing it is caught.
        own = sha if not pending else hashlib.sha256(f"{sha}:{len(pending)}".encode()).hexdigest()
        pending.append(
            PendingDocument(
                parsed=respondent.document,
                original_name=path.name,
                sha256=own,
                kind="survey",
                options={
                    "survey": {
                        "name": table.name,
                        "id": columns.id_column,
                        "text": list(columns.text_columns),
                    }
                },
                cases_from_speakers=False,
                case_name=respondent.case_name,
            )
        )
    if not pending:
        raise ImportFailure("has no answers in the chosen free-text columns")
    pending[0].respondents = [(r.case_name, dict(r.attributes)) for r in respondents]
    return pending


def _find_or_create_code(
    session: Session, name: str, parent_id: int | None, *, codable: bool, user_id: int | None
) -> int:
    where = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    found = session.scalar(select(Code.id).where(where, Code.name == name))
    if found is not None:
        return int(found)
    position = session.scalar(select(func.count(Code.id)).where(where)) or 0
    values = {"name": name, "parent_id": parent_id, "position": position, "is_codable": codable}
    values |= {"framework": "survey", "created_by": user_id, "colour": "#56B4E9"}
    return int(session.execute(insert(Code).values(**values).returning(Code.id)).scalar_one())


def _question_name(question: str) -> str:
    name = " ".join(question.split())
    return name if len(name) <= QUESTION_CODE_MAX else name[: QUESTION_CODE_MAX - 1] + "…"


def store_survey_codes(
    session: Session,
    writer: DocumentWriter,
    items: Sequence[PendingDocument],
    document_ids: Sequence[int],
    user_id: int | None,
) -> None:
    """Auto-code every answer with its question's code and store respondents' attributes."""
    survey_name = items[0].options["survey"]["name"]
    parent = _find_or_create_code(
        session, f"Survey: {survey_name}", None, codable=False, user_id=user_id
    )
    codes: dict[str, int] = {}
    rows = []
    for item, document_id in zip(items, document_ids, strict=True):
        for span in item.parsed.spans:
            if span.kind != "question" or not span.label:
                continue
            name = _question_name(span.label)
            if name not in codes:
                codes[name] = _find_or_create_code(
                    session, name, parent, codable=True, user_id=user_id
                )
            row: dict[str, object] = {"document_id": document_id, "code_id": codes[name]}
            row |= {"start": span.start, "end": span.end, "user_id": user_id, "memo": ""}
            rows.append(row)
    if rows:
        session.execute(insert(Coding), rows)
    _store_attributes(session, writer, items[0].respondents)


def _store_attributes(
    session: Session, writer: DocumentWriter, respondents: list[tuple[str, dict[str, str]]]
) -> None:
    names: list[str] = []
    for _, attributes in respondents:
        names.extend(n for n in attributes if n not in names)
    attribute_ids = {}
    for name in names:
        values = [a[name] for _, a in respondents if a.get(name, "").strip()]
        attribute_ids[name] = find_or_create_attribute(session, name, values)
    for case_name, attributes in respondents:
        case_id = writer.case_for(case_name)
        for name, value in attributes.items():
            set_value(session, case_id, attribute_ids[name], value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def find_or_create_attribute(session: Session, name: str, values: Sequence[str]) -> int:
    found = session.scalar(select(Attribute.id).where(func.lower(Attribute.name) == name.lower()))
    if found is not None:
        return int(found)
    kind = "number" if values and all(_is_number(v) for v in values) else "text"
    position = session.scalar(select(func.count(Attribute.id))) or 0
    inserted = session.execute(
        insert(Attribute).values(name=name, type=kind, position=position).returning(Attribute.id)
    )
    return int(inserted.scalar_one())


def set_value(session: Session, case_id: int, attribute_id: int, value: str) -> None:
    match = (CaseValue.case_id == case_id, CaseValue.attribute_id == attribute_id)
    session.execute(delete(CaseValue).where(*match))
    session.execute(
        insert(CaseValue).values(case_id=case_id, attribute_id=attribute_id, value=value)
    )
