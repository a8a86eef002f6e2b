"""``python -m ui.screenshots [OUTDIR]``: the README's pictures, rendered from the demo project.

Run by ``make screenshots``; writes ``docs/screenshots/*.png`` offscreen, so it works on a
machine without a display.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _find_code(window: object, name: str) -> int | None:
    from workbench.queries.codes import find_codes

    found = find_codes(window.session.project, name)  # type: ignore[attr-defined]
    return found[0].id if found else None


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.session import ProjectSession
    from ui.settings import CODER_NAME, Settings
    from ui.workers import JobRunner
    from workbench.demo import build_demo
    from workbench.project import Coder, Project
    from workbench.queries.documents import list_documents

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp())
    coder = Coder("Demo Researcher", "DR")
    project = Project.open(build_demo(scratch / "demo"), coder=coder)
    settings = Settings(scratch / "s.ini")
    settings.set(CODER_NAME, coder.name)
    window = MainWindow(ProjectSession(project), settings, JobRunner())
    window.resize(1500, 950)
    window.show()
    documents = {d.name: d.id for d in list_documents(project)}
    window.open_document(documents["interview_p01_ward_manager"])
    code = _find_code(window, "NASSS:4A")
    if code is not None:
        window.codebook.select_code(code)
    app.processEvents()
    window.grab().save(str(out / "main_window.png"))
    window.codebook.grab().save(str(out / "codebook_nasss.png"))
    window.segments.raise_()
    app.processEvents()
    window.segments.grab().save(str(out / "segments.png"))
    window.search.raise_()
    window.search.query.setText("wifi")
    window.search.search()
    app.processEvents()
    window.search.grab().save(str(out / "search.png"))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
