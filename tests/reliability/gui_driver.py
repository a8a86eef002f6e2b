"""The real app, opened on a project and driven by a script, for the crash-safety test.

``python -m tests.reliability.gui_driver PROJECT N SETTINGS.ini`` opens the project in the main
window (offscreen) through the same controller as ``main.py`` and applies N codings through the
window's session, one event-loop turn each, printing ``done <n>`` once each has returned.
Only positions and counts are printed, never text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui.app import AppController
from ui.main_window import MainWindow
from ui.settings import Settings
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_documents


def main(argv: list[str]) -> int:
    path, count, ini = Path(argv[0]), int(argv[1]), Path(argv[2])
    app = QApplication(sys.argv[:1])
    controller = AppController(Settings(ini))
    window = controller.open(path)
    assert isinstance(window, MainWindow)
    session = window.session
    document = list_documents(session.project)[0].id
    code = list_codes(session.project)[0].id
    length = len(session.project.document_text(document))
    sys.stdout.write("opened\n")
    sys.stdout.flush()

    def step(n: int = 0) -> None:
        if n == count:
            app.quit()
            return
        start = (n * 7) % (length - 5)
        command = ApplyCoding(document_id=document, code_id=code, start=start, end=start + 3,
                              user_id=session.project.user_id)  # fmt: skip
        if session.run(command):
            sys.stdout.write(f"done {n}\n")
            sys.stdout.flush()
        QTimer.singleShot(0, lambda: step(n + 1))

    QTimer.singleShot(0, step)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
