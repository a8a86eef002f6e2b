"""Bringing a returned review pack's feedback into the lead's project, and reading it back.

Feedback is matched to the project's codings, codes and documents by guid (the pack keeps the
project's guids). A pack made from another project is refused with nothing changed; feedback
about something the lead has removed since is counted, not imported. Importing the same pack
again adds nothing (:mod:`workbench.review.ops`).

:func:`review_feedback` lists the feedback per coding, code and document with its counts and
whether the lead has resolved it; :func:`feedback_for_report` sums it per code for the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import aliased

from storage.models import Code, Coding, Document, ProjectInfo, Review, User
from workbench.errors import OperationError
from workbench.project import Coder, Project
from workbench.queries.codes import code_paths, list_codes
from workbench.review.ops import ImportReviews, PackReview, plan_import
from workbench.review.pack_open import pack_info_of_file

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from pathlib import Path

    from sqlalchemy.orm import Session

    from workbench.review.ops import ImportPlan


@dataclass(frozen=True, slots=True)
class FeedbackReport:
    """What an import brought in, in counts (never a comment's words)."""

    pack: str
    reviewers: tuple[str, ...]
    in_pack: int  # pieces of feedback in the pack
    added: int
    updated: int  # a reviewer's later verdict replaced the one imported before
    unchanged: int  # already imported
    left_out: int  # about codings, codes or documents removed from the project since
    recoded: int  # about codings recoded since the pack was made

    def lines(self) -> list[str]:
        if not self.in_pack:
            return [f"{self.pack} holds no feedback yet: nothing to import."]
        who = ", ".join(self.reviewers)
        lines = [f"{self.pack}: {self.in_pack} pieces of feedback from {who}."]
        lines.append(f"Imported {self.added} new, {self.updated} updated; "
                     f"{self.unchanged} were already here.")  # fmt: skip
        if self.left_out:
            lines.append(f"Left out {self.left_out} about passages or codes removed since the "
                         "pack was made.")  # fmt: skip
        if self.recoded:
            lines.append(f"{self.recoded} are about passages recoded since the pack was made: "
                         "the reviewer saw the earlier code.")  # fmt: skip
        return lines


def import_feedback(project: Project, pack_path: Path) -> FeedbackReport:
    """Bring the feedback in ``pack_path`` into ``project`` as one undoable step."""
    info = pack_info_of_file(pack_path)
    if info is None:
        raise OperationError(f"{pack_path.name} is not a review pack")
    with project.reading() as session:
        here = session.scalar(select(ProjectInfo.guid))
    if info.source_guid != here:
        raise OperationError(f"{pack_path.name} was made from another project, not this one "
                             f"(“{info.title}”). Nothing was imported.")  # fmt: skip
    reviews = read_pack_reviews(pack_path)
    with project.reading() as session:
        plan = plan_import(session, reviews)
    if reviews and plan.left_out == len(reviews):
        raise OperationError("None of the feedback in this pack is about a passage, code or "
                             "document of this project. Nothing was imported.")  # fmt: skip
    if plan.changes_something:
        command = ImportReviews(reviews)
        project.execute(command)
        assert command.plan is not None
        plan = command.plan
    return _report(pack_path.name, reviews, plan)


def _report(name: str, reviews: Sequence[PackReview], plan: ImportPlan) -> FeedbackReport:
    reviewers = tuple(dict.fromkeys(r.reviewer_name for r in reviews))
    return FeedbackReport(name, reviewers, len(reviews), len(plan.added), len(plan.updated),
                          plan.unchanged, plan.left_out, plan.recoded)  # fmt: skip


def read_pack_reviews(pack_path: Path) -> list[PackReview]:
    """Every piece of feedback in a pack, its targets and reviewer named by guid."""
    with (
        Project.open(pack_path, read_only=True, coder=Coder("review import")) as pack,
        pack.reading() as session,
    ):
        return _pack_reviews(session)


def _pack_reviews(session: Session) -> list[PackReview]:
    guids = {
        "coding": dict(session.execute(select(Coding.id, Coding.guid)).all()),
        "code": dict(session.execute(select(Code.id, Code.guid)).all()),
        "document": dict(session.execute(select(Document.id, Document.guid)).all()),
    }
    coded_as = dict(session.execute(select(Coding.id, Code.guid).join(Code)).all())
    pack_guid = session.scalar(select(ProjectInfo.guid)) or ""
    query = (
        select(Review, User.guid, User.name, User.initials)
        .outerjoin(User, User.id == Review.reviewer_id)
        .order_by(Review.id)
    )
    reviews = []
    for review, user_guid, name, initials in session.execute(query):
        target = guids.get(review.target_kind, {}).get(review.target_id)
        if target is None:
            continue
        reviews.append(PackReview(
            review.guid, user_guid or pack_guid, name or "Unnamed reviewer", initials or "",
            review.target_kind, target, review.verdict, review.comment, review.suggested_code,
            review.created_at,
            coded_as.get(review.target_id, "") if review.target_kind == "coding" else "",
        ))  # fmt: skip
    return reviews


# ---------------------------------------------------------------------- reading feedback
@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One reviewer's feedback on one target."""

    id: int
    reviewer: str
    verdict: str  # agree | disagree | unsure
    comment: str
    suggested_code: str
    created_at: datetime
    resolved_by: str | None  # None: not resolved yet

    @property
    def resolved(self) -> bool:
        return self.resolved_by is not None


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """The feedback on one coding, code or document, with its counts."""

    target_kind: str  # coding | code | document
    target_id: int
    code_id: int | None  # the coding's code, or the code itself
    code_path: str
    document_id: int | None
    document_name: str
    start: int | None
    end: int | None
    reviews: tuple[ReviewLine, ...]
    gone: bool = False  # the coding, code or document was removed after the import

    def count(self, verdict: str) -> int:
        return sum(r.verdict == verdict for r in self.reviews)

    @property
    def agree(self) -> int:
        return self.count("agree")

    @property
    def disagree(self) -> int:
        return self.count("disagree")

    @property
    def unsure(self) -> int:
        return self.count("unsure")

    @property
    def comments(self) -> int:
        return sum(bool(r.comment) for r in self.reviews)

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(r.suggested_code for r in self.reviews if r.suggested_code)

    @property
    def unresolved(self) -> int:
        return sum(not r.resolved for r in self.reviews)

    @property
    def resolved(self) -> bool:
        return self.unresolved == 0


def review_feedback(project: Project) -> list[FeedbackItem]:
    """Every piece of feedback grouped by what it is about, in codebook order (feedback on a
    code before its passages, passages in document order), documents after codes."""
    reviewer, resolver = aliased(User), aliased(User)
    query = (
        select(Review.target_kind, Review.target_id, Review.id, reviewer.name, Review.verdict,
               Review.comment, Review.suggested_code, Review.created_at, resolver.name)
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .outerjoin(resolver, resolver.id == Review.resolved_by)
        .order_by(Review.created_at, Review.id)
    )  # fmt: skip
    grouped: dict[tuple[str, int], list[ReviewLine]] = {}
    with project.reading() as session:
        for (
            kind,
            target,
            review_id,
            name,
            verdict,
            comment,
            suggested,
            at,
            resolved_by,
        ) in session.execute(query):
            line = ReviewLine(review_id, name or "Unnamed reviewer", verdict, comment, suggested,
                              at, resolved_by)  # fmt: skip
            grouped.setdefault((kind, target), []).append(line)
        codings = {
            row[0]: row[1:]
            for row in session.execute(
                select(Coding.id, Coding.code_id, Coding.document_id, Coding.start, Coding.end)
                .where(Coding.id.in_([t for k, t in grouped if k == "coding"]))
            )
        }  # fmt: skip
        names = dict(session.execute(select(Document.id, Document.name)).all())
    codes = list_codes(project)
    paths, order = code_paths(codes), {c.id: n for n, c in enumerate(codes)}
    items = []
    for (kind, target), lines in grouped.items():
        code_id = document_id = start = end = None
        if kind == "coding" and target in codings:
            code_id, document_id, start, end = codings[target]
        elif kind == "code":
            code_id = target
        elif kind == "document":
            document_id = target
        gone = (kind == "coding" and target not in codings) or (
            kind == "code" and target not in paths) or (
            kind == "document" and target not in names)  # fmt: skip
        items.append(FeedbackItem(
            kind, target, code_id, paths.get(code_id, "") if code_id is not None else "",
            document_id, names.get(document_id, "") if document_id is not None else "",
            start, end, tuple(lines), gone,
        ))  # fmt: skip
    items.sort(key=lambda i: (i.gone, i.target_kind == "document",
                              order.get(i.code_id or 0, len(order)), i.target_kind != "code",
                              i.document_name, i.start or 0, i.target_id))  # fmt: skip
    return items


@dataclass(frozen=True, slots=True)
class CodeFeedback:
    """Reviewers' feedback on one code and its passages, as the report counts it."""

    code_id: int
    path: str
    passages: int  # coded passages that received feedback
    agree: int
    disagree: int
    unsure: int
    comments: int
    suggestions: tuple[tuple[str, int], ...]  # (suggested code, times), most often first
    resolved: int
    unresolved: int
    reviewers: int


def feedback_for_report(project: Project) -> list[CodeFeedback]:
    """Per code, in codebook order: verdicts on the code and its passages, comments,
    suggested codes and how much of it the lead has resolved. No comment's words: a report
    reader learns the counts, the lead reads the comments in the project."""
    by_code: dict[int, list[FeedbackItem]] = {}
    paths: dict[int, str] = {}
    for item in review_feedback(project):
        if item.code_id is not None and not item.gone:
            by_code.setdefault(item.code_id, []).append(item)
            paths[item.code_id] = item.code_path
    result = []
    for code_id, items in by_code.items():
        lines = [line for item in items for line in item.reviews]
        suggested = Counter(s for item in items for s in item.suggestions)
        verdicts = Counter(line.verdict for line in lines)
        result.append(CodeFeedback(
            code_id, paths[code_id], sum(i.target_kind == "coding" for i in items),
            verdicts["agree"], verdicts["disagree"], verdicts["unsure"],
            sum(bool(line.comment) for line in lines), tuple(suggested.most_common()),
            sum(line.resolved for line in lines), sum(not line.resolved for line in lines),
            len({line.reviewer for line in lines}),
        ))  # fmt: skip
    return result
