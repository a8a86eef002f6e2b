"""What a REFI-QDA file holds, as plain frozen data (read by ``import_parse``).

Every GUID here is a lookup key: braces stripped and lower case (tools write upper, lower and
``{...}`` forms of the same GUID). Positions are exactly as the file wrote them; turning them
into our offsets is ``import_offsets``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


@dataclass(frozen=True, slots=True)
class RefiUser:
    guid: str
    name: str
    initials: str


@dataclass(frozen=True, slots=True)
class RefiCode:
    guid: str
    name: str
    colour: str | None  # as written (#RGB or #RRGGBB), None when absent
    description: str
    codable: bool
    note_guids: tuple[str, ...]
    children: tuple[RefiCode, ...]


@dataclass(frozen=True, slots=True)
class RefiCoding:
    guid: str
    code_guid: str
    user_guid: str | None
    created: datetime | None
    modified: datetime | None  # the selection's, when the tool wrote one
    note_guids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefiSelection:
    """A ``PlainTextSelection`` (or a transcript selection turned into positions)."""

    guid: str
    start: int
    end: int
    name: str  # ATLAS.ti writes the selected text here (cut short with "…")
    description: str
    codings: tuple[RefiCoding, ...]
    note_guids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefiValue:
    variable_guid: str
    value: str


@dataclass(frozen=True, slots=True)
class RefiText:
    """A text that can become a document: a ``TextSource``, a PDF's text representation or
    the transcript of a recording."""

    guid: str
    name: str
    kind: str | None  # "transcript" for a recording's transcript; None: guessed from the text
    raw_text: str | None  # decoded, BOM removed, line ends as stored; None when unreadable
    sha256: str
    unreadable: str  # why raw_text is None, in plain words ("" when it was read)
    selections: tuple[RefiSelection, ...]
    whole_codings: tuple[RefiCoding, ...]  # codings of the whole source
    note_guids: tuple[str, ...]
    values: tuple[RefiValue, ...]  # variables set on the source itself
    description: str


@dataclass(frozen=True, slots=True)
class RefiVariable:
    guid: str
    name: str
    type: str  # Text | Boolean | Integer | Float | Date | DateTime
    description: str


@dataclass(frozen=True, slots=True)
class RefiCase:
    guid: str
    name: str  # "" for MAXQDA's and Quirkos's nameless cases (document variables)
    description: str
    source_guids: tuple[str, ...]
    selection_guids: tuple[str, ...]
    values: tuple[RefiValue, ...]


@dataclass(frozen=True, slots=True)
class RefiNote:
    guid: str
    name: str
    text: str
    user_guid: str | None
    created: datetime | None
    modified: datetime | None


@dataclass(frozen=True, slots=True)
class RefiLink:
    origin_guid: str
    target_guid: str


@dataclass(frozen=True, slots=True)
class RefiProject:
    """A whole .qdpx (or a .qdc, which has codes only)."""

    file_name: str
    name: str
    origin: str
    users: tuple[RefiUser, ...]
    codes: tuple[RefiCode, ...]
    texts: tuple[RefiText, ...]
    variables: tuple[RefiVariable, ...]
    cases: tuple[RefiCase, ...]
    notes: tuple[RefiNote, ...]
    links: tuple[RefiLink, ...]
    project_note_guids: tuple[str, ...]
    note_sets: dict[str, tuple[str, ...]]  # set name -> notes in it (journal, recommendations)
    description: str
    left_out: tuple[str, ...]  # parts the Workbench cannot hold, in plain words
    warnings: tuple[str, ...]  # parts brought in that a person should check

    @property
    def tool(self) -> str:
        """The exporting program without its version ("NVivo for Mac", "ATLAS.ti")."""
        words = []
        for word in self.origin.split():
            if any(char.isdigit() for char in word) or not word.strip(",;()"):
                break
            words.append(word)
        return " ".join(words) or "another program"


def walk_codes(codes: tuple[RefiCode, ...]) -> list[RefiCode]:
    """Every code of a tree, parents before children."""
    found: list[RefiCode] = []
    for code in codes:
        found.append(code)
        found.extend(walk_codes(code.children))
    return found
