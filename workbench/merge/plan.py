"""The merge preview: what another coder's bundle would add here, what it matches, and where
the two disagree, worked out on plain data before anything changes.

Rules (ours is the project merged into; theirs is the bundle):
- documents match by sha256, then by identical text; a different document with a name in use
  here is added under a new name, with a note;
- codes match by guid, then by name (any letter case) under the same parent; a guid match
  whose name, parent or description differ keeps ours and reports the difference;
- cases and attributes match by name; a value that differs keeps ours and is reported;
- a coding matches by guid or as the same passage (document, code, coder, start, end); on a
  document whose text differs here it comes in only where the passage reads the same;
- memos match by guid or as the same memo (kind, target, title, text);
- users are matched by name and only those whose work comes in are added.
Merging the same bundle again therefore adds nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import TYPE_CHECKING

from workbench.merge.bundle import MEMO_TARGETS, BundleUser, canonical_guids, text_sha256
from workbench.merge.plan_cases import plan_cases, plan_members
from workbench.merge.plan_state import (
    Item,
    MergePlan,
    NewCode,
    NewCoding,
    NewDocument,
    NewMemo,
    PlanState,
    key,
)
from workbench.ops.memos import MEMO_KINDS

if TYPE_CHECKING:
    from workbench.merge.bundle import Bundle, BundleCode, BundleCoding, BundleDocument

__all__ = ["Item", "MergePlan", "plan_merge"]

DOCUMENT_KINDS = ("transcript", "notes", "survey", "other")


def plan_merge(ours: Bundle, theirs: Bundle) -> MergePlan:
    """What merging ``theirs`` into the project described by ``ours`` would do."""
    state = PlanState(canonical_guids(ours), canonical_guids(theirs))
    plan_cases(state)
    _plan_documents(state)
    plan_members(state)
    _plan_codes(state)
    _plan_codings(state)
    _plan_memos(state)
    _plan_users(state)
    return state.result()


# ---------------------------------------------------------------------- documents
def _plan_documents(state: PlanState) -> None:
    by_sha = {d.sha256: d for d in state.ours.documents}
    by_text = {text_sha256(d.text): d for d in state.ours.documents}
    names = {(d.folder, key(d.name)) for d in state.ours.documents}
    for doc in state.theirs.documents:
        if doc.sha256 in state.doc_map:
            state.conflict("document", doc.name, "appears twice in the file: brought in once")
            continue
        mine = by_sha.get(doc.sha256)
        how = "sha256"
        if mine is None:
            mine, how = by_text.get(text_sha256(doc.text)), "same text"
        if mine is not None:
            state.doc_map[doc.sha256] = (mine.guid, mine.text)
            _match_document(state, doc, mine, how)
            continue
        name = _free_name(doc.name, doc.folder, names, PurePath(state.theirs.source).stem)
        names.add((doc.folder, key(name)))
        guid = state.fresh_guid("document", doc.guid)
        links = tuple((s.name, state.case_guid(s.case)) for s in doc.speakers if s.case is not None)
        kind = doc.kind if doc.kind in DOCUMENT_KINDS else "other"
        state.new_documents.append(NewDocument(guid, name, kind, doc, links))
        state.doc_map[doc.sha256] = (guid, doc.text)
        note = f"a different document here is called “{doc.name}”: added as “{name}”"
        if name != doc.name:
            state.conflict("document", doc.name, note)
        state.added.append(Item("document", name))


def _match_document(state: PlanState, doc: BundleDocument, mine: BundleDocument, how: str) -> None:
    note = f"called “{mine.name}” here" if mine.name != doc.name else ""
    state.matched.append(Item("document", doc.name, how, note))
    if mine.text != doc.text:
        state.differs[doc.sha256] = doc.text
        state.conflict(
            "document", doc.name,
            "same source file but its text differs here (imported with other settings?): "
            "codings come in only where the coded passage reads the same",
        )  # fmt: skip


def _free_name(name: str, folder: str, taken: set[tuple[str, str]], source: str) -> str:
    if (folder, key(name)) not in taken:
        return name
    candidate, number = f"{name} ({source})", 2
    while (folder, key(candidate)) in taken:
        candidate, number = f"{name} ({source} {number})", number + 1
    return candidate


# ---------------------------------------------------------------------- codes
def _tree_order(codes: tuple[BundleCode, ...]) -> tuple[list[BundleCode], list[BundleCode]]:
    """(codes parents first, codes caught in a parent cycle). A code whose parent is missing
    from the bundle is taken as a top-level code."""
    guids = {c.guid for c in codes if c.guid}
    children: dict[str | None, list[BundleCode]] = {}
    for code in codes:
        parent = code.parent_guid if code.parent_guid in guids else None
        children.setdefault(parent, []).append(code)
    ordered: list[BundleCode] = []
    level = children.get(None, [])
    seen: set[str] = set()
    while level:
        ordered.extend(level)
        seen.update(c.guid for c in level)
        level = [k for c in level if c.guid for k in children.get(c.guid, []) if k.guid not in seen]
    placed = {id(c) for c in ordered}
    return ordered, [c for c in codes if id(c) not in placed]


def _paths(codes: tuple[BundleCode, ...]) -> dict[str, str]:
    by_guid = {c.guid: c for c in codes}
    paths: dict[str, str] = {}
    for code in _tree_order(codes)[0]:
        parent = paths.get(code.parent_guid or "", "")
        paths[code.guid] = f"{parent}/{code.name}" if parent else code.name
    return paths | {g: c.name for g, c in by_guid.items() if g not in paths}


def _plan_codes(state: PlanState) -> None:
    mine = {c.guid: c for c in state.ours.codes}
    place = {(c.parent_guid, key(c.name)): c.guid for c in state.ours.codes}
    state.code_paths = _paths(state.theirs.codes)
    ours_paths = _paths(state.ours.codes)
    ordered, stuck = _tree_order(state.theirs.codes)
    for code in stuck:
        state.conflict("code", code.name, "its parents form a loop: not brought in")
    for code in ordered:
        parent = state.code_map.get(code.parent_guid) if code.parent_guid else None
        target = _match_code(state, code, parent, mine, place, ours_paths)
        if target is None:
            target = state.fresh_guid("code", code.guid)
            state.new_codes.append(NewCode(target, parent, code))
            place[(parent, key(code.name))] = target
            state.added.append(Item("code", state.code_paths.get(code.guid, code.name)))
        state.code_map[code.guid] = target


def _match_code(
    state: PlanState,
    code: BundleCode,
    parent: str | None,
    mine: dict[str, BundleCode],
    place: dict[tuple[str | None, str], str],
    ours_paths: dict[str, str],
) -> str | None:
    """The guid of the code here that ``code`` matches (by guid, then by name and place)."""
    path = state.code_paths.get(code.guid, code.name)
    found = mine.get(code.guid) if code.guid else None
    if found is not None:
        state.matched.append(Item("code", path, "guid"))
        _compare_code(state, code, found, parent, ours_paths)
        return found.guid
    hit = place.get((parent, key(code.name)))
    if hit is None:
        return None
    state.matched.append(Item("code", path, "name+place"))
    found = mine.get(hit)
    if found is not None:  # else it is a code added just before (twice in the file)
        _compare_code(state, code, found, found.parent_guid, ours_paths)
    return hit


_DESCRIPTION = ("definition", "inclusion", "exclusion", "example")


def _compare_code(
    state: PlanState,
    code: BundleCode,
    mine: BundleCode,
    parent: str | None,
    ours_paths: dict[str, str],
) -> None:
    path = state.code_paths.get(code.guid, code.name)
    if key(mine.name) != key(code.name):  # letter case alone is no conflict
        state.conflict("code", path, f"called “{mine.name}” here: kept this project's name")
    if mine.parent_guid != parent:
        here = ours_paths.get(mine.parent_guid or "", "the top level")
        state.conflict("code", path, f"placed under {here} here: kept this project's place")
    if any(getattr(mine, f) != getattr(code, f) and getattr(code, f) for f in _DESCRIPTION):
        state.conflict("code", path, "its description differs: kept this project's")


# ---------------------------------------------------------------------- codings
def _plan_codings(state: PlanState) -> None:
    ours_docs = {d.sha256: d.guid for d in state.ours.documents}
    guids = {
        c.guid: (ours_docs.get(c.document_sha256), c.code_guid, c.user, c.start, c.end)
        for c in state.ours.codings
    }
    same = set(guids.values())
    added: Counter[str | None] = Counter()
    matched: Counter[tuple[str | None, str]] = Counter()
    skipped: Counter[tuple[str, str]] = Counter()
    names = {d.sha256: d.name for d in state.theirs.documents}
    for coding in state.theirs.codings:
        how, why = _coding_fate(state, coding, guids, same)
        if why:
            skipped[(names.get(coding.document_sha256, "a missing document"), why)] += 1
        elif how:
            matched[(coding.user, how)] += 1
        else:
            added[coding.user] += 1
    for coder, count in added.items():
        state.added.append(Item("coding", coder or "no coder", count=count))
    for (coder, how), count in matched.items():
        state.matched.append(Item("coding", coder or "no coder", how, count=count))
    for (document, why), count in skipped.items():
        state.conflict("coding", document, why, count)


_Identity = tuple[str | None, str, str | None, int, int]  # document, code, coder, start, end


def _coding_fate(
    state: PlanState,
    coding: BundleCoding,
    guids: dict[str, _Identity],
    same: set[_Identity],
) -> tuple[str, str]:
    """(how it matched, why it was left out); both empty when it is added."""
    found = state.doc_map.get(coding.document_sha256)
    code = state.code_map.get(coding.code_guid)
    if found is None or code is None:
        return "", "its document or code is not in the file"
    doc, text = found
    identity = (doc, code, coding.user, coding.start, coding.end)
    if coding.guid and coding.guid in guids:
        state.coding_map[coding.guid] = coding.guid
        if guids[coding.guid] != identity:
            return "", "changed in the file (resized, recoded or another coder): kept this one"
        return "guid", ""
    if identity in same:
        return "same passage", ""
    why = _misplaced(coding, text, state.differs.get(coding.document_sha256))
    if why:
        return "", why
    guid = state.fresh_guid("coding", coding.guid)
    state.coding_map[coding.guid] = guid
    same.add(identity)
    state.new_codings.append(
        NewCoding(guid, doc, code, coding.start, coding.end, coding.user, coding.memo)
    )
    return "", ""


def _misplaced(coding: BundleCoding, text: str, theirs: str | None) -> str:
    """Why the coding cannot go on the document here ("" when it can)."""
    start, end = coding.start, coding.end
    if not 0 <= start < end <= len(text):
        return "the passage is empty or outside the document"
    if theirs is not None and theirs[start:end] != text[start:end]:
        return "the coded passage reads differently here"
    return ""


# ---------------------------------------------------------------------- memos
def _plan_memos(state: PlanState) -> None:
    guids = {m.guid: (m.title, m.text) for m in state.ours.memos if m.guid}
    same = {(m.kind, state.our_target(m.kind, m.target), m.title, m.text) for m in state.ours.memos}
    for memo in state.theirs.memos:
        title = memo.title or f"{memo.kind} memo"
        about = memo.kind in MEMO_TARGETS
        target = state.their_target(memo.kind, memo.target) if about else None
        if memo.kind not in MEMO_KINDS or (about and target is None):
            state.conflict("memo", title, "what it is about is not in the file: left out")
        elif memo.guid and memo.guid in guids:
            state.matched.append(Item("memo", title, "guid"))
            if guids[memo.guid] != (memo.title, memo.text):
                state.conflict("memo", title, "edited in the file: kept this project's text")
        elif (memo.kind, target, memo.title, memo.text) in same:
            state.matched.append(Item("memo", title, "same memo"))
        else:
            guid = state.fresh_guid("memo", memo.guid)
            state.new_memos.append(NewMemo(guid, target, memo))
            same.add((memo.kind, target, memo.title, memo.text))
            state.added.append(Item("memo", title))


# ---------------------------------------------------------------------- users
def _plan_users(state: PlanState) -> None:
    known = {u.name for u in state.ours.users}
    declared = {u.name: u for u in state.theirs.users}
    wanted = [c.user for c in state.new_codings] + [m.memo.author for m in state.new_memos]
    for name in dict.fromkeys(n for n in wanted if n is not None and n not in known):
        state.new_users.append(declared.get(name) or BundleUser(name))
        state.added.append(Item("user", name))
