"""From process start to the main window painted on the demo project; memory with 2M words.

Each probe is a fresh ``python`` process (start-up cost is the point), timed from just
before it is launched until it reports the window painted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus
from benchmarks.timing import verdict
from workbench.demo import build_demo
from workbench.importing.service import import_files
from workbench.project import Project

BUDGET_START_S = 1.5
BUDGET_RSS_MB = 400


def _probe(project: Path, *extra: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui_probe", str(project), *extra],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(output.strip().splitlines()[-1])


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        demo = build_demo(root / "demo")
        starts = []
        heavy: list[str] = []
        for _ in range(repeats):
            elapsed, report = _probe(demo)
            starts.append(round(elapsed, 3))
            heavy = report["heavy"]
        big = root / "big.qwb"
        with Project.create(big) as project:
            import_files(project, write_corpus(root / "corpus", 200, 10_000, "txt"))
        _, memory = _probe(big, "--largest")
    return {
        "what": "process start to main window painted on the demo project (offscreen); "
        "resident memory with a 2-million-word project open and its largest document shown",
        "start_s": starts,
        "heavy_modules_at_start": heavy,
        "start_budget": f"<= {BUDGET_START_S} s, no spaCy/python-docx/matplotlib",
        "start_verdict": verdict(min(starts), BUDGET_START_S) if not heavy else "OVER (imports)",
        "rss_mb": memory["rss_mb"],
        "rss_budget": f"<= {BUDGET_RSS_MB} MB",
        "rss_verdict": verdict(memory["rss_mb"], BUDGET_RSS_MB),
    }
