"""Word export of 20,000 quotes, beside the floor of writing the same paragraphs as bulk XML."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.corpus import transcript_paragraphs
from benchmarks.timing import verdict
from workbench.exporters import docx_xml as x
from workbench.exporters.report_docx import append_xml, open_template, style_ids, write_report
from workbench.reports.model import CodebookRow, CodeSection, Quote, ReportModel

BUDGET_S = 1.0
BUDGET_RATIO = 4.0


def _model(quotes: int, codes: int = 50) -> ReportModel:
    sentences = [p.split(": ", 1)[1] for p in transcript_paragraphs(1, 40_000)]
    per_code = quotes // codes
    sections = tuple(
        CodeSection(
            name=f"Code {c:02d}",
            path=f"Themes/Code {c:02d}",
            definition="A synthetic code for the benchmark.",
            codings=per_code,
            documents=20,
            quotes=tuple(
                Quote(
                    n + 1,
                    sentences[(c * per_code + n) % len(sentences)][:300],
                    f"P{n % 40:03d} · transcript_{n % 200:04d}, paragraph {n % 90 + 1}",
                )
                for n in range(per_code)
            ),
        )
        for c in range(codes)
    )
    return ReportModel(
        title="Benchmark",
        description="",
        generated="today",
        coders=("A",),
        documents=200,
        words=2_000_000,
        codebook=tuple(CodebookRow(1, s.name, "", s.definition, s.codings, 20) for s in sections),
        sections=sections,
        cases=tuple(f"P{n:03d}" for n in range(40)),
        matrix=tuple((s.path, tuple(range(40))) for s in sections),
    )


def _floor(model: ReportModel, path: Path) -> None:
    """The same quote paragraphs, written as bulk XML with no styling decisions or tables."""
    document = open_template()
    ids = style_ids(document)
    parts = []
    for section in model.sections:
        for quote in section.quotes:
            parts.append(x.paragraph(ids["Quote Excerpt"], x.runs(quote.text)))
            parts.append(x.paragraph(ids["Quote Attribution"], x.runs(quote.attribution)))
    append_xml(document, "".join(parts))
    document.save(str(path))


def run(repeats: int, quotes: int = 20_000) -> dict[str, Any]:
    import time

    model = _model(quotes)
    floor_times, export_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for n in range(repeats):
            started = time.perf_counter()
            _floor(model, root / f"floor-{n}.docx")
            floor_times.append(round(time.perf_counter() - started, 4))
            started = time.perf_counter()
            write_report(model, root / f"report-{n}.docx")
            export_times.append(round(time.perf_counter() - started, 4))
    best_export, best_floor = min(export_times), min(floor_times)
    ratio = best_export / best_floor
    return {
        "what": f"render and save a Word report of {quotes:,} quotes (title page, codebook "
        "table, sections, code x case table) from its report model",
        "export_s": export_times,
        "floor_s": floor_times,
        "ratio": round(ratio, 2),
        "budget": f"<= {BUDGET_S} s and <= {BUDGET_RATIO}x floor",
        "verdict": verdict(best_export, BUDGET_S) if ratio <= BUDGET_RATIO else "OVER (ratio)",
    }
