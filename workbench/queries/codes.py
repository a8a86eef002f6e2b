"""The code tree with counts, and finding codes by name, path or framework key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.models import Code, Coding
from workbench.dto import CodeInfo

if TYPE_CHECKING:
    from workbench.project import Project


def list_codes(project: Project) -> list[CodeInfo]:
    """Every code, in tree order (depth first, by position), with coding and document counts.

    Read once per change of the project: reports and panes ask for it many times."""
    return list(project.cached("codes", lambda: _read_codes(project)))


def _read_codes(project: Project) -> list[CodeInfo]:
    with project.reading() as session:
        counts = {
            code_id: (n, docs)
            for code_id, n, docs in session.execute(
                select(
                    Coding.code_id, func.count(), func.count(func.distinct(Coding.document_id))
                ).group_by(Coding.code_id)
            )
        }
        codes = session.scalars(select(Code).order_by(Code.position, Code.id)).all()
        infos = [
            CodeInfo(
                c.id, c.guid, c.parent_id, c.position, c.name, c.colour, c.definition,
                c.inclusion, c.exclusion, c.example, c.framework, c.framework_key, c.is_codable,
                *counts.get(c.id, (0, 0)), keywords=c.keywords, citation=c.citation,
            )
            for c in codes
        ]  # fmt: skip
    return tree_order(infos)


def tree_order(codes: list[CodeInfo]) -> list[CodeInfo]:
    children: dict[int | None, list[CodeInfo]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    ordered: list[CodeInfo] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        ordered.append(code)
        stack.extend(reversed(children.get(code.id, [])))
    return ordered


def code_paths(codes: list[CodeInfo]) -> dict[int, str]:
    """``id -> "Parent/Child"`` paths, as shown in reports and accepted by the CLI."""
    by_id = {c.id: c for c in codes}
    paths: dict[int, str] = {}
    for code in codes:
        parts, current = [], code
        while True:
            parts.append(current.name)
            if current.parent_id is None or current.parent_id not in by_id:
                break
            current = by_id[current.parent_id]
        paths[code.id] = "/".join(reversed(parts))
    return paths


def find_codes(project: Project, name: str) -> list[CodeInfo]:
    """Codes whose name or path is ``name`` (case-insensitive), or ``FRAMEWORK:KEY``."""
    codes = list_codes(project)
    wanted = name.strip().casefold()
    if ":" in wanted:
        framework, _, key = wanted.partition(":")
        keyed = [
            c
            for c in codes
            if c.framework.casefold() == framework and c.framework_key.casefold() == key
        ]
        if keyed:
            return keyed
    paths = code_paths(codes)
    by_path = [c for c in codes if paths[c.id].casefold() == wanted]
    return by_path or [c for c in codes if c.name.casefold() == wanted]
