"""Training the suggestion classifier on 5,000 coded sentences and 30 codes, in the background.

A synthetic project: 50 documents of 150 one-sentence lines, 100 of them coded (one code per
sentence, two codes' words in each), 50 left uncoded as people leave most of a transcript. Each
sentence is an ordinary interview sentence from ``benchmarks.corpus`` with a few words of its
code's own vocabulary added, so there is something to learn. Training runs in a background
thread, as the app runs it, with a progress listener counting updates. The first run includes
finding sentences and lemmas (nothing is cached yet); later runs reuse them, as a retrain in
the app does. At most two runs: the machine is shared.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import _NOUNS_SPEC, _statement, code_names
from benchmarks.timing import verdict
from coding.nlp.pipeline import load_pipeline
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.progress import Progress, ProgressState
from workbench.project import Coder, Project
from workbench.suggestions import forget_model, train_model

BUDGET_S = 60.0
DOCUMENTS, CODED_LINES, UNCODED_LINES, CODES = 50, 100, 50, 30
WORDS_PER_CODE = 3
_INSERT = (
    'INSERT INTO codings (guid, document_id, code_id, start, "end", user_id, created_at, '
    "modified_at, memo) VALUES (upper(hex(randomblob(16))), ?, ?, ?, ?, ?, datetime('now'), "
    "datetime('now'), '')"
)


def _vocabulary() -> list[list[str]]:
    """Each code's own nouns (no noun belongs to two codes)."""
    nouns = list(dict.fromkeys(n for n in _NOUNS_SPEC.split("|") if " " not in n))
    return [nouns[i * WORDS_PER_CODE : (i + 1) * WORDS_PER_CODE] for i in range(CODES)]


def _lines(rng: random.Random, vocabulary: list[list[str]]) -> tuple[list[str], list[int]]:
    """A document's lines and, for each, its code index (-1 for an uncoded line)."""
    codes = [rng.randrange(CODES) for _ in range(CODED_LINES)] + [-1] * UNCODED_LINES
    rng.shuffle(codes)
    lines = []
    for code in codes:
        sentence = _statement(rng)
        if code >= 0:
            first, second = rng.sample(vocabulary[code], 2)
            sentence = f"{sentence[:-1]} with the {first} and the {second}."
        lines.append(sentence[0].upper() + sentence[1:])
    return lines, codes


def build(root: Path) -> Path:
    rng = random.Random(11)
    vocabulary = _vocabulary()
    files, plans = [], []
    for index in range(DOCUMENTS):
        lines, codes = _lines(rng, vocabulary)
        files.append(root / f"interview_{index:02d}.txt")
        files[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
        plans.append((lines, codes))
    path = root / "suggest.qwb"
    with Project.create(path, coder=Coder("Bench Coder")) as project:
        import_files(project, files)
        code_ids = []
        for name in code_names(CODES):
            command = CreateCode(name=name)
            project.execute(command)
            assert command.code_id is not None
            code_ids.append(command.code_id)
        user = project.user_id
    connection = sqlite3.connect(path)
    texts = list(connection.execute("SELECT id, text FROM documents ORDER BY name"))
    rows = []
    for (doc_id, text), (lines, codes) in zip(texts, plans, strict=True):
        offset = 0
        for line, code in zip(lines, codes, strict=True):
            offset = text.index(line, offset)  # as imported
            if code >= 0:
                rows.append((doc_id, code_ids[code], offset, offset + len(line), user))
            offset += len(line)
    with connection:
        connection.executemany(_INSERT, rows)
    connection.close()
    return path


def _train_in_background(project: Project) -> dict[str, Any]:
    updates: list[ProgressState] = []
    marks: dict[str, float] = {}

    def listen(state: ProgressState) -> None:
        updates.append(state)
        marks.setdefault(state.label, time.perf_counter())

    result: dict[str, Any] = {}
    started = time.perf_counter()
    worker = threading.Thread(
        target=lambda: result.setdefault("report", train_model(project, Progress(listen)))
    )
    worker.start()
    worker.join()
    ended = time.perf_counter()
    report = result["report"]
    training_began = marks.get("Training the classifier", ended)
    return {
        "seconds": round(ended - started, 2),
        "training_seconds": round(ended - training_began, 2),
        "progress_updates": len(updates),
        "training_updates": sum(1 for u in updates if u.label == "Training the classifier"),
        "coded_sentences": report.coded_sentences,
        "uncoded_sentences": report.uncoded_sentences,
        "codes_learnt": len(report.codes_learnt),
    }


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder))
        runs = []
        with Project.open(path, read_only=True) as project:
            for _ in range(max(1, min(repeats, 2))):
                forget_model(project)
                runs.append(_train_in_background(project))
            forget_model(project)
    first = runs[0]
    return {
        "what": f"training the suggestion classifier on {first['coded_sentences']} coded "
        f"sentences ({CODES} codes) and {first['uncoded_sentences']} uncoded ones, in a "
        "background thread with progress; the first run also finds sentences and lemmas",
        "pipeline": load_pipeline(None).name,
        "runs": runs,
        "budget": f"<= {BUDGET_S} s",
        "verdict": verdict(first["seconds"], BUDGET_S),
    }
