"""Code suggestions learnt on this computer: code keywords and a classifier of sentences.

- ``suggestion_queue(project, ...)``: open suggestions, in document order (``queue.py``).
- ``train_model(project, progress, ...)``: job that (re)trains the project's classifier and
  keeps it in this process's memory (``model.py``); ``trained_model`` gets it back.
- ``evaluate(project, progress, ...)``: job measuring both sources on the project's own
  codings, for the figures shown beside the suggestions (``evaluate.py``).
- ``AcceptSuggestion``, ``RejectSuggestion``, ``AcceptAllForCode``: a person's answers, as
  undoable commands for ``Project.execute`` (``ops.py``).

Nothing is ever coded without one of those commands, run on a person's request.
"""

from __future__ import annotations

from workbench.suggestions.evaluate import evaluate
from workbench.suggestions.model import (
    THRESHOLD,
    TOP,
    forget_model,
    train_model,
    trained_model,
)
from workbench.suggestions.ops import AcceptAllForCode, AcceptSuggestion, RejectSuggestion
from workbench.suggestions.queue import suggestion_queue
from workbench.suggestions.results import (
    CLASSIFIER,
    KEYWORDS,
    CodeCount,
    CodeFigures,
    Evaluation,
    SourceFigures,
    Suggestion,
    SuggestionQueue,
    TrainingReport,
)

__all__ = [
    "CLASSIFIER",
    "KEYWORDS",
    "THRESHOLD",
    "TOP",
    "AcceptAllForCode",
    "AcceptSuggestion",
    "CodeCount",
    "CodeFigures",
    "Evaluation",
    "RejectSuggestion",
    "SourceFigures",
    "Suggestion",
    "SuggestionQueue",
    "TrainingReport",
    "evaluate",
    "forget_model",
    "suggestion_queue",
    "train_model",
    "trained_model",
]
