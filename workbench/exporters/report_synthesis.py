"""The report's synthesis chapters: framework matrix, NASSS assessment, barrier register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.exporters import docx_xml as x
from workbench.nasss import RATING_LABELS, TOP_DOMAINS, domain

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.exporters.report_writer import BodyWriter
    from workbench.queries.framework_matrix import MatrixCell
    from workbench.reports.synthesis import MatrixPart, NasssPart, PrintedQuote, RegisterPart

MATRIX_COLUMNS = 5  # code columns per landscape table; wider matrices continue below
EMPTY_MARK = "—"
EMPTY_FILL = "EDEDED"
NASSS_CASE_COLUMNS = 4  # cases side by side in one NASSS table
# Light to dark in one hue, always printed with the rating's word (never colour alone); the
# darkest keeps black text at 7:1.
RATING_FILLS = {"simple": "EEF4FA", "complicated": "C4D7EC", "complex": "8BADD3"}


def quotes(w: BodyWriter, listed: Sequence[PrintedQuote]) -> None:
    for quote in listed:
        prefix = f"[{quote.reference}] " if quote.reference else ""
        w.paragraph("Quote Excerpt", f"{prefix}“{quote.text}”")
        w.paragraph("Quote Attribution", quote.attribution)


# ---------------------------------------------------------------------- framework matrix
def framework_matrix(w: BodyWriter, part: MatrixPart | None) -> None:
    if part is None:
        return
    w.start_landscape()
    w.heading(1, "Framework matrix")
    w.paragraph(
        "Normal",
        "Cases by codes (Framework Method, Gale et al. 2013): each cell holds the analysts' "
        "summary, the number of coded passages and the quotes it rests on (listed after the "
        f"matrix). “{EMPTY_MARK}” marks a cell with nothing coded.",
    )
    matrix = part.matrix
    for start in range(0, len(matrix.codes), MATRIX_COLUMNS):
        codes = matrix.codes[start : start + MATRIX_COLUMNS]
        rows = (
            [name, *(_matrix_cell(cell, part.numbers) for cell in row[start : start + len(codes)])]
            for name, row in zip(part.case_names, matrix.rows, strict=True)
        )
        w.table(["Case", *(c.label for c in codes)], rows, [2, *[3] * len(codes)], landscape=True)
        w.paragraph("Normal", "")
    if part.quotes:
        w.heading(2, "Quotes the summaries rest on")
        quotes(w, part.quotes)
    w.end_landscape()


def _matrix_cell(cell: MatrixCell, numbers: dict[int, str]) -> str | x.Cell:
    if cell.is_empty:
        return x.Cell(EMPTY_MARK, EMPTY_FILL)
    summary = cell.summary.strip() if cell.has_summary else "No summary yet."
    count = "1 coding" if cell.count == 1 else f"{cell.count} codings"
    refs = [numbers[c] for c in cell.linked_coding_ids if c in numbers]
    lines = [summary, count + (f"; quotes {', '.join(refs)}" if refs else "")]
    return "\n\n".join(lines)


# ---------------------------------------------------------------------- NASSS
def nasss(w: BodyWriter, part: NasssPart | None) -> None:
    if part is None:
        return
    w.heading(1, "NASSS complexity assessment")
    w.paragraph(
        "Normal",
        "Each case rated on the seven NASSS domains (Greenhalgh et al. 2017) as simple, "
        "complicated or complex; sub-domain ratings and their rationale follow per case.",
    )
    index = {d.key: i for i, d in enumerate(part.grid.domains)}
    for start in range(0, len(part.cases), NASSS_CASE_COLUMNS):
        cases = list(zip(part.cases, part.grid.rows, strict=True))[
            start : start + NASSS_CASE_COLUMNS
        ]
        rows: list[list[str | x.Cell]] = [
            [f"{d.key} {d.name}", *(_rating_cell(row[index[d.key]].rating) for _, row in cases)]
            for d in TOP_DOMAINS
        ]
        w.table(["Domain", *(case.name for case, _ in cases)], rows, [3, *[2] * len(cases)])
        w.paragraph("Normal", "")
    for chart in part.profiles:
        w.figure(chart, chart.title)
    for case in part.cases:
        w.heading(2, case.name + (f" ({case.case_type})" if case.case_type else ""))
        if not case.ratings:
            w.paragraph("Normal", "Not rated yet.")
            continue
        detail: list[list[str | x.Cell]] = [
            [f"{r.domain_key} {domain(r.domain_key).name}", _rating_cell(r.rating),
             r.rationale or "—", f"{r.rater or '—'}, {r.rated_at:%d %b %Y}" if r.rated_at else "—"]
            for r in case.ratings
        ]  # fmt: skip
        w.table(["Domain", "Rating", "Rationale", "Rated by"], detail, [3, 2, 6, 3])
        for rating in case.ratings:
            found = case.evidence.get(rating.domain_key)
            if found:
                w.paragraph("Heading 3", f"Evidence for {rating.domain_key} "
                            f"{domain(rating.domain_key).name}")  # fmt: skip
                quotes(w, found)


def _rating_cell(rating: str) -> x.Cell:
    return x.Cell(RATING_LABELS.get(rating, rating), RATING_FILLS.get(rating))


# ---------------------------------------------------------------------- barrier register
def register(w: BodyWriter, part: RegisterPart | None) -> None:
    if part is None:
        return
    w.heading(1, "Barrier register")
    root, names = _short_paths([b.path for b in part.barriers])
    if root:
        w.paragraph("Normal", f"Barriers from the codebook “{root}”.")
    by = f" by {part.attribute}" if part.attribute else ""
    header = ["Barrier", "Cases", "Participants", f"Cases{by}" if by else "Codings",
              "Recommendations"]  # fmt: skip
    rows = (
        [name, str(b.cases), str(b.participants),
         "; ".join(f"{v.value}: {v.cases} of {v.of}" for v in b.breakdown if v.cases) if by
         else str(b.codings),
         str(len(b.recommendations))]
        for name, b in zip(names, part.barriers, strict=True)
    )  # fmt: skip
    w.table(header, rows, [5, 1, 2, 4, 2])
    for name, barrier in zip(names, part.barriers, strict=True):
        w.heading(2, name)
        if barrier.definition:
            w.paragraph("Code Definition", barrier.definition)
        mentioned = f"Mentioned in {barrier.cases} cases by {barrier.participants} participants"
        w.paragraph("Normal", f"{mentioned} ({barrier.codings} coded passages).")
        if barrier.facilitators:
            text = "; ".join(f"{f.path} ({f.passages})" for f in barrier.facilitators)
            w.labelled("Facilitators coded alongside", text)
        for memo in barrier.recommendations:
            w.labelled("Recommendation", f"{memo.title}: {memo.text}" if memo.title else memo.text)
        quotes(w, part.quotes.get(barrier.code_id, ()))


def _short_paths(paths: Sequence[str]) -> tuple[str, list[str]]:
    """Paths without the codebook heading they all share: (the heading, the shorter paths)."""
    roots = {p.split("/", 1)[0] for p in paths}
    if len(roots) == 1 and all("/" in p for p in paths):
        return roots.pop(), [p.split("/", 1)[1] for p in paths]
    return "", list(paths)
