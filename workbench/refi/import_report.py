"""What a REFI-QDA import brought in, and in plain words what it could not and why.

The REFI-QDA standard (§7) asks importers to tell the user what was lost. The report counts
what was stored, lists what was matched to things already in the project, what was left out
(pictures, recordings, sets, codings of missing sources...) and what was brought in only
after a repair (positions swapped or cut to the text). No line ever quotes document text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

_FIXES = {
    "inverted": "{n} in “{doc}” ended before {pron} started: start and end were swapped.",
    "outside": "{n} in “{doc}” reached outside the text: {pron2} cut at its edge.",
    "empty": "{n} in “{doc}” covered no text (start and end in one place), so {pron2} left out.",
    "beyond": "{n} in “{doc}” lay wholly outside the text, so {pron2} left out.",
}


def plural(count: int, noun: str) -> str:
    """``1 coding``, ``3 codings``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def were(count: int) -> str:
    return "was" if count == 1 else "were"


@dataclass
class RefiImportReport:
    file_name: str
    origin: str = ""
    documents: int = 0
    codes: int = 0
    codings: int = 0
    cases: int = 0
    attributes: int = 0
    values: int = 0
    memos: int = 0
    users: int = 0
    document_ids: list[int] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # matched to what the project had
    left_out: list[str] = field(default_factory=list)  # could not be brought in, and why
    warnings: list[str] = field(default_factory=list)  # brought in, but worth a look
    reading: str = ""  # how positions were counted, when it was not the standard's way
    cancelled: bool = False
    _fixes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def fixed(self, document: str, kind: str, count: int = 1) -> None:
        """Record ``count`` codings of ``document`` repaired (``inverted``, ``outside``) or
        dropped (``empty``, ``beyond``)."""
        if kind not in _FIXES:
            raise ValueError(kind)
        if count:
            self._fixes[(document, kind)] += count

    @property
    def adjusted(self) -> list[str]:
        """One plain sentence per document and kind of repair."""
        lines = []
        for (document, kind), count in self._fixes.items():
            lines.append(
                _FIXES[kind].format(
                    n=plural(count, "coding"),
                    doc=document,
                    pron="it" if count == 1 else "they",
                    pron2="it was" if count == 1 else "they were",
                )
            )
        return lines

    def summary(self) -> str:
        if self.cancelled:
            return f"Import of “{self.file_name}” cancelled: nothing was changed."
        counts = [
            plural(self.documents, "document"),
            plural(self.codes, "code"),
            plural(self.codings, "coding"),
            plural(self.cases, "case"),
            plural(self.attributes, "attribute"),
            plural(self.values, "attribute value"),
            plural(self.memos, "memo"),
            plural(self.users, "coder"),
        ]
        source = f" ({self.origin})" if self.origin else ""
        return f"Brought in from “{self.file_name}”{source}: " + ", ".join(counts) + "."

    def lines(self) -> list[str]:
        """The whole report as lines of text, for the terminal or a dialog."""
        lines = [self.summary()]
        if self.reading:
            lines.append(self.reading)
        sections = (
            ("Already in the project", self.reused),
            ("Brought in after a repair", self.adjusted),
            ("Worth checking", self.warnings),
            ("Not brought in", self.left_out),
        )
        for title, items in sections:
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  - {item}" for item in items)
        return lines
