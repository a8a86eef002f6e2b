"""Start-up: the QApplication, settings, theme and zoom, first run, and opening projects.

``workbench-gui [PROJECT.qwb]`` and ``python main.py [PROJECT.qwb]`` land here. Heavy
libraries (spaCy, python-docx, matplotlib) are not imported at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ui import accessibility
from ui import settings as keys
from ui.first_run import FirstRunDialog
from ui.main_window import MainWindow
from ui.passphrase import open_with_passphrase
from ui.recovery import offer_newest_good_backup
from ui.session import ProjectSession
from ui.settings import Settings
from ui.start_window import StartWindow
from ui.theme import apply_theme, apply_zoom
from ui.workers import JobRunner
from workbench.errors import OperationError
from workbench.project import (
    Coder,
    DamagedProjectError,
    Project,
    ProjectFolderReadOnlyError,
    ProjectLockedError,
    open_error_types,
)
from workbench.review.pack_open import PACK_SUFFIX, is_review_pack

if TYPE_CHECKING:
    from collections.abc import Callable


class AppController(QObject):
    """Owns the settings, the job runner and the one window on screen."""

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.jobs = JobRunner(self)
        self.window: QWidget | None = None

    def coder(self) -> Coder:
        name = self.settings.get(keys.CODER_NAME)
        if not name:
            return Coder.from_system()
        return Coder(name, self.settings.get(keys.CODER_INITIALS))

    def open(self, path: Path | None) -> QWidget:
        if path is not None and _is_pack(path):
            return self._show(self._open_pack(path))
        project = self._open_project(path) if path is not None else None
        if project is None:
            return self._show(StartWindow(self))
        return self.show_project(project)

    def show_project(self, project: Project) -> QWidget:
        """Replace the window on screen with one on ``project`` (already open)."""
        self.settings.add_recent(str(project.path))
        main = MainWindow(ProjectSession(project), self.settings, self.jobs)
        main.switch_project = self.switch
        main.new_project = self.new_project
        main.reopen = self.reopen
        return self._show(main)

    def new_project(self) -> None:
        """Ask where and how to make a new project, make it, and show it."""
        from ui.project_security import NewProjectDialog

        current = self.window.session.project.path.parent if isinstance(
            self.window, MainWindow) else Path.home()  # fmt: skip
        dialog = NewProjectDialog(current, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        try:
            project = Project.create(choice.path, title=choice.title, coder=self.coder(),
                                     passphrase=choice.passphrase)  # fmt: skip
        except open_error_types() as exc:
            QMessageBox.warning(self.window, "Cannot create the project", str(exc))
            return
        self.show_project(project)

    def reopen(self, path: Path, change: Callable[[], object], passphrase: str | None) -> None:
        """Close the project, ``change`` its file (encrypt, restore...), and open it again."""
        if self.window is not None:
            self.window.close()  # closes the project and releases its lock
            self.window = None
        refusals: tuple[type[BaseException], ...] = (OperationError, *open_error_types())
        try:
            change()
        except refusals as exc:
            QMessageBox.warning(None, "The project was not changed", str(exc))
        project = None
        try:
            if passphrase is not None:
                project = Project.open(path, coder=self.coder(), passphrase=passphrase)
            else:
                project = self._open_project(path)
        except open_error_types() as exc:
            QMessageBox.warning(None, "Cannot open project", str(exc))
        if project is None:
            self._show(StartWindow(self))
        else:
            self.show_project(project)

    def _show(self, window: QWidget) -> QWidget:
        previous = self.window
        self.window = window
        window.show()
        if previous is not None:
            previous.close()
        return window

    def _open_pack(self, path: Path) -> QWidget:
        """A review pack opens in Reviewer mode: the contributor sees nothing else."""
        from ui.review.reviewer_window import open_reviewer

        refusals: tuple[type[BaseException], ...] = (OperationError, *open_error_types())
        try:
            window = open_reviewer(path, self.settings)
        except refusals as exc:
            QMessageBox.warning(self.window, "Cannot open the review pack", str(exc))
            return StartWindow(self)
        return StartWindow(self) if window is None else window

    def switch(self, path: Path) -> None:
        self.open(path)

    def _open_project(self, path: Path) -> Project | None:
        parent = self.window
        try:
            return open_with_passphrase(parent, path, self.coder())
        except (ProjectLockedError, ProjectFolderReadOnlyError) as exc:
            in_use = isinstance(exc, ProjectLockedError)
            answer = QMessageBox.question(
                parent,
                "Project in use" if in_use else "Read-only folder",
                f"{exc}\n\nOpen it read-only?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Open:
                return open_with_passphrase(parent, path, self.coder(), read_only=True)
        except DamagedProjectError as exc:
            if offer_newest_good_backup(parent, path, str(exc)):
                return self._open_project(path)
        except open_error_types() as exc:
            QMessageBox.warning(parent, "Cannot open project", str(exc))
        return None

    def first_run(self) -> Path | None:
        """Ask for the coder's name once; return the demo project if they want it."""
        if self.settings.get(keys.CODER_NAME):
            return None
        dialog = FirstRunDialog(Coder.from_system().name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.settings.set(keys.CODER_NAME, dialog.name.text().strip())
        self.settings.set(keys.CODER_INITIALS, dialog.initials.text().strip())
        return self.demo_path() if dialog.demo.isChecked() else None

    def demo_path(self) -> Path:
        from workbench.demo import DEMO_FILE, build_demo

        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        )
        path = folder / "demo" / DEMO_FILE
        if not path.exists():
            build_demo(path.parent)
        return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Qualitative Workbench")
    app.setOrganizationName("Qualitative Workbench")
    accessibility.install(app)  # before any window: the first-run dialog needs it too
    settings = Settings()
    apply_theme(app, settings.get(keys.THEME))
    apply_zoom(app, settings.get(keys.ZOOM))
    controller = AppController(settings)
    path = Path(args[0]) if args else controller.first_run()
    controller.open(path)
    return int(app.exec())


def _is_pack(path: Path) -> bool:
    return path.suffix.lower() == PACK_SUFFIX or (path.is_file() and is_review_pack(path))
