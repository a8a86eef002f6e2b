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
from operator import itemgetter
from typing import TYPE_CHECKING

from workbench.importers.base import ParsedSpan

if TYPE_CHECKING:
    from collections.abc import Sequence

_TS = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_WORD_CHAR = r"[\w.'\u2019-]"  # letters, digits, dots, apostrophes, hyphens
# Possessive inside a word: what may follow a word (blank, colon, bracket, end) is never a word
# character, so giving characters back cannot help, and on prose it was most of the cost.
_NAME = rf"[^\W\d_]{_WORD_CHAR}*+(?:[ \t]+{_WORD_CHAR}++){{0,3}}"
_INLINE = rf"""[ \t]*
    (?:(?:\[(?P<t1>{_TS})\]|\((?P<t2>{_TS})\)|(?P<t3>{_TS})(?=[ \t]))[ \t]*(?:[-\u2013][ \t]+)?)?
    (?P<name>{_NAME})
    (?:[ \t]*(?:\[(?P<t4>{_TS})\]|\((?P<t5>{_TS})\)))?
    (?:[ \t]*:(?=[ \t]|$)|[ \t]+(?P<dash>[-\u2013])[ \t])
    """
_HEADER = rf"[ \t]*(?P<header_name>{_NAME})[ \t]+(?P<header_time>{_TS})[ \t]*"
_STAMP = (
    rf"[ \t]*[\[(]?(?P<stamp_time>{_TS})[\])]?"
    rf"(?:[ \t]*(?P<arrow>-->)[ \t]*[\[(]?{_TS}[\])]?)?[ \t]*"
)
# One pass per line: the shapes are tried in this order and ``lastgroup`` says which matched.
# Inline and header need a letter and a stamp line has none, so a stamp match means neither
# of the others could match. \Z at ``endpos`` makes the last two full matches of the line.
_LINE = re.compile(
    rf"(?P<inline>{_INLINE})|(?P<header>{_HEADER})\Z|(?P<stamp>{_STAMP})\Z", re.VERBOSE
)
_HEADER_LINE = re.compile(_HEADER)  # for an inline match whose name is then rejected
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


# Plain tuples, not dataclasses: a transcript makes one of each per line, on the import path.
_Line = tuple[int, int, int, bool]  # start, end, index of its span, barrier (heading or table)
_Mark = tuple[int, str, str, float | None, bool]  # line, shape, speaker, time, strong
_Name = tuple[str, bool, bool]  # the name tidied, a speaker name, may start a dash line
_LINE_OF = itemgetter(0)


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
    lines, content = _split_lines(text, paragraphs)
    found = _Scanner(text, lines).marks()
    accepted: list[_Mark] = []
    shapes = 0
    for shape in _SHAPES:
        if _accepted(found[shape], content):
            accepted.extend(found[shape])
            shapes += 1
    if shapes > 1:  # each shape's marks are in line order already
        accepted.sort(key=_LINE_OF)
    return _build_turns(lines, _without_preamble(accepted))


def _clock_seconds(stamp: str) -> float | None:
    """:func:`parse_timestamp` of text that matched ``_TS`` (digits, colons, perhaps a
    fraction): splitting at the colons costs less than a second regex on every speaker line."""
    parts = stamp.split(":")
    if len(parts[-1]) > 2:  # the seconds have a fraction
        return parse_timestamp(stamp)
    if len(parts) == 2:
        hours, minutes, seconds = 0, int(parts[0]), int(parts[1])
    else:
        hours, minutes, seconds = int(parts[0]), int(parts[1]), int(parts[2])
        if minutes > 59:
            return None
    if seconds > 59:
        return None
    return float(hours * 3600 + minutes * 60 + seconds)


def _split_lines(text: str, spans: Sequence[ParsedSpan]) -> tuple[list[_Line], int]:
    """Non-blank lines in text order, and how many paragraphs (not headings or tables) hold
    one. A heading or table is one barrier line that stands for everything inside it (table
    rows may also be passed as paragraphs)."""
    lines: list[_Line] = []
    content = 0
    blocked_until = -1
    keys = [(span.start, -span.end) for span in spans]
    for index in sorted(range(len(spans)), key=keys.__getitem__):
        span = spans[index]
        start, end = span.start, span.end
        if span.kind in _BARRIER_KINDS:
            blocked_until = max(blocked_until, end)
            lines.append((start, end, index, True))
        elif end > blocked_until:
            paragraph = text[start:end]
            if "\n" in paragraph:
                content += _add_lines(lines, start, paragraph.split("\n"), index)
            elif paragraph.strip():  # the usual paragraph: one line
                lines.append((start, start + len(paragraph), index, False))
                content += 1
    return lines, content


