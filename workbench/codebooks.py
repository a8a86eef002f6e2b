"""Loading a codebook template into a project as one undoable step.

Codes are matched by ``(framework, framework_key)``: a code already in the project is kept as
it is (the team may have renamed or refined it), so loading a template twice adds nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from coding.codebook import CodebookTemplate, load_template
from storage.models import Code, new_guid
from workbench.changes import Changes
from workbench.commands import Command
from workbench.ops.codes import PALETTE, next_position
from workbench.rows import delete_ids

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROOT_KEY = ""  # framework_key of the heading code that holds a template's tree


class LoadCodebook(Command):
    object_kind = "codebook"

    def __init__(self, template: CodebookTemplate | str, *, user_id: int | None = None) -> None:
        self.template = load_template(template) if isinstance(template, str) else template
        self.user_id = user_id
        self.created: list[int] = []
        self.guids: dict[str, str] = {}  # framework key -> guid, the same on redo
        self.label = f"Add codebook “{self.template.name}”"

    def do(self, session: Session) -> Changes:
        template = self.template
        existing = dict(
            session.execute(
                select(Code.framework_key, Code.id).where(Code.framework == template.framework)
            ).all()
        )
        replay = iter(self.created)  # redo reuses the ids of the first run
        created: list[int] = []
        if ROOT_KEY not in existing:
            values = self._root_values(session) | {"guid": self._guid(ROOT_KEY)}
            existing[ROOT_KEY] = self._insert(session, values, next(replay, None))
            created.append(existing[ROOT_KEY])
        colour = PALETTE[0]
        for code in template.codes:
            colour = code.colour or (colour if code.parent else PALETTE[len(created) % 8])
            if code.key in existing:
                continue
            parent = existing[code.parent] if code.parent else existing[ROOT_KEY]
            values = {
                "name": code.name,
                "parent_id": parent,
                "position": next_position(session, parent),
                "colour": colour.upper(),
                "definition": code.definition,
                "inclusion": code.inclusion,
                "exclusion": code.exclusion,
                "example": code.example,
                "keywords": "\n".join(code.keywords),
                "guidance": json.dumps({"complexity": code.complexity, "status": code.status}),
                "citation": code.citation,
                "framework": template.framework,
                "framework_key": code.key,
                "created_by": self.user_id,
                "guid": self._guid(code.key),
            }
            existing[code.key] = self._insert(session, values, next(replay, None))
            created.append(existing[code.key])
        self.created = created
        return Changes(codes=frozenset(created), code_tree=bool(created))

    def _root_values(self, session: Session) -> dict[str, Any]:
        template = self.template
        return {
            "name": template.name,
            "parent_id": None,
            "position": next_position(session, None),
            "definition": template.description,
            "citation": template.citation,
            "framework": template.framework,
            "framework_key": ROOT_KEY,
            "is_codable": False,
            "created_by": self.user_id,
        }

    def _guid(self, key: str) -> str:
        return self.guids.setdefault(key, new_guid())

    @staticmethod
    def _insert(session: Session, values: dict[str, Any], code_id: int | None) -> int:
        if code_id is not None:
            values = values | {"id": code_id}
        return int(session.execute(insert(Code).values(**values).returning(Code.id)).scalar_one())

    def undo(self, session: Session) -> Changes:
        delete_ids(session, Code, reversed(self.created))
        return Changes(codes=frozenset(self.created), code_tree=bool(self.created))

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return None, {}, {"template": self.template.key, "created": len(self.created)}
