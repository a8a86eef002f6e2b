"""Killing the workbench at any moment loses at most the operation in flight.

A worker process (tests/reliability/crash_driver.py) codes passage after passage, or imports
a large batch, and reports each operation once it has returned; the test kills it with SIGKILL
at random moments. After every kill the file must pass SQLite's integrity check, hold every
operation the worker reported done, and open and take new work (the killed process's lock is
gone with it).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from storage.models import Coding, Document
from tests.workbench.ops_support import apply_coding, import_text, new_code
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from pathlib import Path

KILLS = 20
FILES = 150
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _start(*args: str, driver: str = "crash_driver") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", f"tests.reliability.{driver}", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _kill_after_opening(
    worker: subprocess.Popen[str], rng: random.Random, most: float
) -> list[str]:
    """Wait until the worker has the project open, kill it a random moment later."""
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "opened"
    time.sleep(rng.uniform(0.0, most))
    worker.send_signal(signal.SIGKILL)
    with worker, worker.stdout:
        lines = worker.stdout.read().split()
    return lines


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("driver", ["crash_driver", "gui_driver"])
def test_codings_reported_done_survive_sigkill(
    project_path: Path, tmp_path: Path, driver: str
) -> None:
    """The CLI-style worker, and the real app window driven by a script."""
    with Project.create(project_path, coder=Coder("Ana", "AR")) as project:
        import_text(project, tmp_path, "p01", "P01: " + "we waited for the kit to arrive. " * 400)
        new_code(project, "Waiting")
    rng = random.Random(20261123)
    reported_total = 0
    args = ["codings", "5000"] if driver == "crash_driver" else ["5000", str(tmp_path / "s.ini")]
    for _ in range(KILLS):
        worker = _start(str(project_path), *args, driver=driver)
        lines = _kill_after_opening(worker, rng, 0.8)
        done = [int(n) for n in lines[1::2]] if lines else []
        reported_total += len(done)
        assert _integrity(project_path) == "ok"
        with Project.open(project_path, coder=Coder("Ana", "AR"), backup=False) as project:
            text_length = len(project.document_text(1))
            with project.reading() as session:
                spans = session.execute(select(Coding.start, Coding.end)).all()
            for n in done:
                start = (n * 7) % (text_length - 5)
                assert any(s <= start and start + 3 <= e for s, e in spans), n
            apply_coding(project, 1, 1, (0, 2))  # and it still takes new work
    assert reported_total > KILLS  # the kills really did land mid-work


def test_a_killed_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    words = " ".join(f"word{n % 97}" for n in range(6000))
    for n in range(FILES):
        (batch / f"interview_{n:02}.txt").write_text(f"P{n:02}: {words} {n}\n", encoding="utf-8")
    empty = tmp_path / "empty.qwb"
    Project.create(empty, coder=Coder("Ana", "AR")).close()
    rng = random.Random(7)
    outcomes = []
    for kill in range(KILLS):
        path = tmp_path / f"study-{kill}.qwb"
        shutil.copyfile(empty, path)
        lines = _kill_after_opening(_start(str(path), "import", str(batch)), rng, 0.6)
        assert _integrity(path) == "ok"
        with Project.open(path, coder=Coder("Ana", "AR"), backup=False) as project:
            with project.reading() as session:
                count = session.scalar(select(func.count(Document.id)))
            assert count in (0, FILES)  # one transaction: the whole batch or none of it
            if lines[:1] == ["imported"]:
                assert count == FILES
            outcomes.append(count)
            import_text(project, tmp_path, f"after-{kill}", "P01: still works")
    assert 0 in outcomes  # some kills landed mid-import
