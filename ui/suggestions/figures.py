"""What the dock says about the classifier and about how often the suggestions are right.

Plain words and the counts behind every percentage: "Of the classifier's top-3 suggestions on
48 held-out sentences, 83% were right (40 of 48)". The figures come from
:func:`workbench.suggestions.evaluate`: a separate copy of the classifier is trained on most
of the project's coded sentences and checked on the rest, which it never saw. Qt-free: the
dock shows the rich text in a text browser.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from workbench.suggestions import TOP
from workbench.suggestions.examples import MIN_SENTENCES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.suggestions import (
        CodeCount,
        CodeFigures,
        Evaluation,
        SourceFigures,
        TrainingReport,
    )

NOT_TRAINED = (
    "The classifier has not been trained in this session, so it suggests nothing yet. "
    "Train it to learn from your own codings, on this computer."
)
NOT_MEASURED = (
    "Not measured yet. Measure trains a separate copy of the classifier on most of your coded "
    "sentences and counts how often its suggestions are right on the rest, which it never saw."
)
STALE = "Measured before your latest coding: Measure again for up-to-date figures."
EXPLAIN = (
    "Precision: of the sentences a code was suggested for, the share people had coded with it. "
    "Recall: of the sentences people coded with it, the share it was suggested for."
)


def share(part: float | None, right: int, whole: int) -> str:
    """ "83% (5 of 6)"; "none suggested" when there is nothing to divide by."""
    if part is None or not whole:
        return "—"
    return f"{part:.0%} ({right:,} of {whole:,})"


def classifier_state(report: TrainingReport | None) -> str:
    """One plain sentence or two about the classifier in use."""
    if report is None:
        return NOT_TRAINED
    if not report.trained:
        return report.message
    when = report.trained_at.astimezone().strftime("%H:%M") if report.trained_at else ""
    learnt = len(report.codes_learnt)
    codes = "1 code" if learnt == 1 else f"{learnt:,} codes"
    return (
        f"Classifier trained at {when} on {report.coded_sentences:,} coded sentences: "
        f"it can suggest {codes}."
    )


def figures_html(
    report: TrainingReport | None, evaluation: Evaluation | None, *, stale: bool = False
) -> str:
    """The figures pane: the measured figures of both sources, with the codes the classifier
    did not learn (its state is said above the list, by :func:`classifier_state`)."""
    parts = ["<h4>How often the suggestions are right</h4>"]
    if evaluation is None:
        parts.append(f"<p>{escape(NOT_MEASURED)}</p>")
        if report is not None and report.not_learnt:
            parts.append(_not_learnt(report.not_learnt))
        return "".join(parts)
    if stale:
        parts.append(f"<p><i>{escape(STALE)}</i></p>")
    parts.append(_classifier(evaluation))
    parts.append(_keywords(evaluation.keywords))
    parts.append(f"<p><small>{escape(EXPLAIN)} Pipeline: {escape(evaluation.pipeline)}.")
    parts.append("</small></p>")
    return "".join(parts)


def _not_learnt(codes: Sequence[CodeCount]) -> str:
    listed = ", ".join(f"{escape(c.code_name)} ({c.sentences})" for c in codes)
    return (
        f"<p>Not learnt (fewer than {MIN_SENTENCES} coded sentences): {listed}. "
        "The classifier never suggests these; code more sentences and train again.</p>"
    )


def precision_sentence(figures: SourceFigures, whose: str, where: str) -> str:
    """ "Of the classifier's top-3 suggestions on 48 held-out sentences, 83% were right"."""
    sentences = f"{figures.coded_sentences:,} {where}"
    if figures.precision_at_3 is None:
        who = whose.removesuffix("'s").removesuffix("'")
        return f"On {sentences}, {who} made no suggestion."
    right = round(figures.precision_at_3 * figures.suggestions_at_3)
    text = (
        f"Of {whose} top-{TOP} suggestions on {sentences}, {figures.precision_at_3:.0%} were "
        f"right ({right:,} of {figures.suggestions_at_3:,})."
    )
    if figures.hit_rate_at_3 is not None:
        text += f" At least one was right for {figures.hit_rate_at_3:.0%} of the sentences."
    return text


def _classifier(evaluation: Evaluation) -> str:
    figures = evaluation.classifier
    notes = "".join(f"<p>{escape(note)}</p>" for note in evaluation.notes)
    if evaluation.not_learnt:
        notes += _not_learnt(evaluation.not_learnt)
    if figures is None:
        return f"<p><b>Classifier</b></p>{notes}"
    where = "held-out sentences" if figures.coded_sentences != 1 else "held-out sentence"
    sentence = precision_sentence(figures, "the classifier's", where)
    trained_on = (
        f"It was trained on {evaluation.training_sentences:,} other sentences; it suggests a code "
        f"from probability {evaluation.threshold:.2f} on."
    )
    table = _code_table(figures.codes, "Held-out sentences")
    said = f"<p>{escape(sentence)}</p><p>{escape(trained_on)}</p>"
    return f"<p><b>Classifier</b></p>{said}{table}{notes}"


def _keywords(figures: SourceFigures | None) -> str:
    if figures is None:
        return "<p><b>Keywords</b></p><p>Not measured: no code has keywords.</p>"
    where = "coded sentences" if figures.coded_sentences != 1 else "coded sentence"
    sentence = precision_sentence(figures, "the keywords'", where)
    return f"<p><b>Keywords</b></p><p>{escape(sentence)}</p>" + _code_table(
        figures.codes, "Coded sentences"
    )


def _code_table(codes: Sequence[CodeFigures], support: str) -> str:
    if not codes:
        return ""
    head = f"<tr><th align=left>Code</th><th>Precision</th><th>Recall</th><th>{support}</th></tr>"
    rows = "".join(
        f"<tr><td>{escape(c.code_name)}</td>"
        f"<td align=right>{share(c.precision, c.right, c.suggested)}</td>"
        f"<td align=right>{share(c.recall, c.right, c.support)}</td>"
        f"<td align=right>{c.support:,}</td></tr>"
        for c in codes
    )
    return f"<table cellspacing=0 cellpadding=3>{head}{rows}</table>"
