"""Big and many: one 50 MB line of text, and 20,000 tiny files in one batch.

The 50 MB line runs in a child process with a time limit: a pattern that backtracks on one
long line would hang, and a hang must fail the test, not the test run.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING

from tests.hostile.isolated import run_isolated
from tests.hostile.support import MB, peak_memory, project_state
from workbench.importing.service import import_files
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from pathlib import Path

LINE_BYTES = 50 * MB
TINY_FILES = 20_000


def test_a_single_50_mb_line_imports_with_memory_bounded(tmp_path: Path) -> None:
    """Ten million words on one line: no speaker turn, one paragraph, the right word count,
    and under 200 MB of memory (the bytes, the text and its clean copy are 150 MB)."""
    project_path = tmp_path / "study.qwb"
    Project.create(project_path, title="Big", coder=Coder("Ana Researcher", "AR")).close()
    line = tmp_path / "one line.txt"
    words = LINE_BYTES // len(b"ward ")
    with line.open("wb") as out:
        for _ in range(80):  # written in pieces: the test itself stays small
            out.write(b"ward " * (words // 80))
    assert line.stat().st_size == LINE_BYTES
    report = run_isolated(project_path, line, timeout=300)
    assert report["failed"] == []
    [[name, [document_id]]] = report["imported"]
    assert name == "one line.txt"
    assert report["peak"] < 200 * MB, f"{report['peak'] // MB} MB for a 50 MB file"
    with closing(sqlite3.connect(project_path)) as connection:
        length, word_count = connection.execute(
            "SELECT length(text), word_count FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        kinds = connection.execute(
            "SELECT kind, count(*) FROM doc_spans WHERE document_id = ? GROUP BY kind",
            (document_id,),
        ).fetchall()
    assert (length, word_count) == (LINE_BYTES, words)
    assert kinds == [("paragraph", 1)]


def test_twenty_thousand_tiny_files_import_in_one_batch_and_bad_ones_are_named(
    project: Project, tmp_path: Path
) -> None:
    """Every 1000th file is empty, every 1000th another a picture, and twenty are copies:
    the batch goes on, each bad file is named with its reason, the copies are skipped."""
    folder = tmp_path / "notes"
    folder.mkdir()
    paths, empty, binary, copies = [], set(), set(), set()
    for n in range(TINY_FILES):
        path = folder / f"note {n:05d}.txt"
        if n % 1000 == 1:
            path.write_bytes(b"")
            empty.add(path)
        elif n % 1000 == 2:
            path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + n.to_bytes(4, "big"))
            binary.add(path)
        elif n % 1000 == 3:
            path.write_text("P01: the same note, sent twice\n", encoding="utf-8")
            copies.add(path)
        else:
            path.write_text(f"Note {n}: the night shift found sensor {n} offline.\n")
        paths.append(path)
    report, peak = peak_memory(lambda: import_files(project, paths))
    first_copy = min(copies)
    assert {path for path, _ in report.imported} == set(paths) - empty - binary - copies | {
        first_copy
    }
    reasons = dict(report.failed)
    assert set(reasons) == empty | binary
    assert all(reasons[p] == "is empty (0 bytes)" for p in empty)
    assert all(reasons[p] == "is not a text file (it contains binary data)" for p in binary)
    assert {p for p, _ in report.skipped} == copies - {first_copy}
    assert peak < 200 * MB
    state = project_state(project.path)  # integrity checked
    assert len(state["documents"]) == TINY_FILES - len(empty) - len(binary) - len(copies) + 1
