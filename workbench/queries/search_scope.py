"""Where a search looks: chosen documents, chosen cases, passages coded with chosen codes.

A scope resolves to ``[start, end)`` ranges per document (code points, merged and sorted):
- a document is its whole text;
- a case is every document linked to it as a whole, every span linked to it, and every turn of
  the speakers linked to it (a participant's own words in a group interview);
- a code is every passage coded with it or with any code below it in the tree (a framework
  domain holds its sub-domains' codings).
Given several of these, a hit must be inside all of them (cases P01 and P02 *and* code Trust:
the two participants' words coded Trust). Only the documents the scope touches are searched,
and only hits lying wholly inside one range are kept.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Case, CaseMember, Code, Coding, DocSpan, Document, Speaker
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, find_codes, list_codes
from workbench.queries.search import search

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

    from sqlalchemy.orm import Session

    from workbench.project import Project
    from workbench.queries.search import Hit

Range = tuple[int, int]
Ranges = dict[int, tuple[Range, ...]]  # document id -> sorted, merged, non-empty ranges
_SHOWN_NAMES = 8  # names listed when a name is not found


@dataclass(frozen=True, slots=True)
class SearchScope:
    """Ids to search within; None means no limit of that kind."""

    documents: frozenset[int] | None = None
    cases: frozenset[int] | None = None
    codes: frozenset[int] | None = None

    @property
    def everything(self) -> bool:
        return self.documents is None and self.cases is None and self.codes is None


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """How the query matches: exact text by default, or whole words, a regex, or lemmas."""

    lemma: bool = False
    regex: bool = False
    whole_words: bool = False
    case_sensitive: bool = False
    configured: str | None = None  # the spaCy pipeline for lemma search


def search_within(
    project: Project, query: str, options: SearchOptions, scope: SearchScope | None = None
) -> list[Hit]:
    """Hits of ``query`` inside ``scope`` (everywhere when None), in document order."""
    ranges = None if scope is None else scope_ranges(project, scope)
    if ranges is not None and not ranges:
        _check_query(query, options)  # a bad pattern is still an error, even with nothing to search
        return []
    ids = None if ranges is None else set(ranges)
    if options.lemma:
        from workbench.queries.lemma_search import lemma_search

        hits = lemma_search(project, query, document_ids=ids, configured=options.configured)
    else:
        hits = search(project, query, regex=options.regex, case_sensitive=options.case_sensitive,
                      whole_words=options.whole_words, document_ids=ids)  # fmt: skip
    return hits if ranges is None else within(hits, ranges)


def _check_query(query: str, options: SearchOptions) -> None:
    if options.lemma:
        if not query.strip():
            raise OperationError("Type a word to search for")
        return
    from workbench.queries.search import compile_pattern

    compile_pattern(query, regex=options.regex, case_sensitive=options.case_sensitive,
                    whole_words=options.whole_words)  # fmt: skip


def within(hits: Iterable[Hit], ranges: Ranges) -> list[Hit]:
    """The hits lying wholly inside one of their document's ranges."""
    starts = {doc: [start for start, _ in spans] for doc, spans in ranges.items()}
    kept = []
    for hit in hits:
        spans = ranges.get(hit.document_id, ())
        index = bisect_right(starts.get(hit.document_id, []), hit.start) - 1
        if index >= 0 and hit.end <= spans[index][1]:
            kept.append(hit)
    return kept


def scope_ranges(project: Project, scope: SearchScope) -> Ranges | None:
    """The ranges ``scope`` covers per document; None when it covers the whole project."""
    if scope.everything:
        return None
    found: list[Ranges] = []
    case_parts: Ranges = {}
    case_documents: set[int] = set()
    with project.reading() as session:
        if scope.cases is not None:
            case_parts, case_documents = _case_ranges(session, scope.cases)
        if scope.codes is not None:
            found.append(_code_ranges(session, scope.codes))
    if scope.cases is not None:  # whole documents are measured outside the reading session
        found.append(case_parts | _whole(project, case_documents))
    if scope.documents is not None:
        found.append(_whole(project, scope.documents))
    result = found[0]
    for other in found[1:]:
        result = _intersection(result, other)
    return result


# ---------------------------------------------------------------- each kind of scope
def _whole(project: Project, document_ids: Collection[int]) -> Ranges:
    texts = project.document_texts(frozenset(document_ids))
    return {doc: ((0, len(text)),) for doc, text in texts.items() if text}


