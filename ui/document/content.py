"""The text of a document as a QTextDocument, with speaker names and timestamps set apart.

The speaker label of each turn is bold and its timestamp muted. They are written as character
formats while the document is built, one insert per run of text, which costs a few
milliseconds on a 60,000-word transcript; merging formats afterwards costs a hundred times more.
Codings are not part of the document: they are drawn over the visible part only (highlights).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from coding.locations import Utf16Map
from coding.snapping import Turn, TurnHeader, turn_header

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QObject
    from PySide6.QtGui import QColor

    from workbench.dto import SpanInfo


@dataclass(frozen=True, slots=True)
class TurnInfo:
    """A speaker turn as the view shows it (code points)."""

    start: int
    end: int
    speaker: str | None
    time_start: float | None
    header: TurnHeader


@dataclass(frozen=True, slots=True)
class DocumentContent:
    """What the view keeps of a shown document: the text and where its turns are."""

    document_id: int
    text: str
    utf16: Utf16Map
    turns: tuple[TurnInfo, ...]

    @property
    def snap_turns(self) -> list[Turn]:
        return [Turn(t.start, t.header.body, t.end) for t in self.turns]


def load_content(document_id: int, text: str, spans: Sequence[SpanInfo]) -> DocumentContent:
    turns = tuple(
        TurnInfo(
            s.start, s.end, s.speaker, s.time_start, turn_header(text, s.start, s.end, s.speaker)
        )
        for s in spans
        if s.kind == "turn"
    )
    return DocumentContent(document_id, text, Utf16Map(text), turns)


def _where(span: SpanInfo) -> tuple[int, int, str | None]:
    return span.start, span.end, span.speaker


def build_document(content: DocumentContent, muted: QColor, parent: QObject) -> QTextDocument:
    """A plain-text-layout document holding ``content.text`` with one UTF-16 unit per unit of
    the text (so offsets convert with :class:`Utf16Map` alone)."""
    document = QTextDocument(parent)
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setUndoRedoEnabled(False)
    # Qt turns "\r\n" into one paragraph break; a space keeps every later offset in place.
    text = content.text.replace("\r\n", " \n")
    plain = QTextCharFormat()
    name = QTextCharFormat()
    name.setFontWeight(QFont.Weight.Bold)
    time = QTextCharFormat()
    time.setForeground(muted)
    marks = sorted(
        [(t.header.name, name) for t in content.turns if t.header.name]
        + [(t.header.time, time) for t in content.turns if t.header.time],
        key=lambda mark: mark[0],
    )
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    position = 0
    for (start, end), style in marks:
        if start < position:
            continue  # a malformed span overlapping the previous label
        cursor.insertText(text[position:start], plain)
        cursor.insertText(text[start:end], style)
        position = end
    cursor.insertText(text[position:], plain)
    cursor.endEditBlock()
    return document


def format_time(seconds: float) -> str:
    whole = int(seconds)
    hours, minutes, secs = whole // 3600, whole // 60 % 60, whole % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
