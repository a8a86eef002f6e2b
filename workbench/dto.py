"""Frozen read models handed to the CLI, reports and ui/ (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    name: str
    kind: str
    folder: str
    words: int
    speakers: tuple[str, ...]
    turns: int
    codings: int


@dataclass(frozen=True, slots=True)
class CodeInfo:
    id: int
    guid: str
    parent_id: int | None
    position: int
    name: str
    colour: str
    definition: str
    inclusion: str
    exclusion: str
    example: str
    framework: str
    framework_key: str
    is_codable: bool
    codings: int = 0
    documents: int = 0
    keywords: str = ""  # one per line
    citation: str = ""


@dataclass(frozen=True, slots=True)
class SpanInfo:
    id: int
    start: int
    end: int
    kind: str
    speaker: str | None
    time_start: float | None
    time_end: float | None
    label: str | None


@dataclass(frozen=True, slots=True)
class Segment:
    """One coded passage, with what a reader needs to place it."""

    coding_id: int
    code_id: int
    document_id: int
    document_name: str
    start: int
    end: int
    text: str
    speaker: str | None
    case: str | None
    coder: str | None
    memo: str
    paragraph: int  # 1-based paragraph number: a location a reader can find
    time_start: float | None = None


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: int
    name: str
    description: str
    attributes: dict[str, str] = field(default_factory=dict)
    documents: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MemoInfo:
    id: int
    kind: str
    title: str
    text: str
    target_id: int | None
    anchor_start: int | None
    anchor_end: int | None
    author: str | None
