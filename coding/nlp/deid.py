"""Finding identifying details in one text: people, organisations, places, dates, UK identifiers
and the names the researcher added.

Four sources, merged:

- ``ner``: a trained pipeline's entities (PERSON; ORG; GPE, LOC and FAC as places; DATE only
  when it names a day or a month with a number, so "last week" and "two years" stay);
- ``pattern``: NHS numbers, postcodes, phone numbers, emails, NI numbers and dates
  (:mod:`coding.nlp.identifiers`);
- ``user``: names the researcher added to the pseudonym map, found case-insensitively as whole
  words in every text;
- ``rule``: an honorific and a capitalised name ("Dr Patel", "Mrs O'Neill": the name only, so
  the text keeps "Dr"), and capitalised names ending in Hospital, Trust, Surgery, Practice,
  Clinic, Council, University, School and the like ("St Mary's Hospital", "University of
  Leeds"). The blank pipeline relies on these; a trained one runs them too, because its small
  model misses some of exactly these names.

Overlapping findings become one detection covering all of them, with the label of the one that
wins: a user-added name (or a passage marked by hand) first, then the longest, then pattern,
entity, rule. Speaker labels
that are roles or ids ("P01:", "Interviewer:", "[00:01:40] R2:") and pseudonyms already in the
text ("[Person 1]") are not detections. A speaker label that is a name ("Sarah:") is treated
like any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from coding.nlp.identifiers import find_identifiers, looks_like_date
from coding.nlp.lines import pipe_documents

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from coding.nlp.pipeline import LoadedPipeline

PERSON, ORGANISATION, HOSPITAL, PLACE, DATE = "person", "organisation", "hospital", "place", "date"
NAME = "name"  # a user-added name with no label of its own
USER, PATTERN, NER, RULE = "user", "pattern", "ner", "rule"
MANUAL = "manual"  # a passage a person marked by hand
_RANK = {USER: 0, MANUAL: 0, PATTERN: 1, NER: 2, RULE: 3}

_WORD = r"[^\W_]"
_HONORIFIC = (
    r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sister|Nurse|Matron|Rev|Revd|Father|Sir"
    r"|Dame|Lady|Lord|Cllr|Councillor)"
)
_NAME = r"(?:Ma?c|O['’]|D['’])?[A-Z][a-z\u00df-\u00ff]+(?:-[A-Z][a-z\u00df-\u00ff]+)?"
_TITLED = re.compile(
    rf"(?<!{_WORD}){_HONORIFIC}\.?[ \t]+((?:[A-Z]\.?[ \t]+)?{_NAME}(?:[ \t]+{_NAME}){{0,2}})"
    rf"(?!{_WORD})"
)
_HOSPITAL_WORDS = "Hospitals?|Infirmary|Trust|Hospice"
_SUFFIX = re.compile(
    rf"(?<!{_WORD})(?:({_HOSPITAL_WORDS})|Surgery|Practice|Clinic|Council|University|School"
    rf"|College|Centre|Center)(?!{_WORD})"
)
_CAPITALISED = r"(?:St\.?|[A-Z][\w'’&\-]*)"
_BEFORE = re.compile(rf"(?<![\w'’])(?:{_CAPITALISED}[ \t]+(?:(?:of|the|and|&|upon|on)[ \t]+)?)+\Z")
_OF_AFTER = re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?{_CAPITALISED}(?:[ \t]+{_CAPITALISED})*")
_HOSPITAL_END = re.compile(rf"(?:{_HOSPITAL_WORDS})\W*\Z")
_LEADING = re.compile(rf"{_HONORIFIC}\.?[ \t]+|(?:the|The)[ \t]+")
# Capitalised words that start a sentence or are generic, never part of a name.
_NOT_NAME = frozenset({
    "the", "a", "an", "at", "in", "to", "from", "our", "my", "their", "his", "her", "your",
    "its", "we", "i", "and", "but", "so", "then", "yesterday", "today", "when", "if", "with",
    "by", "for", "on", "of", "after", "before", "since", "because", "this", "that", "local",
    "general", "gp", "gps", "nhs", "district", "community", "primary", "secondary", "care",
    "health", "medical", "teaching", "foundation", "private", "new", "main", "same", "other",
    "national", "county", "city", "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof",
    "professor", "sister", "nurse",
})  # fmt: skip
# Entities a trained pipeline often finds that identify nobody in a health interview.
_NOT_IDENTIFYING = frozenset({
    "nhs", "the nhs", "nhs england", "nhs digital", "gp", "gps", "a&e", "covid", "covid-19",
    "coronavirus", "ccg", "icb", "nice", "cqc", "mdt", "ward", "trust", "the trust", "hospital",
    "the hospital", "council", "zoom", "teams", "microsoft teams", "ipad", "wifi", "wi-fi",
    "interviewer", "participant", "researcher",
})  # fmt: skip
_SPEAKER = re.compile(
    r"^[ \t]*(?:\[[\d:.,]+\][ \t]*)?([A-Za-z][\w.'’]*(?:[ \t][\w.'’]+){0,3})[ \t]*:(?!\d)",
    re.MULTILINE,
)
_ROLES = frozenset({
    "interviewer", "interviewee", "researcher", "facilitator", "moderator", "participant",
    "respondent", "speaker", "int", "iv", "i", "r", "q", "a", "p", "chair", "observer",
    "notetaker", "note-taker",
})  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s?\Z")
_PSEUDONYM = re.compile(r"\[[A-Z][A-Za-z0-9 ]{0,40}\]")
_NER_LABELS = {"PERSON": PERSON, "ORG": ORGANISATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}


@dataclass(frozen=True, slots=True)
class Found:
    """``text[start:end]`` identifies someone; ``key`` is the string the pseudonym map knows it
    by (the added name for ``user``, otherwise the detected text itself)."""

    start: int
    end: int
    label: str
    source: str
    key: str


def normalise(name: str) -> str:
    """The form the pseudonym map compares names in: case and spacing do not matter."""
    return " ".join(name.replace("_", " ").split()).casefold()


class UserNames:
    """Names the researcher added, found case-insensitively as whole words (spaces, line breaks
    or underscores between their words)."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """``names``: each added name and its label ("" for none)."""
        self._labels = {normalise(n): (n, label or NAME) for n, label in names.items() if n.strip()}

    def __bool__(self) -> bool:
        return bool(self._labels)

    def find(self, text: str) -> Iterator[Found]:
        folded = text.casefold()
        present = frozenset(k for k in self._labels if all(w in folded for w in k.split()))
        if not present:  # a cheap test first: most names are in few texts
            return
        for match in _names_pattern(present).finditer(text):
            entry = self._labels.get(normalise(match.group()))
            if entry is not None:  # None only if case folding and IGNORECASE ever disagree
                yield Found(match.start(), match.end(), entry[1], USER, entry[0])


@lru_cache(maxsize=64)
def _names_pattern(keys: frozenset[str]) -> re.Pattern[str]:
    bodies = [
        r"[\s_]+".join(map(re.escape, k.split())) for k in sorted(keys, key=len, reverse=True)
    ]
    return re.compile(rf"(?<!{_WORD})(?:{'|'.join(bodies)})(?!{_WORD})", re.IGNORECASE)


def find_in_text(
    text: str, *, entities: Iterable[Found] = (), user_names: UserNames | None = None
) -> list[Found]:
    """Every identifying detail in ``text``, merged, in text order (see the module note).

    ``entities`` are a trained pipeline's findings, already in text offsets (:func:`entity`).
    """
    found = [Found(i.start, i.end, i.label, PATTERN, text[i.start : i.end])
             for i in find_identifiers(text)]  # fmt: skip
    found += _titled_names(text)
    found += _organisations(text)
    found += entities
    quiet = _ignored_regions(text)
    if quiet:
        found = [f for f in found if not _inside(f, quiet)]
    if user_names:
        found += user_names.find(text)
    return merge(text, found)


def entity(text: str, offset: int, ent: Any) -> Found | None:
    """A spaCy entity of the line starting at ``offset``, as a finding; None if it does not
    identify anyone (a kind we do not redact, a relative date, "the NHS")."""
    label = _NER_LABELS.get(ent.label_)
    if ent.label_ == "DATE" and looks_like_date(ent.text):
        label = DATE
    if label is None:
        return None
    start, end = offset + ent.start_char, offset + ent.end_char
    lead = _LEADING.match(text, start, end)  # "Dr Patel" -> "Patel", "the Royal Free" -> ...
    if lead is not None and label != DATE:
        start = lead.end()
    possessive = _POSSESSIVE.search(text, start, end)  # "Jane Smith's" -> "Jane Smith"
    if possessive is not None and label != DATE:
        end = possessive.start()
    words = text[start:end]
    if not any(c.isalpha() for c in words) or normalise(words) in _NOT_IDENTIFYING:
        return None
    if label in (ORGANISATION, PLACE) and _HOSPITAL_END.search(words):
        label = HOSPITAL
    return Found(start, end, label, NER, words)


def merge(text: str, found: Iterable[Found]) -> list[Found]:
    """Overlapping findings as one, covering them all, labelled by the winner."""
    merged: list[Found] = []
    group: list[Found] = []
    group_end = -1
    for item in sorted(found, key=lambda f: (f.start, f.end)):
        if group and item.start >= group_end:
            merged.append(_one(text, group))
            group = []
        group.append(item)
        group_end = max(group_end, item.end) if len(group) > 1 else item.end
    if group:
        merged.append(_one(text, group))
    return merged


def _one(text: str, group: list[Found]) -> Found:
    winner = min(group, key=lambda f: (_RANK[f.source] > 0, f.start - f.end, _RANK[f.source]))
    start, end = group[0].start, max(f.end for f in group)
    if (start, end) == (winner.start, winner.end):
        return winner
    key = winner.key if winner.source == USER else text[start:end]
    return Found(start, end, winner.label, winner.source, key)


def _titled_names(text: str) -> Iterator[Found]:
    for match in _TITLED.finditer(text):
        start, end = match.span(1)
        yield Found(start, end, PERSON, RULE, match.group(1))


def _organisations(text: str) -> Iterator[Found]:
    for match in _SUFFIX.finditer(text):
        start, end = match.start(), match.end()
        before = _BEFORE.search(text, max(0, start - 80), start)
        if before is not None:
            start = _skip_generic(text, before.start(), start)
        after = _OF_AFTER.match(text, end)
        if start == match.start() and after is None:
            continue  # "the Surgery", "a GP Practice": no name, nothing to hide
        end = after.end() if after is not None else end
        label = HOSPITAL if match.group(1) else ORGANISATION
        yield Found(start, end, label, RULE, text[start:end])


def _skip_generic(text: str, start: int, suffix_start: int) -> int:
    """Where the name before a suffix begins, once leading and generic words are left out; the
    suffix's own start when every word before it is generic ("the Local GP Surgery")."""
    words = list(re.finditer(r"\S+", text[start:suffix_start]))
    for word in words:
        if word.group().casefold().rstrip(".") not in _NOT_NAME:
            return start + word.start()
    return suffix_start


