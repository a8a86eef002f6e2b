"""File menu work: open and recent projects, import files and export the Word report.

Import (through the import dialog) and export run as background jobs with progress and
Cancel; the window stays live.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ui import settings as keys
from ui.dialogs.import_dialog import ImportBatch, ImportDialog
from workbench.changes import Changes
from workbench.importing.service import ImportReport, import_files

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow
    from workbench.progress import Progress


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.import_dialog: ImportDialog | None = None

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
    def import_files(self, paths: list[Path] | None = None) -> ImportDialog:
        """Open the import dialog (or bring it back), with ``paths`` already in its list."""
        dialog = self.import_dialog
        if dialog is None:
            dialog = ImportDialog(self.window.session, self.window)
            dialog.finished.connect(lambda result: self._dialog_finished(dialog, result))
            self.import_dialog = dialog
        if paths:
            dialog.add_paths(paths)
        dialog.open()  # window-modal without a nested event loop
        dialog.raise_()
        return dialog

    def _dialog_finished(self, dialog: ImportDialog, result: int) -> None:
        self.import_dialog = None
        batches = dialog.batches() if result == QDialog.DialogCode.Accepted else []
        dialog.deleteLater()
        if batches:
            self.run_import(batches)

    def run_import(self, batches: list[ImportBatch]) -> None:
        """Import every batch in ONE job and one transaction; Cancel leaves the project as it was.

        Each file keeps its batch's options (a survey its column mapping).
        """
        paths = [path for batch in batches for path in batch.paths]
        if not paths:
            return
        per_file = {path: batch.options for batch in batches for path in batch.paths}
        project = self.window.session.project

        def job(progress: Progress) -> ImportReport:
            return import_files(project, paths, per_file=per_file, progress=progress)

        def stored(report: ImportReport) -> None:
            self._announce(report)
            self._imported(report)

        label = f"Importing {paths[0].name}" if len(paths) == 1 else f"Importing {len(paths)} files"
        self.window.jobs.start(
            label, job, stored, on_failed=self.window.show_message, window=self.window
        )

    def _announce(self, report: ImportReport) -> None:
        if report.document_ids:
            changed = Changes(
                documents=frozenset(report.document_ids), code_tree=True, attributes=True
            )
            self.window.session.announce(changed)

    def _imported(self, report: ImportReport) -> None:
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
    def export_report(self) -> QDialog:
        """Open the export dialog; its choice is written in the background (read-only job)."""
        from ui.dialogs.export_dialog import ExportChoice, ExportDialog, export_job

        window = self.window
        project = window.session.project
        dialog = ExportDialog(window.session, window)

        def failed(message: str) -> None:
            window.show_message(message)
            QMessageBox.warning(window, "Export failed", message)

        def start(choice: ExportChoice) -> None:
            window.jobs.start(
                f"Exporting {choice.path.name}",
                lambda progress: export_job(project, choice, progress),
                lambda path: window.show_message(f"Wrote {path}"),
                on_failed=failed,
                writes=False,
                window=window,
            )

        dialog.export_chosen.connect(start)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal without a nested event loop
        return dialog
