"""Import 200 .docx transcripts of 10,000 words, beside the floor measured in the same run.

The floor is the least any importer must do: parse each file's XML with lxml, bulk-insert the
text and paragraph spans, and build the FTS5 index (SQLite, no ORM, no speaker detection).
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from benchmarks.corpus import write_corpus
from benchmarks.timing import measure, verdict
from workbench.importing.service import import_files
from workbench.project import Project

W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
BUDGET_S = 1.0
BUDGET_RATIO = 1.5


def _floor(paths: list[Path], db: Path) -> None:
    texts = []
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        texts.append(["".join(str(t) for t in p.itertext()) for p in root.iter(W_P)])
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("CREATE TABLE spans (id INTEGER PRIMARY KEY, doc INT, start INT, e INT)")
    connection.execute("CREATE VIRTUAL TABLE fts USING fts5(text)")
    with connection:
        span_id = 0
        for doc_id, paragraphs in enumerate(texts, 1):
            connection.execute("INSERT INTO docs VALUES (?, ?)", (doc_id, "\n".join(paragraphs)))
            rows, fts, start = [], [], 0
            for paragraph in paragraphs:
                span_id += 1
                rows.append((span_id, doc_id, start, start + len(paragraph)))
                fts.append((span_id, paragraph))
                start += len(paragraph) + 1
            connection.executemany("INSERT INTO spans VALUES (?, ?, ?, ?)", rows)
            connection.executemany("INSERT INTO fts (rowid, text) VALUES (?, ?)", fts)
    connection.close()


def run(repeats: int, documents: int = 200, words: int = 10_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = write_corpus(root / "corpus", documents, words, "docx")
        counter = iter(range(10_000))

        def floor() -> None:
            _floor(paths, root / f"floor-{next(counter)}.db")

        def workbench() -> None:
            with Project.create(root / f"project-{next(counter)}.qwb") as project:
                report = import_files(project, paths)
                assert len(report.imported) == documents, report.failed[:3]

        # Alternate so both see the same machine conditions.
        floor_times, import_times = [], []
        for _ in range(repeats):
            floor_times.append(measure(floor, 1)["best_s"])
            import_times.append(measure(workbench, 1)["best_s"])
    best_floor, best_import = min(floor_times), min(import_times)
    ratio = best_import / best_floor
    return {
        "what": f"import {documents} .docx transcripts x {words} words "
        "(speakers, turns, spans, FTS index; project create included)",
        "import_s": import_times,
        "floor_s": floor_times,
        "best_import_s": best_import,
        "best_floor_s": best_floor,
        "ratio": round(ratio, 2),
        "budget": f"<= {BUDGET_S} s and <= {BUDGET_RATIO}x floor",
        "verdict": verdict(best_import, BUDGET_S)
        if ratio <= BUDGET_RATIO
        else "OVER BUDGET (ratio)",
    }
