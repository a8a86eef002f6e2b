"""What a merge plan is made of, and the working state of the planner while it matches.

A plan refers to this project's objects by guid (documents, codes, cases, codings), never by
database id, so that it stays plain data; the merge operation turns guids into ids.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from storage.models import new_guid

if TYPE_CHECKING:
    from workbench.merge.bundle import (
        Bundle,
        BundleAttribute,
        BundleCode,
        BundleDocument,
        BundleMemo,
        BundleUser,
    )


def key(name: str) -> str:
    """How names are compared: inner whitespace collapsed, any letter case."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the preview. ``how`` says how it matched (sha256, same text, guid,
    name+place, name, same passage, same value, same memo); ``note`` is said in plain words;
    ``count`` lets one line stand for many codings or values."""

    kind: str  # document | code | coding | case | attribute | value | case link | memo | user
    name: str
    how: str = ""
    note: str = ""
    count: int = 1


@dataclass(frozen=True, slots=True)
class NewDocument:
    guid: str
    name: str
    kind: str
    document: BundleDocument
    speaker_cases: tuple[tuple[str, str], ...] = ()  # speaker name -> case guid here


@dataclass(frozen=True, slots=True)
class NewCode:
    guid: str
    parent: str | None  # the parent's guid here (an existing code or one added before it)
    code: BundleCode


@dataclass(frozen=True, slots=True)
class NewAttribute:
    guid: str
    attribute: BundleAttribute


@dataclass(frozen=True, slots=True)
class NewCase:
    guid: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class NewValue:
    case: str  # case guid here
    attribute: str  # the attribute's name here
    value: str


@dataclass(frozen=True, slots=True)
class NewMember:
    case: str  # case guid here
    document: str  # document guid here


@dataclass(frozen=True, slots=True)
class NewCoding:
    guid: str
    document: str  # document guid here
    code: str  # code guid here
    start: int
    end: int
    user: str | None
    memo: str


@dataclass(frozen=True, slots=True)
class NewMemo:
    guid: str
    target: str | None  # guid here of the document, code, coding or case it is about
    memo: BundleMemo


@dataclass(frozen=True, slots=True)
class MergePlan:
    source: str
    users: tuple[BundleUser, ...]
    documents: tuple[NewDocument, ...]
    codes: tuple[NewCode, ...]
    attributes: tuple[NewAttribute, ...]
    cases: tuple[NewCase, ...]
    values: tuple[NewValue, ...]
    members: tuple[NewMember, ...]
    codings: tuple[NewCoding, ...]
    memos: tuple[NewMemo, ...]
    added: tuple[Item, ...]
    matched: tuple[Item, ...]
    conflicts: tuple[Item, ...]

    @property
    def adds_nothing(self) -> bool:
        return not self.added

    def counts(self) -> dict[str, dict[str, int]]:
        """{"added": {"code": 3, "coding": 412, ...}, "matched": {...}, "conflicts": {...}}."""
        result: dict[str, dict[str, int]] = {}
        for name, items in (
            ("added", self.added), ("matched", self.matched), ("conflicts", self.conflicts)
        ):  # fmt: skip
            counter: Counter[str] = Counter()
            for item in items:
                counter[item.kind] += item.count
            result[name] = dict(counter)
        return result

    def as_dict(self) -> dict[str, Any]:
        """The preview for ``--json``: names and counts, never document text."""
        return {
            "source": self.source,
            "counts": self.counts(),
            "added": [asdict(i) for i in self.added],
            "matched": [asdict(i) for i in self.matched],
            "conflicts": [asdict(i) for i in self.conflicts],
        }


@dataclass
class PlanState:
    """The planner's working state: their keys mapped to guids here, and what is new."""

    ours: Bundle
    theirs: Bundle
    doc_map: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha -> (guid, our text)
    differs: dict[str, str] = field(default_factory=dict)  # sha -> their text, where it differs
    code_map: dict[str, str] = field(default_factory=dict)
    code_paths: dict[str, str] = field(default_factory=dict)
    case_map: dict[str, str] = field(default_factory=dict)  # key(name) -> case guid here
    coding_map: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, BundleAttribute] = field(default_factory=dict)  # key -> as here
    new_users: list[BundleUser] = field(default_factory=list)
    new_documents: list[NewDocument] = field(default_factory=list)
    new_codes: list[NewCode] = field(default_factory=list)
    new_attributes: list[NewAttribute] = field(default_factory=list)
    new_cases: list[NewCase] = field(default_factory=list)
    new_values: list[NewValue] = field(default_factory=list)
    new_members: list[NewMember] = field(default_factory=list)
    new_codings: list[NewCoding] = field(default_factory=list)
    new_memos: list[NewMemo] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)
    matched: list[Item] = field(default_factory=list)
    conflicts: list[Item] = field(default_factory=list)
    _taken: dict[str, set[str]] = field(default_factory=dict, init=False)
    _our_docs: dict[str, str] = field(default_factory=dict, init=False)  # sha -> guid
    _our_cases: dict[str, str] = field(default_factory=dict, init=False)  # key(name) -> guid

    def __post_init__(self) -> None:
        ours = self.ours
        self._taken = {
            "document": {d.guid for d in ours.documents},
            "code": {c.guid for c in ours.codes},
            "coding": {c.guid for c in ours.codings},
            "case": {c.guid for c in ours.cases},
            "memo": {m.guid for m in ours.memos},
        }
        self._our_docs = {d.sha256: d.guid for d in ours.documents}
        self._our_cases = {key(c.name): c.guid for c in ours.cases}

    def fresh_guid(self, table: str, wanted: str) -> str:
        """``wanted`` when it is free in ``table`` here, else a new guid."""
        taken = self._taken.setdefault(table, set())
        guid = wanted if wanted and wanted not in taken else new_guid()
        taken.add(guid)
        return guid

    def conflict(self, kind: str, name: str, note: str, count: int = 1) -> None:
        self.conflicts.append(Item(kind, name, note=note, count=count))

    def case_guid(self, name: str) -> str:
        """The case here that their case ``name`` maps to (added if it is nowhere yet)."""
        found = self.case_map.get(key(name)) or self._our_cases.get(key(name))
        if found is None:
            found = self.fresh_guid("case", "")
            self.new_cases.append(NewCase(found, " ".join(name.split())))
            self.added.append(Item("case", name))
        self.case_map[key(name)] = found
        return found

    def our_target(self, kind: str, target: str | None) -> str | None:
        """The guid of what one of our memos is about (its bundle key -> guid)."""
        if target is None:
            return None
        if kind == "document":
            return self._our_docs.get(target)
        return self._our_cases.get(key(target)) if kind == "case" else target

    def their_target(self, kind: str, target: str | None) -> str | None:
        """The guid here of what one of their memos is about, or None if it is not here."""
        if target is None:
            return None
        if kind == "document":
            found = self.doc_map.get(target)
            return found[0] if found else None
        maps = {"code": self.code_map, "coding": self.coding_map}
        if kind == "case":
            return self.case_map.get(key(target))
        return maps[kind].get(target) if kind in maps else None

    def result(self) -> MergePlan:
        return MergePlan(
            self.theirs.source, tuple(self.new_users), tuple(self.new_documents),
            tuple(self.new_codes), tuple(self.new_attributes), tuple(self.new_cases),
            tuple(self.new_values), tuple(self.new_members), tuple(self.new_codings),
            tuple(self.new_memos), tuple(self.added), tuple(self.matched), tuple(self.conflicts),
        )  # fmt: skip
