"""Cases, their attributes (REFI ``Variables``) and values, and which documents they hold.

- A named ``Case`` becomes a case (joined with a project case of the same name).
- MAXQDA and Quirkos write document variables as nameless cases holding one source, and any
  tool may put ``VariableValue``s on a source itself: the Workbench keeps attributes on
  cases, so each such document gets a case named after it, holding it.
- ``SourceRef`` links a whole document; ``SelectionRef`` a passage, which is matched to the
  document's structure (``import_store_passages``).
- Types: Text -> text (choice when the description lists "Choices:", as our exports write),
  Integer and Float -> number, Date and DateTime -> date, Boolean -> choice of true/false.
  A value the project already holds differently is kept as the project has it, and said so.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select, update

from storage.models import Attribute, Case, CaseMember, CaseValue
from workbench.refi.import_context import stored_guid
from workbench.refi.import_report import plural, were
from workbench.refi.import_store_passages import store_passages
from workbench.refi.names import CHOICES_PREFIX

if TYPE_CHECKING:
    from workbench.refi.import_context import StoreContext
    from workbench.refi.import_model import RefiValue, RefiVariable
    from workbench.refi.import_offsets import PlacedText

_TYPES = {"integer": "number", "float": "number", "date": "date", "datetime": "date"}
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}


@dataclass
class _Attribute:
    id: int
    name: str
    kind: str
    choices: list[str]
    boolean: bool
    new: bool


def store_cases(ctx: StoreContext, placed: list[PlacedText]) -> None:
    cases = _Cases(ctx)
    names = {item.source.guid: item.source.name for item in placed}
    passages: dict[int, list[str]] = {}
    for case in ctx.refi.cases:
        if case.name:
            case_id = cases.named(case.name, case.description, case.guid)
            ctx.cases[case.guid] = case_id
            cases.hold(case_id, case.source_guids)
            cases.set_values(case_id, case.name, case.values)
            passages.setdefault(case_id, []).extend(case.selection_guids)
        else:
            for source in case.source_guids:
                cases.document_variables(source, names.get(source), case.values)
    for text in ctx.refi.texts:
        if text.values:
            cases.document_variables(text.guid, names.get(text.guid), text.values)
    store_passages(ctx, passages)
    cases.finish()


class _Cases:
    def __init__(self, ctx: StoreContext) -> None:
        self.ctx = ctx
        session = ctx.session
        rows = session.execute(select(Case.id, Case.name)).all()
        self.by_name = {str(name).casefold(): int(i) for i, name in rows}
        self.names = {int(i): str(name) for i, name in rows}
        self.taken = {str(g).lower() for g in session.scalars(select(Case.guid))}
        members = select(CaseMember.case_id, CaseMember.document_id).where(
            CaseMember.span_id.is_(None)
        )
        self.members = {(int(c), int(d)) for c, d in session.execute(members)}
        values = select(CaseValue.case_id, CaseValue.attribute_id, CaseValue.value)
        self.values = {(int(c), int(a)): str(v) for c, a, v in session.execute(values)}
        self.attributes = _attributes(ctx)
        self.reused: set[int] = set()
        self.created: set[int] = set()
        self.unknown_sources = 0
        self.document_cases = 0
        self.conflicts: list[str] = []
        self.misfits: dict[str, int] = {}

    def named(self, name: str, description: str, guid: str) -> int:
        found = self.by_name.get(name.casefold())
        if found is not None:
            if found not in self.created:
                self.reused.add(found)
            return found
        values = {
            "guid": stored_guid(guid, self.taken),
            "name": name,
            "description": description.strip(),
        }
        case_id = int(
            self.ctx.session.execute(insert(Case).values(**values).returning(Case.id)).scalar_one()
        )
        self.by_name[name.casefold()] = case_id
        self.names[case_id] = name
        self.created.add(case_id)
        return case_id

    def hold(self, case_id: int, sources: tuple[str, ...]) -> None:
        for source in sources:
            document_id = self.ctx.documents.get(source)
            if document_id is None:
                self.unknown_sources += 1
            elif (case_id, document_id) not in self.members:
                self.members.add((case_id, document_id))
                self.ctx.session.execute(
                    insert(CaseMember).values(case_id=case_id, document_id=document_id)
                )

    def document_variables(
        self, source: str, name: str | None, values: tuple[RefiValue, ...]
    ) -> None:
        if name is None:
            self.unknown_sources += 1
            return
        case_id = self.named(name, "", "")
        self.document_cases += 1
        self.hold(case_id, (source,))
        self.set_values(case_id, name, values)

    def set_values(self, case_id: int, case_name: str, values: tuple[RefiValue, ...]) -> None:
        for refi_value in values:
            attribute = self.attributes.get(refi_value.variable_guid)
            value = _fitted(attribute, refi_value.value) if attribute is not None else None
            if attribute is None or value is None:
                if refi_value.value.strip():
                    label = attribute.name if attribute is not None else "an unknown variable"
                    self.misfits[label] = self.misfits.get(label, 0) + 1
                continue
            self._set(case_id, case_name, attribute, value)

    def _set(self, case_id: int, case_name: str, attribute: _Attribute, value: str) -> None:
        key = (case_id, attribute.id)
        present = self.values.get(key)
        if present == value:
            return
        if present is not None:
            case = self.names.get(case_id, case_name)
            self.conflicts.append(
                f"“{attribute.name}” of “{case}” is “{present}” in the project and “{value}” in "
                "the file; the project's value was kept."
            )
            return
        if attribute.kind == "choice" and value not in attribute.choices:
            attribute.choices.append(value)
            self.ctx.session.execute(
                update(Attribute)
                .where(Attribute.id == attribute.id)
                .values(choices=json.dumps(attribute.choices))
            )
        self.values[key] = value
        self.ctx.session.execute(
            insert(CaseValue).values(case_id=case_id, attribute_id=attribute.id, value=value)
        )
        self.ctx.report.values += 1

    def finish(self) -> None:
        report = self.ctx.report
        report.cases = len(self.created)
        report.attributes = sum(1 for a in self.attributes.values() if a.new)
        if self.reused:
            n = len(self.reused)
            report.reused.append(
                f"{plural(n, 'case')} {were(n)} already in the project (same name); the file's "
                "documents and values were added to "
                f"{'it' if n == 1 else 'them'}."
            )
        if self.document_cases:
            report.warnings.append(
                f"Variables set on {plural(self.document_cases, 'document')} (not on a case) "
                "are kept on a case named after each document, holding it."
            )
        if self.unknown_sources:
            n = self.unknown_sources
            report.left_out.append(
                f"{plural(n, 'link')} from cases to sources that were not brought in "
                f"{were(n)} left out."
            )
        report.warnings.extend(self.conflicts)
        for name, n in self.misfits.items():
            report.left_out.append(
                f"{plural(n, 'value')} of “{name}” {were(n)} not brought in: "
                f"{'it does' if n == 1 else 'they do'} not fit the attribute's type."
            )


def _attributes(ctx: StoreContext) -> dict[str, _Attribute]:
    """Variable GUID -> attribute, reusing the project's attributes of the same name."""
    session = ctx.session
    rows = session.execute(select(Attribute.id, Attribute.name, Attribute.type, Attribute.choices))
    existing = {str(n).casefold(): (int(i), str(n), str(t), str(c)) for i, n, t, c in rows}
    taken = {str(g).lower() for g in session.scalars(select(Attribute.guid))}
    position = int(session.scalar(select(func.coalesce(func.max(Attribute.position), -1))) or 0)
    found: dict[str, _Attribute] = {}
    for variable in ctx.refi.variables:
        name = " ".join(variable.name.split()) or "Unnamed attribute"
        kind, choices = _kind(variable)
        boolean = variable.type.lower() == "boolean"
        if name.casefold() in existing:
            attribute_id, stored_name, stored_kind, stored_choices = existing[name.casefold()]
            chosen = json.loads(stored_choices or "[]")
            found[variable.guid] = _Attribute(
                attribute_id, stored_name, stored_kind, list(chosen), boolean, new=False
            )
            continue
        position += 1
        values = {
            "guid": stored_guid(variable.guid, taken),
            "name": name,
            "type": kind,
            "choices": json.dumps(choices),
            "position": position,
        }
        attribute_id = int(
            session.execute(insert(Attribute).values(**values).returning(Attribute.id)).scalar_one()
        )
        existing[name.casefold()] = (attribute_id, name, kind, json.dumps(choices))
        found[variable.guid] = _Attribute(attribute_id, name, kind, choices, boolean, new=True)
    return found


def _kind(variable: RefiVariable) -> tuple[str, list[str]]:
    refi_type = variable.type.lower()
    if refi_type == "boolean":
        return "choice", ["true", "false"]
    lines = [line.strip() for line in variable.description.strip().splitlines()]
    if refi_type == "text" and lines and lines[0] == CHOICES_PREFIX:
        return "choice", [line for line in lines[1:] if line]
    return _TYPES.get(refi_type, "text"), []


def _fitted(attribute: _Attribute, raw: str) -> str | None:
    """``raw`` as the attribute holds it, or ``None`` when it does not fit."""
    value = raw.strip()
    if not value:
        return None
    if attribute.boolean:
        return _BOOLEANS.get(value.lower())
    if attribute.kind == "number":
        try:
            number = float(value)
        except ValueError:
            return None
        return value if math.isfinite(number) else None
    if attribute.kind == "choice" and not attribute.new and value not in attribute.choices:
        return None
    return value
