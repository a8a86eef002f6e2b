"""Writing the summaries of the Framework Method matrix, with links to the quotes they rest on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update

from storage.models import Case, Code, FrameworkCell, FrameworkCellCoding, utc_now
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.queries.framework_matrix import coding_cases
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from sqlalchemy.orm import Session


class SetCellSummary(Command):
    """Write the summary of one case x code cell, creating the cell if it is new.

    ``linked_coding_ids`` replaces the cell's links to its quotes; ``None`` leaves them as they
    are. Undo puts back the previous summary, author, date and links, or removes a new cell.
    """

    object_kind = "framework_cell"
    label = "Edit matrix summary"

    def __init__(
        self,
        case_id: int,
        code_id: int,
        summary: str,
        linked_coding_ids: Iterable[int] | None = None,
        *,
        author_id: int | None = None,
    ) -> None:
        self.case_id, self.code_id, self.summary = case_id, code_id, summary
        self.links = None if linked_coding_ids is None else list(dict.fromkeys(linked_coding_ids))
        self.author_id = author_id
        self.cell_id: int | None = None
        self.before_cell: list[Row] = []
        self.before_links: list[Row] = []
        # Kept from the first do, so that redo gives back exactly the same rows.
        self.modified_at: datetime | None = None
        self.link_row_ids: list[int] = []

    def do(self, session: Session) -> Changes:
        self._check(session)
        self.before_cell = snapshot(
            session,
            FrameworkCell,
            FrameworkCell.case_id == self.case_id,
            FrameworkCell.code_id == self.code_id,
        )
        self.modified_at = self.modified_at or utc_now()
        values: dict[str, Any] = {"summary": self.summary, "author_id": self.author_id}
        values["modified_at"] = self.modified_at
        if self.before_cell:
            self.cell_id = self.before_cell[0]["id"]
            self.before_links = snapshot(
                session, FrameworkCellCoding, FrameworkCellCoding.cell_id == self.cell_id
            )
            session.execute(update(FrameworkCell).where(FrameworkCell.id == self.cell_id), values)
        else:
            values |= {"case_id": self.case_id, "code_id": self.code_id}
            if self.cell_id is not None:
                values["id"] = self.cell_id
            inserted = session.execute(
                insert(FrameworkCell).values(**values).returning(FrameworkCell.id)
            )
            self.cell_id = inserted.scalar_one()
        if self.links is not None:
            self._replace_links(session)
        return self._changes()

    def undo(self, session: Session) -> Changes:
        assert self.cell_id is not None
        if self.links is not None or not self.before_cell:
            session.execute(
                delete(FrameworkCellCoding).where(FrameworkCellCoding.cell_id == self.cell_id)
            )
        if not self.before_cell:
            delete_ids(session, FrameworkCell, [self.cell_id])
            return self._changes()
        before = {k: self.before_cell[0][k] for k in ("summary", "author_id", "modified_at")}
        session.execute(update(FrameworkCell).where(FrameworkCell.id == self.cell_id), before)
        if self.links is not None:
            restore(session, FrameworkCellCoding, self.before_links)
        return self._changes()

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        # Lengths, never the summary: analysts quote participants in their summaries.
        before: dict[str, Any] = {}
        if self.before_cell:
            before = {"summary_chars": len(self.before_cell[0]["summary"])}
            before["links"] = [r["coding_id"] for r in self.before_links]
        after: dict[str, Any] = {"case": self.case_id, "code": self.code_id}
        after["summary_chars"] = len(self.summary)
        if self.links is not None:
            after["links"] = self.links
        return self.cell_id, before, after

    def _changes(self) -> Changes:
        return Changes(
            cases=frozenset({self.case_id}), codes=frozenset({self.code_id}), synthesis=True
        )

    def _replace_links(self, session: Session) -> None:
        assert self.links is not None
        session.execute(
            delete(FrameworkCellCoding).where(FrameworkCellCoding.cell_id == self.cell_id)
        )
        if not self.links:
            return
        rows: list[dict[str, Any]] = [
            {"cell_id": self.cell_id, "coding_id": coding} for coding in self.links
        ]
        if self.link_row_ids:
            for row, row_id in zip(rows, self.link_row_ids, strict=True):
                row["id"] = row_id
        inserted = session.execute(
            insert(FrameworkCellCoding).returning(
                FrameworkCellCoding.id, sort_by_parameter_order=True
            ),
            rows,
        )
        self.link_row_ids = list(inserted.scalars())

    def _check(self, session: Session) -> None:
        case = session.scalar(select(Case.name).where(Case.id == self.case_id))
        code = session.scalar(select(Code.name).where(Code.id == self.code_id))
        if case is None:
            raise OperationError("That case no longer exists; the summary was not saved")
        if code is None:
            raise OperationError("That code no longer exists; the summary was not saved")
        if not self.links:
            return
        found = coding_cases(session, self.links)
        missing = [c for c in self.links if c not in found]
        if missing:
            raise OperationError(
                f"{_listed(missing, 'no longer exists', 'no longer exist')}; "
                "the summary was not saved"
            )
        elsewhere = [c for c in self.links if found[c] != (self.code_id, self.case_id)]
        if elsewhere:
            raise OperationError(
                f"A summary can only rest on quotes of its own cell ({case} × {code}): "
                f"{_listed(elsewhere, 'belongs', 'belong')} to another case or code. "
                "The summary was not saved"
            )


def _listed(coding_ids: list[int], singular: str, plural: str) -> str:
    if len(coding_ids) == 1:
        return f"quote {coding_ids[0]} {singular}"
    return f"quotes {', '.join(str(c) for c in coding_ids)} {plural}"
