"""``python -m ui.screenshots [OUTDIR]``: the README's pictures, rendered from the demo project.

Run by ``make screenshots``; writes ``docs/screenshots/*.png`` offscreen, so it works on a
machine without a display.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _find_code(window: object, name: str) -> int | None:
    from workbench.queries.codes import find_codes

    found = find_codes(window.session.project, name)  # type: ignore[attr-defined]
    return found[0].id if found else None


def _import_dialog(window: MainWindow, out: Path) -> None:
    """The import dialog on the demo's survey, its preview scrolled to the free-text columns."""
    from importlib import resources

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.import_dialog import reading
    from ui.dialogs.survey_mapping import ROLE_TEXT

    with resources.as_file(resources.files("resources") / "samples") as samples:
        dialog = window.files.import_files([samples / "careers_survey.csv"])
        dialog.resize(1200, 780)
        while reading():
            QThreadPool.globalInstance().waitForDone(50)
            QApplication.processEvents()
        mapping = dialog.survey.current()
        if mapping is not None:
            dialog.survey.show_column(mapping.with_role(ROLE_TEXT)[-1])
            dialog.survey.preview.clearSelection()
        QApplication.processEvents()
        dialog.grab().save(str(out / "import_dialog.png"))
        dialog.reject()


def _export_dialog(window: MainWindow, out: Path) -> None:
    """The export dialog choosing a Word report over the coded codes of two cases."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.export_dialog import ExportDialog, descendants

    dialog = window.files.export_report()
    assert isinstance(dialog, ExportDialog)
    dialog.resize(820, 640)
    dialog.coded_only.setChecked(True)
    for index, item in enumerate(descendants(dialog.cases.invisibleRootItem())):
        if index >= 2:
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.quotes.setValue(3)
    stem = window.session.project.path.stem
    dialog.path.setText(str(Path("~/Documents") / f"{stem} report.docx"))
    QApplication.processEvents()
    dialog.grab().save(str(out / "export_dialog.png"))
    dialog.reject()


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.screenshots_synthesis import report_page, synthesis_panes
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
        window.segments.runner.wait()
    app.processEvents()
    window.grab().save(str(out / "main_window.png"))
    window.codebook.grab().save(str(out / "codebook_nasss.png"))
    window.segments.raise_()
    app.processEvents()
    window.segments.grab().save(str(out / "segments.png"))
    window.search.raise_()
    window.search.query.setText("wifi")
    window.search.search()
    window.search.runner.wait()
    app.processEvents()
    window.search.grab().save(str(out / "search.png"))
    _import_dialog(window, out)
    _export_dialog(window, out)
    synthesis_panes(window, out, app)
    report_page(window, out)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
