"""Writing a review pack: the chosen documents and codes, pseudonymised, for a lay reviewer.

Everything that goes in passes through the project's pseudonym map (document text, names,
folders, speaker and case names, span labels, code names and descriptions, the title), and is
then checked: if any original could still be read, nothing is written. The pseudonym map, memos,
case attributes, the source files and their metadata, the audit log and coders' names never go
in (coders appear by initials). The file is built beside the target under a temporary name,
compacted into one self-contained file, and only then renamed over the target: callers ask
before replacing a pack (it may be one a reviewer has worked in).

Encryption does not exist yet: asking for it is refused rather than writing a plain pack.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage import fts, keys
from storage.engine import make_engine
from storage.models import (
    Case,
    CaseMember,
    Code,
    Coding,
    DocSpan,
    Document,
    ProjectInfo,
    Speaker,
    User,
)
from storage.project_file import create_project_file
from workbench.errors import OperationError
from workbench.queries.codes import code_paths, list_codes
from workbench.reports.attribution import pseudonym_map
from workbench.review.pack_open import PACK_SUFFIX, pack_notes
from workbench.review.pseudonymise import Pseudonymiser
from workbench.rows import Row, restore, snapshot

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from workbench.dto import CodeInfo
    from workbench.project import Project

MUST_ENCRYPT = (
    "This project is encrypted, so its review packs must be too: choose a passphrase for the "
    "pack and give it to the reviewer separately (by phone or in person, not with the pack)"
)
LEFTOVER = (
    "A replacement in the pseudonym map brings back a name the map replaces (or two originals "
    "overlap so that one survives); fix the map. Nothing was written."
)


@dataclass(frozen=True, slots=True)
class PackSummary:
    """What went into a pack, and what the lead should know about it (in the lead's names)."""

    path: Path
    documents: int
    codes: int
    codings: int
    codes_without_codings: tuple[str, ...] = ()  # chosen codes applied in no chosen document
    documents_without_codings: tuple[str, ...] = ()
    emptied_codings: int = 0  # codings of nothing but a name the map replaces with nothing
    unmapped_names: tuple[str, ...] = ()  # speaker and case names the map leaves as they are
    no_pseudonym_map: bool = False


def export_pack(
    project: Project,
    path: Path,
    *,
    document_ids: Collection[int],
    code_ids: Collection[int],
    made_by: str,
    passphrase: str | None = None,
) -> PackSummary:
    """Write the review pack of ``document_ids`` and ``code_ids`` to ``path`` (``.qwbr``).

    With a ``passphrase`` the pack is encrypted (SQLCipher) from its first byte; a pack of an
    encrypted project must be. Refused in plain words, with nothing written: no document or no
    code chosen, nothing coded with the chosen codes in the chosen documents, an identifiable
    original chosen, a map that would let a name through."""
    if passphrase is None and project.encrypted:
        raise OperationError(MUST_ENCRYPT)
    _check_target(project, path)
    source = read_source(project, set(document_ids), set(code_ids))
    mapping = pseudonym_map(project)
    pack = _build(source, Pseudonymiser(mapping))
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    notes = pack_notes(source_guid=source.guid, made_at=made_at, made_by=pack.clean(made_by))
    partial = path.with_name(path.name + ".partial")
    _remove(partial)
    if passphrase is not None:
        keys.remember(partial, passphrase)
    try:
        create_project_file(partial, title=f"Review pack: {pack.clean(source.title)}")
        _write(partial, pack, notes)
        _compact(partial)
        partial.replace(path)
    except BaseException:
        _remove(partial)
        raise
    finally:
        if passphrase is not None:
            keys.forget(partial)
    summary = _summary(path, source, pack, no_map=not mapping)
    if not project.read_only:
        counts = {"documents": summary.documents, "codes": summary.codes}
        with project.transaction() as session:
            project.audit(session, "ExportReviewPack", {"file": path.name, **counts})
    return summary


def _check_target(project: Project, path: Path) -> None:
    if path.suffix.lower() != PACK_SUFFIX:
        raise OperationError(f"A review pack's file name ends in {PACK_SUFFIX}: {path.name}")
    if path.resolve() == project.path.resolve():
        raise OperationError("That is the project itself: choose another name for the pack")
    if not path.parent.is_dir():
        raise OperationError(f"The folder {path.parent} does not exist")


def _remove(partial: Path) -> None:
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


# ---------------------------------------------------------------------- the pack's rows
@dataclass
class _Pack:
    """The pack's rows, pseudonymised, ready to insert (keeping the project's ids)."""

    names: Pseudonymiser
    rows: dict[type[Any], list[Row]] = field(default_factory=dict)
    indexed: list[tuple[int, str]] = field(default_factory=list)  # (span id, text) for search
    emptied: int = 0
    unmapped: set[str] = field(default_factory=set)

    def add(self, model: type[Any], row: Row) -> None:
        self.rows.setdefault(model, []).append(row)

    def clean(self, text: str) -> str:
        """``text`` pseudonymised, or a refusal if an original can still be read in it."""
        result = self.names.text(text)
        if self.names.leftover(result):
            raise OperationError(LEFTOVER)
        return result

    def name(self, name: str, *, kept_ok: bool = False) -> str:
        """A person's or case's name pseudonymised; noted when the map leaves it as it is."""
        result = self.clean(name)
        if result == name and not kept_ok:
            self.unmapped.add(name)
        return result


def _build(source: PackSource, names: Pseudonymiser) -> _Pack:
    pack = _Pack(names)
    case_ids: dict[int, int] = {}
    by_name: dict[str, int] = {}
    for case in source.cases:  # cases whose pseudonyms coincide become one
        name = pack.name(case["name"])
        if name not in by_name:
            by_name[name] = case["id"]
            pack.add(Case, case | {"name": name})
        case_ids[case["id"]] = by_name[name]
    for document in source.documents:
        _document(pack, source, document, case_ids)
    users = _coders(pack, source.users)
    for code in source.codes:
        row = code | {
            "name": pack.clean(code["name"]),
            "definition": pack.clean(code["definition"]),
        }
        pack.add(Code, row)
    for coding in pack.rows.get(Coding, []):
        coding["user_id"] = users.get(coding["user_id"])
    return pack


def _coders(pack: _Pack, coders: list[Row]) -> dict[int, int]:
    """Coders by initials only (role 'researcher'), each kept apart: project id -> pack id."""
    users: dict[int, int] = {}
    taken: set[str] = set()
    for user in coders:
        label = user["initials"] or "".join(p[0] for p in user["name"].split()[:3]).upper()
        unique, n = label or "Coder", 1
        while unique in taken:
            n += 1
            unique = f"{label or 'Coder'}{n}"
        taken.add(unique)
        users[user["id"]] = len(taken)
        pack.add(User, {"id": len(taken), "name": unique, "initials": unique, "role": "researcher"})
    return users


def _document(pack: _Pack, source: PackSource, document: Row, case_ids: dict[int, int]) -> None:
    doc_id = document["id"]
    text, offsets = pack.names.apply(document["text"])
    if pack.names.leftover(text):
        raise OperationError(LEFTOVER)
    pack.add(Document, document | {
        "name": pack.clean(document["name"]), "folder": pack.clean(document["folder"]),
        "text": text, "word_count": len(text.split()),
    })  # fmt: skip
    speakers: dict[str, int] = {}  # two speakers whose pseudonyms coincide become one
    speaker_ids: dict[int, int] = {}
    for speaker in source.speakers.get(doc_id, []):
        name = pack.name(speaker["name"], kept_ok=speaker["is_interviewer"])
        if name not in speakers:
            speakers[name] = speaker["id"]
            case = case_ids.get(speaker["case_id"]) if speaker["case_id"] is not None else None
            pack.add(Speaker, speaker | {"name": name, "case_id": case})
        speaker_ids[speaker["id"]] = speakers[name]
    for span in source.spans.get(doc_id, []):
        start, end = offsets.span(span["start"], span["end"])
        label = None if span["label"] is None else pack.clean(span["label"])
        speaker_id = speaker_ids.get(span["speaker_id"]) if span["speaker_id"] else None
        pack.add(DocSpan, span | {"start": start, "end": max(start, end), "label": label,
                                  "speaker_id": speaker_id})  # fmt: skip
        if span["kind"] in fts.INDEXED_KINDS:
            pack.indexed.append((span["id"], text[start:end]))
    for member in source.members.get(doc_id, []):
        pack.add(CaseMember, member | {"case_id": case_ids[member["case_id"]]})
    for coding in source.codings.get(doc_id, []):
        start, end = offsets.span(coding["start"], coding["end"])
        if end > start:
            pack.add(Coding, coding | {"start": start, "end": end})
        else:
            pack.emptied += 1


# ---------------------------------------------------------------------- writing the file
_ORDER = (User, Case, Document, Speaker, DocSpan, CaseMember, Code, Coding)  # referenced first


def _write(path: Path, pack: _Pack, notes: str) -> None:
    engine = make_engine(path)
    try:
        with Session(engine) as session, session.begin():
            for model in _ORDER:
                restore(session, model, pack.rows.get(model, []))
            fts.add_rows(session.connection(), pack.indexed)
            session.execute(update(ProjectInfo).values(method_notes=notes))
    finally:
        engine.dispose()


def _compact(path: Path) -> None:
    """Rewrite the file without free pages and leave it one file (no -wal): it travels."""
    connection = keys.connect(path)
    connection.isolation_level = None
    try:
        connection.execute("VACUUM")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def _summary(path: Path, source: PackSource, pack: _Pack, *, no_map: bool) -> PackSummary:
    codings = pack.rows.get(Coding, [])
    coded_codes = {c["code_id"] for c in codings}
    coded_documents = {c["document_id"] for c in codings}
    chosen = source.chosen_codes
    return PackSummary(
        path, len(source.documents), len(chosen), len(codings),
        tuple(p for i, p in chosen.items() if i not in coded_codes),
        tuple(d["name"] for d in source.documents if d["id"] not in coded_documents),
        pack.emptied, tuple(sorted(pack.unmapped)), no_map,
    )  # fmt: skip


# ---------------------------------------------------------------------- reading the project
@dataclass
class PackSource:
    """The chosen part of the lead's project, as it is (identifiable): it never leaves here."""

    guid: str
    title: str
    documents: list[Row]
    codes: list[Row]  # the chosen codes and their ancestors, parents first
    chosen_codes: dict[int, str]  # id -> path, as the lead knows them
    cases: list[Row] = field(default_factory=list)
    users: list[Row] = field(default_factory=list)  # the coders of the codings that go in
    speakers: dict[int, list[Row]] = field(default_factory=dict)  # by document id, and below
    spans: dict[int, list[Row]] = field(default_factory=dict)
    members: dict[int, list[Row]] = field(default_factory=dict)
    codings: dict[int, list[Row]] = field(default_factory=dict)


_DOCUMENT = (Document.id, Document.guid, Document.name, Document.kind, Document.folder,
             Document.text, Document.importer, Document.language, Document.imported_at)  # fmt: skip
_CODING = (Coding.id, Coding.guid, Coding.document_id, Coding.code_id, Coding.start, Coding.end,
           Coding.user_id, Coding.created_at, Coding.modified_at)  # fmt: skip


def read_source(project: Project, document_ids: set[int], code_ids: set[int]) -> PackSource:
    """The chosen documents and codes with everything a pack needs of them."""
    if not document_ids:
        raise OperationError("Choose at least one document for the pack")
    if not code_ids:
        raise OperationError("Choose at least one code for the pack")
    codes, chosen = _codes(project, code_ids)
    in_documents = Document.id.in_(document_ids)
    with project.reading() as session:
        guid, title = session.execute(select(ProjectInfo.guid, ProjectInfo.title)).one()
        by_name = (Document.folder, Document.name)
        documents = _rows(session, select(*_DOCUMENT).where(in_documents).order_by(*by_name))
        source = PackSource(guid, title, documents, codes, chosen)
        _check_documents(session, document_ids, source.documents)
        wanted = Coding.document_id.in_(document_ids), Coding.code_id.in_(code_ids)
        ordered = (Coding.document_id, Coding.start, Coding.id)
        codings = _rows(session, select(*_CODING).where(*wanted).order_by(*ordered))
        if not codings:
            raise OperationError("None of the chosen codes is applied in the chosen documents: "
                                 "the pack would have nothing to review")  # fmt: skip
        coders = User.id.in_({c["user_id"] for c in codings} - {None})
        source.users = _rows(session, select(User.id, User.name, User.initials).where(coders))
        source.codings = _by_document(codings)
        for model, rows in ((Speaker, source.speakers), (DocSpan, source.spans),
                            (CaseMember, source.members)):  # fmt: skip
            rows.update(_by_document(snapshot(session, model, model.document_id.in_(document_ids))))
        linked = {s["case_id"] for rows in source.speakers.values() for s in rows}
        linked |= {m["case_id"] for rows in source.members.values() for m in rows}
        cases = select(Case.id, Case.guid, Case.name).where(Case.id.in_(linked - {None}))
        source.cases = _rows(session, cases.order_by(Case.name))
    return source


def _rows(session: Session, query: Any) -> list[Row]:
    return [dict(row) for row in session.execute(query).mappings()]


def _by_document(rows: list[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["document_id"], []).append(row)
    return grouped


def _check_documents(session: Session, wanted: set[int], found: list[Row]) -> None:
    missing = wanted - {d["id"] for d in found}
    if missing:
        raise OperationError(f"Document {min(missing)} does not exist")
    originals = select(Document.pseudonymised_from).where(Document.pseudonymised_from.is_not(None))
    query = select(Document.name).where(Document.id.in_(wanted), Document.id.in_(originals))
    original = session.scalars(query).first()
    if original is not None:
        raise OperationError(f"“{original}” is the identifiable original of a pseudonymised "
                             "document: choose the pseudonymised copy for the pack")  # fmt: skip


def _codes(project: Project, chosen: set[int]) -> tuple[list[Row], dict[int, str]]:
    """The chosen codes and their ancestors (parents first), each described in plain words."""
    codes = list_codes(project)
    by_id, paths = {c.id: c for c in codes}, code_paths(codes)
    missing = chosen - by_id.keys()
    if missing:
        raise OperationError(f"Code {min(missing)} does not exist")
    keep: set[int] = set()
    for code_id in chosen:
        current: int | None = code_id
        while current is not None and current not in keep:
            keep.add(current)
            current = by_id[current].parent_id
    rows = [
        {"id": c.id, "guid": c.guid, "parent_id": c.parent_id, "position": c.position,
         "name": c.name, "colour": c.colour, "definition": plain_description(c),
         "framework": c.framework, "framework_key": c.framework_key, "is_codable": c.is_codable}
        for c in codes if c.id in keep
    ]  # fmt: skip
    return rows, {c.id: paths[c.id] for c in codes if c.id in chosen}


def plain_description(code: CodeInfo) -> str:
    """The description a reviewer reads: the definition's first paragraph, else the example."""
    first = code.definition.strip().split("\n\n", 1)[0].strip()
    return first or code.example.strip()


def pack_candidates(
    project: Project, document_ids: Collection[int] | None = None
) -> tuple[list[int], list[int]]:
    """What a pack holds when the lead does not choose: the documents (default: every one
    except identifiable originals) and every codable code applied in them."""
    originals = select(Document.pseudonymised_from).where(Document.pseudonymised_from.is_not(None))
    query = select(Document.id).where(Document.id.not_in(originals)).order_by(Document.id)
    if document_ids is not None:
        query = select(Document.id).where(Document.id.in_(document_ids))
    with project.reading() as session:
        documents = list(session.scalars(query))
        codes = session.scalars(
            select(Coding.code_id).distinct().join(Code).where(
                Coding.document_id.in_(documents), Code.is_codable.is_(True))
        )  # fmt: skip
        return documents, sorted(codes)
