"""Rows that hang off codings and cases, kept so that undo puts back everything a delete took.

Foreign keys cascade NASSS evidence, framework-cell links, framework cells and ratings away
with their coding or case; memos point at their target by id and are removed by hand. A
:class:`Dependents` snapshot taken before the delete restores all of them, in an order that
satisfies the foreign keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, select

from storage.models import FrameworkCell, FrameworkCellCoding, Memo, NasssEvidence, NasssRating
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Collection

    from sqlalchemy.orm import Session

    from storage.models import Base

# Parents before children, so restoring in this order satisfies the foreign keys.
_ORDER: tuple[tuple[str, type[Base]], ...] = (
    ("cells", FrameworkCell),
    ("ratings", NasssRating),
    ("cell_codings", FrameworkCellCoding),
    ("evidence", NasssEvidence),
    ("memos", Memo),
)


class Dependents:
    def __init__(self) -> None:
        self.saved: dict[str, list[Row]] = {name: [] for name, _ in _ORDER}

    def capture_codings(self, session: Session, coding_ids: Collection[int]) -> None:
        ids = list(coding_ids)
        if not ids:
            return
        self._add("evidence", snapshot(session, NasssEvidence, NasssEvidence.coding_id.in_(ids)))
        links = snapshot(session, FrameworkCellCoding, FrameworkCellCoding.coding_id.in_(ids))
        self._add("cell_codings", links)
        self._capture_memos(session, "coding", ids)

    def capture_cases(self, session: Session, case_ids: Collection[int]) -> None:
        ids = list(case_ids)
        self._capture_cells(session, FrameworkCell.case_id.in_(ids))
        ratings = snapshot(session, NasssRating, NasssRating.case_id.in_(ids))
        self._add("ratings", ratings)
        rating_ids = [r["id"] for r in ratings]
        evidence = snapshot(session, NasssEvidence, NasssEvidence.rating_id.in_(rating_ids))
        self._add("evidence", evidence)
        self._capture_memos(session, "case", ids)

    def capture_codes(self, session: Session, code_ids: Collection[int]) -> None:
        ids = list(code_ids)
        self._capture_cells(session, FrameworkCell.code_id.in_(ids))
        self._capture_memos(session, "code", ids)

    def _capture_cells(self, session: Session, where: ColumnElement[bool]) -> None:
        cells = snapshot(session, FrameworkCell, where)
        self._add("cells", cells)
        cell_ids = [c["id"] for c in cells]
        links = snapshot(session, FrameworkCellCoding, FrameworkCellCoding.cell_id.in_(cell_ids))
        self._add("cell_codings", links)

    def _capture_memos(self, session: Session, kind: str, target_ids: list[int]) -> None:
        where = and_(Memo.kind == kind, Memo.target_id.in_(target_ids))
        self._add("memos", snapshot(session, Memo, where))

    def remove_memos(self, session: Session) -> None:
        """Memos are not removed by cascade: delete the captured ones with their target."""
        delete_ids(session, Memo, [m["id"] for m in self.saved["memos"]])

    def restore(self, session: Session) -> None:
        """Put back every captured row that is not there any more."""
        for name, model in _ORDER:
            rows = self.saved[name]
            if not rows:
                continue
            ids = [r["id"] for r in rows]
            present = set(session.scalars(select(model.id).where(model.id.in_(ids))))  # type: ignore[attr-defined]
            restore(session, model, [r for r in rows if r["id"] not in present])

    def repoint_codings(self, session: Session, to_coding: int) -> None:
        """Attach captured evidence and cell links to ``to_coding`` (a joined segment)."""
        seen: set[tuple[str, int]] = set()
        for name, model, key in (
            ("evidence", NasssEvidence, "rating_id"),
            ("cell_codings", FrameworkCellCoding, "cell_id"),
        ):
            rows = []
            for row in self.saved[name]:
                if (name, row[key]) not in seen:
                    seen.add((name, row[key]))
                    rows.append(
                        {k: v for k, v in row.items() if k != "id"} | {"coding_id": to_coding}
                    )
            restore(session, model, rows)

    def _add(self, name: str, rows: list[Row]) -> None:
        known = {r["id"] for r in self.saved[name]}
        self.saved[name].extend(r for r in rows if r["id"] not in known)
