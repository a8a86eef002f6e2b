"""Text and regular-expression search across documents, with keyword-in-context hits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Document
from workbench.errors import OperationError

if TYPE_CHECKING:
    from collections.abc import Collection

    from workbench.project import Project

CONTEXT_CHARS = 50


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    document_name: str
    start: int
    end: int
    before: str
    match: str
    after: str


def compile_pattern(
    pattern: str, *, regex: bool = False, case_sensitive: bool = False, whole_words: bool = False
) -> re.Pattern[str]:
    """The search as a compiled pattern; a bad regular expression is a user error."""
    if not pattern:
        raise OperationError("Type something to search for")
    body = pattern if regex else re.escape(pattern)
    if whole_words:
        body = rf"\b(?:{body})\b"
    try:
        return re.compile(body, 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise OperationError(f"“{pattern}” is not a valid regular expression: {exc}") from None


def search(
    project: Project,
    pattern: str,
    *,
    regex: bool = False,
    case_sensitive: bool = False,
    whole_words: bool = False,
    document_ids: Collection[int] | None = None,
) -> list[Hit]:
    """Every non-empty match, in document order, with a little context either side."""
    compiled = compile_pattern(
        pattern, regex=regex, case_sensitive=case_sensitive, whole_words=whole_words
    )
    query = select(Document.id, Document.name).order_by(Document.name, Document.id)
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    with project.reading() as session:
        documents = session.execute(query).all()
    hits = []
    for doc_id, name in documents:
        text = project.document_text(doc_id)
        for match in compiled.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            hits.append(Hit(doc_id, name, start, end, before, text[start:end], after))
    return hits
