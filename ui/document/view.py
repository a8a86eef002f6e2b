"""The document view: a transcript read-only, its codings highlighted, the stripes beside it.

Opening a document builds its text once; codings are fetched on their own and kept in a
:class:`CodingIndex`. A change of some codings (apply, remove, resize, recode, undo) refetches
only those and updates the index and the stripe columns in place; anything wider (a code's name
or colour, the code tree, the document itself) reloads all the codings of the document. A
change naming the document whose stored text is no longer the one shown (de-identification, or
its undo) rebuilds the text and reloads the codings at their new offsets.
Highlights exist only for the visible text and are recomputed when the visible blocks change.
The selection API speaks code points, like the database; Qt's UTF-16 positions are converted
here and nowhere else. "Stripes by coder" swaps the stripe columns for a block per coder
(:class:`CoderColumns`), which follows changes in place just the same.

Snapping to a sentence uses the language pipeline's sentences once they have been computed,
off the GUI thread, when the document opens (after the pipeline has loaded); until then, and
without a pipeline, the rule-based sentences of :mod:`coding.snapping` serve.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from coding.snapping import SnapUnits, snap
from ui.background_query import QueryRunner
from ui.document.actions import CodingActions
from ui.document.coder_columns import CoderColumns
from ui.document.columns import StripeColumns
from ui.document.content import (
    DocumentContent,
    TurnInfo,
    build_document,
    format_time,
    load_content,
)
from ui.document.highlights import CodingIndex, Piece, Tints, pieces
from ui.document.stripes import StripesMargin
from ui.document.text_edit import DocumentTextEdit
from workbench.nlp_documents import document_sentences
from workbench.queries.codings import code_looks, codings_by_id, document_codings
from workbench.queries.documents import document_spans

if TYPE_CHECKING:
    from PySide6.QtGui import QColor, QTextDocument
    from PySide6.QtWidgets import QMenu

    from coding.snapping import SnapMode, Span
    from ui.nlp_status import LanguagePipeline
    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.project import Project
    from workbench.queries.codings import DocumentCoding

MAX_IN_PLACE = 200  # codings a change may touch before reloading them all is simpler
PARAGRAPH_KINDS = frozenset({"paragraph", "heading", "question"})
SNAP_KEYS: dict[SnapMode, str] = {
    "words": "Alt+W", "sentence": "Alt+S", "turn": "Alt+T", "paragraph": "Alt+P",
}  # fmt: skip
_SNAP_BY_KEY = {QKeySequence(key).toString(): mode for mode, key in SNAP_KEYS.items()}


def _sentences_of(project: Project, document_id: int, configured: str | None) -> tuple[Span, ...]:
    """The pipeline's sentences of one document (cached by text); runs on a pool thread."""
    return document_sentences(project, [document_id], configured=configured)[document_id]


