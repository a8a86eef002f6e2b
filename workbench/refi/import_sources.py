"""Reading the sources of a REFI-QDA project: which of them are text, and that text.

A ``TextSource`` is text; so is a PDF's text ``Representation`` and each ``Transcript`` of a
recording. Pictures, recordings without a transcript and codings of PDF areas or stretches of
a recording have no place in a text workbench: each is named in ``left_out`` with the number
of codings it carried.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from lxml import etree

from workbench.importers.base import ImportFailure
from workbench.importers.text_decoding import decode_text
from workbench.refi import import_xml as xml
from workbench.refi.import_model import RefiSelection, RefiText
from workbench.refi.import_report import plural, were

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.etree import _Element

    from workbench.refi.import_archive import RefiArchive

_NOT_UTF8 = (
    "{what} was not saved as UTF-8 as REFI-QDA asks, so its characters were guessed: check "
    "accented letters and symbols."
)


def count_codings(element: _Element | None) -> int:
    return 0 if element is None else sum(1 for _ in element.iter("{*}Coding"))


def _lost(subject: str, codings: int) -> str:
    """<subject>, so it (and its N codings) was/were not brought in."""
    with_codings = f" and its {plural(codings, 'coding')}" if codings else ""
    verb = "were" if codings else "was"
    return f"{subject}, so it{with_codings} {verb} not brought in."


class SourceReader:
    def __init__(
        self, archive: RefiArchive | None, left_out: list[str], warnings: list[str]
    ) -> None:
        self.archive = archive
        self.left_out = left_out
        self.warnings = warnings

    def read(self, source: _Element) -> list[RefiText]:
        """The texts of one child of ``Sources`` (none, one, or one per transcript)."""
        handlers: dict[str, Callable[[_Element], list[RefiText]]] = {
            "TextSource": lambda s: [self._text(s, s, None)],
            "PDFSource": self._pdf,
            "AudioSource": self._recording,
            "VideoSource": self._recording,
        }
        kind = etree.QName(source).localname
        handler = handlers.get(kind)
        if handler is not None:
            return handler(source)
        what = "a picture" if kind == "PictureSource" else f"a {kind}"
        subject = f"“{_name(source)}” is {what}; the Workbench holds text only"
        self.left_out.append(_lost(subject, count_codings(source)))
        return []

    def note_text(self, note: _Element, name: str) -> str:
        text, _sha, reason = self._content(note, f"The note “{name}”")
        if text is None and note.get("plainTextPath"):
            self.warnings.append(f"The text of the note “{name}” is {reason}; its title was kept.")
        return text or ""

    # ------------------------------------------------------------------ kinds of source
    def _pdf(self, source: _Element) -> list[RefiText]:
        representation = source.find("{*}Representation")
        if representation is None:
            subject = f"“{_name(source)}” is a PDF without its text in the file"
            self.left_out.append(_lost(subject, count_codings(source)))
            return []
        areas = sum(count_codings(area) for area in source.iterfind("{*}PDFSelection"))
        if areas:
            self.left_out.append(
                f"“{_name(source)}”: {plural(areas, 'coding')} of areas of its pages "
                f"{were(areas)} not brought in (the codings of its text were)."
            )
        return [self._text(source, representation, None)]

    def _recording(self, source: _Element) -> list[RefiText]:
        transcripts = source.findall("{*}Transcript")
        media = sum(
            count_codings(part)
            for part in source
            if isinstance(part.tag, str) and etree.QName(part).localname.endswith("Selection")
        )
        if not transcripts:
            subject = (
                f"“{_name(source)}” is a recording without a transcript; the Workbench holds "
                "text only"
            )
            self.left_out.append(_lost(subject, count_codings(source)))
            return []
        if media:
            self.left_out.append(
                f"“{_name(source)}”: {plural(media, 'coding')} of the recording itself (not "
                f"of its transcript) {were(media)} not brought in."
            )
        # The first transcript answers to the recording's GUID (cases and sets point there).
        return [
            self._text(source if n == 0 else transcript, transcript, "transcript")
            for n, transcript in enumerate(transcripts)
        ]

    # ------------------------------------------------------------------ one text
    def _text(self, owner: _Element, holder: _Element, kind: str | None) -> RefiText:
        """``owner`` gives identity (GUID, variables) and the name, unless ``holder`` is a named
        transcript; ``holder`` holds the text."""
        named = holder if kind == "transcript" and holder.get("name") else owner
        name = _name(named) if named.get("name") else _name(holder)
        raw, sha, reason = self._content(holder, f"“{name}”")
        parts = (owner,) if owner is holder else (owner, holder)
        selections = self._selections(holder, name)
        if raw is None:
            lost = sum(len(s.codings) for s in selections)
            lost += sum(len(xml.codings(part)) for part in parts)
            self.left_out.append(_lost(f"“{name}”: its text is {reason}", lost))
        return RefiText(
            guid=xml.guid_key(owner.get("guid")),
            name=name,
            kind=kind,
            raw_text=raw,
            sha256=sha,
            unreadable=reason,
            selections=tuple(selections),
            whole_codings=tuple(c for part in parts for c in xml.codings(part)),
            note_guids=tuple(g for part in parts for g in xml.refs(part, "NoteRef")),
            values=xml.values(owner),
            description=xml.child_text(owner, "Description"),
        )

    def _selections(self, holder: _Element, name: str) -> list[RefiSelection]:
        found = []
        broken = 0
        for element in holder.iterfind("{*}PlainTextSelection"):
            start, end = _int(element.get("startPosition")), _int(element.get("endPosition"))
            if start is None or end is None:
                broken += len(xml.codings(element)) or 1
                continue
            found.append(xml.selection(element, start, end))
        points = {
            xml.guid_key(p.get("guid")): _int(p.get("position"))
            for p in holder.iterfind("{*}SyncPoint")
        }
        for element in holder.iterfind("{*}TranscriptSelection"):
            start = points.get(xml.guid_key(element.get("fromSyncPoint")))
            end = points.get(xml.guid_key(element.get("toSyncPoint")))
            if start is None or end is None:
                broken += len(xml.codings(element)) or 1
                continue
            found.append(xml.selection(element, start, end))
        if broken:
            self.left_out.append(
                f"“{name}”: {plural(broken, 'passage')} without readable positions "
                f"{were(broken)} not brought in."
            )
        return found

    def _content(self, holder: _Element, what: str) -> tuple[str | None, str, str]:
        """(text, sha256 of its bytes, why there is no text)."""
        reason = "missing from the file"
        path = holder.get("plainTextPath")
        if path and self.archive is None:
            reason = "outside this file (a codebook file holds codes only)"
        elif path and self.archive is not None:
            data, reason = self.archive.source(path)
            if data is not None:
                text = self._decode(data, what)
                if text is None:
                    reason = "in a form that is not readable text"
                elif not text.strip():
                    reason = "empty in the archive (only a formatted copy was exported)"
                else:
                    return text, hashlib.sha256(data).hexdigest(), ""
        inline = holder.find("{*}PlainTextContent")
        if inline is not None:
            text = xml.text_of(inline)
            if text.strip():
                return text, hashlib.sha256(text.encode("utf-8")).hexdigest(), ""
        return None, "", reason

    def _decode(self, data: bytes, what: str) -> str | None:
        try:
            return data.decode("utf-8-sig")  # the BOM NVivo and QualCoder write is not text
        except UnicodeDecodeError:
            pass
        try:
            text = decode_text(data)
        except ImportFailure:
            return None
        self.warnings.append(_NOT_UTF8.format(what=what))
        return text


def _name(element: _Element) -> str:
    return " ".join((element.get("name") or "").split()) or "Untitled source"


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None
