"""Who said a quote and where it is, as a report prints it: by pseudonym where one exists.

The project's pseudonym map (original -> replacement) never leaves the project; a report only
ever prints the replacements. With ``pseudonyms_only`` a reader learns no name at all:
speakers and cases without an entry get "Participant N", documents get "Source N", and any
original the map knows is replaced inside the quote too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.models import Pseudonym

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.dto import Segment
    from workbench.project import Project


def pseudonym_map(project: Project) -> dict[str, str]:
    with project.reading() as session:
        return dict(session.execute(select(Pseudonym.original, Pseudonym.replacement)).all())


def time_label(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{secs:02d}"


class Attributor:
    """Turns segments into attributions and quote text fit for the report's readers."""

    def __init__(
        self,
        pseudonyms: dict[str, str],
        *,
        only: bool = False,
        cases: Iterable[str] = (),
        documents: Iterable[str] = (),
    ) -> None:
        self.pseudonyms = pseudonyms
        self.only = only
        self._people = {name: f"Participant {n}" for n, name in enumerate(cases, 1)}
        self._sources = {name: f"Source {n}" for n, name in enumerate(documents, 1)}
        originals = sorted((o for o in pseudonyms if o.strip()), key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(map(re.escape, originals)) + r")\b")
            if originals and only
            else None
        )

    def person(self, name: str) -> str:
        if name in self.pseudonyms:
            return self.pseudonyms[name]
        if not self.only:
            return name
        return self._people.setdefault(name, f"Participant {len(self._people) + 1}")

    def source(self, name: str) -> str:
        if not self.only:
            return self.pseudonyms.get(name, name)
        return self._sources.setdefault(name, f"Source {len(self._sources) + 1}")

    def text(self, text: str) -> str:
        """The quote as printed: whitespace collapsed, known originals replaced when asked."""
        if "  " in text or "\n" in text or "\t" in text or "\r" in text:  # most quotes need none
            text = " ".join(text.split())
        else:
            text = text.strip()
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self.pseudonyms[m.group(1)], text)
        return text

    def attribution(self, segment: Segment) -> str:
        """Speaker, case and place, as a reader would cite the quote."""
        parts = []
        if segment.speaker:
            parts.append(self.person(segment.speaker))
        if segment.case and segment.case != segment.speaker:
            parts.append(f"case {self.person(segment.case)}")
        place = f"{self.source(segment.document_name)}, paragraph {segment.paragraph}"
        if segment.time_start is not None:
            place += f" ({time_label(segment.time_start)})"
        parts.append(place)
        return " · ".join(parts)
