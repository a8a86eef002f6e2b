"""Coders and codes of a REFI-QDA file, matched to the project's before anything is added.

A coder is the project's own when the GUID or the name matches; a code when the GUID
matches, or the name (any letter case) under the same parent. Matched ones are kept as they
are. Tools list themselves as users (ATLAS.ti adds a user "ATLAS.ti"): such a pseudo-user is
left out unless something in the file was made by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from storage.models import Code, User
from workbench.importers.base import clean_text
from workbench.ops.codes import PALETTE
from workbench.refi.export_values import guid_of, rgb
from workbench.refi.import_context import stored_guid
from workbench.refi.import_report import plural, were
from workbench.refi.names import CODE_DESCRIPTION_LABELS

if TYPE_CHECKING:
    from workbench.refi.import_context import StoreContext
    from workbench.refi.import_model import RefiCode, RefiProject
    from workbench.refi.import_offsets import PlacedText

_TOOLS = frozenset(
    {
        "atlas.ti",
        "nvivo",
        "maxqda",
        "qualcoder",
        "taguette",
        "quirkos",
        "transana",
        "dedoose",
        "f4analyse",
    }
)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_LABELS = {f"{label}:": name for name, label in CODE_DESCRIPTION_LABELS}


# --------------------------------------------------------------------------- coders
def store_users(ctx: StoreContext) -> None:
    rows = ctx.session.execute(select(User.id, User.guid, User.name)).all()
    by_guid = {str(guid).lower(): int(i) for i, guid, _name in rows}
    by_name: dict[str, int] = {}
    for i, _guid, name in rows:
        by_name.setdefault(str(name), int(i))
    taken = set(by_guid)
    referenced = _referenced_users(ctx.refi)
    matched = 0
    for user in ctx.refi.users:
        if user.guid in ctx.users or (user.guid not in referenced and _is_tool(user.name)):
            continue
        key = guid_of(user.guid).lower() if user.guid else ""
        user_id = by_guid.get(key) or (by_name.get(user.name) if user.name else None)
        if user_id is None:
            name = user.name or f"Coder {user.initials}".strip()
            user_id = _new_user(ctx, name, user.initials, stored_guid(user.guid, taken))
            by_name[name] = user_id
        elif ctx.new_project:
            if key and key not in taken:  # the coder who made the project from this file
                _adopt_guid(ctx, user_id, stored_guid(user.guid, taken))
        else:
            matched += 1
        ctx.users[user.guid] = user_id
    if matched:
        ctx.report.reused.append(
            f"{plural(matched, 'coder')} {were(matched)} already in the project (same name "
            "or GUID); their codings were recorded as theirs."
        )


def _adopt_guid(ctx: StoreContext, user_id: int, guid: str) -> None:
    ctx.session.execute(update(User).where(User.id == user_id).values(guid=guid))


def unknown_coder(ctx: StoreContext) -> int:
    """The user for codings whose coder the file does not name ("Unknown coder (NVivo)")."""
    if ctx.unknown_coder is None:
        name = f"Unknown coder ({ctx.refi.tool})"
        found = ctx.session.scalar(select(User.id).where(User.name == name))
        if found is None:
            found = _new_user(ctx, name, "?", None)
            ctx.report.warnings.append(
                f"Some codings do not say who made them, or name a coder the file does not "
                f"list; they were recorded as made by “{name}”."
            )
        ctx.unknown_coder = int(found)
    return ctx.unknown_coder


def _new_user(ctx: StoreContext, name: str, initials: str, guid: str | None) -> int:
    values = {"name": name, "initials": (initials or _initials(name))[:16], "role": "researcher"}
    if guid is not None:
        values["guid"] = guid
    user_id = ctx.session.execute(insert(User).values(**values).returning(User.id)).scalar_one()
    ctx.report.users += 1
    return int(user_id)


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:3]).upper()


def _is_tool(name: str) -> bool:
    return name.strip().casefold() in _TOOLS


def _referenced_users(refi: RefiProject) -> set[str]:
    found = {note.user_guid for note in refi.notes}
    for text in refi.texts:
        found.update(c.user_guid for c in text.whole_codings)
        for selection in text.selections:
            found.update(c.user_guid for c in selection.codings)
    return {guid for guid in found if guid}


# --------------------------------------------------------------------------- codes
@dataclass
class _Codes:
    by_guid: dict[str, int]
    by_place: dict[tuple[int | None, str], int]
    positions: dict[int | None, int]
    taken: set[str]
    used: set[str]  # codes with codings in the file: they must be codable
    count: int
    created: set[int] = field(default_factory=set)
    reused: int = 0


def store_codes(ctx: StoreContext, placed: list[PlacedText]) -> None:
    rows = ctx.session.execute(
        select(Code.id, Code.guid, Code.name, Code.parent_id, Code.position)
    ).all()
    positions: dict[int | None, int] = {}
    for _i, _guid, _name, parent, position in rows:
        positions[parent] = max(positions.get(parent, 0), int(position) + 1)
    used = {c.code_guid for item in placed for c in item.source.whole_codings}
    used.update(
        c.code_guid for item in placed for s in item.selections for c in s.selection.codings
    )
    state = _Codes(
        by_guid={str(guid).lower(): int(i) for i, guid, *_rest in rows},
        by_place={
            (parent, " ".join(str(name).split()).casefold()): int(i)
            for i, _guid, name, parent, _position in rows
        },
        positions=positions,
        taken={str(guid).lower() for _i, guid, *_rest in rows},
        used=used,
        count=len(rows),
    )
    for code in ctx.refi.codes:
        _visit(ctx, state, code, None)
    ctx.report.codes = len(state.created)
    reused = state.reused
    if reused:
        ctx.report.reused.append(
            f"{plural(reused, 'code')} {were(reused)} already in the project (same GUID, or "
            f"same name in the same place) and {were(reused)} kept as "
            f"{'it was' if reused == 1 else 'they were'}."
        )


def _visit(ctx: StoreContext, state: _Codes, code: RefiCode, parent_id: int | None) -> None:
    name = " ".join(code.name.split()) or "Unnamed code"
    code_id = state.by_guid.get(guid_of(code.guid).lower()) if code.guid else None
    if code_id is None:
        found = state.by_place.get((parent_id, name.casefold()))
        code_id = found if found is not None and found not in state.created else None
    if code_id is None:
        code_id = _create(ctx, state, code, name, parent_id)
    else:
        state.reused += 1
    if code.guid:
        ctx.codes[code.guid] = code_id
    for child in code.children:
        _visit(ctx, state, child, code_id)


def _create(
    ctx: StoreContext, state: _Codes, code: RefiCode, name: str, parent_id: int | None
) -> int:
    unique, n = name, 1
    while (parent_id, unique.casefold()) in state.by_place:
        n += 1
        unique = f"{name} ({n})"
    if unique != name:
        ctx.report.warnings.append(
            f"The file has more than one code “{name}” in the same place; the Workbench "
            f"needs distinct names there, so one is now “{unique}”."
        )
    codable = code.codable or code.guid in state.used
    if codable and not code.codable:
        ctx.report.warnings.append(
            f"“{unique}” was a heading that cannot be applied, but the file has codings of "
            "it; it was made an ordinary code so they could be kept."
        )
    values = {
        "guid": stored_guid(code.guid, state.taken),
        "name": unique,
        "parent_id": parent_id,
        "position": state.positions.get(parent_id, 0),
        "colour": rgb(code.colour) or PALETTE[state.count % len(PALETTE)],
        "is_codable": codable,
        "created_by": ctx.user_id,
        **description_fields(code.description),
    }
    code_id = int(
        ctx.session.execute(insert(Code).values(**values).returning(Code.id)).scalar_one()
    )
    state.positions[parent_id] = state.positions.get(parent_id, 0) + 1
    state.by_place[(parent_id, unique.casefold())] = code_id
    state.created.add(code_id)
    state.count += 1
    return code_id


def description_fields(description: str) -> dict[str, str]:
    """A code's ``Description`` as definition, inclusion, exclusion and example: our exports
    write the last three as paragraphs starting "Inclusion:", "Exclusion:", "Example:"."""
    parts: dict[str, list[str]] = {}
    current = "definition"
    for paragraph in _PARAGRAPHS.split(clean_text(description).strip()):
        for label, name in _LABELS.items():
            if paragraph.startswith(label):
                current, paragraph = name, paragraph[len(label) :].strip()
                break
        if paragraph:
            parts.setdefault(current, []).append(paragraph)
    return {name: "\n\n".join(found) for name, found in parts.items()}
