"""Synthesis: the full Word report, the framework matrix and its .xlsx, the NASSS grid.

The data follow the issue (QualCoder's measured case): 20 transcripts of about 60,000
characters, 60 codes, 2 coders and 20,000 codings for the report; 50 cases x 60 codes for the
matrix; 20 rated cases for the NASSS grid, opened in the real dock (offscreen).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import code_names, generate_codings, write_corpus
from benchmarks.timing import measure, verdict
from coding.codebook import load_template
from workbench.codebooks import LoadCodebook
from workbench.importing.service import import_files
from workbench.nasss import DOMAINS, RATINGS
from workbench.ops.codes import CreateCode
from workbench.ops.nasss import MarkCaseForAssessment, RateDomain
from workbench.project import Coder, Project
from workbench.queries.documents import list_cases

REPORT_BUDGET_S = 2.0
MATRIX_BUDGET_S = 0.200
MATRIX_XLSX_BUDGET_S = 1.0
NASSS_BUDGET_S = 0.200
WORDS_FOR_60K_CHARS = 10_500  # the corpus averages about 5.7 characters a word


def _build(root: Path, documents: int, words: int, codings: int, codes: int) -> Path:
    path = root / f"synthesis-{documents}.qwb"
    paths = write_corpus(root / f"corpus-{documents}", documents, words, "txt")
    with Project.create(path, coder=Coder("Coder A", "CA")) as project:
        import_files(project, paths)
        project.execute(LoadCodebook(load_template("nasss").key, user_id=project.user_id))
        code_ids = []
        for name in code_names(codes):
            command = CreateCode(name=name)
            project.execute(command)
            assert command.code_id is not None
            code_ids.append(command.code_id)
        first = project.user_id
    with Project.open(path, coder=Coder("Coder B", "CB"), backup=False) as project:
        second = project.user_id
    connection = sqlite3.connect(path)
    lengths = dict(connection.execute("SELECT id, length(text) FROM documents ORDER BY id"))
    doc_ids = sorted(lengths)
    rows = [
        (doc_ids[c.document_index], code_ids[c.code_index], c.start, c.end,
         first if n % 2 else second)
        for n, c in enumerate(generate_codings([lengths[d] for d in doc_ids], codings, codes))
    ]  # fmt: skip
    with connection:
        connection.executemany(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", user_id, '
            "created_at, modified_at, memo) VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, "
            "datetime('now'), datetime('now'), '')",
            rows,
        )
    connection.close()
    return path


def _report(path: Path, out: Path, repeats: int) -> dict[str, Any]:
    from workbench.exporters.report_docx import write_report
    from workbench.reports.model import build_report

    with Project.open(path, backup=False) as project:

        def full_report() -> None:
            write_report(build_report(project), out)

        first = measure(full_report, 1)["best_s"]  # includes importing matplotlib and docx
        timings = measure(full_report, repeats)
    return {
        "first_s": first,
        **timings,
        "size_mb": round(out.stat().st_size / 1e6, 1),
        "budget": f"<= {REPORT_BUDGET_S} s",
        "verdict": verdict(timings["median_s"], REPORT_BUDGET_S),
    }


def _matrix(path: Path, out: Path, repeats: int) -> dict[str, Any]:
    from workbench.exporters.matrix_xlsx import export_matrix_xlsx
    from workbench.queries.framework_matrix import default_matrix_axes, framework_matrix

    with Project.open(path, backup=False) as project:
        axes = default_matrix_axes(project)
        cases = list(axes.case_ids)[:50]
        codes = list(axes.code_ids)[-60:]  # the 60 benchmark codes, after NASSS's
        compute = measure(lambda: framework_matrix(project, cases, codes), repeats)
        export_matrix_xlsx(project, out, case_ids=cases, code_ids=codes)  # openpyxl imported
        xlsx = measure(
            lambda: export_matrix_xlsx(project, out, case_ids=cases, code_ids=codes), repeats
        )
    return {
        "cases": len(cases),
        "codes": len(codes),
        "compute": {**compute, "budget": f"<= {MATRIX_BUDGET_S * 1000:.0f} ms",
                    "verdict": verdict(compute["median_s"], MATRIX_BUDGET_S)},
        "xlsx": {**xlsx, "budget": f"<= {MATRIX_XLSX_BUDGET_S} s",
                 "verdict": verdict(xlsx["median_s"], MATRIX_XLSX_BUDGET_S)},
    }  # fmt: skip


def _rate_cases(path: Path, n: int) -> None:
    with Project.open(path, backup=False) as project:
        cases = [c.id for c in list_cases(project)][:n]
        for number, case_id in enumerate(cases):
            project.execute(MarkCaseForAssessment(case_id, "site"))
            for k, domain in enumerate(DOMAINS):
                rating = RATINGS[(number + k) % len(RATINGS)]
                project.execute(RateDomain(case_id, domain.key, rating, "Rationale.",
                                           rater_id=project.user_id))  # fmt: skip


def _nasss_grid(path: Path, repeats: int) -> dict[str, Any]:
    """The dock opened and painted on a fresh project session, as a lead opening the pane."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.session import ProjectSession
    from ui.synthesis.nasss_dock import NasssDock
    from workbench.queries.nasss import nasss_grid

    app = QApplication.instance() or QApplication([])
    times = []
    with Project.open(path, backup=False) as project:
        cold_query = measure(lambda: nasss_grid(project), 1)["best_s"]
        for _ in range(repeats):
            session = ProjectSession(project)
            started = time.perf_counter()
            dock = NasssDock(session)
            dock.resize(1200, 700)
            dock.show()
            dock.grab()  # painted
            times.append(time.perf_counter() - started)
            dock.close()
            dock.deleteLater()
            app.processEvents()
        cases = len(nasss_grid(project).cases)
    median = sorted(times)[len(times) // 2]
    return {
        "cases": cases,
        "query_cold_s": cold_query,
        "open_and_paint_s": [round(t, 4) for t in times],
        "median_s": round(median, 4),
        "budget": f"<= {NASSS_BUDGET_S * 1000:.0f} ms",
        "verdict": verdict(median, NASSS_BUDGET_S),
    }


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        report_project = _build(root, 20, WORDS_FOR_60K_CHARS, 20_000, 60)
        matrix_project = _build(root, 50, 4_000, 20_000, 60)
        report = _report(report_project, root / "report.docx", repeats)
        _rate_cases(report_project, 20)  # the same project, now with a NASSS assessment too
        with_nasss = _report(report_project, root / "report.docx", repeats)
        return {
            "what": "full Word synthesis report on the issue's data (20 transcripts of ~60,000 "
            "characters, 60 codes, 2 coders, 20,000 codings), then the same project with 20 "
            "NASSS-rated cases (3 more charts, an informative figure); framework matrix of 50 "
            "cases x 60 codes; the NASSS grid dock for 20 cases opened and painted",
            "report": report,
            "report_with_20_nasss_cases": with_nasss,
            "matrix": _matrix(matrix_project, root / "matrix.xlsx", repeats),
            "nasss_grid": _nasss_grid(report_project, repeats),
        }
