"""Reading a project (``.qwb``) into a :class:`~workbench.merge.bundle.Bundle`.

The same reader describes this project to the planner, inside the merge's own transaction,
and another coder's project, opened read-only (its lock lets readers in while its owner
works). Ids become the keys a merge matches on: sha256, guids and names.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import (
    Attribute,
    Case,
    CaseMember,
    CaseValue,
    Code,
    Coding,
    DocSpan,
    Document,
    Memo,
    Speaker,
    User,
)
from workbench.errors import OperationError
from workbench.merge.bundle import (
    Bundle,
    BundleAttribute,
    BundleCase,
    BundleCode,
    BundleCoding,
    BundleDocument,
    BundleMemo,
    BundleSpan,
    BundleSpeaker,
    BundleUser,
    text_sha256,
)
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def bundle_from_file(path: Path) -> Bundle:
    """Another coder's work as a bundle: a ``.qwb`` project, or a ``.qdpx`` read through the
    REFI-QDA importer into a temporary project (so one reader serves both)."""
    if not path.is_file():
        raise OperationError(f"{path} does not exist or is not a file")
    suffix = path.suffix.lower()
    if suffix == ".qwb":
        return bundle_from_project(path)
    if suffix == ".qdpx":
        return _bundle_from_qdpx(path)
    raise OperationError(f"{path.name}: merge takes a .qwb project or a .qdpx file")


def _bundle_from_qdpx(path: Path) -> Bundle:
    import tempfile

    from workbench.cli_refi_import import new_from_refi

    with tempfile.TemporaryDirectory(prefix="qw-merge-") as folder:
        scratch = Path(folder) / "other.qwb"
        new_from_refi(scratch, path, coder=Coder("merge"))
        bundle = bundle_from_project(scratch)
    return replace(bundle, source=path.name)


def bundle_from_project(path: Path) -> Bundle:
    """Another coder's project as a bundle; the file is opened read-only and left unchanged."""
    with (
        Project.open(path, read_only=True, coder=Coder("merge")) as other,
        other.reading() as session,
    ):
        return read_bundle(session, source=path.name)


def read_bundle(session: Session, source: str = "") -> Bundle:
    users = {
        int(i): BundleUser(n, ini or "", role or "researcher")
        for i, n, ini, role in session.execute(
            select(User.id, User.name, User.initials, User.role).order_by(User.id)
        )
    }
    cases = {int(i): str(n) for i, n in session.execute(select(Case.id, Case.name))}
    documents = _documents(session, cases)
    keys = {doc_id: doc.sha256 for doc_id, doc in documents.items()}
    codes = _codes(session)
    code_guids = {code_id: code.guid for code_id, code in codes.items()}
    codings, coding_guids = _codings(session, keys, code_guids, users)
    targets: dict[str, dict[int, str]] = {
        "document": keys, "code": code_guids, "coding": coding_guids, "case": cases,
    }  # fmt: skip
    return Bundle(
        source=source,
        users=tuple(users.values()),
        documents=tuple(documents.values()),
        codes=tuple(codes.values()),
        codings=codings,
        attributes=_attributes(session),
        cases=_cases(session, keys),
        memos=_memos(session, targets, users),
    )


def _documents(session: Session, cases: dict[int, str]) -> dict[int, BundleDocument]:
    speakers: dict[int, list[BundleSpeaker]] = {}
    speaker_names: dict[int, str] = {}
    for sid, doc, name, case_id, interviewer in session.execute(
        select(
            Speaker.id, Speaker.document_id, Speaker.name, Speaker.case_id, Speaker.is_interviewer
        ).order_by(Speaker.id)
    ):
        case = cases.get(case_id) if case_id is not None else None
        speakers.setdefault(doc, []).append(BundleSpeaker(name, case, bool(interviewer)))
        speaker_names[int(sid)] = str(name)
    spans: dict[int, list[BundleSpan]] = {}
    for doc, start, end, kind, speaker, t0, t1, label in session.execute(
        select(
            DocSpan.document_id, DocSpan.start, DocSpan.end, DocSpan.kind, DocSpan.speaker_id,
            DocSpan.time_start, DocSpan.time_end, DocSpan.label,
        ).order_by(DocSpan.document_id, DocSpan.start, DocSpan.id)
    ):  # fmt: skip
        who = speaker_names.get(speaker) if speaker is not None else None
        spans.setdefault(doc, []).append(BundleSpan(start, end, kind, who, t0, t1, label))
    documents: dict[int, BundleDocument] = {}
    for doc_id, sha, name, kind, text, folder, guid, original, language in session.execute(
        select(
            Document.id, Document.sha256, Document.name, Document.kind, Document.text,
            Document.folder, Document.guid, Document.original_name, Document.language,
        ).order_by(Document.id)
    ):  # fmt: skip
        documents[doc_id] = BundleDocument(
            sha or text_sha256(text), name, kind, text, folder, guid, original, language,
            tuple(spans.get(doc_id, ())), tuple(speakers.get(doc_id, ())),
        )  # fmt: skip
    return documents


