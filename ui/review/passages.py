"""What a reviewer sees of a pack: its coded passages, in reading order, with the words around
them, and the feedback they give on each. Read through ``workbench.review.pack_open``; saved
with ``workbench.review.ops.SaveReview``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.queries.codes import list_codes
from workbench.review.ops import SaveReview
from workbench.review.pack_open import pack_codings

if TYPE_CHECKING:
    from workbench.commands import Command
    from workbench.project import Project
    from workbench.review.pack_open import Verdict

CONTEXT_CHARS = 120  # "a little context": a line or two either side of the passage
_SPACE = re.compile(r"\s+")
VERDICTS = ("agree", "disagree", "unsure")
VERDICT_LABELS = {"agree": "Agree", "disagree": "Disagree", "unsure": "Not sure", "": ""}


@dataclass(frozen=True, slots=True)
class Passage:
    """One coded passage as the reviewer reads it (offsets in code points)."""

    coding_id: int
    document_id: int
    document_name: str
    code_name: str
    description: str  # the code's plain-language description
    colour: str
    speaker: str | None
    paragraph: int
    start: int
    end: int
    text: str
    before: str  # context, cut at a line or word boundary
    after: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """A reviewer's answer on one passage; ``verdict`` is "" until they choose."""

    verdict: str = ""
    comment: str = ""
    suggested_code: str = ""

    @property
    def given(self) -> bool:
        return bool(self.verdict or self.comment.strip() or self.suggested_code.strip())

    def to_save(self) -> Feedback:
        """What is stored: a comment or suggestion alone counts as "Not sure" (the reviews
        table needs a verdict, and losing a contributor's words would be worse)."""
        return Feedback(self.verdict or "unsure", self.comment.strip(), self.suggested_code.strip())


def feedback_of(verdict: Verdict | None) -> Feedback | None:
    if verdict is None:
        return None
    return Feedback(verdict.verdict, verdict.comment, verdict.suggested_code)


def save_feedback(reviewer_id: int, coding_id: int, feedback: Feedback) -> Command:
    """The command that stores ``feedback`` on a passage (replacing the reviewer's earlier
    answer on it, so moving back and forth adds nothing)."""
    return SaveReview(
        reviewer_id=reviewer_id, target_kind="coding", target_id=coding_id,
        verdict=feedback.verdict, comment=feedback.comment,
        suggested_code=feedback.suggested_code,
    )  # fmt: skip


def context_before(text: str, start: int, size: int = CONTEXT_CHARS) -> str:
    """Up to ``size`` characters before ``start``, from a whole word (line breaks kept)."""
    begin = max(0, start - size)
    line = text.find("\n", begin, start)
    if begin > 0 and line >= 0:
        begin = line + 1  # a whole line reads better than the tail of one
    elif begin > 0 and not text[begin - 1].isspace():
        space = _SPACE.search(text, begin, start)
        begin = space.end() if space else start
    before = text[begin:start].lstrip()
    cut = begin > 0 and text[begin - 1] != "\n"
    return f"…{before}" if cut and before else before


def context_after(text: str, end: int, size: int = CONTEXT_CHARS) -> str:
    """Up to ``size`` characters after ``end``, to a whole word (line breaks kept)."""
    stop = min(len(text), end + size)
    if stop < len(text) and not text[stop].isspace():
        spaces = [found.start() for found in _SPACE.finditer(text, end, stop)]
        stop = spaces[-1] if spaces else end
    after = text[end:stop].rstrip()
    cut = stop < len(text) and text[stop] != "\n"
    return f"{after}…" if cut and after else after


def load_passages(project: Project, reviewer_id: int) -> tuple[list[Passage], dict[int, Feedback]]:
    """Every coded passage of the pack in reading order, and the reviewer's answers so far
    (coding id -> feedback)."""
    codings = pack_codings(project, reviewer_id)
    texts = project.document_texts({c.document_id for c in codings})
    passages, answers = [], {}
    for coding in codings:
        text = texts[coding.document_id]
        passages.append(
            Passage(
                coding.coding_id, coding.document_id, coding.document_name, coding.code_name,
                coding.description.strip(), coding.colour, coding.speaker, coding.paragraph,
                coding.start, coding.end, coding.text,
                context_before(text, coding.start), context_after(text, coding.end),
            )
        )  # fmt: skip
        answer = feedback_of(coding.feedback)
        if answer is not None:
            answers[coding.coding_id] = answer
    return passages, answers


def code_names(project: Project) -> list[str]:
    """The pack's codes a reviewer may suggest instead, in codebook order."""
    return [code.name for code in list_codes(project)]
