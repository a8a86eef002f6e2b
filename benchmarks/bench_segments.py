"""Retrieve every segment of one code, with text and case, out of 100,000 codings."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.corpus import code_names, generate_codings, write_corpus
from benchmarks.timing import measure, verdict
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.project import Project
from workbench.queries.segments import segments

BUDGET_S = 0.050


def _build(root: Path, documents: int, words: int, codings: int, codes: int) -> Path:
    path = root / "segments.qwb"
    paths = write_corpus(root / "corpus", documents, words, "txt")
    with Project.create(path) as project:
        import_files(project, paths)
        code_ids = []
        for name in code_names(codes):
            command = CreateCode(name=name)
            project.execute(command)
            assert command.code_id is not None
            code_ids.append(command.code_id)
        user = project.user_id
    connection = sqlite3.connect(path)
    lengths = dict(connection.execute("SELECT id, length(text) FROM documents ORDER BY id"))
    doc_ids = sorted(lengths)
    rows = [
        (doc_ids[c.document_index], code_ids[c.code_index], c.start, c.end, user)
        for c in generate_codings([lengths[d] for d in doc_ids], codings, codes)
    ]
    with connection:
        connection.executemany(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", user_id, '
            "created_at, modified_at, memo) "
            "VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, "
            "datetime('now'), datetime('now'), '')",
            rows,
        )
    connection.close()
    return path


def run(repeats: int, codings: int = 100_000, codes: int = 50) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = _build(Path(folder), 200, 10_000, codings, codes)
        with Project.open(path, backup=False) as project:
            with sqlite3.connect(path) as connection:
                usage = Counter(
                    dict(connection.execute("SELECT code_id, count(*) FROM codings GROUP BY 1"))
                )
            ranked = [code for code, _ in usage.most_common()]
            largest, median_code = ranked[0], ranked[len(ranked) // 2]
            figures: dict[str, Any] = {}
            for label, code_id in (("median code", median_code), ("largest code", largest)):
                project.forget_documents(set(project._texts))  # cold: texts not yet cached

                def query(code: int = code_id) -> None:
                    segments(project, [code])

                cold = measure(query, 1)["best_s"]
                warm = measure(query, repeats)
                figures[label] = {
                    "segments": usage[code_id],
                    "cold_s": cold,
                    "warm_best_s": warm["best_s"],
                    "warm_median_s": warm["median_s"],
                }
    typical = figures["median code"]["warm_median_s"]
    return {
        "what": f"all segments of one code with text, speaker and case, out of {codings:,} "
        f"codings over {codes} codes in 200 documents of 10,000 words",
        **figures,
        "segments_per_code_median": statistics.median(usage.values()),
        "budget": f"<= {BUDGET_S * 1000:.0f} ms",
        "verdict": verdict(typical, BUDGET_S),
    }
