"""The search dock: find text, a pattern or any form of a word, and code every hit in one step.

The search reads every document in scope, so it runs off the GUI thread: the old hits stay
until the new ones arrive, and "Code all hits" waits for them. Lemma matching needs the
language pipeline; the first lemma search loads it (on the pool thread, like the search) and
says so. Where the search looks is the scope chooser's business (:mod:`ui.search.scope`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.background_query import QueryRunner
from ui.cases.feedback import run_with_feedback
from ui.nlp_status import LanguagePipeline
from ui.search.model import BEFORE, DOCUMENT, MATCH, SearchHitModel
from ui.search.scope import ScopeChooser
from ui.segments.compact_table import CompactTableView, ElideDelegate
from workbench.ops.codings import CodeSegments
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.search_scope import SearchOptions, search_within

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.queries.search import Hit

CONTEXT_COLUMN_CHARS = 36  # width of the before/after columns, in average characters
SEARCHING = "Searching…"
LOADING_PIPELINE = "Loading the language pipeline… (the first lemma search takes a moment)"
EXACT, WORDS, REGEX, LEMMA = "exact", "words", "regex", "lemma"
MATCHES = (
    (EXACT, "Exact text", "The text as typed, also inside longer words"),
    (WORDS, "Whole words", "Whole words only: “train” does not find “training”"),
    (REGEX, "Regular expression", "A Python regular expression, e.g. sens\\w+"),
    (LEMMA, "Any form (lemma)", "Any form of the words: “barrier” finds “barriers”"),
)


def _named(widget: QWidget, name: str, accessible: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)


class SearchDock(QDockWidget):
    hit_activated = Signal(int, int, int)  # document id, start, end (code points)
    results_shown = Signal()  # the hits (or the error message) of the latest search are shown

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        language: LanguagePipeline | None = None,
    ) -> None:
        super().__init__("Search", parent)
        self.setObjectName("search_dock")
        self.session = session
        self.language = language or LanguagePipeline(None, self)
        self._searched = ""  # the query behind the hits shown
        self.runner = QueryRunner(self)
        self.query = QLineEdit()
        _named(self.query, "search_query", "Search for")
        self.query.setPlaceholderText("Search for a word, a phrase or a pattern…")
        self.query.setClearButtonEnabled(True)
        for button in self.query.findChildren(QToolButton):  # the clear button Qt adds
            button.setAccessibleName("Clear search")
        self.match = QComboBox()
        _named(self.match, "search_match", "Match")
        for key, label, tip in MATCHES:
            self.match.addItem(label, key)
            self.match.setItemData(self.match.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.match.setToolTip("How the words must match: exact, whole words, a pattern, any form")
        self.match_case = QCheckBox("Case se&nsitive")
        _named(self.match_case, "search_match_case", "Case sensitive")
        self.scope = ScopeChooser(session)
        self.search_button = QPushButton("Sea&rch")
        _named(self.search_button, "search_button", "Search")
        self.message = QLabel("Type a word, a phrase or a regular expression and press Enter.")
        self.message.setObjectName("search_message")
        self.message.setWordWrap(True)
        self.model = SearchHitModel(self)
        self.view = self._make_view()
        self.code_picker = QComboBox()
        _named(self.code_picker, "search_code_picker", "Code to apply to every hit")
        self.code_picker.setToolTip("The code “Code all hits” applies")
        self.code_picker.setPlaceholderText("Choose a code…")
        self.code_all_button = QPushButton("Code &all hits")
        _named(self.code_all_button, "search_code_all", "Code all hits")
        self.setWidget(self._layout())
        self._connect()
        self._fill_codes()
        self._update_buttons()

    def _make_view(self) -> CompactTableView:
        view = CompactTableView.for_model(
            self.model, object_name="search_results", accessible_name="Search results"
        )
        view.setItemDelegateForColumn(BEFORE, ElideDelegate(Qt.TextElideMode.ElideLeft, view))
        middle = ElideDelegate(Qt.TextElideMode.ElideMiddle, view)
        view.setItemDelegateForColumn(DOCUMENT, middle)
        return view

    def _layout(self) -> QWidget:
        body = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        options = QHBoxLayout()
        for text, buddy in (("&Match:", self.match), ("&Look in:", self.scope.kind_box)):
            label = QLabel(text)
            label.setBuddy(buddy)
            options.addWidget(label)
            options.addWidget(buddy)
            if buddy is self.match:
                options.addWidget(self.match_case)
                options.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        options.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.scope)
        middle.addWidget(self.view, 1)
        bottom = QGridLayout()
        label = QLabel("C&ode all hits with:")
        label.setBuddy(self.code_picker)
        bottom.addWidget(label, 0, 0)
        bottom.addWidget(self.code_picker, 0, 1)
        bottom.addWidget(self.code_all_button, 0, 2)
        bottom.setColumnStretch(1, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        return body

    def _connect(self) -> None:
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.match.currentIndexChanged.connect(self._match_chosen)
        self.code_all_button.clicked.connect(self.code_all_hits)
        self.code_picker.currentIndexChanged.connect(self._update_buttons)
        self.view.activated.connect(self._activate)
        self.session.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ searching
    @property
    def match_mode(self) -> str:
        return str(self.match.currentData())

    def set_match(self, mode: str) -> None:
        self.match.setCurrentIndex(self.match.findData(mode))

    def _match_chosen(self) -> None:
        lemma = self.match_mode == LEMMA
        self.match_case.setEnabled(not lemma)  # every form of a word: case cannot matter
        self.match_case.setToolTip("Lemma matching ignores case" if lemma else "")

    def options(self) -> SearchOptions:
        mode = self.match_mode
        return SearchOptions(
            lemma=mode == LEMMA,
            regex=mode == REGEX,
            whole_words=mode == WORDS,
            case_sensitive=self.match_case.isChecked() and mode != LEMMA,
            configured=self.language.configured,
        )

    def search(self) -> None:
        """Search for the query in the line edit in the background; a bad pattern or an empty
        scope is explained, never raised. The hits shown change when the new ones arrive."""
        missing = self.scope.missing()
        if missing is not None:
            self.runner.discard()
            self._show_error(missing)
            return
        text, options = self.query.text(), self.options()
        query = partial(  # plain data only: it runs on a pool thread
            search_within, self.session.project, text, options, self.scope.scope()
        )
        shown = partial(self._show, text, self.scope.describe(), options.lemma)
        self.runner.start(query, shown, self._show_error)
        waiting = options.lemma and not self.language.is_ready
        self.message.setText(LOADING_PIPELINE if waiting else SEARCHING)
        self._update_buttons()

    def _show(self, text: str, where: str, lemma: bool, hits: list[Hit]) -> None:
        self._searched = text
        self.model.set_hits(hits)
        documents = len({h.document_id for h in hits})
        self.message.setText(_summary(len(hits), documents, where))
        self._fit_columns()
        self._update_buttons()
        if lemma:
            self.language.load()  # the search loaded the pipeline: this only fetches its facts
        self.results_shown.emit()

    def _show_error(self, message: str) -> None:
        self._searched = ""
        self.model.set_hits([])
        self.message.setText(message)
        self._update_buttons()
        self.results_shown.emit()

    def _fit_columns(self) -> None:
        width = self.view.fontMetrics().averageCharWidth() * CONTEXT_COLUMN_CHARS
        self.view.resizeColumnToContents(DOCUMENT)
        self.view.setColumnWidth(DOCUMENT, min(self.view.columnWidth(DOCUMENT), width))
        self.view.setColumnWidth(BEFORE, width)
        self.view.resizeColumnToContents(MATCH)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row())
            self.hit_activated.emit(hit.document_id, hit.start, hit.end)

    # ------------------------------------------------------------------ coding
    def code_all_hits(self) -> None:
        """Apply the chosen code to every hit as one command, so one undo removes them all."""
        code_id = self._chosen_code()
        hits = self.model.hits()
        if code_id is None or not hits or self.runner.busy:
            return
        command = CodeSegments(
            code_id=int(code_id),
            segments=[(h.document_id, h.start, h.end) for h in hits],
            user_id=self.session.user_id,
            label=f"Code all hits of “{self._searched}”",
        )
        refused = run_with_feedback(self.session, command)
        if refused is not None:
            self.message.setText(refused)
            return
        coded = len(command.created)
        already = len(hits) - coded
        noun = "hit" if coded == 1 else "hits"
        text = f"Coded {coded:,} {noun} with “{self.code_picker.currentText()}”."
        self.message.setText(text + (f" {already:,} were already coded." if already else ""))

    def _fill_codes(self) -> None:
        codes = list_codes(self.session.project)
        paths = code_paths(codes)
        current = self._chosen_code()
        self.code_picker.blockSignals(True)
        self.code_picker.clear()
        for code in codes:
            if code.is_codable:
                self.code_picker.addItem(paths[code.id], code.id)
        found = self.code_picker.findData(current) if current is not None else -1
        self.code_picker.setCurrentIndex(found)  # no code until one is chosen: no slip
        self.code_picker.blockSignals(False)
        self._update_buttons()

    def _chosen_code(self) -> int | None:
        if self.code_picker.currentIndex() < 0:
            return None
        return int(self.code_picker.currentData())

    def _update_buttons(self) -> None:
        can_code = (
            not self.session.read_only
            and not self.runner.busy  # the hits shown are about to be replaced
            and self.model.rowCount() > 0
            and self._chosen_code() is not None
        )
        self.code_all_button.setEnabled(can_code)

    def _on_changed(self, changes: Changes) -> None:
        if changes.code_tree or (changes.codes and not changes.codings):
            self._fill_codes()


def _summary(hits: int, documents: int, where: str) -> str:
    if not hits:
        return f"No hits {where}." if where else "No hits."
    hit_word = "hit" if hits == 1 else "hits"
    doc_word = "document" if documents == 1 else "documents"
    place = f", {where}" if where else ""
    return (
        f"{hits:,} {hit_word} in {documents:,} {doc_word}{place}. "
        "Double-click or press Enter to open."
    )
