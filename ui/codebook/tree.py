"""The code tree as plain data: children by parent, rows, paths, and planning a drop.

Kept free of Qt so the tree arithmetic (which row a code is on, where a drop lands) is easy
to read and test; :class:`~ui.codebook.model.CodeTreeModel` adapts it to Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.queries.codes import code_paths

if TYPE_CHECKING:
    from workbench.dto import CodeInfo


@dataclass(slots=True)
class CodeTree:
    codes: list[CodeInfo] = field(default_factory=list)  # tree order, parents first
    by_id: dict[int, CodeInfo] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)
    row: dict[int, int] = field(default_factory=dict)  # row of a code under its parent
    _paths: dict[int, str] | None = None

    @classmethod
    def build(cls, codes: list[CodeInfo]) -> CodeTree:
        tree = cls(codes=list(codes), by_id={c.id: c for c in codes})
        for code in codes:  # tree order keeps siblings in position order
            parent = code.parent_id if code.parent_id in tree.by_id else None
            siblings = tree.children.setdefault(parent, [])
            tree.row[code.id] = len(siblings)
            siblings.append(code.id)
        return tree

    def parent_of(self, code_id: int) -> int | None:
        parent = self.by_id[code_id].parent_id
        return parent if parent in self.by_id else None

    def shape(self) -> list[tuple[int, int | None]]:
        """What a structural change alters: the codes, their parents and their order."""
        return [(c.id, self.parent_of(c.id)) for c in self.codes]

    def descendants(self, code_id: int) -> list[int]:
        """``code_id`` and every code below it."""
        found, stack = [], [code_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, []))
        return found

    def paths(self) -> dict[int, str]:
        if self._paths is None:
            self._paths = code_paths(self.codes)
        return self._paths


def plan_moves(children: list[int], moved: list[int], row: int) -> list[int]:
    """Positions for one ``MoveCode`` per moved code, in order, so that the moved codes end
    up together, in the order given, where ``row`` was among ``children`` (-1: at the end).

    ``MoveCode`` takes a code out of its siblings and inserts it at ``position``; the plan
    simulates exactly that, placing the first code before the first unmoved code at or after
    ``row`` and each next one right after the previous.
    """
    cut = children if row < 0 else children[:row]
    rest = [c for c in children if c not in moved]
    at = len([c for c in cut if c not in moved])
    simulated = list(children)
    positions = []
    for n, code_id in enumerate(moved):
        if code_id in simulated:
            simulated.remove(code_id)
        if n:
            position = simulated.index(moved[n - 1]) + 1
        elif at < len(rest):
            position = simulated.index(rest[at])
        else:
            position = len(simulated)
        simulated.insert(position, code_id)
        positions.append(position)
    return positions
