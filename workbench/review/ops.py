"""Operations on reviewers' feedback: a reviewer's verdict, the lead's "resolved" mark, and
bringing a returned pack's feedback into the lead's project.

Feedback rows (``storage.models.Review``) point at a coding, a code or a document by id; a
reviewer has one row per target, which a later verdict replaces. The audit log records ids
and verdicts only, never a comment (a comment may quote the transcript).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from storage.models import Code, Coding, Document, Review, User, new_guid, utc_now
from workbench.changes import Changes
from workbench.commands import Command
from workbench.errors import OperationError
from workbench.rows import Row, delete_ids, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

VERDICTS = ("agree", "disagree", "unsure")
TARGET_KINDS = ("coding", "code", "document")
_TARGET_MODELS: dict[str, type[Coding] | type[Code] | type[Document]] = {
    "coding": Coding, "code": Code, "document": Document,
}  # fmt: skip
_CONTENT = ("verdict", "comment", "suggested_code", "created_at", "resolved_by", "resolved_at")


def target_changes(kind: str, ids: Sequence[int]) -> Changes:
    """What a view refreshes when feedback on these targets changes."""
    chosen = frozenset(ids)
    if kind == "coding":
        return Changes(codings=chosen)
    if kind == "code":
        return Changes(codes=chosen)
    return Changes(documents=chosen)


class SaveReview(Command):
    """A reviewer's verdict on a coding, a code or a document, with an optional comment and
    suggested code. It replaces the same reviewer's earlier verdict on the same target."""

    object_kind = "review"
    label = "Save feedback"

    def __init__(
        self,
        *,
        reviewer_id: int,
        target_kind: str,
        target_id: int,
        verdict: str,
        comment: str = "",
        suggested_code: str = "",
    ) -> None:
        if verdict not in VERDICTS:
            raise OperationError(f"A verdict is one of {', '.join(VERDICTS)}, not “{verdict}”")
        if target_kind not in TARGET_KINDS:
            raise OperationError(f"Feedback is about a coding, a code or a document: {target_kind}")
        self.reviewer_id, self.target_kind, self.target_id = reviewer_id, target_kind, target_id
        self.values: Row = {
            "verdict": verdict, "comment": comment.strip(),
            "suggested_code": suggested_code.strip(), "created_at": utc_now(),
            "resolved_by": None, "resolved_at": None,
        }  # fmt: skip
        self.review_id: int | None = None
        self.guid = new_guid()
        self.before: Row | None = None

    def do(self, session: Session) -> Changes:
        model = _TARGET_MODELS[self.target_kind]
        if session.get(model, self.target_id) is None:
            raise OperationError(f"That {self.target_kind} is no longer in the project")
        found = snapshot(
            session, Review, Review.reviewer_id == self.reviewer_id,
            Review.target_kind == self.target_kind, Review.target_id == self.target_id,
        )  # fmt: skip
        if found:
            self.before = {key: found[-1][key] for key in _CONTENT}
            self.review_id = found[-1]["id"]
            session.execute(update(Review).where(Review.id == self.review_id).values(self.values))
        else:
            self.before = None
            row: Row = {"guid": self.guid, "reviewer_id": self.reviewer_id}
            row |= {"target_kind": self.target_kind, "target_id": self.target_id, **self.values}
            if self.review_id is not None:  # a redo puts back the same row
                row["id"] = self.review_id
            restore(session, Review, [row])
            self.review_id = session.scalar(select(Review.id).where(Review.guid == self.guid))
        return target_changes(self.target_kind, [self.target_id])

    def undo(self, session: Session) -> Changes:
        assert self.review_id is not None
        if self.before is None:
            delete_ids(session, Review, [self.review_id])
        else:
            session.execute(update(Review).where(Review.id == self.review_id).values(self.before))
        return target_changes(self.target_kind, [self.target_id])

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        after = {"target_kind": self.target_kind, "target_id": self.target_id}
        before = {"verdict": self.before["verdict"]} if self.before else {}
        return self.review_id, before, after | {"verdict": self.values["verdict"]}


class ResolveReview(Command):
    """The lead marks a piece of feedback resolved (dealt with), or open again."""

    object_kind = "review"

    def __init__(self, review_id: int, resolved: bool, *, user_id: int | None) -> None:
        self.review_id, self.resolved, self.user_id = review_id, resolved, user_id
        self.label = "Mark feedback resolved" if resolved else "Mark feedback unresolved"
        self.before: Row = {}
        self.after: Row = {"resolved_by": user_id if resolved else None}
        self.after["resolved_at"] = utc_now() if resolved else None
        self.target: tuple[str, int] = ("coding", 0)

    def do(self, session: Session) -> Changes:
        row = session.get(Review, self.review_id)
        if row is None:
            raise OperationError(f"Feedback {self.review_id} does not exist")
        self.before = {"resolved_by": row.resolved_by, "resolved_at": row.resolved_at}
        self.target = (row.target_kind, row.target_id)
        session.execute(update(Review).where(Review.id == self.review_id).values(self.after))
        return target_changes(self.target[0], [self.target[1]])

    def undo(self, session: Session) -> Changes:
        session.execute(update(Review).where(Review.id == self.review_id).values(self.before))
        return target_changes(self.target[0], [self.target[1]])

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        return self.review_id, {}, {"resolved": self.resolved}


