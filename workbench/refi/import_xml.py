"""Small, namespace-blind readers of QDA-XML elements shared by the import's parsers.

``{*}Name`` matches ``Name`` in any namespace or none, so every variant of the QDA-XML
namespace reads the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from workbench.refi.import_model import RefiCoding, RefiSelection, RefiValue

if TYPE_CHECKING:
    from lxml.etree import _Element

_VALUE_TAGS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)


def guid_key(value: str | None) -> str:
    """The lookup form of a GUID: no braces, no spaces, lower case."""
    return (value or "").strip().strip("{}").strip().lower()


def when(value: str | None) -> datetime | None:
    """An ``xsd:dateTime`` (``Z``, offsets, fractions or no zone), or ``None``."""
    try:
        return datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def text_of(element: _Element) -> str:
    """All the text inside ``element`` (its children's too)."""
    return "".join(str(part) for part in element.itertext())


def child_text(element: _Element, name: str) -> str:
    found = element.find(f"{{*}}{name}")
    return text_of(found) if found is not None else ""


def refs(element: _Element, name: str) -> tuple[str, ...]:
    """The target GUIDs of ``<name targetGUID=...>`` children (NoteRef, SourceRef...)."""
    return tuple(guid_key(ref.get("targetGUID")) for ref in element.iterfind(f"{{*}}{name}"))


def codings(element: _Element) -> tuple[RefiCoding, ...]:
    """The ``Coding`` children of an element (a source, a selection)."""
    modified = when(element.get("modifiedDateTime"))
    found = []
    for coding in element.iterfind("{*}Coding"):
        code_ref = coding.find("{*}CodeRef")
        if code_ref is None:
            continue
        found.append(
            RefiCoding(
                guid=guid_key(coding.get("guid")),
                code_guid=guid_key(code_ref.get("targetGUID")),
                user_guid=guid_key(coding.get("creatingUser")) or None,
                created=when(coding.get("creationDateTime")),
                modified=modified,
                note_guids=refs(coding, "NoteRef"),
            )
        )
    return tuple(found)


def selection(element: _Element, start: int, end: int) -> RefiSelection:
    return RefiSelection(
        guid=guid_key(element.get("guid")),
        start=start,
        end=end,
        name=element.get("name") or "",
        description=child_text(element, "Description"),
        codings=codings(element),
        note_guids=refs(element, "NoteRef"),
    )


def values(element: _Element) -> tuple[RefiValue, ...]:
    """``VariableValue`` children: (variable GUID, the value as text)."""
    found = []
    for value in element.iterfind("{*}VariableValue"):
        ref = value.find("{*}VariableRef")
        if ref is None:
            continue
        for tag in _VALUE_TAGS:
            typed = value.find(f"{{*}}{tag}")
            if typed is not None:
                text = text_of(typed).strip()
                found.append(RefiValue(guid_key(ref.get("targetGUID")), text))
                break
    return tuple(found)
