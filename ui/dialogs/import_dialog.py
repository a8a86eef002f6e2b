"""The import dialog: which files, how to import them, and for surveys what each column holds.

The dialog only gathers choices; :meth:`ImportDialog.batches` turns them into import jobs
(``FileActions`` runs them in the background). ``import_files`` takes one set of options per
batch, so the documents go in one batch and each survey in its own, with its column mapping.
Surveys are read on the global thread pool, so a large spreadsheet never freezes the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import accessibility
from ui.dialogs.survey_mapping import SurveyMapping, SurveyMappingPanel
from ui.file_drops import FileDropMixin
from workbench.importers.base import ImportFailure
from workbench.importers.registry import SURVEY_SUFFIXES, supported_suffixes
from workbench.importers.survey import SurveyTable, read_survey
from workbench.importing.service import ImportOptions, read_source
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ui.session import ProjectSession

KIND_CHOICES = (("Automatic", ""), ("Transcript", "transcript"), ("Notes", "notes"),
                ("Survey", "survey"), ("Other", "other"))  # fmt: skip
PATH_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Files imported together with the same options (one transaction)."""

    paths: tuple[Path, ...]
    options: ImportOptions


def is_survey(path: Path) -> bool:
    return path.suffix.lower() in SURVEY_SUFFIXES


def _importable(path: Path) -> bool:
    # Office lock files ("~$survey.xlsx") and hidden files are never what the user meant.
    hidden = path.name.startswith((".", "~$"))
    return path.suffix.lower() in supported_suffixes() and not hidden


def files_in(folder: Path) -> list[Path]:
    """Every file the Workbench can import in ``folder`` and its subfolders, in path order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and _importable(p))


def import_filter() -> str:
    patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
    return f"Documents and surveys ({patterns});;All files (*)"


class _ReadSignals(QObject):
    read = Signal(object, object, str)  # path, SurveyTable or None, reason it failed


def read_table(path: Path) -> tuple[SurveyTable | None, str]:
    """The survey at ``path``, or None and the reason it cannot be read."""
    try:
        return read_survey(read_source(path), path.name, path.suffix), ""
    except ImportFailure as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a library choking on a hostile file
        return None, f"could not be read ({exc.__class__.__name__})"


# Reads in flight, kept alive here even if the dialog that asked is closed meanwhile.
_READING: list[_ReadSignals] = []


def read_in_background(path: Path, receiver: Callable[[Path, object, str], None]) -> None:
    """Read ``path`` on the global pool; ``receiver(path, table or None, error)`` runs on the
    GUI thread (a bound method of a QObject is disconnected if that object is destroyed)."""
    signals = _ReadSignals()
    signals.read.connect(lambda *_: _READING.remove(signals))
    signals.read.connect(receiver)
    _READING.append(signals)
    QThreadPool.globalInstance().start(lambda: signals.read.emit(path, *read_table(path)))


def reading() -> bool:
    """Whether a survey is still being read (tests and screenshots wait on this)."""
    return bool(_READING)


class FileList(FileDropMixin, QListWidget):
    """The files to import; files and folders dragged from the desktop are added."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # the name first; the folder may go
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        # A few lines: the survey mapping below needs the room more.
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 6)


class ImportDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("import_dialog")
        self.setWindowTitle("Import documents and surveys")
        self.setAccessibleName("Import documents and surveys")
        self._surveys: dict[Path, SurveyMapping] = {}
        self._note = ""  # what the last addition left out
        self._build_files()
        self._build_options()
        self.survey = SurveyMappingPanel()
        self.survey.hide()  # until a survey is in the list
        self.message = QLabel()
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("import_buttons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("import_ok")
        self._layout()
        self._connect()
        self.resize(800, 440)  # grows when a survey's columns need showing
        self._update()
        accessibility.name_tree(self)

    # ------------------------------------------------------------------ building
    def _build_files(self) -> None:
        self.file_list = FileList()
        self.file_list.setObjectName("import_files")
        self.file_list.setAccessibleName("Files to import")
        self.add_files_button = QPushButton("Add &files…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.remove_button = QPushButton("&Remove")
        names = (("add_files", "Add files"), ("add_folder", "Add a folder and its subfolders"),
                 ("remove_files", "Remove the selected files from the list"))  # fmt: skip
        buttons = (self.add_files_button, self.add_folder_button, self.remove_button)
        for button, (name, description) in zip(buttons, names, strict=True):
            button.setObjectName(name)
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setToolTip(description)
        self.drop_hint = QLabel("You can also drag files and folders onto the list.")
        self.drop_hint.setObjectName("import_drop_hint")
        self.drop_hint.setWordWrap(True)

    def _build_options(self) -> None:
        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        self.kind.setAccessibleName("Document kind")
        self.kind.setToolTip("Automatic: a transcript when speaker turns are found, else notes")
        for text, value in KIND_CHOICES:
            self.kind.addItem(text, value)
        self.cases = QCheckBox("Make each &participant a case")
        self.cases.setObjectName("import_cases")
        self.cases.setAccessibleName("Make each participant a case")
        self.cases.setToolTip("Each speaker other than the interviewer becomes a case")
        self.cases.setChecked(True)
        self.folder = QComboBox()
        self.folder.setObjectName("import_folder")
        self.folder.setAccessibleName("Navigator folder")
        self.folder.setToolTip("Optional: the navigator folder the new documents go in")
        self.folder.setEditable(True)
        self.folder.addItem("")
        folders = {d.folder for d in list_documents(self.session.project) if d.folder}
        self.folder.addItems(sorted(folders, key=str.casefold))
        line = self.folder.lineEdit()
        if line is not None:
            line.setPlaceholderText("None (optional)")
            line.setAccessibleName("Navigator folder")

    def _layout(self) -> None:
        side = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        files_box = QGroupBox("Files")
        files_grid = QHBoxLayout()
        files_grid.addWidget(self.file_list, 1)
        files_grid.addLayout(side)
        files_layout = QVBoxLayout(files_box)
        files_layout.addLayout(files_grid, 1)
        files_layout.addWidget(self.drop_hint)
        options_box = QGroupBox("Options")
        form = QFormLayout(options_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Document &kind:", self.kind)
        form.addRow(self.cases)
        form.addRow("&Navigator folder:", self.folder)
        survey_note = QLabel(
            "Surveys (.csv, .xlsx) always go in as surveys: each respondent becomes a case, "
            "and you choose what each column holds below."
        )
        survey_note.setObjectName("import_survey_note")
        survey_note.setWordWrap(True)
        form.addRow(survey_note)
        top = QHBoxLayout()
        top.addWidget(files_box, 3)
        top.addWidget(options_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.survey, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.file_list.files_dropped.connect(self.add_paths)
        self.file_list.itemSelectionChanged.connect(self._update)
        self.file_list.currentItemChanged.connect(self._show_survey_of)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.file_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self.survey.roles_changed.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ the list of files
    def paths(self) -> list[Path]:
        items = (self.file_list.item(row) for row in range(self.file_list.count()))
        return [Path(item.data(PATH_ROLE)) for item in items if item is not None]

    def add_paths(self, paths: Iterable[Path]) -> None:
        """Add files, and every importable file inside folders; say what was left out."""
        present = set(self.paths())
        refused: list[str] = []
        self._note = ""
        for path in paths:
            found = files_in(path) if path.is_dir() else [path]
            if not path.is_dir() and not _importable(path):
                refused.append(path.name)
                continue
            for file in found:
                if file not in present:
                    present.add(file)
                    self._add_item(file)
        if refused:
            known = ", ".join(supported_suffixes())
            self._note = f"Not added (the Workbench reads {known}): {', '.join(refused)}."
        self._sync_surveys()
        self._update()

    def _add_item(self, path: Path) -> None:
        item = QListWidgetItem(f"{path.name}  —  {path.parent}")
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(str(path))
        self.file_list.addItem(item)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add files to import", "", import_filter())
        self.add_paths(Path(name) for name in names)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Add a folder to import")
        if name:
            self.add_paths([Path(name)])

    def remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._sync_surveys()
        self._update()

    # ------------------------------------------------------------------ surveys
    def _sync_surveys(self) -> None:
        """One mapping per survey in the list: new ones are read, removed ones forgotten."""
        surveys = [path for path in self.paths() if is_survey(path)]
        for path in surveys:
            if path not in self._surveys:
                self._surveys[path] = SurveyMapping(path)
                read_in_background(path, self._survey_read)
        self._surveys = {path: self._surveys[path] for path in surveys}
        self.survey.set_mappings(list(self._surveys.values()))
        if surveys and self.survey.isHidden():
            self.resize(max(self.width(), 1000), max(self.height(), 720))
        self.survey.setVisible(bool(surveys))

    def _survey_read(self, path: Path, table: object, error: str) -> None:
        mapping = self._surveys.get(path)
        if mapping is None:
            return
        if isinstance(table, SurveyTable):
            mapping.load(table)
        else:
            mapping.error = error or "could not be read"
        if self.survey.current() is mapping:
            self.survey.show_current()
        self._update()

    def _show_survey_of(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.survey.choose(Path(item.data(PATH_ROLE)))

    def survey_mapping(self, path: Path) -> SurveyMapping | None:
        return self._surveys.get(path)

    # ------------------------------------------------------------------ the choices
    def options_for(self, path: Path) -> ImportOptions:
        mapping = self._surveys.get(path)
        return ImportOptions(
            kind=self.kind.currentData() or None,
            cases_from_speakers=self.cases.isChecked(),
            folder=self.folder.currentText().strip(),
            survey=mapping.columns() if mapping is not None and mapping.table else None,
        )

    def batches(self) -> list[ImportBatch]:
        """The documents in one batch, then each survey in its own with its mapping."""
        paths = self.paths()
        documents = tuple(path for path in paths if not is_survey(path))
        batches = [ImportBatch(documents, self.options_for(documents[0]))] if documents else []
        batches += [ImportBatch((p,), self.options_for(p)) for p in paths if is_survey(p)]
        return batches

    def problem(self) -> str:
        """Why the files cannot be imported yet, in words; "" when they can."""
        if self.session.read_only:
            return "This project is open read-only, so nothing can be imported into it."
        if not self.file_list.count():
            return "Add files or a folder to import."
        return next((p for m in self._surveys.values() if (p := m.problem())), "")

    def _update(self) -> None:
        problem = self.problem()
        count = self.file_list.count()
        self.ok_button.setEnabled(not problem)
        self.ok_button.setText(f"Import {count} file{'s' if count != 1 else ''}" if count
                               else "Import")  # fmt: skip
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.ok_button.setToolTip(problem or "Import the files in the background")
        self.message.setText("\n".join(text for text in (self._note, problem) if text))
        self.remove_button.setEnabled(bool(self.file_list.selectedItems()))

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self._update()
            return
        super().accept()