# ---------------------------------------------------------------------- importing feedback
@dataclass(frozen=True, slots=True)
class PackReview:
    """One piece of feedback as a returned pack holds it: targets named by guid."""

    guid: str
    reviewer_guid: str
    reviewer_name: str
    reviewer_initials: str
    target_kind: str
    target_guid: str
    verdict: str
    comment: str
    suggested_code: str
    created_at: datetime
    code_guid: str = ""  # a coding's code in the pack, to notice recoding since


@dataclass
class ImportPlan:
    """What an import adds and changes, decided once and replayed by redo."""

    users: list[Row] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    updated: list[tuple[int, Row, Row]] = field(default_factory=list)  # (id, before, after)
    unchanged: int = 0
    left_out: int = 0  # about codings or codes no longer in the project
    recoded: int = 0  # about codings recoded since the pack was made
    targets: dict[str, set[int]] = field(default_factory=dict)

    @property
    def changes_something(self) -> bool:
        return bool(self.added or self.updated)


class ImportReviews(Command):
    """Bring a returned pack's feedback in, matched by guid; importing it again adds nothing,
    and a reviewer's later verdict on the same target replaces the earlier one."""

    object_kind = "review"
    label = "Import reviewers' feedback"

    def __init__(self, reviews: Sequence[PackReview]) -> None:
        self.reviews = list(reviews)
        self.plan: ImportPlan | None = None

    def do(self, session: Session) -> Changes:
        if self.plan is None:
            self.plan = plan_import(session, self.reviews)
            if self.reviews and self.plan.left_out == len(self.reviews):
                raise OperationError(
                    "None of the feedback in this pack is about a passage, code or document "
                    "of this project: it was made from another project. Nothing was imported."
                )
        restore(session, User, self.plan.users)
        restore(session, Review, self.plan.added)
        for review_id, _, after in self.plan.updated:
            session.execute(update(Review).where(Review.id == review_id).values(after))
        return self._changes()

    def undo(self, session: Session) -> Changes:
        assert self.plan is not None
        for review_id, before, _ in self.plan.updated:
            session.execute(update(Review).where(Review.id == review_id).values(before))
        delete_ids(session, Review, [r["id"] for r in self.plan.added])
        delete_ids(session, User, [u["id"] for u in self.plan.users])
        return self._changes()

    def _changes(self) -> Changes:
        assert self.plan is not None
        changes = Changes()
        for kind, ids in self.plan.targets.items():
            changes |= target_changes(kind, sorted(ids))
        return changes

    def audit(self) -> tuple[int | None, dict[str, Any], dict[str, Any]]:
        plan = self.plan or ImportPlan()
        return None, {}, {"added": len(plan.added), "updated": len(plan.updated)}


def plan_import(session: Session, reviews: Sequence[PackReview]) -> ImportPlan:
    """Match each review's target and reviewer by guid and decide: add, update or skip."""
    plan = ImportPlan()
    targets = _targets_by_guid(session)
    codings_code = dict(session.execute(select(Coding.guid, Code.guid).join(Code)).all())
    users = dict(session.execute(select(User.guid, User.id)).all())
    next_user = (session.scalar(select(func.max(User.id))) or 0) + 1
    next_review = (session.scalar(select(func.max(Review.id))) or 0) + 1
    for review in reviews:
        target_id = targets[review.target_kind].get(review.target_guid)
        if target_id is None:
            plan.left_out += 1
            continue
        if review.code_guid and codings_code.get(review.target_guid) != review.code_guid:
            plan.recoded += 1
        reviewer_id = users.get(review.reviewer_guid)
        if reviewer_id is None:
            reviewer_id = users[review.reviewer_guid] = next_user + len(plan.users)
            plan.users.append({"id": reviewer_id, "guid": review.reviewer_guid, "name":
                               review.reviewer_name, "initials": review.reviewer_initials,
                               "role": "reviewer", "created_at": utc_now()})  # fmt: skip
        values: Row = {"verdict": review.verdict, "comment": review.comment,
                       "suggested_code": review.suggested_code, "created_at": review.created_at,
                       "resolved_by": None, "resolved_at": None}  # fmt: skip
        existing = _existing(session, review, reviewer_id, target_id)
        if existing is None:
            row = {"id": next_review + len(plan.added), "guid": review.guid,
                   "reviewer_id": reviewer_id, "target_kind": review.target_kind,
                   "target_id": target_id, **values}  # fmt: skip
            plan.added.append(row)
        elif existing["created_at"] < review.created_at:
            plan.updated.append((existing["id"], {k: existing[k] for k in _CONTENT}, values))
        else:
            plan.unchanged += 1
            continue
        plan.targets.setdefault(review.target_kind, set()).add(target_id)
    return plan


def _targets_by_guid(session: Session) -> dict[str, dict[str, int]]:
    return {
        kind: dict(session.execute(select(model.guid, model.id)).all())
        for kind, model in _TARGET_MODELS.items()
    }


def _existing(session: Session, review: PackReview, reviewer_id: int, target_id: int) -> Row | None:
    """This feedback as already imported: the same row (guid), or the same reviewer's
    feedback on the same target."""
    found = snapshot(session, Review, Review.guid == review.guid) or snapshot(
        session, Review, Review.reviewer_id == reviewer_id,
        Review.target_kind == review.target_kind, Review.target_id == target_id,
    )  # fmt: skip
    return found[-1] if found else None
