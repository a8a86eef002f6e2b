"""Counts for ``workbench stats``: a machine-readable summary of a project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from storage.models import Attribute, Case, Code, Coding, Memo, Speaker, User
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from workbench.project import Project


def project_stats(project: Project) -> dict[str, Any]:
    documents = list_documents(project)
    with project.reading() as session:

        def count(column: Any) -> int:
            return int(session.scalar(select(func.count(column))) or 0)

        frameworks = dict(
            session.execute(
                select(Code.framework, func.count())
                .where(Code.framework != "")
                .group_by(Code.framework)
            ).all()
        )
        stats: dict[str, Any] = {
            "documents": [
                {
                    "name": d.name,
                    "kind": d.kind,
                    "words": d.words,
                    "speakers": list(d.speakers),
                    "turns": d.turns,
                    "codings": d.codings,
                }
                for d in documents
            ],
            "cases": count(Case.id),
            "speakers": count(Speaker.id),
            "codes": count(Code.id),
            "codings": count(Coding.id),
            "memos": count(Memo.id),
            "attributes": count(Attribute.id),
            "coders": count(User.id),
            "words": sum(d.words for d in documents),
            "codes_by_framework": frameworks,
        }
    return stats
