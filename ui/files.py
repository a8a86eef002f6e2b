"""File menu work: open and recent projects, import files and export the Word report.

Import and export run as background jobs with progress and Cancel; the window stays live.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui import settings as keys
from workbench.changes import Changes
from workbench.importers.registry import supported_suffixes
from workbench.importing.service import ImportReport, import_files

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow
    from workbench.progress import Progress


def import_filter() -> str:
    patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
    return f"Documents and surveys ({patterns});;All files (*)"


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    # ------------------------------------------------------------------ projects
    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open project", "", "Workbench projects (*.qwb)"
        )
        if name:
            self.window.switch_project(Path(name))

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.window.settings.get(keys.RECENT)
        for entry in recent:
            action = menu.addAction(entry)
            action.triggered.connect(
                lambda _checked=False, p=entry: self.window.switch_project(Path(p))
            )
        menu.setEnabled(bool(recent))

    # ------------------------------------------------------------------ import
    def import_files(self, paths: list[Path] | None = None) -> None:
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self.window, "Import documents", "", import_filter()
            )
            paths = [Path(n) for n in names]
        if not paths:
            return
        project = self.window.session.project

        def job(progress: Progress) -> ImportReport:
            return import_files(project, paths, progress=progress)

        self.window.jobs.start(
            f"Importing {len(paths)} files",
            job,
            self._imported,
            on_failed=self.window.show_message,
            window=self.window,
        )

    def _imported(self, report: ImportReport) -> None:
        changed = Changes(documents=frozenset(report.document_ids), code_tree=True, attributes=True)
        self.window.session.announce(changed)
        count = len(report.document_ids)
        self.window.show_message(f"Imported {count} document{'s' if count != 1 else ''}")
        problems = [f"{p.name}: {reason}" for p, reason in report.failed]
        problems += [f"{p.name}: skipped, {reason}" for p, reason in report.skipped]
        if problems:
            QMessageBox.warning(
                self.window,
                "Some files were not imported",
                "\n".join(problems[:30]) + ("\n…" if len(problems) > 30 else ""),
            )

    # ------------------------------------------------------------------ export
    def export_report(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export Word report", "report.docx", "Word documents (*.docx)"
        )
        if not name:
            return
        target = Path(name).with_suffix(".docx")
        project = self.window.session.project

        def job(_progress: Progress) -> Path:
            from workbench.exporters.report_docx import write_report
            from workbench.reports.model import build_report

            write_report(build_report(project), target)
            return target

        self.window.jobs.start(
            "Writing the Word report",
            job,
            lambda path: self.window.show_message(f"Wrote {path}"),
            on_failed=self.window.show_message,
            writes=False,
            window=self.window,
        )