def _case_ranges(session: Session, case_ids: Collection[int]) -> tuple[Ranges, set[int]]:
    """The spans and turns of the cases, and the documents they hold whole."""
    ids = list(case_ids)
    whole_docs = session.scalars(
        select(CaseMember.document_id).where(
            CaseMember.case_id.in_(ids), CaseMember.span_id.is_(None)
        )
    ).all()
    linked_spans = select(DocSpan.document_id, DocSpan.start, DocSpan.end).join(
        CaseMember, CaseMember.span_id == DocSpan.id
    )
    spoken = select(DocSpan.document_id, DocSpan.start, DocSpan.end).join(
        Speaker, Speaker.id == DocSpan.speaker_id
    )
    pieces = [
        *session.execute(linked_spans.where(CaseMember.case_id.in_(ids))),
        *session.execute(spoken.where(DocSpan.kind == "turn", Speaker.case_id.in_(ids))),
    ]
    return _merged_by_document(pieces), set(whole_docs)


def _code_ranges(session: Session, code_ids: Collection[int]) -> Ranges:
    children: dict[int | None, list[int]] = {}
    for code_id, parent in session.execute(select(Code.id, Code.parent_id)):
        children.setdefault(parent, []).append(code_id)
    wanted, stack = set(), list(code_ids)
    while stack:  # the chosen codes and every code below them
        code_id = stack.pop()
        if code_id not in wanted:
            wanted.add(code_id)
            stack.extend(children.get(code_id, []))
    coded = select(Coding.document_id, Coding.start, Coding.end).where(
        Coding.code_id.in_(list(wanted))
    )
    return _merged_by_document(session.execute(coded))


# ---------------------------------------------------------------- range arithmetic
def _merged_by_document(pieces: Iterable[tuple[int, int, int]]) -> Ranges:
    by_document: dict[int, list[Range]] = {}
    for doc, start, end in pieces:
        if start < end:
            by_document.setdefault(doc, []).append((start, end))
    return {doc: merged(spans) for doc, spans in by_document.items()}


def merged(spans: Iterable[Range]) -> tuple[Range, ...]:
    """``spans`` sorted, with overlapping and touching ones joined."""
    joined: list[Range] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return tuple(joined)


def _intersection(first: Ranges, second: Ranges) -> Ranges:
    both: Ranges = {}
    for doc in first.keys() & second.keys():
        common = _overlaps(first[doc], second[doc])
        if common:
            both[doc] = common
    return both


def _overlaps(a: Sequence[Range], b: Sequence[Range]) -> tuple[Range, ...]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


# ---------------------------------------------------------------- names, for the CLI
def scope_from_names(
    project: Project,
    *,
    documents: Sequence[str] = (),
    cases: Sequence[str] = (),
    codes: Sequence[str] = (),
) -> SearchScope:
    """The scope the names describe (an empty list: no limit of that kind). A name that is
    not found, or a code name shared by several codes, is a user error."""
    with project.reading() as session:
        doc_ids = _by_name(session, Document, "document", documents)
        case_ids = _by_name(session, Case, "case", cases)
    return SearchScope(doc_ids, case_ids, _codes_by_name(project, codes))


def _by_name(
    session: Session, table: type[Document] | type[Case], what: str, names: Sequence[str]
) -> frozenset[int] | None:
    if not names:
        return None
    rows = session.execute(select(table.id, table.name).order_by(table.name)).all()
    ids: set[int] = set()
    for name in names:
        wanted = name.strip().casefold()
        found = {row_id for row_id, row_name in rows if row_name.casefold() == wanted}
        if not found:
            known = [row_name for _, row_name in rows]
            raise OperationError(f"No {what} is called “{name}”.{_listing(what, known)}")
        ids |= found
    return frozenset(ids)


def _codes_by_name(project: Project, names: Sequence[str]) -> frozenset[int] | None:
    if not names:
        return None
    ids: set[int] = set()
    for name in names:
        found = find_codes(project, name)
        if not found:
            raise OperationError(
                f"No code is called “{name}” (give its name, its path such as "
                "“Parent/Child”, or FRAMEWORK:KEY)."
            )
        if len(found) > 1:
            paths = code_paths(list_codes(project))
            choices = "; ".join(paths[c.id] for c in found)
            raise OperationError(f"“{name}” names {len(found)} codes; give its path: {choices}")
        ids.add(found[0].id)
    return frozenset(ids)


def _listing(what: str, names: Sequence[str]) -> str:
    if not names:
        return f" The project has no {what}s."
    shown = ", ".join(f"“{n}”" for n in names[:_SHOWN_NAMES])
    more = f" and {len(names) - _SHOWN_NAMES} more" if len(names) > _SHOWN_NAMES else ""
    return f" The project's {what}s: {shown}{more}."
