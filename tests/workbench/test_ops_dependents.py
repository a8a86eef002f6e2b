"""Undo puts back what hangs off a coding or case: NASSS evidence, matrix links, memos."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, insert, select

from storage.models import (
    FrameworkCell,
    FrameworkCellCoding,
    Memo,
    NasssEvidence,
    NasssRating,
)
from workbench.errors import OperationError
from workbench.importing.service import import_files
from workbench.ops.cases import (
    CreateAttribute,
    DeleteCase,
    LinkDocumentToCase,
    SetCaseValue,
)
from workbench.ops.codes import CreateCode, DeleteCode
from workbench.ops.codings import ApplyCoding, RemoveCoding
from workbench.ops.memos import CreateMemo
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> dict[str, int]:
    source = tmp_path / "p01.txt"
    source.write_text("Interviewer: Why?\nP01: The wifi kept dropping out.\n", encoding="utf-8")
    document = import_files(project, [source]).document_ids[0]
    code = CreateCode(name="Connectivity")
    project.execute(code)
    assert code.code_id is not None
    apply = ApplyCoding(document_id=document, code_id=code.code_id, start=23, end=31,
                        user_id=project.user_id)  # fmt: skip
    project.execute(apply)
    assert apply.coding_id is not None
    case = list_cases(project)[0].id
    with project.transaction() as session:
        rating = session.execute(
            insert(NasssRating).values(case_id=case, domain_key="2A", rating="complex")
            .returning(NasssRating.id)
        ).scalar_one()  # fmt: skip
        session.execute(insert(NasssEvidence).values(rating_id=rating, coding_id=apply.coding_id))
        cell = session.execute(
            insert(FrameworkCell).values(case_id=case, code_id=code.code_id, summary="Patchy")
            .returning(FrameworkCell.id)
        ).scalar_one()  # fmt: skip
        session.execute(insert(FrameworkCellCoding).values(cell_id=cell, coding_id=apply.coding_id))
    project.execute(CreateMemo(kind="coding", target_id=apply.coding_id, text="why wifi"))
    project.execute(CreateMemo(kind="case", target_id=case, text="ward site"))
    return {"document": document, "code": code.code_id, "coding": apply.coding_id, "case": case}


def _counts(project: Project) -> dict[str, int]:
    with project.reading() as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (NasssRating, NasssEvidence, FrameworkCell, FrameworkCellCoding, Memo)
        }


FULL = {"nasss_ratings": 1, "nasss_evidence": 1, "framework_cells": 1,
        "framework_cell_codings": 1, "memos": 2}  # fmt: skip


def test_removing_a_coding_and_undoing_brings_back_its_evidence_links_and_memo(
    project: Project, coded: dict[str, int]
) -> None:
    assert _counts(project) == FULL
    project.execute(RemoveCoding(coded["coding"]))
    assert _counts(project) == FULL | {"nasss_evidence": 0, "framework_cell_codings": 0,
                                       "memos": 1}  # fmt: skip
    project.undo()
    assert _counts(project) == FULL


def test_deleting_a_case_and_undoing_brings_back_its_ratings_cells_and_memo(
    project: Project, coded: dict[str, int]
) -> None:
    project.execute(DeleteCase(coded["case"]))
    assert _counts(project) == {"nasss_ratings": 0, "nasss_evidence": 0, "framework_cells": 0,
                                "framework_cell_codings": 0, "memos": 1}  # fmt: skip
    project.undo()
    assert _counts(project) == FULL


def test_deleting_a_code_and_undoing_brings_back_everything_below_it(
    project: Project, coded: dict[str, int]
) -> None:
    project.execute(DeleteCode(coded["code"]))
    assert _counts(project)["framework_cells"] == 0
    project.undo()
    assert _counts(project) == FULL
    project.redo()
    project.undo()
    assert _counts(project) == FULL


def test_joining_a_coding_keeps_its_evidence_on_the_joined_segment(
    project: Project, coded: dict[str, int]
) -> None:
    wider = ApplyCoding(document_id=coded["document"], code_id=coded["code"], start=19,
                        end=40, user_id=project.user_id)  # fmt: skip
    project.execute(wider)
    with project.reading() as session:
        evidence = session.scalars(select(NasssEvidence.coding_id)).all()
    assert evidence == [wider.coding_id]
    project.undo()
    with project.reading() as session:
        assert session.scalars(select(NasssEvidence.coding_id)).all() == [coded["coding"]]


def test_a_document_is_linked_to_a_case_once(project: Project, coded: dict[str, int]) -> None:
    link = LinkDocumentToCase(case_id=coded["case"], document_id=coded["document"])
    project.execute(link)
    with pytest.raises(OperationError, match="already belongs"):
        project.execute(LinkDocumentToCase(case_id=coded["case"], document_id=coded["document"]))
    with pytest.raises(OperationError, match="no longer exists"):
        project.execute(LinkDocumentToCase(case_id=999, document_id=coded["document"]))
    project.undo()
    project.redo()


def test_number_and_choice_attributes_refuse_values_they_cannot_hold(
    project: Project, coded: dict[str, int]
) -> None:
    years = CreateAttribute(name="Years", kind="number")
    band = CreateAttribute(name="Band", kind="choice", choices=["5", "6", "7"])
    project.execute(years)
    project.execute(band)
    assert years.attribute_id is not None
    assert band.attribute_id is not None
    for value in ("nan", "inf", "ten"):
        with pytest.raises(OperationError, match="takes a number"):
            project.execute(SetCaseValue(case_id=coded["case"], attribute_id=years.attribute_id,
                                         value=value))  # fmt: skip
    with pytest.raises(OperationError, match="takes one of: 5, 6, 7"):
        project.execute(SetCaseValue(case_id=coded["case"], attribute_id=band.attribute_id,
                                     value="9"))  # fmt: skip
    project.execute(SetCaseValue(case_id=coded["case"], attribute_id=band.attribute_id,
                                 value="6"))  # fmt: skip
    assert list_cases(project)[0].attributes == {"Band": "6"}
