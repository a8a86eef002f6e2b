"""Memos in a .qdpx: each a ``Note``, referenced from what it is about.

Where the standard has a ``NoteRef`` for the target (project, code, source, selection,
coding) the memo is referenced there; a case has none, so a case memo is a ``Link`` from the
note to the case, as ATLAS.ti links memos. Journal entries and recommendations, which the
standard has no kind for, are named by membership of two sets (see
:mod:`workbench.refi.names`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from workbench.refi.export_values import derived_guid
from workbench.refi.names import CASE_MEMO_LINK, JOURNAL_SET, PROJECT_NS, RECOMMENDATION_SET

if TYPE_CHECKING:
    from workbench.refi.export_data import ExportData, MemoRow

_P = "{" + PROJECT_NS + "}"
_SETS = {"journal": JOURNAL_SET, "recommendation": RECOMMENDATION_SET}


@dataclass(slots=True)
class MemoPlaces:
    """Where each memo's ``NoteRef`` goes, by the GUIDs and ids the builders hold."""

    project: list[str] = field(default_factory=list)
    codes: dict[int, list[str]] = field(default_factory=dict)
    documents: dict[int, list[str]] = field(default_factory=dict)
    comments: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    codings: dict[str, list[str]] = field(default_factory=dict)  # coding GUID -> notes
    case_links: list[tuple[str, str]] = field(default_factory=list)  # note, case GUID
    sets: dict[str, list[str]] = field(default_factory=dict)


def place_memos(data: ExportData) -> MemoPlaces:
    places = MemoPlaces()
    targets = _Targets(
        codes={c.id for c in data.codes},
        documents={d.id: len(data.texts.get(d.id, "")) for d in data.documents},
        cases={c.id: c.guid for c in data.cases},
        codings=data.coding_ids,
    )
    for memo in data.memos:
        if memo.kind in _SETS:
            places.sets.setdefault(_SETS[memo.kind], []).append(memo.guid)
        placed = memo.target_id is not None and _place(places, memo, memo.target_id, targets)
        if not placed and memo.kind in ("project", "journal", "recommendation"):
            places.project.append(memo.guid)
    return places


@dataclass(frozen=True, slots=True)
class _Targets:
    codes: set[int]
    documents: dict[int, int]  # id -> length of the text
    cases: dict[int, str]  # id -> GUID
    codings: dict[int, str]  # id -> GUID


def _place(places: MemoPlaces, memo: MemoRow, target: int, targets: _Targets) -> bool:
    """Reference ``memo`` from its target; ``False`` when the target is not in the export."""
    if memo.kind in ("code", "recommendation") and target in targets.codes:
        places.codes.setdefault(target, []).append(memo.guid)
    elif memo.kind == "document" and target in targets.documents:
        _place_document_memo(places, memo, target, targets.documents[target])
    elif memo.kind == "coding" and target in targets.codings:
        places.codings.setdefault(targets.codings[target], []).append(memo.guid)
    elif memo.kind == "case" and target in targets.cases:
        places.case_links.append((memo.guid, targets.cases[target]))
    else:
        return False
    return True


def _place_document_memo(places: MemoPlaces, memo: MemoRow, document_id: int, length: int) -> None:
    if memo.anchor is not None and memo.anchor[1] <= length:
        start, end = memo.anchor
        places.comments.setdefault(document_id, []).append((start, end, memo.guid))
    else:
        places.documents.setdefault(document_id, []).append(memo.guid)


def comment_guid(memo_guid: str) -> str:
    """GUID of the selection a comment (an anchored document memo) is attached to."""
    return derived_guid("comment:" + memo_guid)


def add_notes(root: etree._Element, memos: list[MemoRow]) -> None:
    if not memos:
        return
    notes = etree.SubElement(root, _P + "Notes")
    for memo in memos:
        attrs = {"guid": memo.guid, "name": memo.title}
        if memo.author:
            attrs["creatingUser"] = memo.author
        if memo.created:
            attrs["creationDateTime"] = memo.created
        if memo.modified:
            attrs["modifiedDateTime"] = memo.modified
        note = etree.SubElement(notes, _P + "Note", attrs)
        etree.SubElement(note, _P + "PlainTextContent").text = memo.text


def add_links(root: etree._Element, places: MemoPlaces) -> None:
    if not places.case_links:
        return
    links = etree.SubElement(root, _P + "Links")
    for note, case in places.case_links:
        etree.SubElement(
            links,
            _P + "Link",
            guid=derived_guid(f"link:{note}:{case}"),
            name=CASE_MEMO_LINK,
            direction="OneWay",
            originGUID=note,
            targetGUID=case,
        )


def add_sets(root: etree._Element, places: MemoPlaces) -> None:
    if not places.sets:
        return
    sets = etree.SubElement(root, _P + "Sets")
    for name in sorted(places.sets):
        group = etree.SubElement(sets, _P + "Set", guid=derived_guid("set:" + name), name=name)
        for note in places.sets[name]:
            etree.SubElement(group, _P + "MemberNote", targetGUID=note)
