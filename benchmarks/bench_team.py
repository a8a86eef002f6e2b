"""Teamwork: .qdpx export, agreement between two coders, and merging two coders' projects.

On the issue's data: the 20,000-coding project of the synthesis benchmark for the export; 50
documents, 120 codes and 100,000 codings (two coders who mostly code the same passages with
edges a little apart) for agreement; two separately made 10,000-coding projects sharing 18 of
their 20 documents for the merge.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_synthesis import WORDS_FOR_60K_CHARS
from benchmarks.bench_synthesis import _build as build_two_coders
from benchmarks.corpus import code_names, generate_codings, write_corpus
from benchmarks.timing import measure, verdict
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.project import Coder, Project

EXPORT_BUDGET_S = 1.0
AGREEMENT_BUDGET_S = 1.0
MERGE_BUDGET_S = 2.0
_INSERT = (
    'INSERT INTO codings (guid, document_id, code_id, start, "end", user_id, created_at, '
    "modified_at, memo) VALUES (upper(hex(randomblob(16))), ?, ?, ?, ?, ?, datetime('now'), "
    "datetime('now'), '')"
)


def _project(path: Path, coder: str, sources: list[Path], codes: int) -> tuple[list[int], int]:
    with Project.create(path, coder=Coder(coder)) as project:
        import_files(project, sources)
        ids = []
        for name in code_names(codes):
            command = CreateCode(name=name)
            project.execute(command)
            assert command.code_id is not None
            ids.append(command.code_id)
        assert project.user_id is not None
        return ids, project.user_id


def _lengths(connection: sqlite3.Connection) -> tuple[list[int], list[int]]:
    lengths = dict(connection.execute("SELECT id, length(text) FROM documents ORDER BY id"))
    ids = sorted(lengths)
    return ids, [lengths[d] for d in ids]


def _agreement_project(root: Path, codings: int = 100_000, codes: int = 120) -> Path:
    path = root / "agreement.qwb"
    code_ids, first = _project(path, "Coder A", write_corpus(root / "a", 50, 10_000, "txt"), codes)
    with Project.open(path, coder=Coder("Coder B"), backup=False) as project:
        assert project.user_id is not None
        second = project.user_id
    connection = sqlite3.connect(path)
    doc_ids, lengths = _lengths(connection)
    rng = random.Random(5)
    rows = []
    for c in generate_codings(lengths, codings // 2, codes):
        doc, code = doc_ids[c.document_index], code_ids[c.code_index]
        rows.append((doc, code, c.start, c.end, first))
        if rng.random() < 0.8:  # the same passage with its edges moved
            start = max(0, c.start + rng.randint(-40, 40))
            end = min(lengths[c.document_index], max(start + 1, c.end + rng.randint(-40, 40)))
            rows.append((doc, code, start, end, second))
        else:  # the same passage under another code
            rows.append((doc, code_ids[rng.randrange(codes)], c.start, c.end, second))
    with connection:
        connection.executemany(_INSERT, rows)
    connection.close()
    return path


def _merge_project(root: Path, name: str, sources: list[Path], seed: int) -> Path:
    path = root / f"{name}.qwb"
    code_ids, user = _project(path, name, sources, 60)
    connection = sqlite3.connect(path)
    doc_ids, lengths = _lengths(connection)
    rows = [
        (doc_ids[c.document_index], code_ids[c.code_index], c.start, c.end, user)
        for c in generate_codings(lengths, 10_000, 60, seed=seed)
    ]
    with connection:
        connection.executemany(_INSERT, rows)
    connection.close()
    return path


def _export(root: Path, repeats: int) -> dict[str, Any]:
    from workbench.cli_refi import export_refi

    path = build_two_coders(root, 20, WORDS_FOR_60K_CHARS, 20_000, 60)
    with Project.open(path, backup=False) as project:
        timing = measure(lambda: export_refi(project, root / "project.qdpx"), repeats)
    return {**timing, "budget": f"<= {EXPORT_BUDGET_S} s",
            "verdict": verdict(timing["median_s"], EXPORT_BUDGET_S)}  # fmt: skip


def _agreement(root: Path, repeats: int) -> dict[str, Any]:
    from workbench.agreement import agreement

    path = _agreement_project(root)
    with Project.open(path, read_only=True) as project:
        timing = measure(lambda: agreement(project, ["Coder A", "Coder B"]), repeats)
    return {**timing, "unit": "character", "budget": f"<= {AGREEMENT_BUDGET_S} s",
            "verdict": verdict(timing["median_s"], AGREEMENT_BUDGET_S)}  # fmt: skip


def _merge(root: Path, repeats: int) -> dict[str, Any]:
    from workbench.merge.from_project import bundle_from_project
    from workbench.merge.ops import MergeBundle

    sources = write_corpus(root / "m", 22, WORDS_FOR_60K_CHARS, "txt")
    ours = _merge_project(root, "Ana", sources[:20], seed=1)
    theirs = _merge_project(root, "Bea", sources[2:], seed=2)  # 18 documents shared

    def merge() -> None:
        work = root / "work.qwb"
        shutil.copy(ours, work)
        with Project.open(work, coder=Coder("Ana"), backup=False) as project:
            project.execute(MergeBundle(bundle_from_project(theirs), user_id=project.user_id))
        work.unlink()

    timing = measure(merge, repeats)
    return {**timing, "budget": f"<= {MERGE_BUDGET_S} s", "includes": "open, read, plan, write",
            "verdict": verdict(timing["median_s"], MERGE_BUDGET_S)}  # fmt: skip


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for part in ("export", "agreement", "merge"):
            (root / part).mkdir()
        return {
            "what": ".qdpx export of 20,000 codings; agreement of two coders for every code at "
            "character level over 100,000 codings; merging two 10,000-coding projects",
            "qdpx_export": _export(root / "export", repeats),
            "agreement": _agreement(root / "agreement", repeats),
            "merge": _merge(root / "merge", repeats),
        }
