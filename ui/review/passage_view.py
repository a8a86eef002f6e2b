"""One coded passage at a time, large and calm: its code, the code's plain-language description,
who said it, and the passage with a little of what came before and after. A toggle shows the
whole document instead, the passage washed in its code's colour and scrolled into view.

All sizes are multiples of the application font (so they follow zoom) and all colours come
from the palette (so the dark and high-contrast themes apply); nothing here can be edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coding.locations import Utf16Map
from ui.review.look import (
    CONTEXT_SCALE,
    HEADING_SCALE,
    PASSAGE_SCALE,
    RESTYLE_EVENTS,
    muted_text,
    passage_background,
    scaled_font,
    style_key,
)

if TYPE_CHECKING:
    from ui.review.passages import Passage

_READ_ONLY = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def _reader(name: str, accessible: str) -> QTextBrowser:
    """A read-only text pane a keyboard or screen-reader user can move through."""
    browser = QTextBrowser()
    browser.setObjectName(name)
    browser.setAccessibleName(accessible)
    browser.setTextInteractionFlags(_READ_ONLY)
    browser.setOpenLinks(False)
    browser.setFrameShape(QFrame.Shape.NoFrame)
    browser.setTabChangesFocus(True)
    browser.document().setDocumentMargin(18)
    return browser


class PassageView(QWidget):
    """Shows one :class:`Passage`, or its whole document around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style_key = style_key()  # set again by _restyle at the end
        self.setObjectName("review_passage_view")
        self._passage: Passage | None = None
        self._document_text = ""
        self._passage_span = (0, 0)  # the passage in the passage pane's text, UTF-16 units
        # What the whole-document pane shows now: (coding id, style key), drawn once each.
        self._shown_document: tuple[int, tuple[float, int, int]] | None = None
        self.code_name = QLabel()
        self.code_name.setObjectName("review_code_name")
        self.code_name.setWordWrap(True)
        self.code_name.setTextFormat(Qt.TextFormat.PlainText)
        self.swatch = QFrame()
        self.swatch.setObjectName("review_code_swatch")
        self.swatch.setFixedWidth(10)
        self.description = QLabel()
        self.description.setObjectName("review_code_description")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.place = QLabel()
        self.place.setObjectName("review_passage_place")
        self.place.setWordWrap(True)
        self.place.setTextFormat(Qt.TextFormat.PlainText)
        self.passage_text = _reader("review_passage_text", "Passage")
        self.document_text = _reader("review_document_text", "Whole document")
        self.pages = QStackedWidget()
        self.pages.setObjectName("review_passage_pages")
        self.pages.addWidget(self.passage_text)
        self.pages.addWidget(self.document_text)
        self.whole_document = QCheckBox("Show &whole document")
        self.whole_document.setObjectName("review_whole_document")
        self.whole_document.setAccessibleName("Show whole document")
        self.whole_document.setToolTip("Show the whole document around this passage (W)")
        self._lay_out()
        self.whole_document.toggled.connect(self._show_whole_document)
        self._restyle()

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.setSpacing(14)
        heading.addWidget(self.swatch)
        words = QVBoxLayout()
        words.setSpacing(6)
        words.addWidget(self.code_name)
        words.addWidget(self.description)
        heading.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(heading)
        layout.addWidget(self.place)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.whole_document, 0, Qt.AlignmentFlag.AlignLeft)

    # ------------------------------------------------------------------ showing a passage
    def show_passage(self, passage: Passage | None, document_text: str = "") -> None:
        self._passage = passage
        self._document_text = document_text
        self._shown_document = None
        self.whole_document.setEnabled(passage is not None)
        if passage is None:
            self.code_name.setText("Nothing to review")
            self.description.setText("This pack has no coded passages.")
            self.place.clear()
            self.passage_text.clear()
            self.document_text.clear()
            return
        self.code_name.setText(passage.code_name)
        self.description.setText(passage.description or "No description was given for this code.")
        self.place.setText(_place(passage))
        self._paint_swatch()
        self._fill_passage()
        if self.whole_document.isChecked():
            self._fill_document()

    def focus_reading(self) -> None:
        """Put the keyboard on the text being read (the passage, or the whole document)."""
        reading = self.document_text if self.whole_document.isChecked() else self.passage_text
        reading.setFocus(Qt.FocusReason.OtherFocusReason)

    def passage(self) -> Passage | None:
        return self._passage

    def _fill_passage(self) -> None:
        """The passage in its words' flow: context muted, the passage in full colour on a wash
        of its code's colour, all at the large size, each line break a new paragraph."""
        passage = self._passage
        if passage is None:
            return
        palette = self.palette()
        document = self.passage_text.document()
        document.clear()
        cursor = QTextCursor(document)
        cursor.setBlockFormat(_spaced())
        muted = QTextCharFormat()
        muted.setFont(scaled_font(PASSAGE_SCALE))
        muted.setForeground(muted_text(palette))
        marked = QTextCharFormat(muted)
        marked.setForeground(palette.text())
        marked.setBackground(passage_background(palette, passage.colour))
        for words, form in (
            (passage.before, muted),
            (passage.text.strip(), marked),
            (passage.after, muted),
        ):
            for number, line in enumerate(words.split("\n")):
                if number:
                    cursor.insertBlock(_spaced())
                cursor.insertText(line, form)
        start = Utf16Map(passage.before).to_utf16(len(passage.before))
        words = passage.text.strip()
        self._passage_span = (start, start + Utf16Map(words).to_utf16(len(words)))
        self._keep_passage_in_view()
        QTimer.singleShot(0, self._keep_passage_in_view)  # again once laid out at its size
        self.passage_text.setAccessibleDescription(
            f"Coded as {passage.code_name}. The coded words are: {passage.text.strip()}"
        )

    def _keep_passage_in_view(self) -> None:
        """The caret (where keyboard reading starts) at the passage, and the passage in view:
        at large sizes the words before it could otherwise fill the pane."""
        browser = self.passage_text
        last = browser.document().characterCount() - 1
        cursor = QTextCursor(browser.document())
        cursor.setPosition(min(self._passage_span[0], last))
        browser.setTextCursor(cursor)
        bar = browser.verticalScrollBar()
        bar.setValue(0)
        end = QTextCursor(browser.document())
        end.setPosition(min(self._passage_span[1], last))
        if browser.cursorRect(end).bottom() <= browser.viewport().height():
            return  # all of it fits with the words before it: show them too
        bar.setValue(browser.cursorRect(cursor).top() - browser.viewport().height() // 5)

    # ------------------------------------------------------------------ whole document
    def _show_whole_document(self, on: bool) -> None:
        if on:
            self._fill_document()
        self.pages.setCurrentWidget(self.document_text if on else self.passage_text)
        if on:
            QTimer.singleShot(0, self.scroll_to_passage)  # once the layout knows the heights

    def _fill_document(self) -> None:
        passage = self._passage
        if passage is None:
            return
        key = (passage.coding_id, style_key())
        if self._shown_document == key:
            return
        self._shown_document = key
        browser = self.document_text
        browser.document().setDefaultFont(scaled_font(PASSAGE_SCALE))
        browser.setPlainText(self._document_text)
        every = QTextCursor(browser.document())
        every.select(QTextCursor.SelectionType.Document)
        every.mergeBlockFormat(_spaced())
        units = Utf16Map(self._document_text)
        cursor = QTextCursor(browser.document())
        cursor.setPosition(units.to_utf16(passage.start))
        cursor.setPosition(units.to_utf16(passage.end), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextCharFormat()
        mark.setFontWeight(QFont.Weight.DemiBold)
        mark.setBackground(passage_background(self.palette(), passage.colour))
        mark.setFontUnderline(True)  # told apart without colour too
        cursor.mergeCharFormat(mark)
        browser.setAccessibleDescription(f"The passage coded as {passage.code_name} is underlined")

    def scroll_to_passage(self) -> None:
        passage = self._passage
        if passage is None or not self.whole_document.isChecked():
            return
        browser = self.document_text
        cursor = QTextCursor(browser.document())
        cursor.setPosition(Utf16Map(self._document_text).to_utf16(passage.start))
        browser.setTextCursor(cursor)  # keyboard reading starts at the passage
        bar = browser.verticalScrollBar()
        top = browser.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, top - browser.viewport().height() // 4))

    def passage_visible(self) -> bool:
        """Whether the passage's first line is inside the visible part of the document pane."""
        passage = self._passage
        if passage is None or not self.whole_document.isChecked():
            return False
        cursor = QTextCursor(self.document_text.document())
        cursor.setPosition(Utf16Map(self._document_text).to_utf16(passage.start))
        rect = self.document_text.cursorRect(cursor)
        return self.document_text.viewport().rect().contains(rect.center())

    # ------------------------------------------------------------------ zoom and theme
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)  # first: the widget takes the new palette or font
        if event.type() in RESTYLE_EVENTS and style_key() != self._style_key:
            self._restyle()
        return handled

    def _restyle(self) -> None:
        self._style_key = style_key()
        self.code_name.setFont(scaled_font(HEADING_SCALE, bold=True))
        self.description.setFont(scaled_font(CONTEXT_SCALE))
        self.place.setFont(scaled_font(1.1))
        self.whole_document.setFont(scaled_font(1.1))
        self._paint_swatch()
        place = self.place.palette()
        place.setColor(self.place.foregroundRole(), muted_text(self.palette(), on_window=True))
        self.place.setPalette(place)
        self._shown_document = None
        self._fill_passage()
        if self.whole_document.isChecked():
            self._fill_document()

    def _paint_swatch(self) -> None:
        colour = QColor(self._passage.colour if self._passage is not None else "")
        shown = colour.name() if colour.isValid() else "transparent"  # never raw data in a sheet
        self.swatch.setStyleSheet(f"background: {shown}; border-radius: 4px;")


def _spaced() -> QTextBlockFormat:
    """Generous line height and a gap between paragraphs: calmer to read at large sizes."""
    block = QTextBlockFormat()
    block.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    block.setBottomMargin(10)
    return block


def _place(passage: Passage) -> str:
    where = f"{passage.document_name}, paragraph {passage.paragraph}"
    return f"Said by {passage.speaker} · {where}" if passage.speaker else where
