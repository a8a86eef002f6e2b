"""A person's answers to suggestions: accept, reject, accept all; each one undoable step."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from storage.models import Coding, SuggestionVerdict
from tests.workbench.ops_support import (
    apply_coding,
    assert_audit_free_of_text,
    audit_operations,
    table_rows,
)
from tests.workbench.test_suggestions_study import UNCODED_WARD, Study, build_study
from workbench.errors import OperationError
from workbench.project import Coder, Project
from workbench.suggestions import (
    AcceptAllForCode,
    AcceptSuggestion,
    RejectSuggestion,
    Suggestion,
    suggestion_queue,
)

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return build_study(project, tmp_path)


def _suggestion(project: Project, study: Study, sentence: str, code_id: int) -> Suggestion:
    start, end = study.span(project, study.uncoded, sentence)
    return Suggestion(study.uncoded, start, end, code_id, "classifier", 0.9, "classifier 0.90")


def _codings(project: Project, document_id: int) -> list[tuple[int, int, int, int | None, str]]:
    with project.reading() as session:
        rows = session.execute(
            select(Coding.code_id, Coding.start, Coding.end, Coding.user_id, Coding.origin)
            .where(Coding.document_id == document_id)
            .order_by(Coding.start)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _verdicts(project: Project) -> list[tuple[int, int, str, str, int | None]]:
    with project.reading() as session:
        rows = session.execute(
            select(SuggestionVerdict.code_id, SuggestionVerdict.start, SuggestionVerdict.verdict,
                   SuggestionVerdict.source, SuggestionVerdict.user_id)
            .order_by(SuggestionVerdict.id)
        )  # fmt: skip
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_accepting_codes_the_sentence_as_the_person_with_the_machine_origin(
    project: Project, study: Study
) -> None:
    suggestion = _suggestion(project, study, UNCODED_WARD[0], study.connectivity)
    accept = AcceptSuggestion(suggestion, user_id=project.user_id)
    project.execute(accept)
    start, end = suggestion.start, suggestion.end
    assert _codings(project, study.uncoded) == [
        (study.connectivity, start, end, project.user_id, "classifier")
    ]
    assert _verdicts(project) == [(study.connectivity, start, "accepted", "classifier",
                                   project.user_id)]  # fmt: skip
    assert accept.coding_id is not None
    assert project.undo_stack.undo_label == "Accept suggestion “Connectivity”"
    assert_audit_free_of_text(project)


def test_undoing_an_acceptance_removes_the_coding_and_its_verdict_and_redo_puts_them_back(
    project: Project, study: Study
) -> None:
    before = table_rows(project, Coding, SuggestionVerdict)
    project.execute(AcceptSuggestion(_suggestion(project, study, UNCODED_WARD[2], study.funding),
                                     user_id=project.user_id))  # fmt: skip
    after = table_rows(project, Coding, SuggestionVerdict)
    project.undo()
    assert table_rows(project, Coding, SuggestionVerdict) == before
    project.redo()
    again = table_rows(project, Coding, SuggestionVerdict)
    assert again[1] == after[1]  # the very same verdict row
    untimed = [{k: v for k, v in row.items() if not k.endswith("_at")} for row in again[0]]
    assert untimed == [{k: v for k, v in row.items() if not k.endswith("_at")} for row in after[0]]
    assert audit_operations(project)[-3:] == [
        "AcceptSuggestion", "AcceptSuggestion:undo", "AcceptSuggestion:redo"
    ]  # fmt: skip


def test_an_accepted_suggestion_joins_the_persons_overlapping_coding_of_that_code(
    project: Project, study: Study
) -> None:
    suggestion = _suggestion(project, study, UNCODED_WARD[0], study.connectivity)
    apply_coding(
        project, study.uncoded, study.connectivity, (suggestion.start, suggestion.start + 9)
    )
    project.execute(AcceptSuggestion(suggestion, user_id=project.user_id))
    # Partly the person's own coding, so the joined segment counts as theirs.
    assert _codings(project, study.uncoded) == [
        (study.connectivity, suggestion.start, suggestion.end, project.user_id, "")
    ]


def test_the_coding_and_verdict_belong_to_whoever_accepted(project: Project, study: Study) -> None:
    with project.transaction() as session:
        bea = project.user_for(session, Coder("Bea Lead", "BL", "lead"))
    suggestion = _suggestion(project, study, UNCODED_WARD[0], study.connectivity)
    project.execute(AcceptSuggestion(suggestion, user_id=bea))
    [(_, _, _, user_id, origin)] = _codings(project, study.uncoded)
    assert (user_id, origin) == (bea, "classifier")
    assert _verdicts(project)[0][-1] == bea


def test_a_rejection_is_remembered_and_changes_no_coding(project: Project, study: Study) -> None:
    suggestion = replace(
        _suggestion(project, study, UNCODED_WARD[3], study.connectivity),
        source="keywords", score=1.0, reason="keyword “wifi”",
    )  # fmt: skip
    codings = table_rows(project, Coding)
    changes = project.execute(RejectSuggestion(suggestion, user_id=project.user_id))
    assert changes.empty
    assert table_rows(project, Coding) == codings
    assert _verdicts(project) == [(study.connectivity, suggestion.start, "rejected", "keywords",
                                   project.user_id)]  # fmt: skip
    project.undo()
    assert _verdicts(project) == []
    assert_audit_free_of_text(project)


def test_accept_all_for_a_code_is_one_undoable_step(project: Project, study: Study) -> None:
    queue = suggestion_queue(project, source="keywords", configured="blank")
    wanted = [s for s in queue.suggestions if s.code_id == study.connectivity]
    assert len(wanted) >= 1
    extra = _suggestion(project, study, UNCODED_WARD[0], study.connectivity)
    before = table_rows(project, Coding, SuggestionVerdict)
    accept_all = AcceptAllForCode(study.connectivity, [*wanted, extra], user_id=project.user_id)
    project.execute(accept_all)
    codings = _codings(project, study.uncoded)
    assert {(c[0], c[3]) for c in codings} == {(study.connectivity, project.user_id)}
    assert sorted(c[4] for c in codings) == sorted(["classifier", *["keywords"] * len(wanted)])
    assert len(accept_all.coding_ids) == len(codings)
    assert (
        project.undo_stack.undo_label == f"Accept {len(wanted) + 1} suggestions for “Connectivity”"
    )
    assert suggestion_queue(project, source="keywords", configured="blank").suggestions == tuple(
        s for s in queue.suggestions if s.code_id != study.connectivity
    )
    project.undo()
    assert table_rows(project, Coding, SuggestionVerdict) == before
    assert not project.undo_stack.can_undo
    assert_audit_free_of_text(project)


def test_accept_all_takes_one_code_only(project: Project, study: Study) -> None:
    mixed = [
        _suggestion(project, study, UNCODED_WARD[0], study.connectivity),
        _suggestion(project, study, UNCODED_WARD[1], study.funding),
    ]
    with pytest.raises(OperationError, match="one code"):
        AcceptAllForCode(study.connectivity, mixed, user_id=project.user_id)


def test_a_heading_cannot_be_accepted(project: Project, study: Study) -> None:
    suggestion = _suggestion(project, study, UNCODED_WARD[0], study.heading)
    with pytest.raises(OperationError, match="heading"):
        project.execute(AcceptSuggestion(suggestion, user_id=project.user_id))
    assert _codings(project, study.uncoded) == []
    assert _verdicts(project) == []


def test_an_unknown_source_is_refused(project: Project, study: Study) -> None:
    suggestion = Suggestion(study.uncoded, 0, 5, study.funding, "oracle", 1.0, "")
    with pytest.raises(OperationError, match="oracle"):
        AcceptSuggestion(suggestion, user_id=project.user_id)
