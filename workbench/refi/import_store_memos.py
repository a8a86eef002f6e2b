"""Notes of a REFI-QDA file as memos, attached to what they are about.

A note's place comes from whatever refers to it: ``Project/NoteRef`` (project memo),
``Code/NoteRef`` (code memo), a source's ``NoteRef`` (document memo), a selection's
``NoteRef`` (a comment anchored to that passage), ``Coding/NoteRef`` (coding memo), or a
``Link`` between the note and a case, code, source or selection (how ATLAS.ti and NVivo
attach memos, and how our exports attach case memos). Membership of the sets "Research
journal" and "Recommendations" (our exports' convention) makes a journal entry or a
recommendation. A note nothing refers to is a project memo. A selection that carries only a
``Description`` (MAXQDA's and ATLAS.ti's comments) becomes an anchored comment too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from storage.models import Memo, ProjectInfo
from workbench.importers.base import clean_text
from workbench.refi.export_values import guid_of
from workbench.refi.import_context import naive_utc, stored_guid
from workbench.refi.import_model import walk_codes
from workbench.refi.import_report import plural, were
from workbench.refi.names import JOURNAL_SET, METHOD_NOTES_HEADING, RECOMMENDATION_SET

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workbench.refi.import_context import StoreContext
    from workbench.refi.import_model import RefiNote
    from workbench.refi.import_offsets import PlacedText

# kind, target id, anchor start, anchor end
Target = tuple[str, int | None, int | None, int | None]
_PROJECT: Target = ("project", None, None, None)


def store_memos(ctx: StoreContext, placed: list[PlacedText]) -> None:
    taken = {str(g).lower() for g in ctx.session.scalars(select(Memo.guid))}
    targets, mentioned = _targets(ctx)
    already = orphans = 0
    for note in ctx.refi.notes:
        if note.guid and guid_of(note.guid).lower() in taken:
            already += 1
            continue
        found = targets.get(note.guid, [])
        orphans += bool(note.guid in mentioned and not found)
        for n, target in enumerate(_placed(ctx, note, found)):
            guid = stored_guid(note.guid if n == 0 else "", taken)
            _insert(ctx, target, note.name, note.text, guid, note)
    if orphans:
        ctx.report.warnings.append(
            f"{plural(orphans, 'memo')} about things that were not brought in "
            f"{were(orphans)} kept as {'a project memo' if orphans == 1 else 'project memos'}."
        )
    if already:
        ctx.report.reused.append(
            f"{plural(already, 'memo')} {were(already)} already in the project (same GUID) "
            f"and {were(already)} not added again."
        )
    _comments_and_descriptions(ctx, placed, taken)
    _project_description(ctx, taken)


def _references(ctx: StoreContext) -> Iterator[tuple[tuple[str, ...], Target | None]]:
    """Every mention of notes in the file, with the target it gives them (``None`` when what
    mentions them was not brought in)."""
    refi = ctx.refi
    yield refi.project_note_guids, _PROJECT
    for code in walk_codes(refi.codes):
        yield code.note_guids, _known(ctx.codes, code.guid, "code")
    for text in refi.texts:
        yield text.note_guids, _known(ctx.documents, text.guid, "document")
        codings = list(text.whole_codings)
        for selection in text.selections:
            yield selection.note_guids, _anchor(ctx, selection.guid)
            codings.extend(selection.codings)
        for coding in codings:
            yield coding.note_guids, _known(ctx.codings, coding.guid, "coding")
    notes = {note.guid for note in refi.notes}
    for link in refi.links:
        if link.origin_guid in notes:
            yield (link.origin_guid,), _linked(ctx, link.target_guid)
        elif link.target_guid in notes:
            yield (link.target_guid,), _linked(ctx, link.origin_guid)


def _targets(ctx: StoreContext) -> tuple[dict[str, list[Target]], set[str]]:
    """Note GUID -> where it goes; and every note mentioned at all."""
    found: dict[str, list[Target]] = {}
    mentioned: set[str] = set()
    for notes, target in _references(ctx):
        mentioned.update(notes)
        if target is not None:
            for note in notes:
                found.setdefault(note, []).append(target)
    return found, mentioned


def _known(ids: dict[str, int], guid: str, kind: str) -> Target | None:
    return (kind, ids[guid], None, None) if guid in ids else None


def _anchor(ctx: StoreContext, selection_guid: str) -> Target | None:
    place = ctx.selections.get(selection_guid)
    return None if place is None else ("document", place[0], place[1], place[2])


def _linked(ctx: StoreContext, guid: str) -> Target | None:
    for kind, ids in (("case", ctx.cases), ("code", ctx.codes), ("document", ctx.documents)):
        if guid in ids:
            return (kind, ids[guid], None, None)
    return _known(ctx.codings, guid, "coding") or _anchor(ctx, guid)


def _placed(ctx: StoreContext, note: RefiNote, targets: list[Target]) -> list[Target]:
    """Where the note goes: one memo per distinct target (a journal entry or recommendation
    is one memo)."""
    sets = ctx.refi.note_sets
    if note.guid in sets.get(JOURNAL_SET, ()):
        return [("journal", None, None, None)]
    if note.guid in sets.get(RECOMMENDATION_SET, ()):
        code = next((t for t in targets if t[0] == "code"), None)
        return [("recommendation", code[1] if code else None, None, None)]
    distinct = list(dict.fromkeys(t for t in targets if t != _PROJECT))
    return distinct or [_PROJECT]


def _insert(
    ctx: StoreContext, target: Target, title: str, text: str, guid: str, note: RefiNote | None
) -> None:
    kind, target_id, start, end = target
    values: dict[str, Any] = {
        "guid": guid, "kind": kind, "target_id": target_id, "anchor_start": start,
        "anchor_end": end, "title": title, "text": clean_text(text).strip(),
    }  # fmt: skip
    if note is not None:
        created = naive_utc(note.created, ctx.now)
        values["author_id"] = ctx.users.get(note.user_guid or "")
        values |= {"created_at": created, "modified_at": naive_utc(note.modified, created)}
    ctx.session.execute(insert(Memo).values(**values))
    ctx.report.memos += 1


def _comments_and_descriptions(
    ctx: StoreContext, placed: list[PlacedText], taken: set[str]
) -> None:
    for item in placed:
        document_id = ctx.documents.get(item.source.guid)
        if document_id is None or document_id not in ctx.new_documents:
            continue  # a document already in the project keeps its own comments
        if item.source.description.strip():
            target: Target = ("document", document_id, None, None)
            guid = stored_guid("", taken)
            _insert(ctx, target, "Description", item.source.description, guid, None)
        for placed_selection in item.selections:
            selection = placed_selection.selection
            if selection.codings or selection.note_guids or not selection.description.strip():
                continue
            target = ("document", document_id, placed_selection.start, placed_selection.end)
            _insert(ctx, target, "Comment", selection.description, stored_guid("", taken), None)


def _project_description(ctx: StoreContext, taken: set[str]) -> None:
    """The file's project description (and our exports' method notes after their heading)
    fills the project's when that is empty; otherwise it is kept as a project memo."""
    text = clean_text(ctx.refi.description).strip()
    if not text:
        return
    description, _heading, notes = f"\n\n{text}".partition(f"\n\n{METHOD_NOTES_HEADING}\n")
    wanted = (description.strip(), notes.strip())
    info = ctx.session.execute(
        select(ProjectInfo.id, ProjectInfo.description, ProjectInfo.method_notes).limit(1)
    ).first()
    present = (
        ((info.description or "").strip(), (info.method_notes or "").strip()) if info else None
    )
    if present == wanted:
        return
    if info is not None and present == ("", ""):
        ctx.session.execute(
            update(ProjectInfo)
            .where(ProjectInfo.id == info.id)
            .values(description=wanted[0], method_notes=wanted[1])
        )
        return
    title = f"Description of “{ctx.refi.name or ctx.refi.file_name}”"
    same = select(Memo.id).where(Memo.kind == "project", Memo.title == title, Memo.text == text)
    if ctx.session.scalar(same) is None:
        _insert(ctx, _PROJECT, title, text, stored_guid("", taken), None)
