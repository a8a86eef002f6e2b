"""The report's own sections: cover, summary, methods, themes, codes by case, codebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coding.agreement.statistics import Figures
    from workbench.agreement import AgreementReport
    from workbench.exporters.report_writer import BodyWriter
    from workbench.reports.model import CodeSection, ReportModel
    from workbench.reports.synthesis import Figure

CASE_COLUMNS = 10  # case columns per codes-by-case table; more continue in the next table
WIDE_TABLE_COLUMNS = 4  # attributes shown as columns; more are listed inside one cell
AGREEMENT_ROWS = 30  # codes in the agreement table; the pooled figures cover them all
UNDEFINED = "—"
NO_SUMMARY = (
    "No executive summary has been written yet. Write a project memo titled “Executive "
    "summary” in the Memos pane and export again."
)


def cover(w: BodyWriter, model: ReportModel) -> None:
    w.paragraph("Title", model.title)
    w.paragraph("Subtitle", "Qualitative synthesis report")
    w.paragraph("Normal", f"Generated {model.generated}")
    w.paragraph("Normal", scope(model))
    w.paragraph("Normal", "Coders: " + (", ".join(model.coders) or "none"))
    if model.description:
        w.paragraph("Normal", model.description)
    if model.pseudonyms_only:
        w.paragraph("Normal", "People and sources are named by pseudonym only.")
    w.contents_here()
    w.page_break()


def scope(model: ReportModel) -> str:
    segments = sum(s.codings for s in model.sections)
    return f"{model.documents} documents, {model.words:,} words; {segments:,} coded segments"


def summary(w: BodyWriter, model: ReportModel) -> None:
    w.heading(1, "Executive summary")
    w.paragraphs("Normal", model.summary or NO_SUMMARY)


def methods(w: BodyWriter, model: ReportModel) -> None:
    facts = model.methods
    w.heading(1, "Methods")
    if facts is None:
        return
    w.heading(2, "Sources")
    if facts.sources:
        rows = ([kind, f"{n:,}", f"{words:,}"] for kind, n, words in facts.sources)
        w.table(["Kind of source", "Documents", "Words"], rows, [6, 2, 2])
    else:
        w.paragraph("Normal", "No documents are in the scope of this report.")
    w.heading(2, "Cases")
    if facts.cases and len(facts.attribute_names) <= WIDE_TABLE_COLUMNS:
        header = ["Case", *facts.attribute_names]
        rows = ([name, *values] for name, values in facts.cases)
        w.table(header, rows, [3, *[2] * len(facts.attribute_names)])
    elif facts.cases:  # too many attributes for columns: one line per value instead
        rows = (
            [name, "\n".join(f"{a}: {v}" for a, v in zip(facts.attribute_names, values,
                                                         strict=True) if v)]
            for name, values in facts.cases
        )  # fmt: skip
        w.table(["Case", "Attributes"], rows, [1, 3])
    else:
        w.paragraph("Normal", "No cases are in the scope of this report.")
    w.heading(2, "Coders")
    w.paragraph("Normal", ", ".join(facts.coders) or "No one has coded yet.")
    if facts.agreement is not None:
        agreement(w, facts.agreement)
    w.heading(2, "Codebooks")
    if facts.codebooks:
        for framework, citation, size in facts.codebooks:
            w.labelled(framework, f"{size} codes. {citation}".strip())
    else:
        w.paragraph("Normal", "The codes were written for this project (no framework codebook).")


def agreement(w: BodyWriter, report: AgreementReport) -> None:
    """The coders' agreement: how it was measured, then a table of codes and the pooled row."""
    w.heading(2, "Agreement")
    w.paragraph("Normal", agreement_method(report))
    applied = [c for c in report.codes if any(c.figures.coded)]
    if not applied:
        w.paragraph("Normal", "None of the codes in this report was applied by these coders "
                    "in the documents they both coded.")  # fmt: skip
        return
    # The codes applied most, in codebook order: the rest are in the Excel export.
    most = sorted(applied, key=lambda c: -sum(c.figures.coded))[:AGREEMENT_ROWS]
    top = {c.code_id for c in most}
    shown = [c for c in applied if c.code_id in top]
    rows = [[c.code, *_figure_cells(c.figures)] for c in shown]
    pooled = report.pooled_codes
    rows.append([f"Pooled ({pooled} code{'s' if pooled != 1 else ''})",
                 *_figure_cells(report.pooled)])  # fmt: skip
    header = ["Code", "Agreement", "Cohen's kappa", "Krippendorff's alpha"]
    w.table(header, rows, [5, 2, 3, 3])
    if len(shown) < len(applied):
        w.paragraph("Normal", f"The table shows the {len(shown)} codes applied most of the "
                    f"{len(applied)}; the pooled figures cover them all. The coder comparison's "
                    "Excel export and “workbench agreement” list every code.")  # fmt: skip


