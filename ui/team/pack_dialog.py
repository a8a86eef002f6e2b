"""The lead's review pack dialog: which documents and codes a patient or public reviewer sees.

Documents with codings come ticked; the codes applied in them follow until the lead ticks a
code by hand. Beside each code is the description the reviewer will read, so the lead can
judge it (descriptions are edited in the codebook). Export writes the pack in the background
and reports what went in, with the names the pseudonym map does not cover. Open with ``open()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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
    QSplitter,
    QTreeView,
    QWidget,
)

from ui.codebook.model import display_name, swatch
from ui.dialogs.export_dialog import ID_ROLE, check_item, descendants
from ui.team.exchange import ReportDialog
from ui.team.feedback_dock import PACK_FILES, start_job
from ui.team.pack_passphrase import PassphraseFields
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_documents
from workbench.reports.attribution import pseudonym_map
from workbench.review.pack_export import pack_candidates, plain_description
from workbench.review.pack_open import PACK_SUFFIX

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from ui.workers import JobRunner
    from workbench.review.pack_export import PackSummary

_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
CHOOSE_A_CODE = "Choose a code to read its whole description here."
NO_DESCRIPTION = "No description: reviewers will see the name only"
INTRO = (
    "Choose what a patient or public reviewer will read. Names in the documents, speakers and "
    "codes are replaced through the project's pseudonym map; memos, case details and coders' "
    "names stay here."
)
DESCRIPTION_NOTE = (
    "Reviewers read each code's description as shown: the first paragraph of its definition, "
    "or its example when there is none. Edit descriptions in the codebook before exporting."
)
NO_MAP = ("This project has no pseudonym map: names in the documents would go into the pack as "
          "they are.")  # fmt: skip


def with_pack_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == PACK_SUFFIX else path.with_name(path.name + PACK_SUFFIX)


@dataclass(frozen=True, slots=True)
class PackChoice:
    path: Path
    document_ids: tuple[int, ...]
    code_ids: tuple[int, ...]


def _name(widget: QWidget, name: str, accessible: str, tip: str = "") -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)


class PackDialog(QDialog):
    """Chooses and writes a review pack; emits :attr:`exported` with the summary."""

    exported = Signal(object)  # PackSummary

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        jobs: JobRunner,
        made_by: str,
    ) -> None:
        super().__init__(parent)
        self.session, self.jobs, self.made_by = session, jobs, made_by
        self.setObjectName("pack_dialog")
        self.setWindowTitle("Export a review pack")
        self.report: ReportDialog | None = None  # what the last export wrote
        self._updating = False  # ticks being set by the dialog, not the lead
        self._codes_chosen = False  # the lead ticked codes: they no longer follow documents
        self._busy = False
        self.documents = QStandardItemModel(self)
        self.document_view = QListView()
        self.codes = QStandardItemModel(0, 2, self)
        self.code_view = QTreeView()
        self.map_note = QLabel()
        self.preview = QLabel(CHOOSE_A_CODE)  # the current code's description, in full
        beside = session.project.path  # "<project> review pack.qwbr" beside the project
        self.path = QLineEdit(str(beside.with_name(f"{beside.stem} review pack{PACK_SUFFIX}")))
        self.browse = QPushButton("&Browse…")
        self.encrypt = QCheckBox("Encrypt with a &passphrase")
        self.passphrase = PassphraseFields(self.encrypt, required=session.project.encrypted)
        self.safely = QLabel(self.passphrase.note())
        self.problem = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._fill()
        self._build()
        self._connect()

    # ------------------------------------------------------------------ building
    def _fill(self) -> None:
        project = self.session.project
        candidates, _ = pack_candidates(project)  # identifiable originals are left out
        allowed = set(candidates)
        for doc in list_documents(project):
            if doc.id in allowed:
                name = f"{doc.folder}/{doc.name}" if doc.folder else doc.name
                passages = f"{doc.codings} coded passage{'s' if doc.codings != 1 else ''}"
                item = check_item(f"{name} ({passages})")
                item.setData(doc.id, ID_ROLE)
                item.setCheckState(_CHECKED if doc.codings else _UNCHECKED)
                item.setData(f"{name}, {passages}", Qt.ItemDataRole.AccessibleTextRole)
                self.documents.appendRow(item)
        self.codes.setHorizontalHeaderLabels(["Code", "Description reviewers read"])
        parents: dict[int, QStandardItem] = {}
        for code in list_codes(project):
            item = check_item(display_name(code))  # ticked by _follow_documents
            item.setData(code.id, ID_ROLE)
            item.setCheckable(code.is_codable)  # headings code nothing: nothing to review
            item.setIcon(swatch(code.colour))
            plain = plain_description(code)
            description = QStandardItem(plain or NO_DESCRIPTION)
            description.setEditable(False)
            description.setToolTip(plain or NO_DESCRIPTION)
            if not plain:
                font = QFont()
                font.setItalic(True)
                description.setFont(font)
            parent = parents.get(code.parent_id) if code.parent_id is not None else None
            (parent or self.codes.invisibleRootItem()).appendRow([item, description])
            parents[code.id] = item
        names = len(pseudonym_map(project))
        self.map_note.setText(f"The pseudonym map replaces {names} name{'s' * (names != 1)} on "
                              "the way out." if names else NO_MAP)  # fmt: skip
        self._follow_documents()

    def _build(self) -> None:
        _name(self.document_view, "pack_documents", "Documents in the pack",
              "Tick the documents the reviewer will read")  # fmt: skip
        _name(self.code_view, "pack_codes", "Codes to review",
              "Tick the codes whose passages the reviewer will judge")  # fmt: skip
        _name(self.path, "pack_path", "File to write the pack to")
        _name(self.browse, "pack_browse", "Browse for the file to write the pack to")
        self.encrypt.setObjectName("pack_encrypt")
        self.encrypt.setAccessibleName("Encrypt with a passphrase")
        _name(self.export_button, "pack_export", "Export the review pack")
        self.buttons.setObjectName("pack_buttons")
        for view in (self.document_view, self.code_view):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_view.setModel(self.documents)
        self.code_view.setModel(self.codes)
        self.code_view.setUniformRowHeights(True)
        self.code_view.expandAll()
        self.code_view.resizeColumnToContents(0)
        widest = self.fontMetrics().averageCharWidth() * 40
        self.code_view.setColumnWidth(0, min(self.code_view.columnWidth(0) + 8, widest))
        self.code_view.header().setAccessibleName("Columns of the codes to review")
        labels = ((self.map_note, "pack_map_note"), (self.problem, "pack_problem"),
                  (self.preview, "pack_description_preview"))  # fmt: skip
        for label, name in labels:
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self._lay_out()

    def _group(self, title: str, view: QAbstractItemView, *below: QWidget) -> QGroupBox:
        """A titled box: a checkable list, ``below`` under it, then All and None buttons."""
        box = QGroupBox(title)
        what = title.split()[0].lower()  # documents, codes
        layout = QGridLayout(box)
        for row, widget in enumerate([view, *below]):
            layout.addWidget(widget, row, 0, 1, 2)
        layout.setRowStretch(0, 1)
        for column, (text, state) in enumerate((("All", _CHECKED), ("None", _UNCHECKED))):
            button = QPushButton(text)
            verb = "Tick" if state == _CHECKED else "Untick"
            _name(button, f"pack_{what}_{text.lower()}", f"{verb} every {what[:-1]}")
            button.clicked.connect(lambda _c=False, w=what, s=state: self.set_all(w, s))
            layout.addWidget(button, len(below) + 1, column)
        return box

    def _lay_out(self) -> None:
        """One grid in reading order: that order is also the Tab order."""
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        note = QLabel(DESCRIPTION_NOTE)
        note.setObjectName("pack_description_note")
        note.setWordWrap(True)
        lists = QSplitter()
        lists.addWidget(self._group("Documents", self.document_view))
        codes = self._group("Codes and what reviewers read", self.code_view, self.preview, note)
        lists.addWidget(codes)
        lists.setSizes([300, 620])
        lists.setChildrenCollapsible(False)
        self.safely.setObjectName("pack_encryption_note")
        self.safely.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        grid.addWidget(intro, 0, 0, 1, 3)
        grid.addWidget(lists, 1, 0, 1, 3)
        grid.addWidget(self.map_note, 2, 0, 1, 3)
        grid.addWidget(label := QLabel("&Save the pack to:"), 3, 0)
        label.setBuddy(self.path)
        grid.addWidget(self.path, 3, 1)
        grid.addWidget(self.browse, 3, 2)
        grid.addWidget(self.encrypt, 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.passphrase, 4, 1)
        grid.addWidget(self.safely, 5, 1, 1, 2)
        grid.addWidget(self.problem, 6, 0, 1, 3)
        grid.addWidget(self.buttons, 7, 0, 1, 3)
        self.resize(940, 600)

    def _connect(self) -> None:
        self.documents.itemChanged.connect(self._ticked)
        self.codes.itemChanged.connect(self._ticked)
        self.browse.clicked.connect(self._browse)
        self.encrypt.toggled.connect(lambda: self.safely.setText(self.passphrase.note()))
        self.code_view.selectionModel().currentChanged.connect(self._preview)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for changed in (self.path.textEdited, self.documents.itemChanged, self.codes.itemChanged):
            changed.connect(self.problem.hide)  # a problem shown was about the earlier choice

    # ------------------------------------------------------------------ ticks
    def _set_checks(self, model: QStandardItemModel, ids: set[int] | None) -> None:
        """Tick ``ids`` (every item when None) and untick the rest, as the dialog's doing."""
        self._updating = True
        try:
            for item in descendants(model.invisibleRootItem()):
                if item.isCheckable():
                    ticked = ids is None or item.data(ID_ROLE) in ids
                    item.setCheckState(_CHECKED if ticked else _UNCHECKED)
        finally:
            self._updating = False

    def set_all(self, what: str, state: Qt.CheckState) -> None:
        """Tick (or untick) every document or every code."""
        ids: set[int] | None = None if state == _CHECKED else set()
        if what == "codes":
            self._codes_chosen = True
            self._set_checks(self.codes, ids)
            return
        self._set_checks(self.documents, ids)
        self._follow_documents()

    def _ticked(self, item: QStandardItem) -> None:
        """The lead ticked a document (codes follow) or a code (codes stop following)."""
        if self._updating:
            return
        if item.model() is self.codes:
            self._codes_chosen = True
        self._follow_documents()

    def _follow_documents(self) -> None:
        """Until the lead chooses codes, tick those applied in the ticked documents."""
        if self._codes_chosen:
            return
        documents = self.ticked(self.documents)
        _, used = pack_candidates(self.session.project, documents) if documents else ([], [])
        self._set_checks(self.codes, set(used))

    def _preview(self, current: QModelIndex) -> None:
        name, description = current.siblingAtColumn(0), current.siblingAtColumn(1)
        self.preview.setText(f"{name.data()}: {description.data()}" if current.isValid() else
                             CHOOSE_A_CODE)  # fmt: skip

    @staticmethod
    def ticked(model: QStandardItemModel) -> tuple[int, ...]:
        items = descendants(model.invisibleRootItem())
        return tuple(int(i.data(ID_ROLE)) for i in items if i.checkState() == _CHECKED)

    # ------------------------------------------------------------------ the choice
    def _browse(self) -> None:
        keep = QFileDialog.Option.DontConfirmOverwrite  # Export asks, about the final name
        name, _ = QFileDialog.getSaveFileName(self, "Save the review pack", self.path.text(),
                                              PACK_FILES, options=keep)  # fmt: skip
        if name:
            self.path.setText(str(with_pack_suffix(Path(name))))

    def choice(self) -> PackChoice:
        text = self.path.text().strip()
        path = self.session.project.path.parent / Path(text).expanduser()  # relative: beside it
        target = with_pack_suffix(path) if text else Path()
        return PackChoice(
            target, tuple(self.ticked(self.documents)), tuple(self.ticked(self.codes))
        )

    def problem_with(self, choice: PackChoice) -> tuple[str, QWidget] | None:
        """What stops the export, and the control to fix it with."""
        path = choice.path
        try:
            folder, taken = path.parent.is_dir(), path.is_dir()
        except OSError as exc:  # a name too long for the file system, say
            return f"This name cannot be used: {exc.strerror or exc}.", self.path
        checks = (
            (not choice.document_ids, "Tick at least one document.", self.document_view),
            (not choice.code_ids, "Tick at least one code.", self.code_view),
            (path == Path(), "Choose where to write the pack.", self.path),
            (not folder, f"The folder {path.parent} does not exist.", self.path),
            (taken, f"{path} is a folder: choose a file name.", self.path),
            (bool(secret := self.passphrase.problem()), secret or "", self.passphrase.first),
        )
        return next(((text, widget) for failed, text, widget in checks if failed), None)

    def _show_problem(self, text: str, widget: QWidget) -> None:
        self.problem.setText(text)
        self.problem.show()
        widget.setFocus()

    def _replace_ok(self, path: Path) -> bool:
        if not path.exists():
            return True
        answer = QMessageBox.question(
            self, "Replace the pack?",
            f"{path.name} already exists in {path.parent}. If a reviewer has worked in it, "
            "their feedback would be lost. Replace it?",
            defaultButton=QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ export
    def accept(self) -> None:
        """Export (the dialog closes when the pack is written)."""
        if self._busy:
            return
        choice = self.choice()
        problem = self.problem_with(choice)
        if problem is not None:
            self._show_problem(*problem)
            return
        if not self._replace_ok(choice.path):
            return
        from workbench.review.pack_export import export_pack

        project, made_by = self.session.project, self.made_by
        passphrase = self.passphrase.passphrase()
        self._set_busy(True)
        start_job(
            self.jobs, f"Writing {choice.path.name}",
            lambda: export_pack(project, choice.path, document_ids=choice.document_ids,
                                code_ids=choice.code_ids, made_by=made_by,
                                passphrase=passphrase),
            self._exported, self._failed, self,
        )  # fmt: skip

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.document_view, self.code_view, self.path, self.browse,
                       self.buttons, self.passphrase, *self.findChildren(QPushButton)):  # fmt: skip
            widget.setEnabled(not busy)

    def _exported(self, summary: PackSummary) -> None:
        from workbench.changes import Changes
        from workbench.cli_review import summary_lines

        self._set_busy(False)
        lines = [*summary_lines(summary), self.passphrase.note(),
                 "When it comes back, import it from the Reviewers' feedback panel."]  # fmt: skip
        self.report = ReportDialog("Review pack written", lines, self.parentWidget() or self)
        self.session.announce(Changes())  # the export is in the audit log
        self.exported.emit(summary)
        super().accept()
        self.report.open()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._show_problem(message, self.export_button)

    def reject(self) -> None:
        """Cancel, Escape or closing the window; not while the pack is being written (it is
        finished, then reported)."""
        if not self._busy:
            super().reject()