def _codes(session: Session) -> dict[int, BundleCode]:
    """Codes, parents before children and siblings in their order."""
    rows = session.execute(select(Code).order_by(Code.position, Code.id)).scalars().all()
    children: dict[int | None, list[Code]] = {}
    for code in rows:
        children.setdefault(code.parent_id, []).append(code)
    guids = {code.id: code.guid for code in rows}
    ordered: dict[int, BundleCode] = {}
    level: list[Code] = children.get(None, [])
    while level:
        for c in level:
            ordered[c.id] = BundleCode(
                c.guid, c.name, guids.get(c.parent_id) if c.parent_id else None, c.colour,
                c.definition, c.inclusion, c.exclusion, c.example, c.framework, c.framework_key,
                c.is_codable, c.keywords, c.citation,
            )  # fmt: skip
        level = [child for c in level for child in children.get(c.id, [])]
    return ordered


def _codings(
    session: Session,
    documents: dict[int, str],
    codes: dict[int, str],
    users: dict[int, BundleUser],
) -> tuple[tuple[BundleCoding, ...], dict[int, str]]:
    codings: list[BundleCoding] = []
    guids: dict[int, str] = {}
    for coding_id, guid, doc, code, start, end, user, memo in session.execute(
        select(
            Coding.id, Coding.guid, Coding.document_id, Coding.code_id, Coding.start, Coding.end,
            Coding.user_id, Coding.memo,
        ).order_by(Coding.id)
    ):  # fmt: skip
        coder = users[user].name if user in users else None
        codings.append(BundleCoding(guid, documents[doc], codes[code], start, end, coder, memo))
        guids[int(coding_id)] = str(guid)
    return tuple(codings), guids


def _attributes(session: Session) -> tuple[BundleAttribute, ...]:
    rows = session.execute(
        select(Attribute.name, Attribute.type, Attribute.choices).order_by(
            Attribute.position, Attribute.id
        )
    )
    return tuple(BundleAttribute(n, t, _choices(c)) for n, t, c in rows)


def _choices(raw: str | None) -> tuple[str, ...]:
    try:
        found: Any = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(c) for c in found) if isinstance(found, list) else ()


def _cases(session: Session, documents: dict[int, str]) -> tuple[BundleCase, ...]:
    values: dict[int, list[tuple[str, str]]] = {}
    for case_id, name, value in session.execute(
        select(CaseValue.case_id, Attribute.name, CaseValue.value)
        .join(Attribute, Attribute.id == CaseValue.attribute_id)
        .order_by(Attribute.position, Attribute.id)
    ):
        values.setdefault(case_id, []).append((name, value))
    members: dict[int, list[str]] = {}
    for case_id, doc in session.execute(
        select(CaseMember.case_id, CaseMember.document_id)
        .where(CaseMember.span_id.is_(None))
        .order_by(CaseMember.id)
    ):
        members.setdefault(case_id, []).append(documents[doc])
    return tuple(
        BundleCase(name, description, tuple(values.get(i, ())), tuple(members.get(i, ())), guid)
        for i, name, description, guid in session.execute(
            select(Case.id, Case.name, Case.description, Case.guid).order_by(Case.id)
        )
    )


def _memos(
    session: Session, targets: dict[str, dict[int, str]], users: dict[int, BundleUser]
) -> tuple[BundleMemo, ...]:
    memos: list[BundleMemo] = []
    for memo in session.execute(select(Memo).order_by(Memo.id)).scalars():
        target = None
        if memo.kind in targets:
            target = targets[memo.kind].get(memo.target_id or 0)
            if target is None:
                continue  # its document, code, coding or case has gone
        author = users[memo.author_id].name if memo.author_id in users else None
        memos.append(
            BundleMemo(
                memo.kind,
                memo.title,
                memo.text,
                target,
                author,
                memo.anchor_start,
                memo.anchor_end,
                memo.guid,
            )
        )
    return tuple(memos)
