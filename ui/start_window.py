"""The window shown when no project is open: open one, a recent one, or the demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import settings as keys

if TYPE_CHECKING:
    from ui.app import AppController


class StartWindow(QMainWindow):
    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("start_window")
        self.setWindowTitle("Qualitative Workbench")
        heading = QLabel("<h2>Qualitative Workbench</h2>")
        heading.setAccessibleName("Qualitative Workbench")
        new_button = QPushButton("&New project…")
        new_button.setObjectName("new_project")
        new_button.clicked.connect(controller.new_project)
        open_button = QPushButton("&Open a project…")
        open_button.setObjectName("open_project")
        open_button.clicked.connect(self._choose)
        demo_button = QPushButton("Open the &demo project")
        demo_button.setObjectName("open_demo")
        demo_button.clicked.connect(lambda: controller.open(controller.demo_path()))
        self.recent = QListWidget()
        self.recent.setObjectName("recent_projects")
        self.recent.setAccessibleName("Recent projects")
        recent: list[str] = controller.settings.get(keys.RECENT)
        self.recent.addItems(recent)
        self.recent.itemActivated.connect(lambda item: controller.open(Path(item.text())))
        layout = QVBoxLayout()
        layout.addWidget(heading)
        layout.addWidget(new_button)
        layout.addWidget(open_button)
        layout.addWidget(demo_button)
        recent_label = QLabel("&Recent projects:")
        recent_label.setBuddy(self.recent)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent)
        body = QWidget()
        body.setLayout(layout)
        self.setCentralWidget(body)
        self.resize(560, 420)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", "Workbench projects (*.qwb)"
        )
        if name:
            self.controller.open(Path(name))
