"""WebVTT (.vtt) and SubRip (.srt) captions, merged into speaker turns.

Captions are read with webvtt-py (0.6 reads unpadded Teams timestamps such as ``0:0:1.5``).
A cue's speaker comes from a ``<v Name>`` voice tag (closed or not) or, failing that, from a
``Name: `` prefix (Zoom, Teams, podcast SRT files), accepted only when the prefixes pass the
same recurrence guard as typed transcripts (see :mod:`workbench.importers.turns`). A cue
without a speaker continues the current turn, so an SRT that names the speaker on the first
cue of a turn only still gets whole turns.

Each turn is one paragraph, ``Name: text`` (cue texts joined with a space, tags stripped,
HTML entities decoded), or just the text when no speaker is known; the paragraph has a
``paragraph`` span and a ``turn`` span with the first cue's start and the latest cue end in
seconds. Text without a known speaker is split into paragraphs at pauses of 2 seconds or
more, or at a sentence end once a paragraph is 120 words long, so a caption file without
speakers does not become one paragraph.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.importers.base import (
    ImportFailure,
    ParsedDocument,
    ParsedSpan,
    TextBuilder,
    clean_text,
    require_text,
)
from workbench.importers.text_decoding import decode_text
from workbench.importers.turns import plausible_speakers, split_speaker_prefix

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_PAUSE_SECONDS = 2.0
_LONG_PARAGRAPH_WORDS = 120
_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"')


@dataclass(frozen=True, slots=True)
class _Cue:
    start: float
    end: float
    text: str
    voice: str | None
    prefix: str | None  # speaker named by a "Name: " prefix; text then excludes it


@dataclass(slots=True)
class _Turn:
    speaker: str | None
    start: float
    end: float
    texts: list[str] = field(default_factory=list)
    words: int = 0


def parse_vtt(data: bytes, name: str) -> ParsedDocument:
    """A WebVTT caption file."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = _read(data)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        reason = _reason(exc, "it does not start with the WEBVTT header")
        raise ImportFailure(f"is not a valid WebVTT file: {reason}") from None
    return _document(name, _cues(captions, "WebVTT"), "vtt")


def parse_srt(data: bytes, name: str) -> ParsedDocument:
    """A SubRip caption file."""
    import io

    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = _read(data)
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format="srt").captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        reason = _reason(exc, "it does not start with a numbered cue and its times")
        raise ImportFailure(f"is not a valid SRT file: {reason}") from None
    return _document(name, _cues(captions, "SRT"), "srt")


def _read(data: bytes) -> str:
    text = clean_text(decode_text(data))
    require_text(text)
    return text.lstrip()  # webvtt-py wants the header or first cue on the very first line


def _reason(exc: Exception, bad_start: str) -> str:
    reason = str(exc).strip()
    return bad_start if reason in {"", "Invalid format"} else reason


def _cues(captions: Sequence[Any], label: str) -> list[_Cue]:
    cues: list[_Cue] = []
    for caption in captions:
        body = " ".join(clean_text(html.unescape(caption.text)).split())
        if not body:
            continue
        voice = " ".join((caption.voice or "").split()) or None
        prefix, rest = (None, body) if voice else split_speaker_prefix(body)
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        cues.append(_Cue(start, end, rest, voice, prefix))
    if not cues:
        raise ImportFailure(f"is not a valid {label} file: no caption with text could be read")
    prefixes = [cue.prefix for cue in cues if cue.prefix]
    if prefixes and not plausible_speakers(prefixes, timed=True):
        # Not speakers after all ("Remember: ..."): put the words back.
        cues = [_Cue(c.start, c.end, _unsplit(c), c.voice, None) for c in cues]
    return cues


def _unsplit(cue: _Cue) -> str:
    return f"{cue.prefix}: {cue.text}" if cue.prefix else cue.text


def _turns(cues: Iterable[_Cue]) -> list[_Turn]:
    turns: list[_Turn] = []
    for cue in cues:
        speaker = cue.voice or cue.prefix
        current = turns[-1] if turns else None
        if current is None or _starts_turn(current, cue, speaker):
            current = _Turn(speaker, cue.start, cue.end)
            turns.append(current)
        current.texts.append(cue.text)
        current.words += len(cue.text.split())
        current.end = max(current.end, cue.end)
    return turns


def _starts_turn(current: _Turn, cue: _Cue, speaker: str | None) -> bool:
    if speaker is not None:
        return speaker != current.speaker
    if current.speaker is not None:
        return False
    paused = cue.start - current.end >= _PAUSE_SECONDS
    long_and_ended = current.words >= _LONG_PARAGRAPH_WORDS and current.texts[-1].endswith(
        _SENTENCE_END
    )
    return paused or long_and_ended


def _document(name: str, cues: Sequence[_Cue], importer: str) -> ParsedDocument:
    builder = TextBuilder()
    turn_spans: list[ParsedSpan] = []
    for turn in _turns(cues):
        body = " ".join(turn.texts)
        paragraph = f"{turn.speaker}: {body}" if turn.speaker else body
        start = builder.add(paragraph)
        turn_spans.append(
            ParsedSpan(
                start,
                start + len(paragraph),
                "turn",
                speaker=turn.speaker,
                time_start=turn.start,
                time_end=turn.end,
            )
        )
    spans = [span for pair in zip(builder.spans, turn_spans, strict=True) for span in pair]
    return ParsedDocument(name=name, text=builder.text(), spans=tuple(spans), importer=importer)
