"""The desktop app's entry point and, until the coding workbench lands, a simple viewer.

This window lists the project's documents and shows the selected one read-only; the full
coding workbench (docks, codebook, coding stripes) replaces it in the GUI issue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from workbench.project import Project, ProjectLockedError, open_error_types
from workbench.queries.documents import list_documents

DOCUMENT_ID_ROLE = 0x0100  # Qt.UserRole


class ViewerWindow(QMainWindow):
    def __init__(self, project: Project | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setObjectName("main_window")
        self.documents = QListWidget()
        self.documents.setObjectName("document_list")
        self.documents.setAccessibleName("Documents")
        self.text = QPlainTextEdit()
        self.text.setObjectName("document_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Document text")
        splitter = QSplitter()
        splitter.addWidget(self.documents)
        splitter.addWidget(self.text)
        splitter.setSizes([260, 740])
        self.setCentralWidget(splitter)
        open_action = self.menuBar().addMenu("&File").addAction("&Open project…")
        open_action.setShortcut("Ctrl+O")
        open_action.triggered.connect(self._choose_project)
        self.documents.currentItemChanged.connect(self._show_document)
        self.resize(1100, 720)
        self._load()

    def _load(self) -> None:
        self.documents.clear()
        self.text.clear()
        if self.project is None:
            self.setWindowTitle("Qualitative Workbench")
            self.statusBar().showMessage("Open a project with File › Open project (Ctrl+O)")
            return
        self.setWindowTitle(f"{self.project.path.stem} – Qualitative Workbench")
        for info in list_documents(self.project):
            item = QListWidgetItem(f"{info.name}  ({info.words:,} words)")
            item.setData(DOCUMENT_ID_ROLE, info.id)
            self.documents.addItem(item)
        state = "read-only" if self.project.read_only else "All changes saved"
        self.statusBar().showMessage(f"{self.project.path}  ·  {state}")
        if self.documents.count():
            self.documents.setCurrentRow(0)

    def _show_document(self, item: QListWidgetItem | None) -> None:
        if item is None or self.project is None:
            return
        self.text.setPlainText(self.project.document_text(int(item.data(DOCUMENT_ID_ROLE))))

    def _choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", "Workbench projects (*.qwb)"
        )
        if name:
            project = open_project(Path(name), self)
            if project is not None:
                if self.project is not None:
                    self.project.close()
                self.project = project
                self._load()

    def closeEvent(self, event: object) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)  # type: ignore[arg-type]


def open_project(path: Path, parent: QWidget | None = None) -> Project | None:
    """Open ``path``; offer read-only when another process is editing it."""
    try:
        return Project.open(path)
    except ProjectLockedError as exc:
        answer = QMessageBox.question(
            parent,
            "Project in use",
            f"{exc}\n\nOpen it read-only?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Open:
            return Project.open(path, read_only=True)
    except open_error_types() as exc:
        QMessageBox.warning(parent, "Cannot open project", str(exc))
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Qualitative Workbench")
    project = open_project(Path(args[0])) if args else None
    window = ViewerWindow(project)
    window.show()
    return int(app.exec())
