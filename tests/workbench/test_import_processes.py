"""A large batch is parsed in a second process, with the same results as a small one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.corpus import write_corpus
from workbench.importing.parse_processes import worth_a_process
from workbench.importing.service import import_files
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from workbench.project import Project


def test_a_large_batch_keeps_order_skips_duplicates_and_reports_bad_files(
    project: Project, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "corpus", 12, 40_000, "txt")
    copy = tmp_path / "corpus" / "zz_same_as_first.txt"
    copy.write_bytes(paths[0].read_bytes())
    broken = tmp_path / "corpus" / "zz_broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file")
    batch = [*paths, copy, broken]
    assert worth_a_process(batch)
    report = import_files(project, batch)
    assert [path for path, _ in report.imported] == paths
    assert report.skipped == [(copy, "is already in the project (same content)")]
    assert [path for path, _ in report.failed] == [broken]
    assert "zz_broken.docx" not in report.failed[0][1]  # the reason, not the name again
    documents = list_documents(project)
    assert len(documents) == 12
    assert sum(d.words for d in documents) > 12 * 39_000


def test_a_small_batch_stays_in_this_process(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", 3, 1_000, "txt")
    assert not worth_a_process(paths)


def test_the_app_s_way_a_fork_server_gives_the_same_result(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app imports on a worker thread, where a process is not forked but served."""
    import multiprocessing

    from workbench.importing import parse_processes

    monkeypatch.setattr(
        parse_processes, "_context", lambda: multiprocessing.get_context("forkserver")
    )
    paths = write_corpus(tmp_path / "corpus", 10, 40_000, "txt")
    report = import_files(project, paths)
    assert [path for path, _ in report.imported] == paths
    assert report.failed == []
