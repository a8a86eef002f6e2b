"""A project as plain data, the common ground of every merge.

A reader turns a source into a :class:`Bundle`: :mod:`workbench.merge.from_project` reads
another ``.qwb``; a REFI-QDA importer can produce the same from a ``.qdpx``. Objects refer to
each other by the keys a merge matches on, never by database ids:

- a document by its ``sha256`` (the hash of the source file's bytes when known, otherwise
  :func:`text_sha256` of its text); every document in a bundle has a distinct one;
- a code by its ``guid`` (parents by ``parent_guid``; ``None`` for a top-level code);
- a case and an attribute by name; a user by name;
- a coding by its ``guid``.

GUIDs may come in any letter case, with or without braces (tools differ):
:func:`canonical_guids` turns them into the upper-case form this project writes.

Offsets are Python code points over text with LF line ends, as in the database; a reader
converts (UTF-16 offsets, CRLF) before it builds the bundle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace


def text_sha256(text: str) -> str:
    """The content hash of a document known only by its text (hex, lower case)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class BundleUser:
    name: str
    initials: str = ""
    role: str = "researcher"  # researcher | lead | reviewer | machine


@dataclass(frozen=True, slots=True)
class BundleSpeaker:
    """A speaker of one document; ``case`` names the case they are linked to, if any."""

    name: str
    case: str | None = None
    is_interviewer: bool = False


@dataclass(frozen=True, slots=True)
class BundleSpan:
    """A piece of a document's structure: paragraph, heading, turn, question or table."""

    start: int
    end: int
    kind: str
    speaker: str | None = None  # a BundleSpeaker name of the same document
    time_start: float | None = None
    time_end: float | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class BundleDocument:
    sha256: str
    name: str
    kind: str  # transcript | notes | survey | other
    text: str
    folder: str = ""
    guid: str = ""
    original_name: str = ""
    language: str = "en"
    spans: tuple[BundleSpan, ...] = ()
    speakers: tuple[BundleSpeaker, ...] = ()


@dataclass(frozen=True, slots=True)
class BundleCode:
    guid: str
    name: str
    parent_guid: str | None = None
    colour: str = ""  # "#RRGGBB"; "" lets the project pick one
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    framework: str = ""
    framework_key: str = ""
    is_codable: bool = True
    keywords: str = ""  # one per line
    citation: str = ""


@dataclass(frozen=True, slots=True)
class BundleCoding:
    guid: str
    document_sha256: str
    code_guid: str
    start: int
    end: int
    user: str | None = None  # the coder's name
    memo: str = ""


@dataclass(frozen=True, slots=True)
class BundleAttribute:
    name: str
    type: str = "text"  # text | number | date | choice
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BundleCase:
    """A case; ``values`` are (attribute name, value); ``documents`` are whole documents in it
    (sha256 keys). Speakers linked to the case say so on their own :class:`BundleSpeaker`."""

    name: str
    description: str = ""
    values: tuple[tuple[str, str], ...] = ()
    documents: tuple[str, ...] = ()
    guid: str = ""


MEMO_TARGETS = {"document": "sha256", "code": "guid", "coding": "guid", "case": "name"}


@dataclass(frozen=True, slots=True)
class BundleMemo:
    """A memo. ``target`` is the key of what it is about, per :data:`MEMO_TARGETS`: a
    document's sha256, a code's or coding's guid, a case's name; ``None`` for project,
    journal and recommendation memos. Anchors mark a comment on part of a document."""

    kind: str
    title: str = ""
    text: str = ""
    target: str | None = None
    author: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    guid: str = ""


@dataclass(frozen=True, slots=True)
class Bundle:
    """Everything a merge can bring in. ``source`` names it for people ("bea.qwb")."""

    source: str
    users: tuple[BundleUser, ...] = ()
    documents: tuple[BundleDocument, ...] = ()
    codes: tuple[BundleCode, ...] = ()
    codings: tuple[BundleCoding, ...] = ()
    attributes: tuple[BundleAttribute, ...] = ()
    cases: tuple[BundleCase, ...] = ()
    memos: tuple[BundleMemo, ...] = ()


def canonical_guid(guid: str) -> str:
    """A GUID as this project writes it: upper case, no braces."""
    return guid.strip().strip("{}").upper()


def _maybe(guid: str | None) -> str | None:
    return canonical_guid(guid) if guid else guid


def _memo_target(memo: BundleMemo) -> str | None:
    if memo.kind in ("code", "coding"):
        return _maybe(memo.target)
    return memo.target.lower() if memo.kind == "document" and memo.target else memo.target


def _coding(c: BundleCoding) -> BundleCoding:
    guid, code, sha = canonical_guid(c.guid), canonical_guid(c.code_guid), c.document_sha256.lower()
    if guid == c.guid and code == c.code_guid and sha == c.document_sha256:
        return c  # the usual case: replace() on every coding would cost more than the merge
    return replace(c, guid=guid, code_guid=code, document_sha256=sha)


def canonical_guids(bundle: Bundle) -> Bundle:
    """``bundle`` with every guid upper case without braces and every sha256 lower case."""
    guid = canonical_guid
    documents = tuple(
        replace(d, guid=guid(d.guid), sha256=d.sha256.lower()) for d in bundle.documents
    )
    codes = tuple(
        replace(c, guid=guid(c.guid), parent_guid=_maybe(c.parent_guid)) for c in bundle.codes
    )
    cases = tuple(
        replace(c, guid=guid(c.guid), documents=tuple(d.lower() for d in c.documents))
        for c in bundle.cases
    )
    memos = tuple(replace(m, guid=guid(m.guid), target=_memo_target(m)) for m in bundle.memos)
    codings = tuple(_coding(c) for c in bundle.codings)
    return replace(
        bundle, documents=documents, codes=codes, codings=codings, cases=cases, memos=memos
    )
