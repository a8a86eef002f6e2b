"""Opening a review pack and reading it as Reviewer mode shows it.

A pack is an ordinary project file marked by JSON in ``project_info.method_notes`` (see
:func:`pack_notes`). Reviewer mode lists its coded passages one at a time, each with its
code's plain-language description and the reviewer's verdict so far, and its codes for
feedback on a code as a whole; :func:`pack_progress` says how far the reviewer has got.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from storage import keys
from storage.engine import make_engine
from storage.models import ProjectInfo, Review, User
from storage.project_file import ProjectFileError, check_is_project
from workbench.errors import OperationError
from workbench.project import Coder, Project
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from pathlib import Path

PACK_SUFFIX = ".qwbr"
PACK_FORMAT = 1


@dataclass(frozen=True, slots=True)
class PackInfo:
    title: str
    source_guid: str  # the lead project's project_info.guid
    made_at: str  # ISO 8601, UTC
    made_by: str


def pack_notes(*, source_guid: str, made_at: str, made_by: str) -> str:
    """The ``method_notes`` that mark a project file as a review pack."""
    notes = {"review_pack": PACK_FORMAT, "source_guid": source_guid, "made_at": made_at,
             "made_by": made_by}  # fmt: skip
    return json.dumps(notes, ensure_ascii=False)


def parse_pack_notes(title: str, method_notes: str) -> PackInfo | None:
    try:
        notes: Any = json.loads(method_notes or "null")
    except ValueError:
        return None
    if not isinstance(notes, dict) or notes.get("review_pack") != PACK_FORMAT:
        return None
    return PackInfo(title, str(notes.get("source_guid", "")), str(notes.get("made_at", "")),
                    str(notes.get("made_by", "")))  # fmt: skip


def pack_info_of_file(path: Path) -> PackInfo | None:
    """The pack's description, read without opening it as a project; None if not a pack."""
    try:
        check_is_project(path)
    except ProjectFileError:
        return None
    engine = make_engine(path, read_only=True)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(ProjectInfo.title, ProjectInfo.method_notes)).first()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return None if row is None else parse_pack_notes(row[0], row[1])


def is_review_pack(path: Path) -> bool:
    return pack_info_of_file(path) is not None


def read_pack_info(project: Project) -> PackInfo | None:
    """The open project's pack description; None when it is an ordinary project."""
    with project.reading() as session:
        row = session.execute(select(ProjectInfo.title, ProjectInfo.method_notes)).first()
    return None if row is None else parse_pack_notes(row[0], row[1])


# ---------------------------------------------------------------------- Reviewer mode
def open_pack(path: Path, *, reviewer: str, passphrase: str | None = None) -> Project:
    """Open a pack for ``reviewer`` (the name they type); ``project.user_id`` is then their
    user, with the role 'reviewer', and their feedback is saved under it.

    An encrypted pack needs its ``passphrase``: without it, or with a wrong one, the errors of
    :meth:`Project.open` say so."""
    name = " ".join(reviewer.split())
    if not name:
        raise OperationError("Type your name (or a nickname) to start reviewing")
    initials = "".join(part[0] for part in name.split()[:3]).upper()
    if passphrase is not None:
        keys.remember(path, passphrase)
    try:
        check_is_project(path)  # an encrypted pack's own errors, before "not a pack"
        if not is_review_pack(path):
            raise OperationError(f"{path.name} is not a review pack")
        project = Project.open(
            path,
            coder=Coder(name=name, initials=initials, role="reviewer"),
            passphrase=passphrase,
        )
    finally:
        if passphrase is not None:
            keys.forget(path)
    try:
        project.user_id = reviewer_id(project, name)
    except BaseException:
        project.close()
        raise
    return project


def reviewer_id(project: Project, name: str) -> int:
    """Id of the reviewer called ``name``, created if new (never a coder of the same name)."""
    with project.transaction() as session:
        found = session.scalar(
            select(User.id).where(User.name == name, User.role == "reviewer").order_by(User.id)
        )
        if found is not None:
            return int(found)
        initials = "".join(part[0] for part in name.split()[:3]).upper()
        inserted = session.execute(
            insert(User).values(name=name, initials=initials, role="reviewer").returning(User.id)
        )
        return int(inserted.scalar_one())


@dataclass(frozen=True, slots=True)
class Verdict:
    """A reviewer's feedback so far on one coding or code."""

    review_id: int
    verdict: str  # agree | disagree | unsure
    comment: str
    suggested_code: str


@dataclass(frozen=True, slots=True)
class PackCoding:
    """One coded passage as Reviewer mode shows it."""

    coding_id: int
    document_id: int
    document_name: str
    code_id: int
    code_name: str
    code_path: str
    colour: str
    description: str  # the code in plain words
    start: int
    end: int
    text: str
    speaker: str | None
    paragraph: int
    feedback: Verdict | None


@dataclass(frozen=True, slots=True)
class PackCode:
    code_id: int
    name: str
    path: str
    colour: str
    description: str
    codings: int
    feedback: Verdict | None


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    reviewed: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.reviewed} of {self.total} reviewed"


def _verdicts(project: Project, reviewer: int | None, kind: str) -> dict[int, Verdict]:
    query = select(Review.target_id, Review.id, Review.verdict, Review.comment,
                   Review.suggested_code).where(Review.target_kind == kind,
                                                Review.reviewer_id == reviewer)  # fmt: skip
    with project.reading() as session:
        return {
            target: Verdict(review_id, verdict, comment, suggested)
            for target, review_id, verdict, comment, suggested in session.execute(query)
        }


def pack_codings(project: Project, reviewer: int | None) -> list[PackCoding]:
    """Every coded passage in the pack, in document order, with ``reviewer``'s feedback."""
    codes = list_codes(project)
    by_id, paths = {c.id: c for c in codes}, code_paths(codes)
    done = _verdicts(project, reviewer, "coding")
    found = segments(project, list(by_id))
    found.sort(key=lambda s: (s.document_name, s.document_id, s.start, s.end, s.coding_id))
    return [
        PackCoding(
            s.coding_id, s.document_id, s.document_name, s.code_id, by_id[s.code_id].name,
            paths[s.code_id], by_id[s.code_id].colour, by_id[s.code_id].definition, s.start,
            s.end, s.text, s.speaker, s.paragraph, done.get(s.coding_id),
        )
        for s in found
    ]  # fmt: skip


def pack_codes(project: Project, reviewer: int | None) -> list[PackCode]:
    """The pack's codes in tree order, with ``reviewer``'s feedback on each code as a whole."""
    codes = list_codes(project)
    paths = code_paths(codes)
    done = _verdicts(project, reviewer, "code")
    return [
        PackCode(c.id, c.name, paths[c.id], c.colour, c.definition, c.codings, done.get(c.id))
        for c in codes
    ]


def pack_progress(project: Project, reviewer: int | None) -> ReviewProgress:
    """Coded passages the reviewer has given a verdict on, of all of them."""
    passages = pack_codings(project, reviewer)
    return ReviewProgress(sum(p.feedback is not None for p in passages), len(passages))
