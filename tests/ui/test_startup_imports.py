"""Opening the app imports none of the heavy libraries: they load when first used.

Run in a child process, since this test session has imported them all already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workbench.demo import build_demo

REPO = Path(__file__).resolve().parents[2]


def test_the_main_window_opens_without_spacy_docx_or_matplotlib(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo")
    probe = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui_probe", str(demo)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-2000:]
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    assert report["painted"]
    assert report["heavy"] == []
