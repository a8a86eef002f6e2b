"""What applying de-identification did, for the person who asked: plain values, no text."""

from __future__ import annotations

from dataclasses import dataclass

KEPT, DELETED = "kept", "deleted"


@dataclass(frozen=True, slots=True)
class LostCoding:
    """A coding whose own text was all replaced: it now covers only ``[start, end)``, the
    replacement, in the new text."""

    coding_id: int
    document_id: int
    code_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ApplyReport:
    documents: tuple[int, ...]
    replacements: int  # passages replaced, over all the documents
    original: str  # "kept" or "deleted"
    codings_moved: frozenset[int]
    lost: tuple[LostCoding, ...]
    pseudonyms_added: int
