"""The export dialog: which format, which codes and cases, how many quotes, where to write.

The dialog gathers an :class:`ExportChoice`; ``FileActions.export_report`` (ui/files.py) runs
:func:`export_job` (Qt-free) as a read-only background job with progress and Cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeView,
    QWidget,
)

from ui.codebook.model import display_name, swatch
from workbench.errors import WorkbenchError
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ui.session import ProjectSession
    from workbench.dto import CodeInfo
    from workbench.progress import Progress
    from workbench.project import Project

# (label in the format box, suffix, file dialog filter, what is written)
FORMATS = (
    ("Word synthesis report (.docx)", ".docx", "Word documents (*.docx)", "report"),
    ("Framework matrix (.xlsx)", ".xlsx", "Excel workbooks (*.xlsx)", "matrix"),
    ("Coded segments (.xlsx)", ".xlsx", "Excel workbooks (*.xlsx)", "segments"),
    ("Coded segments (.csv)", ".csv", "CSV files (*.csv)", "segments"),
)
DEFAULT_NAMES = {"report": "report", "matrix": "framework matrix", "segments": "coded segments"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
TABULAR_NOTE = (
    "A spreadsheet holds every coded segment of the project: the code, case and quote "
    "choices apply to the Word report only."
)


@dataclass(frozen=True, slots=True)
class ExportChoice:
    path: Path
    suffix: str  # one of the FORMATS suffixes
    code_ids: tuple[int, ...] | None = None  # None: every code
    case_names: tuple[str, ...] | None = None  # None: every passage, with or without a case
    quotes_per_code: int | None = None  # None: every quote
    kind: str = "report"  # report, matrix or segments (FORMATS)
    pseudonyms_only: bool = False


def export_job(project: Project, choice: ExportChoice, progress: Progress) -> Path:
    """Write the export; a file problem becomes a message a person can act on."""
    from workbench.exporters.matrix_xlsx import export_matrix_xlsx
    from workbench.exporters.report_docx import write_report
    from workbench.exporters.tabular import write_csv, write_xlsx
    from workbench.reports.model import build_report

    progress.start(2, "Collecting the coded passages")
    if choice.kind == "report":
        model = build_report(project, code_ids=choice.code_ids, case_names=choice.case_names,
                             quotes_per_code=choice.quotes_per_code,
                             pseudonyms_only=choice.pseudonyms_only)  # fmt: skip
    progress.check()
    progress.advance(1, f"Writing {choice.path.name}")
    try:
        if choice.kind == "report":
            write_report(model, choice.path)
        elif choice.kind == "matrix":
            names = set(choice.case_names or ())
            cases = [c.id for c in list_cases(project) if c.name in names] or None
            export_matrix_xlsx(project, choice.path, case_ids=cases, code_ids=choice.code_ids)
        else:
            (write_xlsx if choice.suffix == ".xlsx" else write_csv)(project, choice.path)
    except OSError as exc:
        raise WorkbenchError(write_problem(choice.path, exc)) from exc
    progress.advance(1)
    return choice.path


def write_problem(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be written, in words (never the name of our temporary file)."""
    where = f"Could not write {path.name}"
    if not path.parent.is_dir():
        return f"{where}: the folder {path.parent} does not exist."
    if isinstance(exc, PermissionError):
        return (f"{where}: it may be open in Word or Excel, or the folder is read-only. "
                "Close it, or choose another name, and export again.")  # fmt: skip
    return f"{where}: {exc.strerror or exc}."


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``: a known export suffix is swapped, anything else kept."""
    if path.suffix.lower() == suffix:
        return path
    if path.suffix.lower() in {f[1] for f in FORMATS}:
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


def descendants(item: QStandardItem) -> Iterator[QStandardItem]:
    """Every item below ``item`` (first column), depth first."""
    for row in range(item.rowCount()):
        child = item.child(row)
        yield child
        yield from descendants(child)


def check_item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setCheckable(True)
    item.setCheckState(_CHECKED)
    return item


def set_checks(model: QStandardItemModel, state: Qt.CheckState) -> None:
    for item in descendants(model.invisibleRootItem()):
        if item.isCheckable():
            item.setCheckState(state)


def ticked(model: QStandardItemModel) -> list[QStandardItem]:
    return [i for i in descendants(model.invisibleRootItem()) if i.checkState() == _CHECKED]


def used_codes(codes: list[CodeInfo]) -> set[int]:
    """Codes with codings and the codes above them (``codes`` in tree order)."""
    used: set[int] = set()
    for code in reversed(codes):  # every code comes before its parent
        if code.codings or code.id in used:
            used.add(code.id)
            if code.parent_id is not None:
                used.add(code.parent_id)
    return used


class ExportDialog(QDialog):
    """Gathers an :class:`ExportChoice`; emits it on Export (open it with ``open()``)."""

    export_chosen = Signal(object)  # ExportChoice

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self._cascading = False
        self.format = QComboBox()
        self.codes = QStandardItemModel(self)
        self.code_view = QTreeView()
        self.coded_only = QCheckBox("Codes with codings &only")
        self.cases = QStandardItemModel(self)
        self.case_view = QListView()
        self.quotes = QSpinBox()
        self.pseudonyms = QCheckBox("Name people and sources by &pseudonym only")
        self.path = QLineEdit(str(self._default_path(0)))
        self.browse = QPushButton("&Browse…")
        self.note = QLabel(TABULAR_NOTE)
        self.problem = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._fill()
        self.code_box = self._group("Codes", self.code_view, self.codes, self.coded_only)
        self.case_box = self._group("Cases", self.case_view, self.cases)
        self._build()
        self._connect()

    # ------------------------------------------------------------------ building
    def _fill(self) -> None:
        codes = list_codes(self.session.project)
        self._used = used_codes(codes)
        items: dict[int, QStandardItem] = {}
        for code in codes:
            count = f" ({code.codings})" if code.is_codable else ""  # headings code nothing
            item = check_item(display_name(code) + count)
            item.setIcon(swatch(code.colour))
            item.setData(code.id, ID_ROLE)
            item.setData(f"{code.name}, {code.codings} codings", Qt.ItemDataRole.AccessibleTextRole)
            parent = items.get(code.parent_id) if code.parent_id is not None else None
            (parent or self.codes.invisibleRootItem()).appendRow(item)
            items[code.id] = item
        cases = list_cases(self.session.project)
        for case in cases:
            self.cases.appendRow(check_item(case.name))
        self._has_cases = bool(cases)
        if not cases:  # said in the (disabled) list rather than leaving it blank
            self.cases.appendRow(QStandardItem("This project has no cases yet"))

    @staticmethod
    def _name(widget: QWidget, name: str, accessible: str, tip: str = "") -> None:
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        widget.setToolTip(tip)

    def _build(self) -> None:
        self.format.addItems([f[0] for f in FORMATS])
        self._name(self.format, "export_format", "Format")
        self._name(self.code_view, "export_codes", "Codes to export",
                   "Tick the codes to report; ticking a code ticks the codes below it")  # fmt: skip
        self._name(self.coded_only, "export_coded_only", "Codes with codings only",
                   "Leave out codes that code nothing (and no code below them)")  # fmt: skip
        self._name(self.case_view, "export_cases", "Cases to export",
                   "Tick the cases whose passages go in the report. With every case "
                   "ticked, passages that belong to no case go in too")  # fmt: skip
        self.case_view.setEnabled(self._has_cases)
        self.code_view.expandAll()
        self.code_view.setHeaderHidden(True)
        self.code_view.header().setAccessibleName("Columns of the codes to export")
        self.quotes.setRange(0, 999)
        self.quotes.setSpecialValueText("All")
        self._name(self.quotes, "export_quotes", "Quotes per code",
                   "How many quotes to show under each code; 0 shows them all")  # fmt: skip
        self.quotes.lineEdit().setAccessibleName("Quotes per code")  # Qt's inner edit
        self._name(self.pseudonyms, "export_pseudonyms", "Pseudonyms only",
                   "Speakers and cases get their pseudonym or 'Participant N', documents "
                   "'Source N', and names the project's pseudonym list knows are replaced "
                   "inside quotes too")  # fmt: skip
        self._name(self.path, "export_path", "File to write")
        self._name(self.browse, "export_browse", "Browse for the file to write")
        for label, name in ((self.note, "export_note"), (self.problem, "export_problem")):
            label.setObjectName(name)
            label.setWordWrap(True)
            label.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        self._lay_out()

    def _lay_out(self) -> None:
        """One grid, filled in reading order: that order is also the Tab order."""
        lists = QSplitter()
        lists.addWidget(self.code_box)
        lists.addWidget(self.case_box)
        lists.setSizes([580, 200])  # case names are short, code names long
        lists.setChildrenCollapsible(False)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        texts = ("&Format:", "", "", "&Quotes per code:", "", "&Save to:", "", "")
        widgets = (
            self.format,
            lists,
            self.note,
            self.quotes,
            self.pseudonyms,
            self.path,
            self.problem,
            self.buttons,
        )
        for row, (text, widget) in enumerate(zip(texts, widgets, strict=True)):
            if not text:
                grid.addWidget(widget, row, 0, 1, 3)
                continue
            grid.addWidget(label := QLabel(text), row, 0)
            label.setBuddy(widget)
            grid.addWidget(widget, row, 1)
            if widget is self.path:
                grid.addWidget(self.browse, row, 2)
        for narrow in (self.format, self.quotes):
            grid.setAlignment(narrow, Qt.AlignmentFlag.AlignLeft)
        self.resize(760, 580)

    def _group(
        self, title: str, view: QAbstractItemView, model: QStandardItemModel, *extra: QWidget
    ) -> QGroupBox:
        """A titled box: ``extra`` above a checkable list, All and None buttons below."""
        box = QGroupBox(title)
        what = title.lower()
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QGridLayout(box)
        for row, widget in enumerate([*extra, view]):
            layout.addWidget(widget, row, 0, 1, 2)
        for column, (text, state) in enumerate((("All", _CHECKED), ("None", _UNCHECKED))):
            button = QPushButton(text)
            verb = "Tick" if state == _CHECKED else "Untick"
            self._name(button, f"export_{what}_{text.lower()}", f"{verb} every {what[:-1]}")
            button.clicked.connect(lambda _c=False, m=model, s=state: set_checks(m, s))
            button.setEnabled(model.item(0) is not None and model.item(0).isCheckable())
            layout.addWidget(button, len(extra) + 1, column)
        return box

    def _connect(self) -> None:
        self.format.currentIndexChanged.connect(self._format_changed)
        self.codes.itemChanged.connect(self._cascade)
        self.coded_only.toggled.connect(self._show_used_only)
        self.browse.clicked.connect(self._browse)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        changes = (self.format.currentIndexChanged, self.path.textEdited, self.coded_only.toggled,
                   self.codes.itemChanged, self.cases.itemChanged)  # fmt: skip
        for changed in changes:  # a problem shown was about the choices before the change
            changed.connect(self.problem.hide)

    # ------------------------------------------------------------------ behaviour
    @property
    def suffix(self) -> str:
        return FORMATS[self.format.currentIndex()][1]

    @property
    def kind(self) -> str:
        return FORMATS[self.format.currentIndex()][3]

    def _default_path(self, index: int) -> Path:
        project = self.session.project.path
        _, suffix, _, kind = FORMATS[index]
        return project.parent / f"{project.stem} {DEFAULT_NAMES[kind]}{suffix}"

    def _format_changed(self, index: int) -> None:
        """Segment spreadsheets hold every segment: the report's choices are put out of reach;
        the matrix keeps the codes and cases (its columns and rows)."""
        kind = self.kind
        self.code_box.setEnabled(kind != "segments")
        self.case_box.setEnabled(kind != "segments")
        self.quotes.setEnabled(kind == "report")
        self.pseudonyms.setEnabled(kind == "report")
        self.note.setVisible(kind == "segments")
        text = self.path.text().strip()
        defaults = {str(self._default_path(i)) for i in range(len(FORMATS))}
        chosen = text and text not in defaults
        path = with_suffix(Path(text), self.suffix) if chosen else self._default_path(index)
        self.path.setText(str(path))

    def _browse(self) -> None:
        label, suffix, pattern, _ = FORMATS[self.format.currentIndex()]
        keep = QFileDialog.Option.DontConfirmOverwrite  # Export asks, about the final name
        name, _ = QFileDialog.getSaveFileName(self, f"Export {label}", self.path.text(), pattern,
                                              options=keep)  # fmt: skip
        if name:
            self.path.setText(str(with_suffix(Path(name), suffix)))

    def _cascade(self, item: QStandardItem) -> None:
        """Ticking or unticking a code does the same to the codes below it."""
        if not self._cascading and item.isCheckable():
            self._cascading = True
            for child in descendants(item):
                child.setCheckState(item.checkState())
            self._cascading = False

    def _show_used_only(self, only: bool) -> None:
        for item in descendants(self.codes.invisibleRootItem()):
            hidden = only and item.data(ID_ROLE) not in self._used
            self.code_view.setRowHidden(item.row(), item.index().parent(), hidden)

    # ------------------------------------------------------------------ the choice
    def choice(self) -> ExportChoice:
        """What the dialog shows now (not checked: see :meth:`problem_with`)."""
        codes = [int(i.data(ID_ROLE)) for i in ticked(self.codes)]
        if self.coded_only.isChecked():
            codes = [c for c in codes if c in self._used]
        cases = [i.text() for i in ticked(self.cases)]
        every_case = not self._has_cases or len(cases) == self.cases.rowCount()
        text = self.path.text().strip()
        path = self.session.project.path.parent / Path(text).expanduser()  # relative: beside it
        report, chosen = self.kind == "report", self.kind != "segments"
        return ExportChoice(
            path=with_suffix(path, self.suffix) if text else Path(),
            suffix=self.suffix,
            code_ids=tuple(codes) if chosen else None,
            case_names=None if every_case or not chosen else tuple(cases),
            quotes_per_code=(self.quotes.value() or None) if report else None,
            kind=self.kind,
            pseudonyms_only=report and self.pseudonyms.isChecked(),
        )

    def problem_with(self, choice: ExportChoice) -> tuple[str, QWidget] | None:
        """What stops the export, and the control to fix it with."""
        path = choice.path
        try:
            folder, taken = path.parent.is_dir(), path.is_dir()
        except OSError as exc:  # a name too long for the file system, say
            return f"This name cannot be used: {exc.strerror or exc}.", self.path
        checks = (
            (path == Path(), "Choose a file to write.", self.path),
            (not folder, f"The folder {path.parent} does not exist.", self.path),
            (taken, f"{path} is a folder: choose a file name.", self.path),
            (choice.code_ids == (), "Tick at least one code.", self.code_view),
            (choice.case_names == (), "Tick at least one case.", self.case_view),
        )
        return next(((text, widget) for failed, text, widget in checks if failed), None)

    def accept(self) -> None:
        choice = self.choice()
        problem = self.problem_with(choice)
        if problem is not None:
            self.problem.setText(problem[0])
            self.problem.show()
            problem[1].setFocus()
            return
        if choice.path.exists():
            answer = QMessageBox.question(
                self, "Replace the file?",
                f"{choice.path.name} already exists in {choice.path.parent}. Replace it?",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.export_chosen.emit(choice)
        super().accept()
