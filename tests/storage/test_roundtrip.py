"""Everything written to a project file comes back, unchanged, after closing and reopening."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from sqlalchemy import insert

from storage.models import (
    Base,
    DeidDecision,
    FrameworkCell,
    FrameworkCellCoding,
    IdentifiableOriginal,
    NasssEvidence,
    NasssRating,
    Pseudonym,
    Review,
    SuggestionVerdict,
)
from workbench.codebooks import LoadCodebook
from workbench.importing.service import import_files
from workbench.ops.cases import CreateAttribute, LinkDocumentToCase, SetCaseValue
from workbench.ops.codings import ApplyCoding
from workbench.ops.memos import CreateMemo
from workbench.project import Coder, Project
from workbench.queries.codes import find_codes
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from pathlib import Path

TABLES = [table.name for table in Base.metadata.sorted_tables]


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        dump = {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY id').fetchall()
            for name in TABLES
        }
        # The index is contentless: what it holds shows in which words find which spans.
        dump["doc_fts"] = connection.execute(
            "SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'the OR and OR i' ORDER BY rowid"
        ).fetchall()
    return dump


def _fill(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "p01.txt"
    source.write_text(
        "Interviewer: What got in the way?\nP01: The wifi 😊 kept dropping out.\n"
        "P01: And nobody owned the kit.\n",
        encoding="utf-8",
    )
    document_id = import_files(project, [source]).document_ids[0]
    project.execute(LoadCodebook("nasss", user_id=project.user_id))
    code_id = find_codes(project, "NASSS:2A")[0].id
    text = project.document_text(document_id)
    start = text.index("The wifi")
    apply = ApplyCoding(
        document_id=document_id, code_id=code_id, start=start, end=start + 29,
        user_id=project.user_id,
    )  # fmt: skip
    project.execute(apply)
    case_id = list_cases(project)[0].id
    attribute = CreateAttribute(name="Site", kind="text")
    project.execute(attribute)
    assert attribute.attribute_id is not None
    project.execute(SetCaseValue(case_id=case_id, attribute_id=attribute.attribute_id, value="A"))
    project.execute(LinkDocumentToCase(case_id=case_id, document_id=document_id))
    project.execute(CreateMemo(kind="journal", title="Day 1", text="*Notes*"))
    with project.transaction() as session:
        rating = session.execute(
            insert(NasssRating).values(case_id=case_id, domain_key="2A", rating="complex")
            .returning(NasssRating.id)
        ).scalar_one()  # fmt: skip
        session.execute(insert(NasssEvidence).values(rating_id=rating, coding_id=apply.coding_id))
        cell = session.execute(
            insert(FrameworkCell).values(case_id=case_id, code_id=code_id, summary="Unreliable")
            .returning(FrameworkCell.id)
        ).scalar_one()  # fmt: skip
        session.execute(insert(FrameworkCellCoding).values(cell_id=cell, coding_id=apply.coding_id))
        session.execute(
            insert(Review).values(target_kind="coding", target_id=apply.coding_id, verdict="agree")
        )
        session.execute(insert(Pseudonym).values(original="Northvale", replacement="Site A"))
        code_id = apply.code_id
        session.execute(
            insert(SuggestionVerdict).values(
                document_id=1, code_id=code_id, start=0, end=5, verdict="rejected"
            )
        )
        session.execute(
            insert(DeidDecision).values(document_id=1, start=0, end=5, verdict="accepted")
        )
        session.execute(insert(IdentifiableOriginal).values(document_id=1, text="Original 😊"))


def test_every_table_survives_close_and_reopen(project_path: Path, tmp_path: Path) -> None:
    with Project.create(project_path, title="Round trip", coder=Coder("Ana", "AR")) as project:
        _fill(project, tmp_path)
    before = _dump(project_path)
    empty = [name for name, rows in before.items() if not rows]
    assert empty == [], f"the test must fill every table; empty: {empty}"
    with Project.open(project_path, coder=Coder("Ana", "AR")) as reopened:
        assert reopened.document_text(1).count("😊") == 1
    assert _dump(project_path) == before
