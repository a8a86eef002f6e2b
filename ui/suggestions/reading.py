"""What the suggestions dock shows, read off the GUI thread: plain data, no Qt.

:func:`read_queue` runs the suggestion queue (it runs spaCy over every document, so it is a
pool-thread job) and cuts each suggested sentence into a keyword-in-context line: the text
before the keyword, the keyword, the text after. A classifier suggestion has no keyword: its
whole sentence is the context. Long sentences are cut down to what a table row can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.queries.codes import code_paths, list_codes
from workbench.suggestions import CLASSIFIER, suggestion_queue

if TYPE_CHECKING:
    from workbench.project import Project
    from workbench.suggestions import Suggestion, TrainingReport

BEFORE_CHARS = 90  # context kept before a keyword; the row elides what it cannot show
AFTER_CHARS = 240
_BREAKS = str.maketrans("\n\r\t\u2028\u2029", "     ")

Key = tuple[int, int, int, int]  # document, start, end, code


def key_of(suggestion: Suggestion) -> Key:
    return (suggestion.document_id, suggestion.start, suggestion.end, suggestion.code_id)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One suggestion as the table shows it."""

    suggestion: Suggestion
    before: str  # one line each; ``focus`` is "" when the whole sentence is the context
    focus: str
    after: str
    colour: str  # the code's colour ("#rrggbb"; "" when it has none)
    code_path: str  # "Infrastructure/Connectivity"

    @property
    def key(self) -> Key:
        return key_of(self.suggestion)

    @property
    def passage(self) -> str:
        return f"{self.before}{self.focus}{self.after}"

    @property
    def both_sources(self) -> bool:
        """A keyword suggestion the classifier made too (its reason says so)."""
        return self.suggestion.source != CLASSIFIER and CLASSIFIER in self.suggestion.reason


@dataclass(frozen=True, slots=True)
class QueueReading:
    """The queue for one source choice, with what the dock says about the classifier."""

    source: str  # "all" | "keywords" | "classifier"
    rows: tuple[QueueRow, ...]
    pipeline: str
    model: TrainingReport | None  # None: not trained in this process
    notes: tuple[str, ...]


def read_queue(project: Project, source: str, configured: str | None) -> QueueReading:
    """The open suggestions from ``source``, ready to show (runs on a pool thread)."""
    queue = suggestion_queue(project, source=source, configured=configured)
    codes = list_codes(project)
    colours = {code.id: code.colour for code in codes}
    paths = code_paths(codes)
    texts = project.document_texts({s.document_id for s in queue.suggestions})
    rows = tuple(
        _row(s, texts[s.document_id], colours.get(s.code_id, ""), paths.get(s.code_id, ""))
        for s in queue.suggestions
    )
    return QueueReading(source, rows, queue.pipeline, queue.model, queue.notes)


def _row(suggestion: Suggestion, text: str, colour: str, path: str) -> QueueRow:
    start, end = suggestion.start, suggestion.end
    focus_start = min(max(suggestion.focus_start, start), end)
    focus_end = min(max(suggestion.focus_end, focus_start), end)
    if (focus_start, focus_end) == (start, end):  # the whole sentence: no keyword to stress
        focus_start = focus_end = start
    before = _line(text[start:focus_start])
    after = _line(text[focus_end:end])
    if len(before) > BEFORE_CHARS:
        before = "…" + before[-BEFORE_CHARS:].lstrip()
    if len(after) > AFTER_CHARS:
        after = after[:AFTER_CHARS].rstrip() + "…"
    focus = _line(text[focus_start:focus_end])
    return QueueRow(suggestion, before, focus, after, colour, path or suggestion.code_name)


def _line(text: str) -> str:
    # A line break inside a sentence would cut a one-line row short: show it as a space.
    return text.translate(_BREAKS)
