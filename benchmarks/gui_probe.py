"""Run in a child process by ``bench_startup``: open the app on a project, paint, report.

``python -m benchmarks.gui_probe PROJECT [--largest]`` prints one JSON line once the main
window has been painted (with ``--largest``, after the largest document is shown too): the
heavy modules that got imported, and the resident memory in MB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HEAVY = ("spacy", "docx", "matplotlib", "openpyxl", "pypdf")


def _peak_rss_kb() -> int:
    """Peak resident memory of this process image.

    Linux keeps ``ru_maxrss`` across exec, so a probe started by a big benchmark process would
    report its parent's peak; VmHWM belongs to this address space alone.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.session import ProjectSession
    from ui.settings import Settings
    from ui.workers import JobRunner
    from workbench.project import Project
    from workbench.queries.documents import list_documents

    app = QApplication(sys.argv[:1])
    project = Project.open(Path(sys.argv[1]), read_only=True)
    settings = Settings(Path(tempfile.mkdtemp()) / "probe.ini")
    window = MainWindow(ProjectSession(project), settings, JobRunner())
    window.show()
    if "--largest" in sys.argv:
        largest = max(list_documents(project), key=lambda d: d.words)
        window.open_document(largest.id)
    window.repaint()
    app.processEvents()
    window.grab()
    rss_kb = _peak_rss_kb()
    heavy = sorted(name for name in HEAVY if name in sys.modules)
    sys.stdout.write(json.dumps({"painted": True, "heavy": heavy, "rss_mb": rss_kb // 1024}))
    sys.stdout.write("\n")
    sys.stdout.flush()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
