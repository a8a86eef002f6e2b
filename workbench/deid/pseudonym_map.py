"""The project's pseudonym map: each identifying string and the one replacement it always gets.

Stored in the ``pseudonyms`` table, which never leaves the project. Strings are compared with
case and spacing ignored (:func:`coding.nlp.deid.normalise`), so "Jane Smith", "JANE SMITH"
and "Jane\\nSmith" share one row and one replacement.

Replacements by label: people "[Person 1]", "[Person 2]"...; hospitals and trusts "[Hospital
A]"...; other organisations "[Organisation A]"...; places "[Place 1]"...; a name added without
a label "[Name 1]"...; and fixed ones for dates, NHS numbers, postcodes, phone numbers, emails
and NI numbers ("[Date]", "[NHS number]"...), which need no row. A new number or letter is one
past the highest in use, so none is ever given to two strings.

A ``user`` row is a name the researcher added, searched for in every document; a ``detected``
row is written when a detection is applied. Rows are proposed (:meth:`PseudonymMap.propose`)
before they are stored, so the review screen shows the replacement that applying will write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from coding.nlp import identifiers as ids
from coding.nlp.deid import DATE, HOSPITAL, NAME, ORGANISATION, PERSON, PLACE, normalise
from storage.models import Pseudonym

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.project import Project

FIXED = {
    DATE: "[Date]",
    ids.NHS_NUMBER: "[NHS number]",
    ids.POSTCODE: "[Postcode]",
    ids.PHONE: "[Phone number]",
    ids.EMAIL: "[Email address]",
    ids.NI_NUMBER: "[NI number]",
}
# label -> (word in the replacement, numbered with letters?)
NUMBERED = {
    PERSON: ("Person", False),
    HOSPITAL: ("Hospital", True),
    ORGANISATION: ("Organisation", True),
    PLACE: ("Place", False),
    NAME: ("Name", False),
}
LABELS = (*NUMBERED, *FIXED)
USER_SOURCE, DETECTED_SOURCE = "user", "detected"
_HOSPITAL_END = re.compile(r"(?:Hospitals?|Infirmary|Trust|Hospice)\W*\Z", re.IGNORECASE)
_ORGANISATION_END = re.compile(
    r"(?:Surgery|Practice|Clinic|Council|University|School|College|Centre|Center)\W*\Z",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MapEntry:
    """One row of the map (``id`` is None for a proposal not yet stored)."""

    id: int | None
    original: str
    replacement: str
    label: str
    source: str


def label_for_name(name: str) -> str:
    """The label an added name gets when the researcher gave none."""
    if _HOSPITAL_END.search(name):
        return HOSPITAL
    return ORGANISATION if _ORGANISATION_END.search(name) else NAME


def letters(number: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA": spreadsheet-style letters."""
    text = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _from_letters(text: str) -> int:
    number = 0
    for char in text:
        number = number * 26 + ord(char) - ord("A") + 1
    return number


class PseudonymMap:
    """The stored rows plus the proposals made since loading them."""

    def __init__(self, entries: list[MapEntry]) -> None:
        self._by_key = {normalise(e.original): e for e in entries}
        self._used: dict[str, set[int]] = {word: set() for word, _ in NUMBERED.values()}
        self._replacements: dict[str, str] = {}  # replacement -> normalised original
        for entry in entries:
            self._note(entry)

    @classmethod
    def load(cls, session: Session) -> PseudonymMap:
        rows = session.execute(
            select(
                Pseudonym.id,
                Pseudonym.original,
                Pseudonym.replacement,
                Pseudonym.label,
                Pseudonym.source,
            ).order_by(Pseudonym.id)
        ).all()
        return cls([MapEntry(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows])

    def entries(self) -> list[MapEntry]:
        """Stored rows and proposals, in the order they were made."""
        return list(self._by_key.values())

    def proposals(self) -> list[MapEntry]:
        return [e for e in self._by_key.values() if e.id is None]

    def user_names(self) -> dict[str, str]:
        """Added names and their labels, for :class:`coding.nlp.deid.UserNames`."""
        return {e.original: e.label for e in self._by_key.values() if e.source == USER_SOURCE}

    def lookup(self, text: str) -> MapEntry | None:
        return self._by_key.get(normalise(text))

    def shown(self, text: str, label: str, *, accepted: bool) -> str:
        """What a detection of ``text`` is shown to become: an accepted one takes its proposal
        (numbered on in the order asked); a rejected one shows what it would get, without
        taking a number."""
        if accepted:
            return self.propose(text, label)
        known = self.lookup(text)
        return known.replacement if known is not None else FIXED.get(label, "")

    def propose(self, text: str, label: str, wanted: str = "") -> str:
        """The replacement for ``text``: its row's, the fixed one for its label, or a new one
        (``wanted`` if it is free, else the next number), remembered as a proposal."""
        found = self.lookup(text)
        if found is not None:
            return found.replacement
        if label in FIXED:
            return FIXED[label]
        if wanted in FIXED.values() or not self.is_free(wanted, text):  # e.g. relabelled a date
            wanted = self.next_replacement(label)
        self.add(MapEntry(None, " ".join(text.split()), wanted, label, DETECTED_SOURCE))
        return wanted

    def is_free(self, replacement: str, text: str) -> bool:
        """True when ``replacement`` is usable for ``text``: not empty, and given to no other
        string."""
        owner = self._replacements.get(replacement)
        return bool(replacement.strip()) and owner in (None, normalise(text))

    def next_replacement(self, label: str) -> str:
        word, lettered = NUMBERED.get(label, NUMBERED[NAME])
        number = max(self._used[word], default=0) + 1
        return f"[{word} {letters(number) if lettered else number}]"

    def add(self, entry: MapEntry) -> None:
        self._by_key[normalise(entry.original)] = entry
        self._note(entry)

    def _note(self, entry: MapEntry) -> None:
        self._replacements.setdefault(entry.replacement, normalise(entry.original))
        for word, lettered in NUMBERED.values():
            match = re.fullmatch(rf"\[{word} ([A-Z]+|\d+)\]", entry.replacement)
            if match is None:
                continue
            value = match.group(1)
            if value.isdigit() != lettered:
                self._used[word].add(int(value) if value.isdigit() else _from_letters(value))


def load_map(project: Project) -> PseudonymMap:
    """The project's map as it is now."""
    with project.reading() as session:
        return PseudonymMap.load(session)