def agreement_method(report: AgreementReport) -> str:
    """The sentence stating the coders, the unit and where the labels come from."""
    coders = report.coders
    names = f"{', '.join(coders[:-1])} and {coders[-1]}"
    documents = len(report.documents)
    where = "the one document" if documents == 1 else f"the {documents} documents"
    text = (
        f"Agreement between {names} was measured at the {report.unit} level: each of the "
        f"{report.units:,} {report.unit_name} in {where} coded by more than one coder counts "
        "as one unit for each code, coded or not by each coder. Percent agreement, Cohen's "
        "kappa and Krippendorff's alpha (nominal) are given per code and pooled over the codes "
        "applied (pooled kappa after De Vries et al. 2008). Kappa is labelled with the bands of "
        "Landis & Koch (1977); alpha with Krippendorff's (2004) thresholds: 0.800 or above "
        "reliable, 0.667 the lowest limit for tentative conclusions."
    )
    if len(coders) > 2:
        text += " Cohen's kappa compares two coders; with more, read alpha."
    return text


def _figure_cells(found: Figures) -> list[str]:
    percent = UNDEFINED if found.percent is None else f"{found.percent:.1f}%"
    return [percent, _labelled(found.kappa, found.kappa_label),
            _labelled(found.alpha, found.alpha_label)]  # fmt: skip


def _labelled(value: float | None, label: str | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f} ({label})"


def themes(w: BodyWriter, model: ReportModel, figures: Sequence[Figure] = ()) -> None:
    w.heading(1, "Themes")
    if not model.sections:
        w.paragraph("Normal", "No passages are coded with the chosen codes.")
    for figure in figures:
        w.figure(figure.chart, figure.caption)
    for section in model.sections:
        theme(w, section)


def theme(w: BodyWriter, section: CodeSection) -> None:
    w.heading(2, section.path)
    if section.definition:
        w.paragraph("Code Definition", section.definition)
    if section.memo:
        w.paragraph("Heading 3", "Memo")
        w.paragraphs("Normal", section.memo)
    counts = f"{section.codings} codings in {section.documents} documents"
    if len(section.quotes) < section.codings:
        counts += f"; {len(section.quotes)} quotes shown"
    w.paragraph("Normal", counts)
    if section.by_case:
        cases = ", ".join(f"{case} ({n})" for case, n in section.by_case)
        w.labelled("By case", cases)
    for attribute, values in section.by_attribute:
        mentioned = [(value, k, n) for value, k, n in values if k]  # "0 of n" rows are noise
        if mentioned:
            text = "; ".join(f"{value}: {k} of {n} {'case' if n == 1 else 'cases'}"
                             for value, k, n in mentioned)  # fmt: skip
            w.labelled(f"By {attribute}", text)
    for quote in section.quotes:
        w.paragraph("Quote Excerpt", f"[{quote.number}] “{quote.text}”")
        w.paragraph("Quote Attribution", quote.attribution)


def codes_by_case(w: BodyWriter, model: ReportModel, heatmap: Figure | None = None) -> None:
    if not (model.matrix and model.cases):
        return
    w.heading(1, "Codes by case")
    w.paragraph("Normal", "Number of coded segments per case.")
    for start in range(0, len(model.cases), CASE_COLUMNS):
        cases = model.cases[start : start + CASE_COLUMNS]
        rows = ([name, *map(str, counts[start : start + len(cases)])]
                for name, counts in model.matrix)  # fmt: skip
        w.table(["Code", *cases], rows, [max(3, 2 * len(cases) // 3), *[1] * len(cases)])
        w.paragraph("Normal", "")
    if heatmap is not None:
        w.figure(heatmap.chart, heatmap.caption)


def codebook_appendix(w: BodyWriter, model: ReportModel) -> None:
    w.heading(1, "Appendix: codebook")
    rows = (
        ["    " * r.depth + r.name, r.key, first_paragraph(r.definition), str(r.codings),
         str(r.documents)]
        for r in model.codebook
    )  # fmt: skip
    header = ["Code", "Key", "Definition", "Codings", "Documents"]
    w.table(header, rows, [24, 8, 44, 12, 12])


def first_paragraph(definition: str, limit: int = 300) -> str:
    """The first paragraph of a definition, cut at a word near ``limit`` characters."""
    first = definition.strip().split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def reviewer_feedback(w: BodyWriter, model: ReportModel) -> None:
    """Counts only: reviewers' names and comment words stay in the project (comments may
    quote transcripts)."""
    if not model.feedback:
        return
    w.heading(1, "Reviewer feedback")
    passages = sum(f.passages for f in model.feedback)
    resolved = sum(f.resolved for f in model.feedback)
    points = resolved + sum(f.unresolved for f in model.feedback)
    reviewers = max(f.reviewers for f in model.feedback)
    w.paragraph(
        "Normal",
        f"Patient and public contributors ({reviewers} at most on any code) reviewed "
        f"{passages} coded passages; the lead has resolved {resolved} of {points} points.",
    )
    rows = (
        [f.path, str(f.passages), str(f.agree), str(f.disagree), str(f.unsure),
         ", ".join(f"{name} ({n})" for name, n in f.suggestions) or "—",
         f"{f.resolved} of {f.resolved + f.unresolved}"]
        for f in model.feedback
    )  # fmt: skip
    header = ["Code", "Passages", "Agree", "Disagree", "Not sure", "Suggested instead",
              "Resolved"]  # fmt: skip
    w.table(header, rows, [5, 2, 2, 2, 2, 4, 2])
