"""The de-identification review screen: choose documents, look, review every detection in
context with the keyboard, then apply.

Left, the documents to look in; right, the detections (filters and counts above, the chosen
detection's passage and controls below). Keys while the list has the focus: A accept, R reject,
Space switch, Shift+A / Shift+R every detection of the same words, L label, E replacement,
N add a name, P select words in the passage (then Ctrl+M marks them). F5 looks again, Ctrl+Z
undoes. Every answer is stored at once (:mod:`ui.deid.review`), so the screen can be closed and
opened again; changes made elsewhere (an undo in the main window) make it look again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel

from ui.deid.apply_flow import ApplyConfirmDialog, ask_then_apply
from ui.deid.chooser import DocumentChooser
from ui.deid.context import ContextDelegate, PassagePane
from ui.deid.detection import DetectionRunner
from ui.deid.filters import FilterBar
from ui.deid.keys import READ_ONLY, ReviewKeys
from ui.deid.layout import build_layout, fit_columns
from ui.deid.map_editor import AddNameRow, DetectionEditor, button, label_box
from ui.deid.model import CONTEXT, DOCUMENT, DetectionFilter, DetectionModel
from ui.deid.report import ApplyReportDialog
from ui.deid.review import ReviewActions
from ui.segments.compact_table import CompactTableView, ElideDelegate
from workbench.deid import ACCEPTED, REJECTED, AddName, RemoveName, SetReplacement
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ui.deid.detection import Found
    from ui.deid.keys import Key
    from ui.main_window import MainWindow
    from workbench.changes import Changes
    from workbench.deid import ApplyReport, Detection

KEYS_HELP = (
    "Keys in the list: A accept · R reject · Space switch · Shift+A / Shift+R all of the same "
    "words · L label · E replacement · N add a name · P passage, then Ctrl+M marks the "
    "selected words · F5 look again · Ctrl+Z undo"
)

# The undo-stack labels of the pseudonym map's steps: undone or redone, they call for a new look.
MAP_STEPS = frozenset({AddName.label, SetReplacement.label, RemoveName.label})


class DeidWindow(QDialog):
    """One review screen per main window (see :func:`ui.deid.install`)."""

    report_shown = Signal(object)  # the ApplyReportDialog, once applying is done

    def __init__(self, window: MainWindow, chosen: Sequence[int]) -> None:
        super().__init__(window)
        self.setObjectName("deid_window")
        self.setWindowTitle(f"De-identify documents – {window.session.project.path.stem}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main = window
        self.session = window.session
        self.found_ids: tuple[int, ...] = ()
        self.fresh = False  # the list shows what the documents and answers are now
        self.confirm: ApplyConfirmDialog | None = None
        self.model = DetectionModel(self)
        self.filter = DetectionFilter(self)
        self.filter.setSourceModel(self.model)
        self.table = self._make_table()
        self.chooser = DocumentChooser()
        self.filters = FilterBar()
        self.passage = PassagePane()
        self.passage_label = label_box("deid_passage_label", "Label for marked words")
        self.mark = button("&Mark passage", "deid_mark_passage", "Mark the selected words",
                           "Replace the words selected in the passage too (Ctrl+M)")  # fmt: skip
        self.editor = DetectionEditor()
        self.add_name = AddNameRow()
        self.keys_help = QLabel(KEYS_HELP)
        self.status = QLabel()
        self.undo = button("&Undo", "deid_undo", "Undo", "Undo the last step (Ctrl+Z)")
        self.apply_button = button(
            "Appl&y…", "deid_apply", "Apply", "Rewrite the documents with the accepted replacements"
        )
        self.close_button = button("&Close", "deid_close", "Close",
                                   "Close; every answer is already stored")  # fmt: skip
        self.review = ReviewActions(self.session, self.model, self)
        configured = window.language.configured
        self.runner = DetectionRunner(self.session.project, window.jobs, configured, self)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        build_layout(self)
        self._shortcuts()
        self._connect()
        self.chooser.set_documents(list_documents(self.session.project), chosen)
        self._update_buttons()

    def _make_table(self) -> CompactTableView:
        table = CompactTableView.for_model(
            self.filter, object_name="deid_detections", accessible_name="Detections"
        )
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setItemDelegateForColumn(CONTEXT, ContextDelegate(table))
        table.setItemDelegateForColumn(DOCUMENT, ElideDelegate(Qt.TextElideMode.ElideMiddle, table))
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        return table

    def _shortcuts(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("F5", self.look),
            ("Ctrl+Z", self.session.undo),
            ("Ctrl+Shift+Z", self.session.redo),
            ("Ctrl+M", self.mark_passage),
        ]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        actions: dict[Key, Callable[[], object]] = {
            (Qt.Key.Key_A, False): lambda: self.answer(ACCEPTED),
            (Qt.Key.Key_R, False): lambda: self.answer(REJECTED),
            (Qt.Key.Key_Space, False): self.toggle,
            (Qt.Key.Key_A, True): lambda: self.answer(ACCEPTED, same_words=True),
            (Qt.Key.Key_R, True): lambda: self.answer(REJECTED, same_words=True),
            (Qt.Key.Key_L, False): self.editor.focus_label,
            (Qt.Key.Key_E, False): self.editor.focus_replacement,
            (Qt.Key.Key_F2, False): self.editor.focus_replacement,
            (Qt.Key.Key_N, False): lambda: self.add_name.name.setFocus(),
            (Qt.Key.Key_P, False): lambda: self.passage.setFocus(),
        }
        self.keys = ReviewKeys(self.table, actions, refuse=self._refuse_key)

    def _refuse_key(self, key: Key) -> str | None:
        """Answers cannot be stored in a read-only project (looking at the passage can)."""
        if self.session.read_only and key[0] != Qt.Key.Key_P:
            self._say(READ_ONLY)
            return READ_ONLY
        return None

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.session.failed.connect(self._say)
        self.session.undo_state_changed.connect(self._update_buttons)
        self.chooser.look_requested.connect(self.look)
        self.filters.changed.connect(self._filter)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._show_current())
        selection.currentRowChanged.connect(lambda *_: self._show_current())
        for signal in (self.filter.modelReset, self.filter.rowsInserted, self.filter.rowsRemoved,
                       self.filter.layoutChanged, self.model.dataChanged):  # fmt: skip
            signal.connect(self._update_counts)
        self.editor.verdict_chosen.connect(self.answer)
        self.editor.label_chosen.connect(self.relabel)
        self.editor.replacement_entered.connect(self.set_replacement)
        self.add_name.name_added.connect(self._add_name)
        self.mark.clicked.connect(self.mark_passage)
        self.review.look_again.connect(self._look_soon)
        self.review.done.connect(self._say)
        self.runner.found.connect(self._found)
        self.runner.failed.connect(self._look_failed)
        self.runner.cancelled.connect(self._look_cancelled)
        self._soon.timeout.connect(self._look_again)
        self.undo.clicked.connect(self.session.undo)
        self.apply_button.clicked.connect(self.ask_to_apply)
        self.close_button.clicked.connect(self.close)

    # ------------------------------------------------------------------ looking
    def look(self) -> None:
        """Look in the ticked documents (F5)."""
        ids = self.chooser.chosen_ids()
        if not ids:
            self._say("Tick at least one document to look in")
            return
        self.fresh = False
        self._say("Looking for names, places, dates and identifiers…")
        self.runner.look(ids)
        self._update_buttons()

    def _look_soon(self) -> None:
        self.fresh = False
        self._update_buttons()
        self._soon.start()

    def _look_again(self) -> None:
        if self.found_ids:
            self.runner.look(self.found_ids)
        else:
            self.look()

    def _found(self, found: Found) -> None:
        current = self.current_detection()
        names = {d.id: d.name for d in list_documents(self.session.project)}
        self.found_ids = found.document_ids
        self.model.set_detections(found.detections, names, found.texts)
        self.filters.set_documents(names, found.document_ids)
        self.fresh = True
        documents = len(found.document_ids)
        self._say(
            f"Looked in {documents} document{'' if documents == 1 else 's'} with {found.pipeline}."
        )
        self.select(current if current is not None else None, fallback_row=0)
        self._update_buttons()

    def _look_failed(self, message: str) -> None:
        self._say(f"Could not look for identifying details: {message}")
        self._update_buttons()

    def _look_cancelled(self) -> None:
        self._say("Looking was cancelled: the list may be out of date (F5 looks again)")
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        """A change made elsewhere (an undo, a redo, the main window): look again if it can
        touch what is shown."""
        if self.review.running_own:
            return
        if changes.empty:  # the map's commands change no document; neither do a few others
            if {self.session.undo_label, self.session.redo_label} & MAP_STEPS:
                self._look_soon()
            return
        mine = changes.documents & set(self.found_ids)
        if mine and (not changes.codings or any(self._text_changed(d) for d in mine)):
            self._look_soon()

    def _text_changed(self, document_id: int) -> bool:
        shown = self.model.texts().get(document_id)
        try:
            stored = self.session.project.document_text(document_id)
        except KeyError:
            return True
        return stored is not shown and stored != shown

    # ------------------------------------------------------------------ the current rows
    def current_detection(self) -> Detection | None:
        index = self.table.currentIndex()
        return self.filter.detection(index.row()) if index.isValid() else None

    def chosen(self) -> list[Detection]:
        """The selected detections (the current one when none is selected), in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.filter.detection(row) for row in rows]

    def select(self, detection: Detection | None, *, fallback_row: int = -1) -> None:
        """Make ``detection`` (or the row ``fallback_row``, clamped) current and selected."""
        row = self._row_of(detection) if detection is not None else -1
        if row < 0:
            row = min(fallback_row, self.filter.rowCount() - 1)
        if row < 0:
            self._show_current()
            return
        index = self.filter.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _row_of(self, detection: Detection) -> int:
        source = self.model.row_of(detection)
        if source is None:
            return -1
        return self.filter.mapFromSource(self.model.index(source, 0)).row()

    def _show_current(self) -> None:
        current = self.current_detection()
        self.editor.show_detection(current, max(len(self.chosen()), 1))
        text = self.model.texts().get(current.document_id, "") if current else ""
        others = [
            d for d in self.model.detections() if current and d.document_id == current.document_id
        ]
        self.passage.show_detection(current, text, others)
        self._update_buttons()

    # ------------------------------------------------------------------ answers
    def answer(self, verdict: str, *, same_words: bool = False) -> None:
        """Accept or reject the chosen detections (or every one of their words); a single
        answer moves on to the next detection."""
        chosen = self.chosen()
        if same_words:
            chosen = self.review.same_text(chosen)
        if not chosen or not self.review.decide(chosen, verdict=verdict):
            return
        self._stored()
        if len(chosen) == 1:
            row = self._row_of(chosen[0])
            self.select(None, fallback_row=row + 1 if row >= 0 else self.table.currentIndex().row())
        self._show_current()

    def toggle(self) -> None:
        if self.review.toggle(self.chosen()):
            self._stored()
            self._show_current()

    def relabel(self, label: str) -> None:
        current = self.current_detection()
        if self.review.decide(self.chosen(), label=label):
            self._stored()
            self.select(current)
            self._show_current()

    def set_replacement(self, replacement: str) -> None:
        current = self.current_detection()
        if current is not None and self.review.set_replacement(current, replacement):
            self.table.setFocus()
            self._show_current()

    def _add_name(self, name: str, label: str) -> None:
        if self.review.add_name(name, label):
            self.add_name.clear()

    def mark_passage(self) -> None:
        """Mark the words selected in the passage as one more passage to replace (Ctrl+M)."""
        span = self.passage.selected_span()
        if span is None:
            self._say("Select words in the passage first (P moves there; Shift+arrows select)")
            return
        document_id, start, end = span
        text = self.model.texts().get(document_id, "")
        label = self.passage_label.currentData()
        if self.review.mark_passage(document_id, start, end, label, text):
            self._stored()
            for d in self.model.detections():
                if (d.document_id, d.start, d.end) == span:
                    self.select(d)
            self.table.setFocus()

    def _stored(self) -> None:
        self.runner.outdated()  # a look under way read the answers before this one

    # ------------------------------------------------------------------ applying
    def ask_to_apply(self) -> None:
        """Apply… : the confirmation first (window-modal, no nested event loop)."""
        if self.can_apply():
            self.confirm = ask_then_apply(self, self._applied)

    def _applied(self, report: ApplyReport) -> None:
        # The new texts: an undo (which brings the old ones back) is seen as a change of text.
        texts = self.session.project.document_texts(frozenset(self.found_ids))
        self.model.set_detections([], self.model.names(), texts)
        self.fresh = False
        count = len(report.documents)
        self._say(
            f"De-identified {count} document{'' if count == 1 else 's'}. Edit › Undo puts "
            "them back; F5 looks in the new text."
        )
        self._update_buttons()
        dialog = ApplyReportDialog(self.session.project, report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.passage_activated.connect(self.main.open_at)
        dialog.open()
        self.report_shown.emit(dialog)

    def can_apply(self) -> bool:
        return (
            self.fresh
            and not self.runner.busy
            and bool(self.found_ids)
            and not self.session.read_only
        )

    # ------------------------------------------------------------------ state
    def _filter(self) -> None:
        label, verdict, document_id = self.filters.choice()
        self.filter.set_filters(label=label, verdict=verdict, document_id=document_id)
        self._update_counts()

    def _update_counts(self) -> None:
        self.filters.show_counts(self.model.detections(), self.filter.rowCount())

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        for widget in (self.editor, self.add_name, self.mark, self.passage_label):
            widget.setEnabled(writable)
        self.apply_button.setEnabled(self.can_apply())
        self.undo.setEnabled(self.session.can_undo)
        label = self.session.undo_label
        self.undo.setToolTip(f"Undo {label} (Ctrl+Z)" if label else "Nothing to undo")

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleName(message)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            fit_columns(self.table)