class DocumentView(QWidget):
    """Shows one document at a time; several views make the tabs of the main window."""

    selection_changed = Signal(object)  # (start, end) in code points, or None
    coding_selected = Signal(int)  # a coding chosen in the stripes margin

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_view")
        self.session = session
        self.content: DocumentContent | None = None
        self._document: QTextDocument | None = None  # ours; Qt's first one it deletes itself
        self.index = CodingIndex([])
        self.columns: StripeColumns | CoderColumns = StripeColumns([])
        self._by_coder = False
        self.highlights: list[tuple[Piece, QColor]] = []  # what is drawn now, for tests too
        self._tints: Tints | None = None
        self.text = DocumentTextEdit(self)
        self.stripes = StripesMargin(self.text)
        self.coding_actions = CodingActions(session, self, lambda: self.selected_range())
        self.language: LanguagePipeline | None = None
        self.paragraphs: tuple[Span, ...] = ()  # paragraph, heading and question spans
        self.sentences: tuple[Span, ...] | None = None  # the pipeline's, once they arrive
        self._sentences_for: int | None = None  # the document they are of
        self._fetching: int | None = None
        self._sentence_query = QueryRunner(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.setFocusProxy(self.text)
        self.text.installEventFilter(self)
        self._connect()

    def _connect(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.text.visible_range_changed.connect(self.refresh_highlights)
        self.text.selectionChanged.connect(self._on_selection_changed)
        self.text.tooltip_for = self._tooltip_at_units
        self.text.menu_for = self._add_text_menu
        self.stripes.menu_for = self._add_stripe_menu
        self.stripes.coding_clicked.connect(self._on_stripe_clicked)

    @property
    def document_id(self) -> int | None:
        return self.content.document_id if self.content else None

    def show_document(self, document_id: int) -> None:
        """Show ``document_id`` from the top, with its codings."""
        project = self.session.project
        text = project.document_text(document_id)
        spans = document_spans(project, document_id)
        self.content = load_content(document_id, text, spans)
        self.paragraphs = tuple(
            sorted((s.start, s.end) for s in spans if s.kind in PARAGRAPH_KINDS)
        )
        if document_id != self._sentences_for:
            self.sentences = None
            self._fetch_sentences()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        old, self._document = self._document, build_document(self.content, muted, self.text)
        self.text.setDocument(self._document)
        if old is not None:
            old.deleteLater()
        self.text.setAccessibleDescription(f"{len(text.split()):,} words")
        self.reload_codings()

    # -- sentences from the language pipeline ----------------------------------------------

    def set_language(self, language: LanguagePipeline) -> None:
        """Use ``language``'s sentences for snapping, fetched once it has loaded."""
        self.language = language
        language.ready.connect(self._fetch_sentences)
        self._fetch_sentences()

    def _fetch_sentences(self) -> None:
        language, content = self.language, self.content
        if language is None or not language.is_ready or content is None:
            return
        document_id = content.document_id
        if document_id == self._sentences_for:
            return
        if self._sentence_query.busy and self._fetching == document_id:
            return
        self._fetching = document_id
        query = partial(_sentences_of, self.session.project, document_id, language.configured)
        self._sentence_query.start(
            query, partial(self._got_sentences, document_id), lambda _message: None
        )  # on an error the rules go on serving: snapping still works

    def _got_sentences(self, document_id: int, sentences: tuple[Span, ...]) -> None:
        if self.content is not None and self.content.document_id == document_id:
            self.sentences = sentences
            self._sentences_for = document_id

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: rebuild the muted timestamps and the tints, keeping the place."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.content is not None:
            place = self.text.verticalScrollBar().value()
            chosen = self.selected_range()
            self.show_document(self.content.document_id)
            if chosen is not None:
                self.select_range(*chosen)
            self.text.verticalScrollBar().setValue(place)

    def reload_codings(self) -> None:
        """Fetch the codings of the shown document again and redraw them."""
        if self.content is None:
            return
        self.index = CodingIndex(document_codings(self.session.project, self.content.document_id))
        self.columns = self._new_columns()
        self._redraw_codings()

    @property
    def stripes_by_coder(self) -> bool:
        return self._by_coder

    def set_stripes_by_coder(self, on: bool) -> None:
        """Show the stripes as one block of columns per coder (on) or all together (off)."""
        if on == self._by_coder:
            return
        self._by_coder = on
        if self.content is not None:
            self.columns = self._new_columns()
            self._redraw_codings()

    def _new_columns(self) -> StripeColumns | CoderColumns:
        codings = self.index.codings
        return CoderColumns(codings) if self._by_coder else StripeColumns(codings)

    def _redraw_codings(self) -> None:
        assert self.content is not None
        self.stripes.set_codings(self.index, self.columns, self.content.utf16)
        self.text.forget_visible()
        self.text.check_visible()  # recomputes the highlights

    def refresh_highlights(self) -> None:
        """Tint the codings over the visible text, and only those."""
        if self.content is None:
            return
        utf16 = self.content.utf16
        visible = self.text.visible_text()
        start, end = utf16.from_utf16(visible.start), utf16.from_utf16(visible.end)
        palette = self.palette()  # the text takes it from here, but only after us
        base = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        if self._tints is None or (self._tints.base, self._tints.text) != (base, ink):
            self._tints = Tints(base, ink)
        drawn, painted = [], []
        for piece in pieces(self.index.overlapping(start, end), start, end):
            colour = self._tints.tint(tuple(c.colour for c in piece.codings))
            drawn.append((piece, colour))
            units = (utf16.to_utf16(piece.start), utf16.to_utf16(piece.end))
            painted.append((*units, colour, len(piece.codings) > 1))
        self.highlights = drawn
        self.text.set_highlights(painted, visible)
        self.stripes.update()

    # -- selection, in code points -------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.text.textCursor()
        if self.content is None or not cursor.hasSelection():
            return None
        utf16 = self.content.utf16
        return utf16.from_utf16(cursor.selectionStart()), utf16.from_utf16(cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and scroll its start into view."""
        if self.content is None:
            return
        utf16, length = self.content.utf16, len(self.content.text)
        start, end = sorted((max(0, min(start, length)), max(0, min(end, length))))
        visible = self.text.visible_text()
        # The caret goes to the start, so that the start is what gets scrolled into view.
        self.text.setTextCursor(self.text.cursor_for(utf16.to_utf16(end), utf16.to_utf16(start)))
        if not visible.start <= utf16.to_utf16(start) < visible.end:
            self.text.centerCursor()
        self.text.ensureCursorVisible()

    def snap_selection(self, mode: SnapMode) -> tuple[int, int] | None:
        """Snap the selection (or the cursor) to whole words, the sentence, the turn or the
        paragraph; the new selection, or None when there is nothing to select there."""
        if self.content is None:
            return None
        chosen = self.selected_range()
        if chosen is None:
            at = self.content.utf16.from_utf16(self.text.textCursor().position())
            chosen = (at, at)
        units = SnapUnits(self.content.snap_turns, self.sentences or (), self.paragraphs)
        start, end = snap(self.content.text, *chosen, mode, units)
        if start < end:
            self.select_range(start, end)
        return self.selected_range()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The snap keys, while the text has the focus, win over menu mnemonics (Alt+S is
        also the Synthesis menu's): the text claims them and snaps itself."""
        kind = event.type()
        if watched is self.text and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            mode = _SNAP_BY_KEY.get(QKeySequence(event.keyCombination()).toString())
            if mode is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.snap_selection(mode)
                return True
        return super().eventFilter(watched, event)

    def _on_selection_changed(self) -> None:
        self.selection_changed.emit(self.selected_range())

    # -- codings under the pointer, the cursor and the stripes ------------------------------

    def codings_at(self, offset: int) -> list[DocumentCoding]:
        return self.index.at(offset)

    def tooltip_at(self, offset: int) -> str:
        """What hovering over ``offset`` shows: the speaker and time, the codes and coders."""
        lines = []
        turn = self._turn_at(offset)
        if turn is not None and turn.speaker:
            when = f" at {format_time(turn.time_start)}" if turn.time_start is not None else ""
            lines.append(f"<i>{escape(turn.speaker)}{when}</i>")
        for coding in self.codings_at(offset):
            coder = escape(coding.coder or "unknown coder")
            lines.append(f"<b>{escape(coding.code_name)}</b> — {coder}")
        return "<br>".join(lines)

    def _tooltip_at_units(self, units: int) -> str:
        if self.content is None:
            return ""
        return self.tooltip_at(self.content.utf16.from_utf16(units))

    def _turn_at(self, offset: int) -> TurnInfo | None:
        if self.content is None:
            return None
        turns = self.content.turns
        index = bisect_right([t.start for t in turns], offset) - 1
        if index >= 0 and turns[index].start <= offset < turns[index].end:
            return turns[index]
        return None

    def _add_text_menu(self, units: int, menu: QMenu) -> None:
        if self.content is not None:
            self.coding_actions.put_first(
                menu, self.codings_at(self.content.utf16.from_utf16(units))
            )

    def _add_stripe_menu(self, coding_id: int, menu: QMenu) -> None:
        coding = self.index.by_id.get(coding_id)
        if coding is not None:
            self.coding_actions.fill(menu, coding)

    def _on_stripe_clicked(self, coding_id: int) -> None:
        coding = self.index.by_id.get(coding_id)
        if coding is not None:
            self.select_range(coding.start, coding.end)
            self.coding_selected.emit(coding_id)

    def _on_changed(self, changes: Changes) -> None:
        if self.content is None:
            return
        if self.content.document_id in changes.documents and self._text_changed():
            self._reload_text()
            return
        if (
            self.content.document_id in changes.documents
            or changes.code_tree
            or changes.codes & self.index.code_ids
        ) and not self._update_codings(changes):
            self.reload_codings()

    def _text_changed(self) -> bool:
        """Whether the stored text is no longer the one shown (de-identification rewrote it, or
        undid that). The project caches texts, so for a coding change this is one identity
        check; after a rewrite the cache was emptied and the new text is read once."""
        assert self.content is not None
        try:
            text = self.session.project.document_text(self.content.document_id)
        except KeyError:
            return False  # the document is gone: nothing else to show
        return text is not self.content.text and text != self.content.text

    def _reload_text(self) -> None:
        """Show the new text with its codings at their new offsets, keeping the scroll place."""
        assert self.content is not None
        place = self.text.verticalScrollBar().value()
        self._sentences_for = self._fetching = None  # the old text's sentences no longer fit
        self.show_document(self.content.document_id)
        self.text.verticalScrollBar().setValue(place)

    def _update_codings(self, changes: Changes) -> bool:
        """Take a change of a few codings in place; False when it needs a full reload."""
        assert self.content is not None
        if changes.code_tree or not changes.codings or len(changes.codings) > MAX_IN_PLACE:
            return False
        project = self.session.project
        fresh = codings_by_id(project, changes.codings, document_id=self.content.document_id)
        if not self._looks_unchanged(changes.codes, fresh):
            return False
        dropped = self.index.replace(changes.codings, fresh)
        if dropped or fresh:
            self.columns.update(self.index.codings, [*dropped, *fresh])
            self._redraw_codings()
        return True

    def _looks_unchanged(self, code_ids: frozenset[int], fresh: list[DocumentCoding]) -> bool:
        """Whether the codes named by a change are still drawn as before (the other codings
        of a renamed or recoloured code would need redrawing too)."""
        looks = {c.code_id: (c.code_name, c.colour) for c in fresh}
        if any(self.index.look(code) not in (None, look) for code, look in looks.items()):
            return False
        unseen = (code_ids & self.index.code_ids) - looks.keys()
        if not unseen:
            return True
        return code_looks(self.session.project, unseen) == {
            code: self.index.look(code) for code in unseen
        }
