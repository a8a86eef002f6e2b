"""The File menu's Exchange entries: REFI-QDA import and export, and merging another coder's work.

Reading, writing and planning run as background jobs; the merge itself runs on the GUI thread
as one undoable command (the undo stack lives there), after the person has read the preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.changes import Changes

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from workbench.merge.bundle import Bundle
    from workbench.merge.plan_state import MergePlan
    from workbench.progress import Progress

REFI_FILES = "REFI-QDA projects and codebooks (*.qdpx *.qdc)"
MERGE_FILES = "Workbench projects or REFI-QDA projects (*.qwb *.qdpx)"


class ReportDialog(QDialog):
    """A read-only report (or preview) a person can scroll through and copy from."""

    def __init__(self, title: str, lines: list[str], parent: QWidget | None, *,
                 accept_text: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("exchange_report")
        self.setWindowTitle(title)
        heading = QLabel(lines[0] if lines else title)
        heading.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(lines[1:]))
        self.text.setObjectName("exchange_report_text")
        self.text.setAccessibleName(title)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if accept_text:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)


class ExchangeActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ReportDialog | None = None  # the last report or preview shown
        self.pack_dialog: QDialog | None = None

    # ------------------------------------------------------------------ REFI-QDA
    def import_refi(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Import a REFI-QDA file", "", REFI_FILES)
        if not name:
            return
        path, project = Path(name), self.window.session.project

        def job(progress: Progress) -> Any:
            from workbench.cli_refi_import import import_refi

            return import_refi(project, path, progress)

        def done(report: Any) -> None:
            new = Changes(documents=frozenset(report.document_ids), code_tree=True, attributes=True)
            self.window.session.announce(new)
            self.window.memos.refresh()  # notes became memos; no ids to announce them by
            self._show(f"Imported {path.name}", report.lines())

        self.window.jobs.start(f"Importing {path.name}", job, done,
                               on_failed=self._failed, window=self.window)  # fmt: skip

    def export_refi(self) -> None:
        project = self.window.session.project
        default = str(project.path.with_suffix(".qdpx"))
        name, _ = QFileDialog.getSaveFileName(self.window, "Export to REFI-QDA", default,
                                              "REFI-QDA project (*.qdpx);;"
                                              "REFI-QDA codebook (*.qdc)")  # fmt: skip
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".qdpx", ".qdc"):
            path = path.with_name(path.name + ".qdpx")

        def job(_progress: Progress) -> str:
            from workbench.cli_refi import export_refi

            return export_refi(project, path)

        self.window.jobs.start(f"Exporting {path.name}", job, self.window.show_message,
                               on_failed=self._failed, writes=False,
                               window=self.window)  # fmt: skip

    # ------------------------------------------------------------------ merge
    def merge(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Merge a coder's work", "",
                                              MERGE_FILES)  # fmt: skip
        if not name:
            return
        path, project = Path(name), self.window.session.project
        if path.resolve() == project.path.resolve():
            self._failed("This is the project already open: choose another coder's file.")
            return

        def job(_progress: Progress) -> tuple[Bundle, MergePlan]:
            from workbench.merge.from_project import bundle_from_file
            from workbench.merge.ops import preview_merge

            bundle = bundle_from_file(path)
            return bundle, preview_merge(project, bundle)

        self.window.jobs.start(f"Reading {path.name}", job, self._preview,
                               on_failed=self._failed, writes=False,
                               window=self.window)  # fmt: skip

    def _preview(self, found: tuple[Bundle, MergePlan]) -> None:
        from workbench.cli_merge import preview_lines

        bundle, plan = found
        lines = preview_lines(plan, done=False)
        if plan.adds_nothing:
            self._show("Nothing to merge", lines)
            return
        dialog = ReportDialog("Merge preview", lines, self.window, accept_text="&Merge")
        dialog.accepted.connect(lambda: self._merge(bundle))
        self.dialog = dialog
        dialog.open()

    def _merge(self, bundle: Bundle) -> None:
        from workbench.merge.ops import MergeBundle

        session = self.window.session
        if session.run(MergeBundle(bundle, user_id=session.user_id)):
            self.window.show_message(f"Merged {bundle.source} (Edit › Undo takes it back)")

    # ------------------------------------------------------------------ review packs
    def export_review_pack(self) -> None:
        from ui import settings as keys
        from ui.team.pack_dialog import PackDialog

        window = self.window
        dialog = PackDialog(window.session, window, jobs=window.jobs,
                            made_by=window.settings.get(keys.CODER_NAME) or "")  # fmt: skip
        dialog.exported.connect(lambda summary: window.show_message(f"Wrote {summary.path.name}"))
        self.pack_dialog = dialog  # one reference keeps it alive while it is open
        dialog.open()

    # ------------------------------------------------------------------ shared
    def _show(self, title: str, lines: list[str]) -> None:
        self.dialog = ReportDialog(title, lines, self.window)
        self.dialog.open()

    def _failed(self, message: str) -> None:
        self.window.show_message(message)
        QMessageBox.warning(self.window, "Could not finish", message)
