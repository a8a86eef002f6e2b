"""Screenshots of the synthesis panes and of a report page, for ``make screenshots``.

Each pane is floated at a readable size before it is grabbed (docked at the bottom of the
window it would be too short to show). The report page needs LibreOffice and poppler; without
them it is skipped with a message, as the tests do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDockWidget

    from ui.main_window import MainWindow

PANE_SIZE = (1400, 720)


def _float(dock: QDockWidget, app: QCoreApplication) -> None:
    dock.setFloating(True)
    dock.resize(*PANE_SIZE)
    dock.show()
    dock.raise_()
    app.processEvents()


def synthesis_panes(window: MainWindow, out: Path, app: QCoreApplication) -> None:
    from workbench.queries.nasss import assessed_cases

    cases = assessed_cases(window.session.project)
    nasss = window.nasss
    _float(nasss, app)
    nasss.domains_only.setChecked(True)  # the seven domains side by side, then one cell open
    if cases:
        nasss.select_cell(cases[0].id, "4")
    nasss.runner.wait()
    app.processEvents()
    nasss.grab().save(str(out / "nasss_grid.png"))
    matrix = window.matrix
    _float(matrix, app)
    position = matrix.model.index(0, 0)
    for row in range(matrix.model.rowCount()):
        for column in range(matrix.model.columnCount()):
            index = matrix.model.index(row, column)
            if "noisy" in str(index.data()):  # the demo's first written summary
                position = index
    matrix.view.setCurrentIndex(position)
    app.processEvents()
    matrix.grab().save(str(out / "framework_matrix.png"))
    register = window.register
    _float(register, app)
    register.refresh_if_stale()
    register.register.runner.wait()
    register.register.view.selectRow(0)
    register.register.runner.wait()
    app.processEvents()
    register.grab().save(str(out / "barrier_register.png"))
    for dock in (nasss, matrix, register):
        dock.setFloating(False)


def report_page(window: MainWindow, out: Path) -> None:
    """A page of the Word synthesis report, as LibreOffice prints it."""
    from workbench.exporters.report_docx import write_report
    from workbench.reports.model import build_report

    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        sys.stderr.write("report page skipped: needs libreoffice-writer-nogui and poppler-utils\n")
        return
    scratch = Path(tempfile.mkdtemp())
    report = scratch / "report.docx"
    write_report(build_report(window.session.project), report)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(scratch),
                    str(report)], check=True, capture_output=True, timeout=300)  # fmt: skip
    pages = (("report_page", "Executive summary"), ("report_nasss", "NASSS complexity assessment"),
             ("report_matrix", "Framework matrix"))  # fmt: skip
    for name, heading in pages:
        first = _page_with(scratch / "report.pdf", heading)
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", str(first), "-l", str(first),
                        "-singlefile", str(scratch / "report.pdf"), str(out / name)],
                       check=True, capture_output=True, timeout=120)  # fmt: skip


def _page_with(pdf: Path, heading: str) -> int:
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    for number, page in enumerate(pages, 1):
        if heading in page.extract_text() and number > 2:  # past the contents
            return number
    return 1
