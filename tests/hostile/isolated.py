"""Run one import in a child process, so that a hang is a timeout and not a stuck test run.

``python -m tests.hostile.isolated PROJECT.qwb FILE_OR_FOLDER...`` opens the project, imports
the files (a folder: every file in it, in name order) with :func:`import_files`, and prints
one JSON object: ``imported`` ([name, [ids]]), ``skipped`` and ``failed`` ([name, reason])
and ``peak`` (tracemalloc's peak in bytes during the import).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.hostile.support import peak_memory
from workbench.importing.service import import_files
from workbench.project import Coder, Project

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_isolated(project: Path, *sources: Path, timeout: float) -> dict[str, Any]:
    """Import ``sources`` into the (closed) project ``project`` in a child process; its
    report. A child that runs past ``timeout`` seconds is killed and the test fails."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.hostile.isolated", str(project), *map(str, sources)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict[str, Any] = json.loads(completed.stdout.splitlines()[-1])
    return result


def main(arguments: list[str]) -> int:
    project_path, *sources = map(Path, arguments)
    paths = []
    for source in sources:
        paths.extend(sorted(source.iterdir()) if source.is_dir() else [source])
    with Project.open(project_path, coder=Coder("Ana Researcher", "AR"), backup=False) as project:
        report, peak = peak_memory(lambda: import_files(project, paths))
    summary = {
        "imported": [[path.name, ids] for path, ids in report.imported],
        "skipped": [[path.name, reason] for path, reason in report.skipped],
        "failed": [[path.name, reason] for path, reason in report.failed],
        "peak": peak,
    }
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