def _ignored_regions(text: str) -> list[tuple[int, int]]:
    regions = [m.span() for m in _PSEUDONYM.finditer(text)]
    for match in _SPEAKER.finditer(text):
        label = match.group(1)
        if any(c.isdigit() for c in label) or label.split()[0].casefold() in _ROLES:
            regions.append(match.span(1))
    return regions


def _inside(found: Found, regions: list[tuple[int, int]]) -> bool:
    return any(start <= found.start and found.end <= end for start, end in regions)


# ---------------------------------------------------------------- whole documents
def ner_disabled(loaded: LoadedPipeline) -> tuple[str, ...]:
    """Components entity recognition does not need: all but ``ner`` and, when ``ner`` listens
    to a shared ``tok2vec`` (or transformer), that one. The small English pipelines give
    ``ner`` its own embedding, so their shared ``tok2vec`` is switched off as well."""
    nlp = loaded.nlp
    if "ner" not in nlp.pipe_names:
        return tuple(nlp.pipe_names)
    architecture = str(nlp.get_pipe_config("ner")["model"]["tok2vec"].get("@architectures", ""))
    keep = {"ner"} | ({"tok2vec", "transformer"} if "Listener" in architecture else set())
    return tuple(name for name in nlp.pipe_names if name not in keep)


def detect_texts(
    loaded: LoadedPipeline,
    texts: Sequence[str],
    *,
    user_names: UserNames | None = None,
    n_process: int = 1,
    on_line: Callable[[int], None] | None = None,
) -> Iterator[list[Found]]:
    """For each text, in order, its findings. With a trained pipeline the texts go through its
    entity recogniser line by line (:func:`coding.nlp.lines.pipe_documents`); without one, the
    patterns and rules need no spaCy at all. ``on_line`` receives characters done."""
    if "ner" not in loaded.nlp.pipe_names:
        for text in texts:
            yield find_in_text(text, user_names=user_names)
            if on_line is not None:
                on_line(len(text))
        return
    batches = pipe_documents(
        loaded, texts, disable=ner_disabled(loaded), n_process=n_process, on_line=on_line
    )
    try:
        for text, lines in zip(texts, batches, strict=True):
            found = (entity(text, offset, ent) for offset, doc in lines for ent in doc.ents)
            entities = [f for f in found if f is not None]
            yield find_in_text(text, entities=entities, user_names=user_names)
    finally:
        close = getattr(batches, "close", None)  # a generator: stops spaCy's worker processes
        if close is not None:  # when the caller gave up early
            close()