def _add_lines(lines: list[_Line], start: int, pieces: list[str], index: int) -> bool:
    """Add the non-blank ``pieces`` of a paragraph at ``start``; whether there was one."""
    before = len(lines)
    for piece in pieces:
        if piece.strip():
            lines.append((start, start + len(piece), index, False))
        start += len(piece) + 1
    return len(lines) > before


class _Scanner:
    """Finds the lines that could start a turn, before the guard judges each shape."""

    def __init__(self, text: str, lines: Sequence[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.names: dict[str, _Name] = {}  # a transcript repeats a few names many times

    def marks(self) -> dict[str, list[_Mark]]:
        found: dict[str, list[_Mark]] = {shape: [] for shape in _SHAPES}
        text, match_line = self.text, _LINE.match
        taken = -1  # the line after a timestamp line, when it is part of that mark
        for index, (start, end, _, barrier) in enumerate(self.lines):
            match = None if barrier or index == taken else match_line(text, start, end)
            if match is None:
                continue
            stamp = match.lastgroup == "stamp"
            mark = self.after_stamp(index, match) if stamp else self.speaker(index, match)
            if mark is not None:
                found[mark[1]].append(mark)
                taken = index + 1 if stamp else taken
        return found

    def speaker(self, index: int, match: re.Match[str]) -> _Mark | None:
        """The mark of an inline or header ``match`` of line ``index``, if its name passes."""
        if match.lastgroup == "inline":
            # _INLINE's groups in the order they open: one groups() call is several times
            # cheaper than asking for each group by name.
            _, t1, t2, t3, raw, t4, t5, dash = match.groups()[:8]
            name, speaker, dash_speaker = self.name(raw)
            if speaker and (dash_speaker or not dash):
                stamp = t1 or t2 or t3 or t4 or t5
                time = _clock_seconds(stamp) if stamp else None
                return (index, "dash" if dash else "inline", name, time, False)
            header = _HEADER_LINE.fullmatch(match.string, match.pos, match.endpos)
            if header is None:
                return None
            match = header
        name, speaker, _ = self.name(match["header_name"])
        if not speaker:
            return None
        return (index, "header", name, _clock_seconds(match["header_time"]), False)

    def after_stamp(self, index: int, stamp: re.Match[str]) -> _Mark | None:
        """A timestamp alone on a line, then a speaker line or (Teams) the name alone."""
        following = self.lines[index + 1 : index + 3]
        if not following or following[0][3]:
            return None
        time = _clock_seconds(stamp["stamp_time"])
        start, end, paragraph, _ = following[0]
        match = _LINE.match(self.text, start, end)
        mark = None if match is None or match.lastgroup == "stamp" else self.speaker(index, match)
        if mark is not None:
            return (index, mark[1], mark[2], time if mark[3] is None else mark[3], False)
        name_match = _NAME_LINE.fullmatch(self.text, start, end)
        if name_match is None:
            return None
        name, speaker, _ = self.name(name_match["name"])
        if not speaker:
            return None
        here = self.lines[index][2]
        together = len(following) == 2 and paragraph == here == following[1][2]
        return (index, "cue", name, time, bool(stamp["arrow"]) and together)

    def name(self, raw: str) -> _Name:
        facts = self.names.get(raw)
        if facts is None:
            name = " ".join(raw.split())
            dash = bool(_ID.fullmatch(name)) or is_interviewer_name(name)
            facts = self.names[raw] = (name, is_speaker_name(name), dash)
        return facts


def _accepted(marks: Sequence[_Mark], paragraphs: int) -> bool:
    if not marks:
        return False
    if all(mark[4] for mark in marks):
        return True
    if len(marks) < _MIN_SHARE * paragraphs:
        return False
    timed = all(mark[3] is not None for mark in marks)
    return plausible_speakers([mark[2] for mark in marks], timed=timed)


def _without_preamble(marks: list[_Mark]) -> list[_Mark]:
    """Drop leading marks that read as a header block ('Participant: P01', 'Site: Leeds'):
    untimed, the name used only there, and not an id or an interviewer."""
    counts: Counter[str] | None = None  # counted only if a mark could be preamble
    for number, (_, _, speaker, time, _) in enumerate(marks):
        if time is not None or _ID.fullmatch(speaker) or is_interviewer_name(speaker):
            return marks[number:]
        if counts is None:
            counts = Counter(mark[2].casefold() for mark in marks)
        if counts[speaker.casefold()] != 1:
            return marks[number:]
    return []


def _build_turns(lines: Sequence[_Line], marks: Sequence[_Mark]) -> list[ParsedSpan]:
    turns: list[ParsedSpan] = []
    stops = [mark[0] for mark in marks[1:]]
    if marks:
        stops.append(len(lines))
    for (line, _, speaker, time, _), stop in zip(marks, stops, strict=True):
        last = line
        for index in range(line + 1, stop):
            if lines[index][3]:
                break
            last = index
        turns.append(ParsedSpan(lines[line][0], lines[last][1], "turn", speaker, time))
    return turns
