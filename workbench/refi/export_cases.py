"""Cases, their attributes (REFI ``Variables``) and values in a .qdpx.

Our attribute types map to the standard's: text and choice -> Text, number -> Integer when
every value is whole and Float otherwise, date -> Date. A value the type cannot hold (a date
typed as "March 2024") would make the file invalid, so such an attribute is written as Text
with its values as they are: nothing is lost, the type is.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypeVar

from lxml import etree

from workbench.refi.export_values import choices_description, derived_guid
from workbench.refi.names import PROJECT_NS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.refi.export_data import AttributeRow, ExportData

T = TypeVar("T")

_P = "{" + PROJECT_NS + "}"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_VALUE_TAGS = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
}


def passage_guid(case_guid: str, document_guid: str, start: int, end: int) -> str:
    """GUID of the selection that marks part of a document as belonging to a case."""
    return derived_guid(f"passage:{case_guid}:{document_guid}:{start}:{end}")


def _decimal(value: str) -> str | None:
    """``value`` as an ``xsd:decimal`` (no exponent, no NaN), or ``None``."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return format(number, "f") if number.is_finite() else None


def _is_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def variable_type(kind: str, values: Iterable[str]) -> str:
    """The REFI ``typeOfVariable`` able to hold every non-empty value of an attribute."""
    filled = [v.strip() for v in values if v.strip()]
    if kind == "number":
        if all(_INTEGER.fullmatch(v) for v in filled):
            return "Integer"
        if all(_decimal(v) is not None for v in filled):
            return "Float"
    elif kind == "date" and all(_is_date(v) for v in filled):
        return "Date"
    return "Text"


def _typed(kind: str, value: str) -> str | None:
    """The value as written for a variable of type ``kind``; ``None`` leaves it out."""
    if kind == "Text":
        return value
    value = value.strip()
    if not value:
        return None
    if kind == "Integer":
        return str(int(value))
    return _decimal(value) if kind == "Float" else value


def add_variables(root: etree._Element, data: ExportData) -> dict[int, tuple[str, str]]:
    """``Variables``; returns attribute id -> (GUID, REFI type) for the cases' values."""
    by_attribute: dict[int, list[str]] = {}
    for _case, attribute_id, value in data.values:
        by_attribute.setdefault(attribute_id, []).append(value)
    types: dict[int, tuple[str, str]] = {}
    if not data.attributes:
        return types
    variables = etree.SubElement(root, _P + "Variables")
    for attribute in data.attributes:
        kind = variable_type(attribute.kind, by_attribute.get(attribute.id, ()))
        types[attribute.id] = (attribute.guid, kind)
        _variable(variables, attribute, kind)
    return types


def _variable(variables: etree._Element, attribute: AttributeRow, kind: str) -> None:
    element = etree.SubElement(
        variables, _P + "Variable", guid=attribute.guid, name=attribute.name, typeOfVariable=kind
    )
    if attribute.kind == "choice" and attribute.choices:
        description = choices_description(attribute.choices)
        etree.SubElement(element, _P + "Description").text = description


def _grouped(pairs: Iterable[tuple[int, T]]) -> dict[int, list[T]]:
    groups: dict[int, list[T]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def add_cases(
    root: etree._Element, data: ExportData, variables: dict[int, tuple[str, str]]
) -> None:
    """``Cases``: each with its description, values, whole documents and passages."""
    if not data.cases:
        return
    order = {a.id: n for n, a in enumerate(data.attributes)}
    values = _grouped(
        (c, (a, v)) for c, a, v in sorted(data.values, key=lambda v: order.get(v[1], 0))
    )
    documents = {d.id: d.guid for d in data.documents}
    members = _grouped((case, documents[document]) for case, document in data.members)
    guids = {c.id: c.guid for c in data.cases}
    passages = _grouped(
        (p.case_id, passage_guid(guids[p.case_id], documents[p.document_id], p.start, p.end))
        for p in data.passages
        if p.case_id in guids
    )
    cases = etree.SubElement(root, _P + "Cases")
    for case in data.cases:
        element = etree.SubElement(cases, _P + "Case", guid=case.guid, name=case.name)
        if case.description:
            etree.SubElement(element, _P + "Description").text = case.description
        for attribute_id, value in values.get(case.id, ()):
            _value(element, variables.get(attribute_id), value)
        for guid in members.get(case.id, ()):
            etree.SubElement(element, _P + "SourceRef", targetGUID=guid)
        for guid in passages.get(case.id, ()):
            etree.SubElement(element, _P + "SelectionRef", targetGUID=guid)


def _value(case: etree._Element, variable: tuple[str, str] | None, value: str) -> None:
    if variable is None:
        return
    guid, kind = variable
    written = _typed(kind, value)
    if written is None:
        return
    element = etree.SubElement(case, _P + "VariableValue")
    etree.SubElement(element, _P + "VariableRef", targetGUID=guid)
    etree.SubElement(element, _P + _VALUE_TAGS[kind]).text = written
