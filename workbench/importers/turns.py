"""Speaker turns and timestamps in transcripts written as ordinary paragraphs.

Importers pass the clean text and its spans in order; a paragraph may hold several lines
(``\\n``). Every non-blank line is tried against three shapes:

* inline: ``Name: text``, or ``P01 - text`` (hyphen or en dash), with an optional timestamp before
  the name (``[00:01:02] Name:``, ``(00:01:02) Name:``, ``00:01:02 Name:``) or after it
  (``Name (00:01:02):``, ``Name [00:01:02]:``). The dash form needs an id (``P01``,
  ``Participant 3``) or an interviewer name, because ``Cost - too high`` is a note;
* header (Otter): ``Jane Doe  1:02:03`` alone on a line, the text on the lines after it;
* cue (Teams saved as .docx): a timestamp line (``0:0:0.0 --> 0:0:5.0`` or ``00:00:05``), the
  name alone on the next line, then the text.

A timestamp alone on the line before an inline or header line gives that turn its time, and
the turn starts at the timestamp. Timestamps are ``h:mm:ss``, ``mm:ss`` or ``h:m:s`` with an
optional fraction after ``.`` or ``,``.

A name is 1-4 words and at most 40 characters. Its first letter is not lower case, and later
words start with a capital or a digit or are particles such as ``van`` or ``de``. Labels that
start lines in notes (Note, Action, Aim, Date, Summary, Question...) are never names.

False-positive guard, applied to each shape on its own (the colon and dash forms of inline
count as two shapes, so one title line ``Interview 7 - Leeds`` is judged alone):

* at least 2 matches, and matches are at least 20 % of the non-empty paragraphs;
* names recur: distinct names <= matches / 2; or, with a timestamp on every match and at
  least 4 matches, at least one name is used twice; or one name is an interviewer name;
* a cue whose ``-->`` line, name line and text share one paragraph passes without the guard:
  only transcript software writes that layout.

A turn runs from the start of the line naming the speaker to the end of the last non-blank
line before the next turn. Lines before the first turn belong to no turn, and neither do
leading speaker lines with no timestamp whose name is used nowhere else and is neither an id
nor an interviewer (a header block such as ``Participant: P01`` above the interview).
Headings and tables (spans of those kinds; paragraphs inside a table span count as the table)
end a turn and belong to none. Two turns of one speaker in a row stay two turns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.importers.base import ParsedSpan

if TYPE_CHECKING:
    from collections.abc import Sequence

_TS = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_WORD_CHAR = r"[\w.'\u2019-]"  # letters, digits, dots, apostrophes, hyphens
_NAME = rf"[^\W\d_]{_WORD_CHAR}*(?:[ \t]+{_WORD_CHAR}+){{0,3}}"
_INLINE = re.compile(
    rf"""[ \t]*
    (?:(?:\[(?P<t1>{_TS})\]|\((?P<t2>{_TS})\)|(?P<t3>{_TS})(?=[ \t]))[ \t]*(?:[-\u2013][ \t]+)?)?
    (?P<name>{_NAME})
    (?:[ \t]*(?:\[(?P<t4>{_TS})\]|\((?P<t5>{_TS})\)))?
    (?:[ \t]*:(?=[ \t]|$)|[ \t]+(?P<dash>[-\u2013])[ \t])
    """,
    re.VERBOSE,
)
_HEADER = re.compile(rf"[ \t]*(?P<name>{_NAME})[ \t]+(?P<t1>{_TS})[ \t]*")
_STAMP_LINE = re.compile(
    rf"[ \t]*[\[(]?(?P<t1>{_TS})[\])]?(?:[ \t]*(?P<arrow>-->)[ \t]*[\[(]?{_TS}[\])]?)?[ \t]*"
)
_NAME_LINE = re.compile(rf"[ \t]*(?P<name>{_NAME})[ \t]*")
_PREFIX = re.compile(rf"[ \t]*(?P<name>{_NAME})[ \t]*:\s+(?P<rest>\S.*)", re.DOTALL)
_TIMESTAMP = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d+))?")
_ID = re.compile(r"[^\W\d_]+[ \t]?\d+[^\W\d_]?")
_INTERVIEWER = re.compile(
    r"(?:interviewer|int|iv|facilitator|fac|moderator|mod|researcher)\.?"
    r"(?:[ \t]*\d{1,2}|[ \t]+[a-z])?|[iq]",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"[\s.#]*\d+$")
_PARTICLE_WORDS = "van von de der den da di du la le del della dos das bin binti al el ter ten y"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
# Labels that open lines in notes, minutes and forms; compared case-folded, number removed.
_LABEL_WORDS = """
    note notes nb ps action actions aim aims objective objectives purpose goal goals outcome
    outcomes date time location venue place attendees present apologies absent agenda minutes
    summary conclusion conclusions decision decisions topic topics theme themes subject re fw
    fwd from to cc bcc sent title background context overview introduction next question
    questions answer answers comment comments feedback example examples quote quotes result
    results finding findings recommendation recommendations reference references ref source
    sources tel telephone phone mobile email e-mail fax address website url link step day week
    session section part chapter page slide table figure item issue issues risk risks problem
    solution pros cons strengths weaknesses opportunities threats barrier barriers enabler
    enablers facilitators challenge challenges benefit benefits task tasks todo warning
    important tip update total cost price version status priority category type name age gender
    role organisation organization department site method methods observation observations
    reflection reflections memo description definition scope rationale lead owner deadline due
    transcript recording duration audio file project study id code codes keywords tags interview
    interviews workshop meeting visit round wave phase case stage module appendix annex box"""
_LABEL_PHRASES = ("action point", "action points", "key point", "key points", "next steps")
_NOT_SPEAKERS = frozenset(_LABEL_WORDS.split()) | {*_LABEL_PHRASES, "follow up", "to do"}

_MIN_MATCHES = 2
_MIN_SHARE = 0.2
_MIN_TIMED_MATCHES = 4
_MAX_NAME_LENGTH = 40
_BARRIER_KINDS = frozenset({"heading", "table"})
_SHAPES = ("inline", "dash", "header", "cue")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    paragraph: int
    barrier: bool


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int  # index of the line where the turn starts
    shape: str
    speaker: str
    time: float | None
    strong: bool = False


def parse_timestamp(s: str) -> float | None:
    """Seconds for ``h:mm:ss``, ``mm:ss`` or ``h:m:s.f`` (brackets allowed); None if invalid."""
    match = _TIMESTAMP.fullmatch(s.strip().strip("[]()").strip())
    if match is None:
        return None
    first, second, third, fraction = match.groups()
    if third is None:
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        hours, minutes, seconds = int(first), int(second), int(third)
        if minutes > 59:
            return None
    if seconds > 59:
        return None
    value = float(hours * 3600 + minutes * 60 + seconds)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return value


def is_interviewer_name(name: str) -> bool:
    """Interviewer, Int, I, Q, Facilitator, Moderator, Researcher, 'Interviewer 2'..."""
    return _INTERVIEWER.fullmatch(" ".join(name.split())) is not None


def is_speaker_name(name: str) -> bool:
    """Whether ``name`` reads as a person or participant id rather than a notes label."""
    words = name.split()
    if not words or len(name) > _MAX_NAME_LENGTH or len(words) > 4:
        return False
    first = words[0][0]
    if not first.isalpha() or first.islower():
        return False
    for word in words[1:]:
        initial = word[0]
        capital = initial.isdigit() or (initial.isalpha() and not initial.islower())
        if not capital and word not in _PARTICLES:
            return False
    key = _TRAILING_NUMBER.sub("", " ".join(words)).rstrip(".").casefold()
    return key not in _NOT_SPEAKERS


def split_speaker_prefix(text: str) -> tuple[str | None, str]:
    """``'Travis: Hello'`` -> ``('Travis', 'Hello')``; text without a name -> ``(None, text)``."""
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    name = " ".join(match["name"].split())
    if not is_speaker_name(name):
        return None, text
    return name, match["rest"]


def plausible_speakers(names: Sequence[str], *, timed: bool) -> bool:
    """The recurrence part of the guard (see the module docstring)."""
    if len(names) < _MIN_MATCHES:
        return False
    distinct = len({name.casefold() for name in names})
    if distinct * 2 <= len(names) or any(is_interviewer_name(name) for name in names):
        return True
    return timed and len(names) >= _MIN_TIMED_MATCHES and distinct < len(names)


def detect_turns(text: str, paragraphs: Sequence[ParsedSpan]) -> list[ParsedSpan]:
    """Spans of kind ``"turn"`` for the speaker turns found in ``paragraphs`` (in order)."""
    lines = _split_lines(text, paragraphs)
    marks = _scan(text, lines)
    if not marks:
        return []
    content = len({line.paragraph for line in lines if not line.barrier})
    accepted: list[_Mark] = []
    for shape in _SHAPES:
        group = [mark for mark in marks if mark.shape == shape]
        if _accepted(group, content):
            accepted.extend(group)
    accepted.sort(key=lambda mark: mark.line)
    return _build_turns(lines, _without_preamble(accepted))


def _split_lines(text: str, spans: Sequence[ParsedSpan]) -> list[_Line]:
    """Non-blank lines in text order. A heading or table is one barrier line that stands for
    everything inside it (table rows may also be passed as paragraphs)."""
    lines: list[_Line] = []
    blocked_until = -1
    ordered = sorted(enumerate(spans), key=lambda item: (item[1].start, -item[1].end))
    for index, span in ordered:
        if span.kind in _BARRIER_KINDS:
            blocked_until = max(blocked_until, span.end)
            lines.append(_Line(span.start, span.end, index, barrier=True))
        elif span.end > blocked_until:
            start = span.start
            for piece in text[span.start : span.end].split("\n"):
                if piece.strip():
                    lines.append(_Line(start, start + len(piece), index, barrier=False))
                start += len(piece) + 1
    return lines


def _scan(text: str, lines: Sequence[_Line]) -> list[_Mark]:
    marks: list[_Mark] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        mark = None if line.barrier else _match_line(text[line.start : line.end], index)
        step = 1
        if mark is None and not line.barrier:
            mark = _match_after_stamp(text, lines, index)
            step = 1 if mark is None else 2  # the name line is part of this mark
        if mark is not None:
            marks.append(mark)
        index += step
    return marks


def _match_line(line: str, index: int) -> _Mark | None:
    match = _INLINE.match(line)
    if match is not None:
        name = " ".join(match["name"].split())
        dash_ok = not match["dash"] or _ID.fullmatch(name) or is_interviewer_name(name)
        if dash_ok and is_speaker_name(name):
            stamp = next((t for t in match.group("t1", "t2", "t3", "t4", "t5") if t), None)
            time = parse_timestamp(stamp) if stamp else None
            return _Mark(index, "dash" if match["dash"] else "inline", name, time)
    match = _HEADER.fullmatch(line)
    if match is not None:
        name = " ".join(match["name"].split())
        if is_speaker_name(name):
            return _Mark(index, "header", name, parse_timestamp(match["t1"]))
    return None


def _match_after_stamp(text: str, lines: Sequence[_Line], index: int) -> _Mark | None:
    """A timestamp alone on a line, then a speaker line or (Teams) the name alone."""
    stamp_line, following = lines[index], lines[index + 1 : index + 3]
    stamp = _STAMP_LINE.fullmatch(text[stamp_line.start : stamp_line.end])
    if stamp is None or not following or following[0].barrier:
        return None
    time = parse_timestamp(stamp["t1"])
    next_text = text[following[0].start : following[0].end]
    mark = _match_line(next_text, index)
    if mark is not None:
        return _Mark(index, mark.shape, mark.speaker, mark.time if mark.time is not None else time)
    name_match = _NAME_LINE.fullmatch(next_text)
    if name_match is None or not is_speaker_name(name := " ".join(name_match["name"].split())):
        return None
    together = len(following) == 2 and all(
        line.paragraph == stamp_line.paragraph for line in following
    )
    return _Mark(index, "cue", name, time, strong=bool(stamp["arrow"]) and together)


def _accepted(marks: Sequence[_Mark], paragraphs: int) -> bool:
    if not marks:
        return False
    if all(mark.strong for mark in marks):
        return True
    if len(marks) < _MIN_SHARE * paragraphs:
        return False
    timed = all(mark.time is not None for mark in marks)
    return plausible_speakers([mark.speaker for mark in marks], timed=timed)


def _without_preamble(marks: list[_Mark]) -> list[_Mark]:
    """Drop leading marks that read as a header block ('Participant: P01', 'Site: Leeds'):
    untimed, the name used only there, and not an id or an interviewer."""
    counts = Counter(mark.speaker.casefold() for mark in marks)

    def preamble(mark: _Mark) -> bool:
        return (
            counts[mark.speaker.casefold()] == 1
            and mark.time is None
            and not _ID.fullmatch(mark.speaker)
            and not is_interviewer_name(mark.speaker)
        )

    first = next((n for n, mark in enumerate(marks) if not preamble(mark)), len(marks))
    return marks[first:]


def _build_turns(lines: Sequence[_Line], marks: Sequence[_Mark]) -> list[ParsedSpan]:
    turns: list[ParsedSpan] = []
    for number, mark in enumerate(marks):
        stop = marks[number + 1].line if number + 1 < len(marks) else len(lines)
        last = mark.line
        for index in range(mark.line + 1, stop):
            if lines[index].barrier:
                break
            last = index
        turns.append(
            ParsedSpan(
                lines[mark.line].start,
                lines[last].end,
                "turn",
                speaker=mark.speaker,
                time_start=mark.time,
            )
        )
    return turns
