"""Deterministic synthetic interview corpus and codings for benchmarks.

Every function takes a seed and uses its own ``random.Random``, so a benchmark run can be
repeated byte for byte. The text is fictional, built from a fixed health-technology vocabulary
so that full-text search and regex coding find realistic numbers of hits.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

# Word pools, most frequent first: the repetition below gives a Zipf-like word frequency.
_SUBJECTS_SPEC = (
    "I|we|they|the nurses|our team|the staff|patients|the managers|the doctors|my colleagues|"
    "the carers|families|the trust|the practice|people|the board|the IT team|the pharmacists|"
    "the commissioners|everyone|some patients|older patients|the therapists|the volunteers"
)
_VERBS_SPEC = (
    "needed|used|wanted|tried|struggled with|worried about|talked about|relied on|changed|"
    "improved|reduced|increased|supported|questioned|trusted|avoided|shared|recorded|checked|"
    "reviewed|paid for|asked for|learned|explained|managed|delayed|adopted|rejected|installed|"
    "tested|monitored|discussed|funded|cut|replaced|accepted|valued|missed|resisted|welcomed|"
    "complained about|depended on|set up|looked at|understood|started|stopped|planned|measured|"
    "reported|documented|prioritised|organised|coordinated|protected|simplified|complicated"
)
_ADJECTIVES_SPEC = (
    "new|digital|remote|clinical|local|extra|limited|shared|electronic|mobile|reliable|"
    "expensive|complex|simple|useful|difficult|safe|secure|slow|formal|informal|practical|basic|"
    "daily|weekly|long-term|short-term|frontline|senior|junior|community|specialist|routine|"
    "urgent|vulnerable|frail|anxious|confident|busy|overstretched|underfunded|integrated|"
    "fragmented|flexible|accessible|personal|sensitive|confidential|accurate|wearable|automated|"
    "manual|paper|national|old|unreliable|cheap|proper|monthly|agency"
)
_NOUNS_SPEC = (
    "patients|staff|funding|training|devices|data|nurses|system|care|time|support|money|app|"
    "records|information|budget|carers|families|doctors|managers|tablet|software|platform|"
    "dashboard|alerts|sensors|monitors|readings|telehealth|video calls|appointments|clinics|"
    "wards|hospital|practice|care home|service|pathway|workload|shifts|rota|handover|equipment|"
    "infrastructure|wifi|connectivity|passwords|helpdesk|supplier|contract|procurement|"
    "business case|evidence|outcomes|safety|risk|governance|consent|privacy|security|"
    "regulation|guidelines|policy|leadership|culture|change|implementation|pilot|rollout|"
    "evaluation|feedback|workflow|process|paperwork|documentation|communication|trust|"
    "confidence|skills|champions|teaching sessions|manuals|inequalities|access|medication|"
    "prescriptions|blood pressure|glucose|oxygen levels|falls|admissions|discharge|referrals|"
    "waiting lists|costs|savings|staffing|recruitment|retention|sickness|morale|burnout|"
    "volunteers|interoperability|integration|commissioners|board|NHS|vendor"
)
_ADVERBS_SPEC = (
    "really|actually|probably|often|sometimes|always|never|eventually|gradually|quickly|"
    "slowly|honestly|basically|definitely|usually|initially|finally|still|already|constantly"
)
_PREPOSITIONS_SPEC = "for|with|about|without|during|after|before|through|across|around|within|on|in"
_DETERMINERS_SPEC = "the|our|their|a lot of|some|more|less|any|enough|all the|most of the|those"
_CONNECTORS_SPEC = "but|and|because|so|although|which meant|and then|whereas|so that|until"
_OPENERS_SPEC = (
    "to be honest,|I think|you know,|I mean,|in fairness,|at first,|in the end,|looking back,|"
    "for example,|on the whole,|obviously,|I suppose|most of the time,|if I'm honest,"
)
_QUESTIONS_SPEC = (
    "can you tell me about|how did you feel about|what happened with|could you say more about|"
    "how would you describe|what made the difference with|who was responsible for|"
    "why do you think people avoided|when did you first notice|what would you change about"
)
_ACKNOWLEDGEMENTS_SPEC = "okay.|thank you.|that's really helpful.|right.|I see.|that's interesting."
_CODE_THEMES = (
    "Funding|Staff training|Workload|Patient safety|Data sharing|Device usability|Leadership|"
    "Technical problems|Patient experience|Carer burden|Governance|Privacy concerns|"
    "Interoperability|Organisational culture|Evidence of benefit|Procurement|Digital literacy|"
    "Clinical workflow|Sustainability|Health inequalities"
)

_WORDS_PER_SECOND = 150 / 60
_INTERVIEWER_WORDS = (10, 40)
_PARTICIPANT_WORDS = (40, 250)
_SEGMENT_CHARS = (50, 600)
_LAST_TURN_MIN = 10  # words; a shorter remainder is added to the turn before
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _pool(spec: str, *, zipf: bool = True) -> tuple[str, ...]:
    """Split a pool; with ``zipf`` repeat early entries so that they are drawn more often."""
    items = spec.split("|")
    if not zipf:
        return tuple(items)
    return tuple(w for rank, w in enumerate(items, 1) for _ in range(max(1, round(8 / rank))))


_SUBJECTS, _VERBS, _ADJECTIVES, _NOUNS = map(
    _pool, (_SUBJECTS_SPEC, _VERBS_SPEC, _ADJECTIVES_SPEC, _NOUNS_SPEC)
)
_ADVERBS, _PREPOSITIONS, _DETERMINERS = map(
    _pool, (_ADVERBS_SPEC, _PREPOSITIONS_SPEC, _DETERMINERS_SPEC)
)
_CONNECTORS, _OPENERS = _pool(_CONNECTORS_SPEC, zipf=False), _pool(_OPENERS_SPEC, zipf=False)
_QUESTIONS, _ACKNOWLEDGEMENTS = (
    _pool(_QUESTIONS_SPEC, zipf=False),
    _pool(_ACKNOWLEDGEMENTS_SPEC, zipf=False),
)


def _noun_phrase(rng: random.Random) -> str:
    r = rng.random
    if r() < 0.4:
        return f"{_DETERMINERS[int(r() * len(_DETERMINERS))]} {_NOUNS[int(r() * len(_NOUNS))]}"
    return f"{_ADJECTIVES[int(r() * len(_ADJECTIVES))]} {_NOUNS[int(r() * len(_NOUNS))]}"


def _statement(rng: random.Random) -> str:
    """One participant sentence: [opener] subject [adverb] verb object [preposition object]."""
    r = rng.random
    parts = []
    if r() < 0.3:
        parts.append(_OPENERS[int(r() * len(_OPENERS))])
    parts.append(_SUBJECTS[int(r() * len(_SUBJECTS))])
    if r() < 0.35:
        parts.append(_ADVERBS[int(r() * len(_ADVERBS))])
    parts += (_VERBS[int(r() * len(_VERBS))], _noun_phrase(rng))
    if r() < 0.5:
        parts += (_PREPOSITIONS[int(r() * len(_PREPOSITIONS))], _noun_phrase(rng))
    if r() < 0.3:
        parts[-1] += ","
        parts += (_CONNECTORS[int(r() * len(_CONNECTORS))], _SUBJECTS[int(r() * len(_SUBJECTS))])
        parts += (_VERBS[int(r() * len(_VERBS))], _noun_phrase(rng))
    return " ".join(parts) + "."


def _question(rng: random.Random) -> str:
    r = rng.random
    if r() < 0.4:
        return _ACKNOWLEDGEMENTS[int(r() * len(_ACKNOWLEDGEMENTS))]
    question = f"{_QUESTIONS[int(r() * len(_QUESTIONS))]} {_noun_phrase(rng)}"
    if r() < 0.5:
        question += f" {_PREPOSITIONS[int(r() * len(_PREPOSITIONS))]} {_noun_phrase(rng)}"
    return question + "?"


def _turn_words(rng: random.Random, target: int, *, interviewer: bool, exact: bool) -> list[str]:
    """Whole sentences to about ``target`` words or, with ``exact``, exactly ``target`` words
    (cutting the last sentence short)."""
    sentence, low = (
        (_question, _INTERVIEWER_WORDS[0]) if interviewer else (_statement, _PARTICIPANT_WORDS[0])
    )
    words: list[str] = []
    before = 0
    while len(words) < target:
        before = len(words)
        text = sentence(rng)
        words += (text[0].upper() + text[1:]).split()
    if exact:
        del words[target:]
        last = words[-1].rstrip(",")
        words[-1] = last if last[-1] in ".?" else last + "."
    elif before >= low and len(words) - target > target - before:
        del words[before:]  # stopping before the last sentence lands nearer the target
    return words


def _turn_target(rng: random.Random, *, interviewer: bool) -> int:
    if interviewer:
        return rng.randint(*_INTERVIEWER_WORDS)
    return int(rng.triangular(*_PARTICIPANT_WORDS, 90))


def transcript_paragraphs(index: int, words: int, seed: int = 0) -> list[str]:
    """One fictional interview, one speaker turn per paragraph (``[00:01:40] P017: ...``).

    It has exactly ``words`` whitespace-separated words, counting each paragraph's timestamp
    and speaker label (so at least 3). Every turn ends at a sentence end except the last, which
    is cut to make the count exact. The participant id is ``index`` modulo 1000.
    """
    if words < 1:
        raise ValueError("a transcript needs at least one word")
    rng = random.Random(f"transcript:{seed}:{index}")
    participant = f"P{index % 1000:03d}"
    seconds = rng.uniform(2, 20)
    paragraphs: list[str] = []
    remaining = words
    while remaining > 0:
        interviewer = len(paragraphs) % 2 == 0
        turn = _turn_words(
            rng, _turn_target(rng, interviewer=interviewer), interviewer=interviewer, exact=False
        )
        if remaining - len(turn) - 2 < _LAST_TURN_MIN + 2:  # too little left for another turn
            turn = _turn_words(rng, max(1, remaining - 2), interviewer=interviewer, exact=True)
        stamp = int(seconds)
        clock = f"{stamp // 3600:02d}:{stamp // 60 % 60:02d}:{stamp % 60:02d}"
        speaker = "Interviewer" if interviewer else participant
        paragraphs.append(f"[{clock}] {speaker}: {' '.join(turn)}")
        remaining -= len(turn) + 2
        # Speaking time plus a pause of at least a second, so the stamps strictly increase.
        seconds += len(turn) / _WORDS_PER_SECOND + rng.uniform(1, 4)
    return paragraphs


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{_W}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:spacing w:after="160"/></w:pPr></w:style>'
    "</w:styles>"
)
_DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
)
# A4 page with 2.54 cm margins.
_DOCUMENT_TAIL = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" '
    'w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    "</w:body></w:document>"
)


def write_docx(path: Path, paragraphs: Sequence[str]) -> None:
    """Write a minimal valid .docx, one plain paragraph per item, straight into a zip (much
    faster than python-docx). Fixed zip timestamps make the bytes depend on the text only."""
    if any(_XML_INVALID.search(p) for p in paragraphs):
        raise ValueError("a paragraph holds a character that XML cannot store")
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "word/document.xml": _DOCUMENT_HEAD + body + _DOCUMENT_TAIL,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": _STYLES,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))


def write_txt(path: Path, paragraphs: Sequence[str]) -> None:
    """Write UTF-8 text, one paragraph per line (``\\n`` line ends on every platform)."""
    if any("\n" in p or "\r" in p for p in paragraphs):
        raise ValueError("a paragraph holds a line break")
    path.write_bytes("".join(p + "\n" for p in paragraphs).encode("utf-8"))


def write_corpus(
    folder: Path, n: int, words: int, fmt: Literal["docx", "txt"], seed: int = 0
) -> list[Path]:
    """Write ``transcript_0001.<fmt>`` ... for indexes 1..n into ``folder`` (created if missing)
    and return the paths, sorted."""
    if fmt not in ("docx", "txt"):
        raise ValueError(f"unknown format {fmt!r}: use 'docx' or 'txt'")
    writer = write_docx if fmt == "docx" else write_txt
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, n + 1):
        path = folder / f"transcript_{index:04d}.{fmt}"
        writer(path, transcript_paragraphs(index, words, seed))
        paths.append(path)
    return sorted(paths)


@dataclass(frozen=True, slots=True)
class SyntheticCoding:
    """One coded segment ``[start, end)`` of document ``document_index`` with ``code_index``."""

    document_index: int
    code_index: int
    start: int
    end: int


def code_names(c: int) -> list[str]:
    """``c`` distinct code names: a theme and a running number, e.g. "Staff training 02"."""
    themes = _CODE_THEMES.split("|")
    return [f"{themes[i % len(themes)]} {i + 1:02d}" for i in range(c)]


def _spread(rng: random.Random, population: int, weights: Sequence[float], m: int) -> list[int]:
    """``m`` draws: every index with a positive weight once (if ``m`` allows), then by weight."""
    every = [i for i in range(population) if weights[i] > 0]
    rng.shuffle(every)
    del every[m:]
    if len(every) == m:
        return every
    drawn = rng.choices(range(population), weights=weights, k=m - len(every))
    return every + drawn


def generate_codings(
    document_lengths: Sequence[int], m: int, c: int, seed: int = 0
) -> list[SyntheticCoding]:
    """``m`` codings over ``c`` codes, sorted by document and start.

    Each document with text gets one coding when ``m`` allows, then longer documents get more;
    each code is used once when ``m >= c``, then a few codes are used far more (Zipf weights).
    Segments are 50-600 characters (a whole document when it is shorter than 50).
    """
    if m and (c < 1 or not any(length > 0 for length in document_lengths)):
        raise ValueError("codings need at least one code and one document with text")
    rng = random.Random(f"codings:{seed}")
    documents = _spread(rng, len(document_lengths), document_lengths, m)
    codes = _spread(rng, c, [1 / rank for rank in range(1, c + 1)], m)
    rng.shuffle(codes)  # so that the "once each" codes do not line up with the first documents
    low, high = _SEGMENT_CHARS
    r = rng.random
    codings = []
    for document, code in zip(documents, codes, strict=True):
        length = document_lengths[document]
        size = min(length, int(rng.triangular(low, high, 150)))
        start = int(r() * (length - size + 1))
        codings.append(SyntheticCoding(document, code, start, start + size))
    codings.sort(key=lambda s: (s.document_index, s.start, s.end, s.code_index))
    return codings
