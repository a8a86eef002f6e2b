"""The demo's synthesis, as a team lead would write it: an executive summary, NASSS ratings
with evidence for two technologies, framework-matrix summaries and a recommendation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import Case, Document
from workbench.ops.cases import CreateCase, LinkDocumentToCase
from workbench.ops.framework_matrix import SetCellSummary
from workbench.ops.memos import CreateMemo
from workbench.ops.nasss import MarkCaseForAssessment, RateDomain, SetEvidence
from workbench.queries.framework_matrix import cell_quotes
from workbench.queries.nasss import proposed_evidence

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.project import Project

EVIDENCE_PER_RATING = 3


def add_synthesis(project: Project, plan: dict[str, Any], code_id: Callable[[str], int]) -> None:
    summary = plan.get("summary")
    if summary:
        project.execute(CreateMemo(kind="project", title=summary["title"], text=summary["text"],
                                   author_id=project.user_id))  # fmt: skip
    with project.reading() as session:
        documents = dict(session.execute(select(Document.original_name, Document.id)).all())
        cases = dict(session.execute(select(Case.name, Case.id)).all())
    for entry in plan.get("assessed", []):
        _assess(project, entry, documents)
    for entry in plan.get("summaries", []):
        case_id, code = cases[entry["case"]], code_id(entry["code"])
        linked = [q.coding_id for q in cell_quotes(project, case_id, code)]
        project.execute(SetCellSummary(case_id, code, entry["text"], linked,
                                       author_id=project.user_id))  # fmt: skip
    for entry in plan.get("recommendations", []):
        project.execute(CreateMemo(kind="recommendation", title=entry["title"],
                                   text=entry["text"], target_id=code_id(entry["code"]),
                                   author_id=project.user_id))  # fmt: skip


def _assess(project: Project, entry: dict[str, Any], documents: dict[str, int]) -> None:
    create = CreateCase(name=entry["name"])
    project.execute(create)
    assert create.case_id is not None
    case_id = create.case_id
    project.execute(MarkCaseForAssessment(case_id, entry["case_type"]))
    for name in entry["documents"]:
        project.execute(LinkDocumentToCase(case_id=case_id, document_id=documents[name]))
    for rating in entry["ratings"]:
        key = rating["key"]
        project.execute(RateDomain(case_id, key, rating["rating"], rating["rationale"],
                                   rater_id=project.user_id))  # fmt: skip
        own = [p.segment.coding_id for p in proposed_evidence(project, case_id, key)]
        if own:
            project.execute(SetEvidence(case_id, key, own[:EVIDENCE_PER_RATING],
                                        rater_id=project.user_id))  # fmt: skip
