"""Planning the merge of cases, attributes, attribute values and case membership.

Cases and attributes match by name (any letter case). A value this project already has is
kept, and reported when theirs differs; a value that does not fit the attribute here (not a
number, not one of the choices) is reported and left out.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from storage.models import new_guid
from workbench.merge.bundle import BundleAttribute
from workbench.merge.plan_state import Item, NewAttribute, NewCase, NewMember, NewValue, key

if TYPE_CHECKING:
    from workbench.merge.bundle import Bundle, BundleCase
    from workbench.merge.plan_state import PlanState

ATTRIBUTE_TYPES = ("text", "number", "date", "choice")


def plan_cases(state: PlanState) -> None:
    """Attributes, then cases and their values."""
    _plan_attributes(state)
    ours = {key(c.name): c for c in state.ours.cases}
    values = {(c.guid, key(n)): v for c in state.ours.cases for n, v in c.values}
    for case in state.theirs.cases:
        name = " ".join(case.name.split())
        if not name or key(name) in state.case_map:
            state.conflict("case", name or "(no name)", "has no name or appears twice: left out")
            continue
        mine = ours.get(key(name))
        if mine is None:
            guid = state.fresh_guid("case", case.guid)
            state.new_cases.append(NewCase(guid, name, case.description))
            state.added.append(Item("case", name))
        else:
            guid = mine.guid
            state.matched.append(Item("case", name, "name"))
            if case.description and case.description != mine.description:
                state.conflict("case", name, "its description differs: kept this project's")
        state.case_map[key(name)] = guid
        _plan_values(state, case, guid, values)


def _undeclared(theirs: Bundle) -> list[BundleAttribute]:
    """Attributes that case values name but the bundle does not declare: taken as text."""
    declared = {key(a.name) for a in theirs.attributes}
    names = dict.fromkeys(
        " ".join(n.split()) for c in theirs.cases for n, _ in c.values if key(n) not in declared
    )
    return [BundleAttribute(n) for n in names]


def _plan_attributes(state: PlanState) -> None:
    ours = {key(a.name): a for a in state.ours.attributes}
    state.attributes = dict(ours)
    for attribute in (*state.theirs.attributes, *_undeclared(state.theirs)):
        name = " ".join(attribute.name.split())
        mine = state.attributes.get(key(name))
        if not name or (mine is not None and key(name) not in ours):
            continue  # nameless, or declared twice in the file
        if mine is not None:
            state.matched.append(Item("attribute", name, "name"))
            if mine.type != attribute.type:
                note = f"is {mine.type} here, {attribute.type} in the file: kept this project's"
                state.conflict("attribute", name, note)
            continue
        kind = attribute.type if attribute.type in ATTRIBUTE_TYPES else "text"
        added = BundleAttribute(name, kind, attribute.choices if kind == "choice" else ())
        state.attributes[key(name)] = added
        state.new_attributes.append(NewAttribute(new_guid(), added))
        state.added.append(Item("attribute", name))


def _fits(attribute: BundleAttribute, value: str) -> bool:
    if attribute.type == "number":
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    return attribute.type != "choice" or not attribute.choices or value in attribute.choices


def _plan_values(
    state: PlanState, case: BundleCase, guid: str, ours: dict[tuple[str, str], str]
) -> None:
    added = matched = 0
    for name, value in case.values:
        attribute = state.attributes.get(key(name))
        if attribute is None or not value:
            continue
        label = f"{case.name} · {attribute.name}"
        mine = ours.get((guid, key(name)))
        if mine == value:
            matched += 1
        elif mine is not None:
            note = f"“{mine}” here, “{value}” in the file: kept this project's value"
            state.conflict("value", label, note)
        elif not _fits(attribute, value):
            note = f"“{value}” is not a valid {attribute.type} here: left out"
            state.conflict("value", label, note)
        else:
            state.new_values.append(NewValue(guid, attribute.name, value))
            ours[(guid, key(name))] = value
            added += 1
    if added:
        state.added.append(Item("value", case.name, count=added))
    if matched:
        state.matched.append(Item("value", case.name, "same value", count=matched))


def plan_members(state: PlanState) -> None:
    """Whole documents their cases hold that the same case here does not hold yet."""
    our_docs = {d.sha256: d.guid for d in state.ours.documents}
    have = {
        (c.guid, our_docs.get(sha)) for c in state.ours.cases for sha in c.documents
    } | {
        (state.our_target("case", s.case), d.guid)
        for d in state.ours.documents for s in d.speakers if s.case
    } | {
        (case, d.guid) for d in state.new_documents for _, case in d.speaker_cases
    }  # fmt: skip
    names = {d.sha256: d.name for d in state.theirs.documents}
    for case in state.theirs.cases:
        guid = state.case_map.get(key(case.name))
        for sha in case.documents:
            found = state.doc_map.get(sha)
            if guid is None or found is None or (guid, found[0]) in have:
                continue
            have.add((guid, found[0]))
            state.new_members.append(NewMember(guid, found[0]))
            state.added.append(Item("case link", case.name, note=names.get(sha, "")))
